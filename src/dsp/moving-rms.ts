/**
 * RMS envelope over a moving window, causal, exactly as the reference computes it
 * (/work/shared/reference/make_reference.py):
 *   W = round(windowMs · fs / 1000) samples (round half to even, like Python's round);
 *   rms[k] = sqrt( Σ_{j=k−W+1..k} x[j]² / W ), samples before the stream's start counted as zeros
 *   (so the envelope rises over the first W samples instead of starting at full height).
 * The window is 100 ms by default (defaults.ts: typical for sEMG amplitude; 25-250 ms used).
 *
 * Running sum and drift: the sum of squares is updated per sample (+ new² − oldest²), O(1).
 * Each update rounds, and the error would grow with run time; so the sum is recomputed exactly
 * from the ring buffer every time the ring wraps (every W samples). The error is then that of
 * summing at most 2W terms, whatever the run length, at the cost of one extra add per sample.
 */

/** Window length in samples (≥ 1), rounded like the reference (Python round: half to even). */
export function rmsWindowSamples(windowMs: number, sampleRateHz: number): number {
  const exact = (windowMs * sampleRateHz) / 1000;
  let n = Math.round(exact);
  if (n - exact === 0.5 && n % 2 !== 0) n -= 1; // half to even
  return Math.max(1, n);
}

/** Moving RMS of one channel, state kept across blocks. */
export class MovingRms {
  readonly windowSamples: number;
  private readonly ring: Float64Array;
  private pos = 0;
  private sum = 0;

  constructor(windowSamples: number) {
    if (!Number.isInteger(windowSamples) || windowSamples < 1) throw new Error(`RMS window must be at least one sample (got ${windowSamples})`);
    this.windowSamples = windowSamples;
    this.ring = new Float64Array(windowSamples);
  }

  /** Envelope of `n` samples of x (at offset + k·stride) into out (same positions). In-place allowed. */
  process(x: Float64Array, out: Float64Array, n: number, stride = 1, offset = 0): void {
    const w = this.windowSamples;
    const inv = 1 / w;
    const ring = this.ring;
    let pos = this.pos;
    let sum = this.sum;
    for (let k = 0, i = offset; k < n; k++, i += stride) {
      const sq = x[i] * x[i];
      sum += sq - ring[pos];
      ring[pos] = sq;
      if (++pos === w) {
        pos = 0;
        sum = 0;
        for (let j = 0; j < w; j++) sum += ring[j]; // exact recompute: no drift
      }
      out[i] = sum > 0 ? Math.sqrt(sum * inv) : 0;
    }
    this.pos = pos;
    this.sum = sum;
  }

  reset(): void {
    this.ring.fill(0);
    this.pos = 0;
    this.sum = 0;
  }
}
