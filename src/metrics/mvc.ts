/**
 * Normalisation of envelopes to % of a maximal voluntary contraction (MVC), or, when no MVC was
 * recorded, to the session's own peak (ISEK CEDE consensus, Besomi et al. 2020: normalise to the
 * task peak when MVC is unreliable or missing).
 *
 * MVC value = the best 500 ms window mean of the RMS envelope over the MVC trials — a common
 * choice that ignores single spikes (the peak of one sample would overstate the MVC).
 */

export const MVC_DEFAULTS = {
  /** window over which the envelope is averaged to find the MVC, ms */
  windowMs: 500,
} as const;

/**
 * Largest mean of `envelope` over any window of `windowMs` within [from, to). A segment shorter
 * than the window gives its own mean; an empty one gives 0. O(n).
 */
export function bestWindowMean(envelope: ArrayLike<number>, rateHz: number, windowMs: number = MVC_DEFAULTS.windowMs, from = 0, to = envelope.length): number {
  const n = to - from;
  if (n <= 0) return 0;
  const w = Math.max(1, Math.round((windowMs * rateHz) / 1000));
  if (n <= w) {
    let s = 0;
    for (let i = from; i < to; i++) s += envelope[i];
    return s / n;
  }
  let s = 0;
  for (let i = from; i < from + w; i++) s += envelope[i];
  let best = s;
  for (let i = from + w; i < to; i++) {
    s += envelope[i] - envelope[i - w];
    if (s > best) best = s;
  }
  return best / w;
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
 * Streaming best-window mean (the session peak for 'session-peak' normalisation): feed envelope
 * samples one by one; `value` is the largest window mean seen so far. Fixed memory, no allocation
 * per sample.
 */
export class RunningBestWindowMean {
  private readonly ring: Float64Array;
  private pos = 0;
  private count = 0;
  private sum = 0;
  private best = 0;

  constructor(rateHz: number, windowMs: number = MVC_DEFAULTS.windowMs) {
    this.ring = new Float64Array(Math.max(1, Math.round((windowMs * rateHz) / 1000)));
  }

  push(x: number): void {
    const w = this.ring.length;
    if (this.count === w) this.sum -= this.ring[this.pos];
    else this.count++;
    this.ring[this.pos] = x;
    this.sum += x;
    this.pos = (this.pos + 1) % w;
    // only full windows count, so a single spike at the start cannot set the peak
    if (this.count === w) {
      const m = this.sum / w;
      if (m > this.best) this.best = m;
    }
  }

  get value(): number {
    return this.best;
  }

  reset(): void {
    this.ring.fill(0);
    this.pos = 0;
    this.count = 0;
    this.sum = 0;
    this.best = 0;
  }
}

/** Rest statistics (mean, SD) of an envelope segment; see onset.ts. */
export { restStats, type RestStats } from './onset';
