/**
 * Streaming rep detector on the target muscle's envelope (RMS envelope in µV, decimated to
 * ~100 Hz: a rep lasts seconds, so 100 Hz resolves its start and end to 10 ms and costs nothing).
 *
 * A rep is one burst of activation above the rest level. The rule is a Hodges & Bui-style
 * threshold (rest mean + h·SD, SCIENCE.md) with hysteresis, scaled to the lifter's activation
 * level so that light and heavy reps both count:
 *   on  = rest + max(h·SD, onFraction  · (level − rest), minRise)
 *   off = rest + max(½h·SD, offFraction · (max(level, repPeak) − rest), ½minRise)
 * where `level` is the recent rep peak (decays slowly) and `rest` / SD are tracked while idle,
 * so slow baseline drift (sweat, electrode settling) moves the thresholds with it.
 * The rep starts where the envelope last left the off band before crossing `on` and ends where it
 * falls back below `off`; dips shorter than `mergeGapS` are chatter and merged; bursts shorter
 * than `minRepS` or peaking below `minPeakFactor` × the on-distance are not reps; a new rep cannot start within `refractoryS` of the previous end.
 * A start is reported once the candidate has lasted minRepS (so blips never start a set).
 */

export interface RepDetectorOptions {
  /** rate of the samples fed in, Hz */
  rateHz: number;
  /** SDs above rest for the on threshold (Hodges & Bui 1996: h ≈ 3) */
  h: number;
  /** on threshold as a fraction of (level − rest): 15 % keeps reps at half the usual peak */
  onFraction: number;
  /** off threshold as a fraction of (level − rest); lower than on for hysteresis */
  offFraction: number;
  /** smallest rise above rest that can start a rep, in input units (µV for a µV envelope) */
  minRise: number;
  /** shortest rep, s (a controlled rep takes ≥ 1 s; 0.4 s rejects twitches) */
  minRepS: number;
  /**
   * the rep's peak must rise this many times the on-distance above rest: noise that wanders just
   * over `on` for a while is not a rep (≈ 4.5 SD before the first rep, ≈ 22 % of the level after)
   */
  minPeakFactor: number;
  /** no new rep within this time after the previous end, s */
  refractoryS: number;
  /** dips below off shorter than this are merged into the rep, s */
  mergeGapS: number;
  /** time constant of the idle rest mean / SD tracking, s */
  restTauS: number;
  /** half-life of the activation level between reps, s */
  levelHalfLifeS: number;
  /** rest is learnt from the first this-many seconds (median and MAD), s */
  warmupS: number;
  /** known rest statistics (e.g. from the MVC calibration); skips the warm-up */
  rest?: { mean: number; sd: number };
  /**
   * known activation level (batch analysis: the recording's best 500 ms envelope mean), so the
   * level-scaled thresholds hold from the first rep on instead of rest + h·SD; default: rest
   */
  level?: number;
}

export const REP_DETECTOR_DEFAULTS: Omit<RepDetectorOptions, 'rateHz' | 'rest'> = {
  h: 3,
  onFraction: 0.15,
  offFraction: 0.08,
  minRise: 2,
  minRepS: 0.4,
  minPeakFactor: 1.5,
  refractoryS: 0.3,
  mergeGapS: 0.15,
  restTauS: 3,
  levelHalfLifeS: 30,
  warmupS: 1,
};

export type RepEvent =
  | { kind: 'start'; startS: number }
  | {
      kind: 'end';
      startS: number;
      endS: number;
      peak: number;
      peakS: number;
      /** when the envelope crossed the on threshold (inside the rep: an anchor for onset refinement), s */
      onS: number;
    };

type Phase = 'warmup' | 'idle' | 'candidate' | 'active' | 'pending-end';

export class RepDetector {
  readonly opts: RepDetectorOptions;
  private phase: Phase = 'warmup';
  private rest = 0;
  private restVar = 0;
  private level = 0;
  private readonly warm: Float64Array;
  private warmN = 0;
  private lastBelowOffS = 0;
  private repStartS = 0;
  private repPeak = 0;
  private repPeakS = 0;
  private repOnS = 0;
  private dropS = 0;
  private candidatePeakNeeded = 0;
  private lastEndS = -Infinity;
  private lastT = 0;
  private readonly alphaRest: number;
  private readonly levelDecay: number;

  constructor(opts: Partial<RepDetectorOptions> & { rateHz: number }) {
    this.opts = { ...REP_DETECTOR_DEFAULTS, ...opts };
    const dt = 1 / this.opts.rateHz;
    this.alphaRest = 1 - Math.exp(-dt / this.opts.restTauS);
    this.levelDecay = Math.pow(0.5, dt / this.opts.levelHalfLifeS);
    this.warm = new Float64Array(Math.max(1, Math.round(this.opts.warmupS * this.opts.rateHz)));
    if (opts.rest) this.setRest(opts.rest.mean, opts.rest.sd);
    if (opts.level !== undefined && opts.level > this.level) this.level = opts.level;
  }

  /** Sets the rest statistics (e.g. from a calibration) and leaves the warm-up. */
  setRest(mean: number, sd: number): void {
    this.rest = mean;
    this.restVar = sd * sd;
    if (this.level < mean) this.level = mean;
    if (this.phase === 'warmup') this.phase = 'idle';
  }

  get inRep(): boolean {
    return this.phase === 'active' || this.phase === 'pending-end';
  }

  /** Current thresholds and tracked levels (for display and tests). */
  get thresholds(): { on: number; off: number; rest: number; restSd: number; level: number } {
    return { on: this.onThreshold(), off: this.offThreshold(), rest: this.rest, restSd: Math.sqrt(this.restVar), level: this.level };
  }

  private onThreshold(): number {
    const o = this.opts;
    return this.rest + Math.max(o.h * Math.sqrt(this.restVar), o.onFraction * (this.level - this.rest), o.minRise);
  }

  private offThreshold(): number {
    const o = this.opts;
    const top = this.inRep || this.phase === 'candidate' ? Math.max(this.level, this.repPeak) : this.level;
    return this.rest + Math.max(0.5 * o.h * Math.sqrt(this.restVar), o.offFraction * (top - this.rest), 0.5 * o.minRise);
  }

  /** Feeds one sample taken at stream time tS (seconds, increasing). Returns an event or null. */
  push(x: number, tS: number): RepEvent | null {
    this.lastT = tS;
    const o = this.opts;
    if (this.phase === 'warmup') {
      this.warm[this.warmN++] = x;
      if (this.warmN === this.warm.length) {
        // median and MAD (× 1.4826 ≈ SD for normal noise) stay right even if up to half of the
        // first second is already activity
        const sorted = Array.from(this.warm).sort((a, b) => a - b);
        const med = sorted[sorted.length >> 1];
        const dev = sorted.map((v) => Math.abs(v - med)).sort((a, b) => a - b);
        this.setRest(med, 1.4826 * dev[dev.length >> 1]);
        this.lastBelowOffS = tS;
      }
      return null;
    }
    // the level relaxes toward rest between reps, so one huge rep does not hide later light ones
    if (!this.inRep) this.level = this.rest + (this.level - this.rest) * this.levelDecay;

    switch (this.phase) {
      case 'idle': {
        const on = this.onThreshold();
        const off = this.offThreshold();
        if (x < off) {
          this.lastBelowOffS = tS;
          if (tS - this.lastEndS > o.refractoryS) {
            // track rest (and slow drift) only on quiet samples, outside the refractory tail.
            // Downward the rest follows 10× faster: a stream that starts mid-contraction learns
            // a too-high rest in its warm-up and must recover within a rep or two.
            const d = x - this.rest;
            this.rest += (d < 0 ? Math.min(1, 10 * this.alphaRest) : this.alphaRest) * d;
            // the spread is learnt from ordinary deviations only (a drop from a wrong rest is not noise)
            const lim = 3 * Math.sqrt(this.restVar) + this.opts.minRise;
            if (Math.abs(d) <= lim) this.restVar += this.alphaRest * (d * d - this.restVar);
          }
        }
        if (x >= on && tS - this.lastEndS >= o.refractoryS) {
          this.phase = 'candidate';
          this.candidatePeakNeeded = this.rest + this.opts.minPeakFactor * (on - this.rest);
          this.repStartS = Math.max(this.lastBelowOffS, this.lastEndS);
          this.repPeak = x;
          this.repPeakS = tS;
          this.repOnS = tS;
          this.dropS = -1;
          return this.confirm(tS);
        }
        return null;
      }
      case 'candidate':
      case 'active':
      case 'pending-end': {
        if (x > this.repPeak) {
          this.repPeak = x;
          this.repPeakS = tS;
        }
        const off = this.offThreshold();
        if (x < off) {
          if (this.dropS < 0) this.dropS = tS;
          if (tS - this.dropS >= o.mergeGapS) return this.finish();
          if (this.phase === 'active') this.phase = 'pending-end';
          return null;
        }
        // back above off: a short dip was chatter
        if (this.phase === 'pending-end') this.phase = 'active';
        this.dropS = -1;
        return this.phase === 'candidate' ? this.confirm(tS) : null;
      }
      default:
        return null;
    }
  }

  /** Confirms a candidate as a rep once it has lasted minRepS. */
  private confirm(tS: number): RepEvent | null {
    if (this.phase === 'candidate' && tS - this.repStartS >= this.opts.minRepS && this.repPeak >= this.candidatePeakNeeded) {
      this.phase = 'active';
      return { kind: 'start', startS: this.repStartS };
    }
    return null;
  }

  private finish(): RepEvent | null {
    const wasRep = this.phase !== 'candidate';
    const endS = this.dropS;
    this.phase = 'idle';
    this.lastBelowOffS = this.lastT;
    if (!wasRep || endS - this.repStartS < this.opts.minRepS) {
      // a blip: not a rep, and it must not move the activation level
      return null;
    }
    this.lastEndS = endS;
    if (this.repPeak > this.level) this.level = this.repPeak;
    return { kind: 'end', startS: this.repStartS, endS, peak: this.repPeak, peakS: this.repPeakS, onS: this.repOnS };
  }

  /** Ends a rep in progress at time tS (e.g. the set is ended by hand); returns its end event or null. */
  flush(tS: number = this.lastT): RepEvent | null {
    if (!this.inRep) {
      if (this.phase === 'candidate') this.phase = 'idle';
      return null;
    }
    if (this.dropS < 0) this.dropS = tS;
    return this.finish();
  }

  /**
   * Forgets any rep in progress (keeps the learnt rest and level); `tS` is the time the detector
   * resumes from (e.g. after a calibration during which it was not fed).
   */
  cancel(tS: number = this.lastT): void {
    if (this.phase !== 'warmup') this.phase = 'idle';
    this.dropS = -1;
    this.lastT = tS;
    this.lastBelowOffS = tS;
  }
}
