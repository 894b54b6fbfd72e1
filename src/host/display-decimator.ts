/**
 * Decimates processed EMG for display, so a renderer never receives more points than it can draw.
 *
 * A 10 s window at 2000 Hz is 20 000 points per series; a chart a few hundred pixels wide shows
 * at most one point per pixel column. We keep `displayRateHz` points per second (default 200):
 *  - raw (filtered) signal: the sample with the largest |x| in each bucket, sign kept, so spikes
 *    and the amplitude of bursts stay visible (a plain "every Nth sample" would alias them away);
 *  - envelope: the last value of each bucket (the RMS envelope is already smooth at 100 ms).
 * State carries across blocks: a bucket may span two blocks.
 */
import type { LiveFrame } from './contract';

/** Target display rate, points per second per channel (a 10 s window = 2000 points). */
export const DEFAULT_DISPLAY_RATE_HZ = 200;

export class DisplayDecimator {
  readonly factor: number;
  readonly displayRateHz: number;
  private readonly bucketExtreme: Float64Array;
  private readonly bucketEnvelope: Float64Array;
  private fill = 0;
  /** display point index of the next point to complete */
  private nextPointIndex = 0;
  private seq = 0;

  constructor(
    readonly sampleRateHz: number,
    readonly channelCount: number,
    targetDisplayRateHz = DEFAULT_DISPLAY_RATE_HZ,
  ) {
    if (!(sampleRateHz > 0)) throw new Error(`display decimator: sample rate must be positive, got ${sampleRateHz}`);
    this.factor = Math.max(1, Math.round(sampleRateHz / targetDisplayRateHz));
    this.displayRateHz = sampleRateHz / this.factor;
    this.bucketExtreme = new Float64Array(channelCount);
    this.bucketEnvelope = new Float64Array(channelCount);
  }

  /** Re-aligns after a gap or seek: the next bucket starts at `sampleIndex`. */
  restartAt(sampleIndex: number): void {
    this.fill = 0;
    this.bucketExtreme.fill(0);
    this.nextPointIndex = Math.floor(sampleIndex / this.factor);
    // a partial first bucket would plot at the wrong time: skip to the next bucket boundary
    this.skip = (this.factor - (sampleIndex % this.factor)) % this.factor;
  }
  private skip = 0;
  private expectedSampleIndex = -1;

  /**
   * Adds a processed block starting at stream sample `firstSampleIndex`; returns a frame when at least one display point completed, else null.
   * `filtered` and `envelope` are channel-interleaved, `frames` long.
   */
  push(
    filtered: Float64Array,
    envelope: Float64Array,
    frames: number,
    firstSampleIndex: number,
    receivedAtMs: number,
  ): LiveFrame | null {
    // not contiguous with the previous block (first block, gap, seek): realign the buckets
    if (firstSampleIndex !== this.expectedSampleIndex) this.restartAt(firstSampleIndex);
    this.expectedSampleIndex = firstSampleIndex + frames;
    const ch = this.channelCount;
    const f = this.factor;
    const maxPoints = Math.ceil((frames + this.fill) / f);
    if (maxPoints === 0) return null;
    const raw: number[][] = [];
    const env: number[][] = [];
    for (let c = 0; c < ch; c++) {
      raw.push([]);
      env.push([]);
    }
    const t0Index = this.nextPointIndex;
    let k = 0;
    if (this.skip > 0) {
      const n = Math.min(this.skip, frames);
      this.skip -= n;
      k = n;
    }
    for (; k < frames; k++) {
      const base = k * ch;
      for (let c = 0; c < ch; c++) {
        const x = filtered[base + c];
        if (this.fill === 0 || Math.abs(x) > Math.abs(this.bucketExtreme[c])) this.bucketExtreme[c] = x;
        this.bucketEnvelope[c] = envelope[base + c];
      }
      this.fill++;
      if (this.fill === f) {
        for (let c = 0; c < ch; c++) {
          raw[c].push(this.bucketExtreme[c]);
          env[c].push(this.bucketEnvelope[c]);
        }
        this.fill = 0;
        this.nextPointIndex++;
      }
    }
    const pointCount = raw.length > 0 ? raw[0].length : 0;
    if (pointCount === 0) return null;
    return {
      seq: this.seq++,
      t0: t0Index / this.displayRateHz,
      displayRateHz: this.displayRateHz,
      channelCount: ch,
      pointCount,
      raw,
      envelope: env,
      receivedAtMs,
    };
  }
}
