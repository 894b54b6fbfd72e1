/**
 * Envelope decimation: the training stages run at ~100 Hz (the RMS envelope is already smooth), so
 * every ProcessedBlock of the DSP runner is reduced here to block means of D samples per channel
 * (D = round(rate / 100)), kept in rings for a rep's metrics, with the full-rate filtered target
 * for its median frequency. One pass, no allocation per block.
 */
import { IndexedRing } from './indexed-ring';

/** What training needs of the DSP runner's ProcessedBlock. */
export interface ProcessedBlockLike {
  filtered: Float64Array;
  envelope: Float64Array;
  frames: number;
  channelCount: number;
  firstSampleIndex: number;
}

export const DECIMATION_DEFAULTS = {
  /** rate of the envelopes the detector and the live values run on, Hz */
  detectionRateHz: 100,
  /** history kept for rep metrics: decimated envelopes and the full-rate target, s */
  envelopeHistoryS: 60,
  filteredHistoryS: 20,
} as const;

export class EnvelopeDecimation {
  /** samples per decimated value */
  readonly factor: number;
  /** decimated rate, Hz (sampleRateHz / factor) */
  readonly rateHz: number;
  /** the newest decimated value per channel, µV (valid inside the onSample callback) */
  readonly values: Float64Array;
  private readonly envRings: IndexedRing[];
  private readonly filteredRing: IndexedRing;
  private readonly sums: Float64Array;
  private count = 0;
  private bucket = -1;
  private readonly scratchEnv: Float64Array;
  private readonly scratchFiltered: Float64Array;

  constructor(
    readonly sampleRateHz: number,
    readonly channelCount: number,
    private readonly onSample: (k: number, values: Float64Array) => void,
    opts: { detectionRateHz?: number; envelopeHistoryS?: number; filteredHistoryS?: number } = {},
  ) {
    const o = { ...DECIMATION_DEFAULTS, ...opts };
    this.factor = Math.max(1, Math.round(sampleRateHz / o.detectionRateHz));
    this.rateHz = sampleRateHz / this.factor;
    const envCap = Math.ceil(this.rateHz * o.envelopeHistoryS);
    this.envRings = Array.from({ length: channelCount }, () => new IndexedRing(envCap));
    this.filteredRing = new IndexedRing(Math.ceil(sampleRateHz * o.filteredHistoryS));
    this.scratchEnv = new Float64Array(envCap);
    this.scratchFiltered = new Float64Array(this.filteredRing.buf.length);
    this.sums = new Float64Array(channelCount);
    this.values = new Float64Array(channelCount);
  }

  /** Feeds one processed block; `filteredChannel` (the target) is kept at full rate. */
  push(block: ProcessedBlockLike, filteredChannel: number | null): void {
    const n = this.channelCount;
    if (block.channelCount !== n) return;
    const D = this.factor;
    const env = block.envelope;
    for (let i = 0; i < block.frames; i++) {
      const abs = block.firstSampleIndex + i;
      if (filteredChannel !== null) this.filteredRing.write(abs, block.filtered[i * n + filteredChannel]);
      const bucket = Math.floor(abs / D);
      if (bucket !== this.bucket) {
        if (this.count > 0) this.emit();
        this.bucket = bucket;
      }
      const o = i * n;
      for (let c = 0; c < n; c++) this.sums[c] += env[o + c];
      this.count++;
      if (abs % D === D - 1) {
        this.emit();
        this.bucket = bucket + 1;
      }
    }
  }

  /** A copy of channel c's decimated envelope over decimated indices [k0, k1): its first index and data. */
  envelope(c: number, k0: number, k1: number): { first: number; data: Float64Array } {
    const [first, count] = this.envRings[c].copy(k0, k1, this.scratchEnv);
    return { first, data: this.scratchEnv.slice(0, count) };
  }

  /** The full-rate filtered target over sample indices [from, to) in a scratch array: [data, count]. */
  filtered(from: number, to: number): [Float64Array, number] {
    const [, count] = this.filteredRing.copy(from, to, this.scratchFiltered);
    return [this.scratchFiltered, count];
  }

  private emit(): void {
    const n = this.channelCount;
    const k = this.bucket;
    for (let c = 0; c < n; c++) {
      const v = this.sums[c] / this.count;
      this.values[c] = v;
      this.sums[c] = 0;
      this.envRings[c].write(k, v);
    }
    this.count = 0;
    this.onSample(k, this.values);
  }
}
