/**
 * A channel's levels (noise floor, peak and mean envelope) computed as the decimated envelope
 * streams by, so a long recording's analysis need not keep the envelope of every channel
 * (issue 10.4: peak memory flat in the file's length). The numbers are those analyzeSignals
 * computes from the whole decimated envelope, to the last bit (the same sums in the same order):
 *   - noise floor: mean of the quietest window of `noiseWindowS` (rest-estimate.ts quietestStretch);
 *   - peak: the best spike-capped 500 ms window mean (mvc.ts bestWindowMean);
 *   - mean: the plain mean.
 * Memory: two windows of the envelope, whatever the length. No allocation per sample.
 *
 * Speed: the peak is mvc.ts's SustainedWindow rule (the window mean after capping values above
 * spikeCapFactor × the window's median), but a window's capped mean is at most its plain mean
 * (sum − excess ≤ sum, rounding is monotonic), so a window whose plain mean does not beat the
 * best so far cannot either and is not sorted at all; the others are sorted from the ring. The
 * running sum is updated exactly as SustainedWindow updates it (minus the old value, plus the new),
 * so the numbers are the same.
 */
import { bestWindowMean, MVC_DEFAULTS } from './mvc';
import { quietestStretch } from './rest-estimate';

/** What analyzeSignals reports per channel, less its index. */
export interface ChannelLevelValues {
  /** mean of the quietest window of the envelope, µV */
  noiseFloorUv: number;
  /** best 500 ms (spike-capped) mean of the envelope, µV */
  peakEnvelopeUv: number;
  meanEnvelopeUv: number;
}

export class ChannelLevelsAccumulator {
  private readonly quietLen: number;
  private readonly peakLen: number;
  private readonly rateHz: number;
  /** the first max(quietLen, peakLen) samples: a recording shorter than a window is measured whole, as the batch functions do */
  private readonly head: Float64Array;
  private readonly ring: Float64Array;
  private readonly bestWindow: Float64Array;
  private readonly capFactor: number;
  /** the last peakLen values (SustainedWindow's ring) and their running sum */
  private readonly peakRing: Float64Array;
  private readonly sorted: Float64Array;
  private peakPos = 0;
  private peakSum = 0;
  private peakBest = 0;
  private n = 0;
  private total = 0;
  // quietestStretch's running state
  private s = 0;
  private nz = 0;
  private best = Infinity;
  private bestStart = 0;

  /**
   * @param rateHz       rate of the decimated envelope, Hz
   * @param noiseWindow  quietest-window length, samples (analyzeSignals: noiseWindowS × rate)
   */
  constructor(rateHz: number, noiseWindow: number) {
    this.rateHz = rateHz;
    this.quietLen = Math.max(1, Math.round(noiseWindow));
    this.capFactor = MVC_DEFAULTS.spikeCapFactor;
    this.peakLen = Math.max(1, Math.round((MVC_DEFAULTS.windowMs * rateHz) / 1000));
    this.peakRing = new Float64Array(this.peakLen);
    this.sorted = new Float64Array(this.peakLen);
    this.head = new Float64Array(Math.max(this.quietLen, this.peakLen));
    this.ring = new Float64Array(this.quietLen);
    this.bestWindow = new Float64Array(this.quietLen);
  }

  /** Feeds x[from, to) (`stride` apart from `from`: one lane of an interleaved block, or 1). */
  push(x: Float64Array, from: number, count: number, stride = 1): void {
    // the first samples (the head, the first windows filling) one by one; then the steady state,
    // its running state in locals (the same operations in the same order: the same numbers)
    let k = 0;
    let p = from;
    const steadyFrom = this.head.length; // ≥ both windows
    for (; k < count && this.n < steadyFrom; k++, p += stride) this.pushFirst(x[p]);
    if (k < count) this.pushSteady(x, p, count - k, stride);
  }

  /**
   * The steady state (n ≥ both window lengths): per value the total, SustainedWindow's running sum
   * (minus the old value, plus the new) and the quietest-window sums, with no field traffic,
   * division by a variable or modulo per value (the ring slots advance by one and wrap).
   */
  private pushSteady(x: Float64Array, from: number, count: number, stride: number): void {
    const L = this.quietLen;
    const ring = this.ring;
    const w = this.peakLen;
    const peakRing = this.peakRing;
    let n = this.n;
    let total = this.total;
    let s = this.s;
    let nz = this.nz;
    let best = this.best;
    let r = n % L;
    let pp = this.peakPos;
    let peakSum = this.peakSum;
    let peakBest = this.peakBest;
    // a window can win only if its plain mean beats the best (capped mean ≤ plain mean): the sum
    // is compared with a bound a little below best·w (so no window that passes peakSum / w > best
    // is missed; cappedBest decides exactly)
    let bound = peakBest * w * (1 - 1e-9);
    for (let k = 0, p = from; k < count; k++, p += stride) {
      const v = x[p];
      total += v;
      // pushPeak (i ≥ w: the window is full)
      peakSum -= peakRing[pp];
      peakRing[pp] = v;
      pp = pp + 1 === w ? 0 : pp + 1;
      peakSum += v;
      if (peakSum > bound && peakSum / w > peakBest) {
        peakBest = this.cappedBest(peakSum, peakBest);
        bound = peakBest * w * (1 - 1e-9);
      }
      // quietestStretch (i ≥ L)
      const old = ring[r];
      s += v - old;
      if (v !== 0) nz++;
      if (old !== 0) nz--;
      ring[r] = v;
      r = r + 1 === L ? 0 : r + 1;
      if (nz > 0 && s < best) {
        best = s;
        this.bestStart = n - L + 1;
        // the window in time order: it starts at the next ring slot, r now
        this.bestWindow.set(ring.subarray(r), 0);
        this.bestWindow.set(ring.subarray(0, r), L - r);
      }
      n++;
    }
    this.n = n;
    this.total = total;
    this.s = s;
    this.nz = nz;
    this.best = best;
    this.peakPos = pp;
    this.peakSum = peakSum;
    this.peakBest = peakBest;
  }

  /** One value while the windows fill (n < head length): the batch rules step by step. */
  private pushFirst(v: number): void {
    const L = this.quietLen;
    const ring = this.ring;
    const i = this.n++;
    if (i < this.head.length) this.head[i] = v;
    this.total += v;
    this.pushPeak(v, i);
    const r = i % L;
    if (i < L) {
      this.s += v;
      if (v !== 0) this.nz++;
      ring[r] = v;
      if (i === L - 1) {
        this.best = this.nz > 0 ? this.s : Infinity;
        this.bestStart = 0;
        if (this.best !== Infinity) this.bestWindow.set(ring);
      }
      return;
    }
    const old = ring[r];
    this.s += v - old;
    if (v !== 0) this.nz++;
    if (old !== 0) this.nz--;
    ring[r] = v;
    if (this.nz > 0 && this.s < this.best) {
      this.best = this.s;
      this.bestStart = i - L + 1;
      // the window in time order: it starts at ring slot (i + 1) % L
      const a = (i + 1) % L;
      this.bestWindow.set(ring.subarray(a), 0);
      this.bestWindow.set(ring.subarray(0, a), L - a);
    }
  }

  /** SustainedWindow.push + RunningBestWindowMean's best of full windows, sorting only the windows that could win. */
  private pushPeak(v: number, i: number): void {
    const w = this.peakLen;
    const ring = this.peakRing;
    if (i >= w) this.peakSum -= ring[this.peakPos];
    ring[this.peakPos] = v;
    this.peakPos = this.peakPos + 1 === w ? 0 : this.peakPos + 1;
    this.peakSum += v;
    if (i < w - 1) return;
    // the capped mean ≤ the plain mean: only a window whose plain mean beats the best can win
    if (!(this.peakSum / w > this.peakBest)) return;
    this.peakBest = this.cappedBest(this.peakSum, this.peakBest);
  }

  /** max(best, the spike-capped mean of the full peak window whose plain sum is `sum`): SustainedWindow.level. */
  private cappedBest(sum: number, best: number): number {
    const w = this.peakLen;
    const s = this.sorted;
    s.set(this.peakRing);
    s.sort();
    const median = w & 1 ? s[w >> 1] : 0.5 * (s[(w >> 1) - 1] + s[w >> 1]);
    const cap = this.capFactor * median;
    let excess = 0;
    for (let k = w - 1; k >= 0 && s[k] > cap; k--) excess += s[k] - cap;
    const level = (sum - excess) / w;
    return level > best ? level : best;
  }

  /** Samples fed so far. */
  get length(): number {
    return this.n;
  }

  levels(): ChannelLevelValues {
    const n = this.n;
    const meanEnvelopeUv = n ? this.total / n : 0;
    if (n < this.head.length) {
      // shorter than a window: the batch functions on the samples themselves
      const h = this.head.subarray(0, n);
      return { noiseFloorUv: quietestStretch(h, this.quietLen).mean, peakEnvelopeUv: bestWindowMean(h, this.rateHz), meanEnvelopeUv };
    }
    let noiseFloorUv = 0;
    if (this.best !== Infinity) {
      const w = this.bestWindow;
      let s = 0;
      for (let i = 0; i < w.length; i++) s += w[i];
      noiseFloorUv = s / w.length;
    }
    return { noiseFloorUv, peakEnvelopeUv: this.peakBest, meanEnvelopeUv };
  }
}
