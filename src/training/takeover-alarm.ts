/**
 * "The assisting muscle takes over": a live alarm when, during a rep, the target's share of the
 * activation, T / (T + A), drops clearly below the lifter's baseline share, and stays there.
 *
 * Why not "live share < baseline − 5 points" (the rule before): the instantaneous share swings
 * within every rep even at a constant target/assisting ratio (the muscles do not rise and fall in
 * exact step, and at the low-activation edges of a rep a few µV move the share a lot), so that rule
 * fired about once per rep (19 times in 90 s at a constant ratio).
 *
 * The rule here (all settable, TAKEOVER_DEFAULTS):
 *  - the share is activation-weighted over the last `windowS` (0.5 s) of the rep: ΣT / (ΣT + ΣA).
 *    Samples of little activation (rep edges) weigh little; longer windows react too late in a
 *    2 s rep, shorter ones follow the within-rep drift of the share (the muscles' lag).
 *  - it must lie more than `marginPts` below the baseline share: 10 points. Rep-to-rep variation
 *    of each muscle's activation is CV ≈ 10-15 %; with T ≈ A that moves a rep's share by about
 *    ¼·√(CV_T² + CV_A²) ≈ 3.5-5 points (SD), so 10 points is 2-3 SD: an ordinary rep trips it in
 *    well under 1 % of reps, while a real takeover (target −15 %, assisting +50 %: −14 points)
 *    trips it in ~90 % of reps (tests/unit/takeover-alarm.test.ts: ≤ 1 alarm in 10 × 90 s at a
 *    constant ratio, the rule before: 260). An alarm that cries wolf is ignored, so precision comes first;
 *    a smaller shift still shows on the share gauge and in the set comparison.
 *  - for at least `holdS` (0.5 s: a quarter to a half of a controlled rep's concentric phase) so
 *    a momentary dip does not sound;
 *  - it clears when the share is back above baseline − marginPts / 2 (hysteresis), when the rep
 *    ends, or the baseline is unknown.
 * Pure: feed one sample at a time; no allocation per sample.
 */

export const TAKEOVER_DEFAULTS = {
  /** how far below the baseline share the live share must be, share points (0..1 scale: 0.08 = 8 points) */
  marginPts: 0.1,
  /** how long it must stay below, s */
  holdS: 0.5,
  /** activation-weighted share window, s */
  windowS: 0.5,
} as const;

export type TakeoverOptions = { [K in keyof typeof TAKEOVER_DEFAULTS]: number };

export class TakeoverAlarm {
  readonly opts: TakeoverOptions;
  private readonly ringT: Float64Array;
  private readonly ringA: Float64Array;
  private pos = 0;
  private count = 0;
  private sumT = 0;
  private sumA = 0;
  private belowSinceS: number | null = null;
  private on = false;
  /** alarms raised since construction (rising edges) */
  alarms = 0;

  constructor(
    readonly rateHz: number,
    options: Partial<TakeoverOptions> = {},
  ) {
    this.opts = { ...TAKEOVER_DEFAULTS, ...options };
    const w = Math.max(1, Math.round(this.opts.windowS * rateHz));
    this.ringT = new Float64Array(w);
    this.ringA = new Float64Array(w);
  }

  get active(): boolean {
    return this.on;
  }

  /** The activation-weighted share over the window so far (null before any activation). */
  get windowShare(): number | null {
    const s = this.sumT + this.sumA;
    return s > 0 ? this.sumT / s : null;
  }

  /**
   * One live sample: time (s), target and assisting activation (normalised, ≥ 0), whether a rep
   * is in progress, and the baseline share (0..1, null when there is no baseline). Returns whether
   * the alarm is on.
   */
  push(tS: number, targetPct: number, assistPct: number, inRep: boolean, baselineShare: number | null): boolean {
    if (!inRep || baselineShare === null) {
      this.clear();
      return false;
    }
    const w = this.ringT.length;
    const t = Math.max(0, targetPct);
    const a = Math.max(0, assistPct);
    if (this.count === w) {
      this.sumT -= this.ringT[this.pos];
      this.sumA -= this.ringA[this.pos];
    } else this.count++;
    this.ringT[this.pos] = t;
    this.ringA[this.pos] = a;
    this.sumT += t;
    this.sumA += a;
    this.pos = (this.pos + 1) % w;
    const share = this.windowShare;
    if (share === null) return this.on;
    const { marginPts, holdS } = this.opts;
    if (share < baselineShare - marginPts) {
      if (this.belowSinceS === null) this.belowSinceS = tS;
      if (!this.on && tS - this.belowSinceS >= holdS) {
        this.on = true;
        this.alarms++;
      }
    } else {
      this.belowSinceS = null;
      if (this.on && share >= baselineShare - marginPts / 2) this.on = false;
    }
    return this.on;
  }

  /** Off, window emptied (a rep ended, a set ended, the stream restarted). */
  clear(): void {
    this.on = false;
    this.belowSinceS = null;
    this.count = 0;
    this.pos = 0;
    this.sumT = 0;
    this.sumA = 0;
  }
}
