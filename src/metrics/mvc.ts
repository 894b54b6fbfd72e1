/**
 * Normalisation of envelopes to % of a maximal voluntary contraction (MVC), or, when no MVC was
 * recorded, to the session's own peak (ISEK CEDE consensus, Besomi et al. 2020: normalise to the
 * task peak when MVC is unreliable or missing).
 *
 * MVC value = the best 500 ms window mean of the RMS envelope over the MVC trials — a common
 * choice that ignores single samples (the peak of one sample would overstate the MVC) — with
 * values above 1.5× the window's median capped, so that a motion spike of tens of ms (which a
 * 100 ms RMS envelope stretches to ~150 ms, enough to dominate a plain 500 ms mean) is no
 * contraction. The same level is the session peak when no MVC exists.
 */

export const MVC_DEFAULTS = {
  /** window over which the envelope is averaged to find the MVC, ms */
  windowMs: 500,
  /**
   * inside a window, values above this multiple of the window's median are capped at it before
   * averaging. A contraction held for 500 ms has its values within ~±30 % of their median, so
   * nothing is capped; a motion spike (tens of ms of raw signal, ~100-150 ms in a 100 ms RMS
   * envelope, i.e. under half the window) leaves the median at the surrounding level and is cut
   * down to 1.5× it, so it cannot become the reference. (Before, one spike became the session
   * peak and every % value read ~30 % low.)
   */
  spikeCapFactor: 1.5,
} as const;

/**
 * Sliding-window level of an envelope: the window's mean after capping values above
 * spikeCapFactor × the window's median (MVC_DEFAULTS). Fixed memory: a ring and a sorted copy of
 * the window (insert / remove by binary search, O(window) per sample; the window is 50 samples
 * at the ~100 Hz the metrics run at). No allocation per sample.
 */
class SustainedWindow {
  private readonly ring: Float64Array;
  private readonly sorted: Float64Array;
  private pos = 0;
  count = 0;
  private sum = 0;

  constructor(readonly size: number, private readonly capFactor: number) {
    this.ring = new Float64Array(size);
    this.sorted = new Float64Array(size);
  }

  push(x: number): void {
    const w = this.size;
    if (this.count === w) {
      const old = this.ring[this.pos];
      this.sum -= old;
      // remove `old` from the sorted copy
      // remove `old`: shift the rest down (plain loops: for a window of ~50 values a call to
      // copyWithin costs more than the moves; batch analysis runs this for every channel)
      const s = this.sorted;
      const n = this.count;
      for (let i = lowerBound(s, n, old); i < n - 1; i++) s[i] = s[i + 1];
      this.count--;
    }
    this.ring[this.pos] = x;
    this.pos = this.pos + 1 === w ? 0 : this.pos + 1;
    this.sum += x;
    const s = this.sorted;
    const j = lowerBound(s, this.count, x);
    for (let i = this.count; i > j; i--) s[i] = s[i - 1];
    s[j] = x;
    this.count++;
  }

  /** the capped mean of the current window (of `count` values) */
  level(): number {
    const n = this.count;
    if (n === 0) return 0;
    const s = this.sorted;
    const median = n & 1 ? s[n >> 1] : 0.5 * (s[(n >> 1) - 1] + s[n >> 1]);
    const cap = this.capFactor * median;
    let excess = 0;
    for (let i = n - 1; i >= 0 && s[i] > cap; i--) excess += s[i] - cap;
    return (this.sum - excess) / n;
  }

  reset(): void {
    this.ring.fill(0);
    this.pos = 0;
    this.count = 0;
    this.sum = 0;
  }
}

/** First index in sorted[0, n) whose value is ≥ v. */
function lowerBound(sorted: Float64Array, n: number, v: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Largest level of `envelope` over any window of `windowMs` within [from, to): the window mean
 * with spikes capped (SustainedWindow, MVC_DEFAULTS.spikeCapFactor), so a motion artefact is no
 * 500 ms contraction. A segment shorter than the window gives its own (capped) mean; an empty one
 * gives 0. O(n · window).
 */
export function bestWindowMean(
  envelope: ArrayLike<number>,
  rateHz: number,
  windowMs: number = MVC_DEFAULTS.windowMs,
  from = 0,
  to = envelope.length,
  spikeCapFactor: number = MVC_DEFAULTS.spikeCapFactor,
): number {
  const n = to - from;
  if (n <= 0) return 0;
  const w = Math.max(1, Math.round((windowMs * rateHz) / 1000));
  const win = new SustainedWindow(Math.min(w, n), spikeCapFactor);
  let best = 0;
  for (let i = from; i < to; i++) {
    win.push(envelope[i]);
    if (win.count === win.size) best = Math.max(best, win.level());
  }
  return best;
}

/** %: value / reference × 100; 0 when the reference is not positive. */
export function toPct(valueUv: number, referenceUv: number): number {
  return referenceUv > 0 ? (valueUv / referenceUv) * 100 : 0;
}

/** Writes envelope[from, to) × 100 / referenceUv into out[0 …]; returns out. */
export function normaliseInto(envelope: ArrayLike<number>, referenceUv: number, out: Float64Array, from = 0, to = envelope.length): Float64Array {
  const k = referenceUv > 0 ? 100 / referenceUv : 0;
  for (let i = from; i < to; i++) out[i - from] = envelope[i] * k;
  return out;
}

/**
 * Streaming bestWindowMean (the session peak for 'session-peak' normalisation): feed envelope
 * samples one by one; `value` is the largest spike-capped window mean seen so far. Fixed memory,
 * no allocation per sample.
 */
export class RunningBestWindowMean {
  private readonly win: SustainedWindow;
  private best = 0;

  constructor(rateHz: number, windowMs: number = MVC_DEFAULTS.windowMs, spikeCapFactor: number = MVC_DEFAULTS.spikeCapFactor) {
    this.win = new SustainedWindow(Math.max(1, Math.round((windowMs * rateHz) / 1000)), spikeCapFactor);
  }

  push(x: number): void {
    this.win.push(x);
    // only full windows count, so a single spike at the start cannot set the peak
    if (this.win.count === this.win.size) {
      const m = this.win.level();
      if (m > this.best) this.best = m;
    }
  }

  get value(): number {
    return this.best;
  }

  reset(): void {
    this.win.reset();
    this.best = 0;
  }
}

/** Rest statistics (mean, SD) of an envelope segment; see onset.ts. */
export { restStats, type RestStats } from './onset';
