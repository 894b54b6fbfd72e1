/**
 * Decimates processed EMG for display, so a renderer never receives more points than it can draw.
 *
 * A 10 s window at 2000 Hz is 20 000 points per series; a chart a few hundred pixels wide shows
 * at most one point per pixel column. We keep `displayRateHz` points per second (default 200):
 *  - raw (filtered) signal: the sample with the largest |x| in each bucket, sign kept, so spikes
 *    and the amplitude of bursts stay visible (a plain "every Nth sample" would alias them away);
 *  - envelope: the last value of each bucket (the RMS envelope is already smooth at 100 ms).
 * State carries across blocks: a bucket may span two blocks.
 *
 * Every frame stays ≤ `MAX_FRAME_MESSAGE_BYTES` as a WebSocket message (issue 10.1: every pushed
 * message ≤ 16 KB), whatever the channel count and the block size: a long block (a stalled event
 * loop, a replay at 60×, 32 channels) is cut into several frames of at most `maxPointsPerFrame`.
 */
import type { LiveFrame } from './contract';

/** Target display rate, points per second per channel (a 10 s window = 2000 points). */
export const DEFAULT_DISPLAY_RATE_HZ = 200;

/** Largest pushed message, bytes (issue 10.1). */
export const MAX_FRAME_MESSAGE_BYTES = 16 * 1024;
/** Longest JSON text of a finite float64 ("-2.2250738585072014e-308") plus its comma. */
const MAX_NUMBER_CHARS = 25;
/** The frame's other fields and the event envelope ({"type":"event","event":"frame","payload":…}), generously. */
const FRAME_OVERHEAD_BYTES = 512;

/**
 * Points per frame that keep its JSON ≤ `maxBytes` even if every value took the longest JSON
 * form: per point 2 series × channels numbers, per channel 2 × "[]," of brackets.
 */
export function maxPointsPerFrame(channelCount: number, maxBytes = MAX_FRAME_MESSAGE_BYTES): number {
  const ch = Math.max(1, channelCount);
  return Math.max(1, Math.floor((maxBytes - FRAME_OVERHEAD_BYTES - ch * 2 * 3) / (ch * 2 * MAX_NUMBER_CHARS)));
}

export class DisplayDecimator {
  readonly factor: number;
  readonly displayRateHz: number;
  private readonly bucketExtreme: Float64Array;
  private readonly bucketEnvelope: Float64Array;
  private fill = 0;
  /** display point index of the next point to complete */
  private nextPointIndex = 0;
  private seq = 0;

  /**
   * @param maxPoints points per frame at most (default: what keeps a frame ≤ 16 KB at this channel
   *   count, `maxPointsPerFrame`); Infinity for one frame per block (offline comparisons)
   */
  constructor(
    readonly sampleRateHz: number,
    readonly channelCount: number,
    targetDisplayRateHz = DEFAULT_DISPLAY_RATE_HZ,
    readonly maxPoints = maxPointsPerFrame(channelCount),
  ) {
    if (!(maxPoints >= 1)) throw new Error(`display decimator: points per frame must be at least 1, got ${maxPoints}`);
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
   * Adds a processed block starting at stream sample `firstSampleIndex`; returns the frames of
   * the display points it completed, oldest first (none: an empty array), each of at most
   * `maxPoints` points. `filtered` and `envelope` are channel-interleaved, `frames` long.
   */
  push(
    filtered: Float64Array,
    envelope: Float64Array,
    frames: number,
    firstSampleIndex: number,
    receivedAtMs: number,
  ): LiveFrame[] {
    // not contiguous with the previous block (first block, gap, seek): realign the buckets
    if (firstSampleIndex !== this.expectedSampleIndex) this.restartAt(firstSampleIndex);
    this.expectedSampleIndex = firstSampleIndex + frames;
    const ch = this.channelCount;
    const f = this.factor;
    const out: LiveFrame[] = [];
    if (Math.ceil((frames + this.fill) / f) === 0) return out;
    let raw: number[][] = [];
    let env: number[][] = [];
    let t0Index = this.nextPointIndex;
    let points = 0;
    const open = () => {
      raw = [];
      env = [];
      for (let c = 0; c < ch; c++) {
        raw.push([]);
        env.push([]);
      }
      t0Index = this.nextPointIndex;
      points = 0;
    };
    const close = () => {
      if (points === 0) return;
      out.push({
        seq: this.seq++,
        t0: t0Index / this.displayRateHz,
        displayRateHz: this.displayRateHz,
        channelCount: ch,
        pointCount: points,
        raw,
        envelope: env,
        receivedAtMs,
      });
    };
    open();
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
        if (points === this.maxPoints) {
          close();
          open();
        }
        for (let c = 0; c < ch; c++) {
          raw[c].push(this.bucketExtreme[c]);
          env[c].push(this.bucketEnvelope[c]);
        }
        points++;
        this.fill = 0;
        this.nextPointIndex++;
      }
    }
    close();
    return out;
  }
}
