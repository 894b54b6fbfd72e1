/**
 * Quality monitor: the per-channel signal check of the live stream (flat line, clipping, mains hum,
 * resting noise), assessed about once a second over the last ~2 s of raw µV
 * (src/metrics/signal-quality.ts). The resting noise shown is the lowest of the last minute of
 * assessments: a set of continuous reps has no rest in a 2 s window, and its activity is not
 * electrode noise.
 */
import type { SampleBlock } from '../devices/sample-source';
import type { ChannelQuality } from '../metrics/types';
import { assessChannelQuality, quietestNoiseUv } from '../metrics/signal-quality';
import { IndexedRing } from './indexed-ring';

export const QUALITY_DEFAULTS = {
  /** quality is assessed over the last this-many seconds of raw signal… */
  windowS: 2,
  /** …every this-many seconds of stream */
  intervalS: 1,
  /** the resting noise shown is the lowest of the last this-many assessments (one per interval) */
  restingNoiseHistory: 60,
} as const;

export interface QualityStream {
  sampleRateHz: number;
  channelCount: number;
  mainsHz: 50 | 60 | null;
  fullScaleUv: number;
  /** mains harmonics the DSP chain notches (DspSettings.mainsHarmonics; default 1: the fundamental only) */
  mainsHarmonics?: number;
}

export class QualityMonitor {
  private readonly rings: IndexedRing[];
  private readonly scratch: Float64Array;
  private sinceAssessment = 0;
  /** per channel: the quietest-window noise of the recent assessments, µV, oldest first */
  private readonly noiseHistory: number[][];
  private latest: ChannelQuality[] = [];

  constructor(
    private readonly stream: QualityStream,
    private readonly opts: { windowS: number; intervalS: number; restingNoiseHistory: number } = QUALITY_DEFAULTS,
  ) {
    const cap = Math.max(16, Math.ceil(stream.sampleRateHz * opts.windowS));
    this.rings = Array.from({ length: stream.channelCount }, () => new IndexedRing(cap));
    this.scratch = new Float64Array(cap);
    this.noiseHistory = Array.from({ length: stream.channelCount }, () => []);
  }

  /** The latest verdicts, one per channel (empty until the first assessment). */
  get quality(): ChannelQuality[] {
    return this.latest;
  }

  /** Raw µV blocks of the stream; re-assesses once per interval. */
  push(block: SampleBlock): void {
    const s = this.stream;
    if (block.channelCount !== s.channelCount) return;
    const n = s.channelCount;
    for (let i = 0; i < block.frameCount; i++) {
      const abs = block.firstSampleIndex + i;
      for (let c = 0; c < n; c++) this.rings[c].write(abs, block.samples[i * n + c]);
    }
    this.sinceAssessment += block.frameCount;
    if (this.sinceAssessment >= s.sampleRateHz * this.opts.intervalS) {
      this.sinceAssessment = 0;
      this.latest = this.rings.map((ring, c) => this.assess(ring, c));
    }
  }

  private assess(ring: IndexedRing, c: number): ChannelQuality {
    const s = this.stream;
    const [, count] = ring.copy(ring.oldest, ring.next, this.scratch);
    const history = this.noiseHistory[c];
    const now = quietestNoiseUv(this.scratch, s.sampleRateHz, s.mainsHz, 0, count);
    if (Number.isFinite(now)) {
      history.push(now);
      if (history.length > this.opts.restingNoiseHistory) history.shift();
    }
    const resting = history.length ? Math.min(...history) : undefined;
    return assessChannelQuality(this.scratch, s.sampleRateHz, s.mainsHz, s.fullScaleUv, c, { harmonicsNotched: s.mainsHarmonics ?? 1 }, 0, count, resting);
  }
}
