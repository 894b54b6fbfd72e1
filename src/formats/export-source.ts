/**
 * What the exporters read: a recording's description and its samples as a stream of blocks, so
 * that exporting a long EDF/BDF file never holds it in memory (issue 9.13: a 2 GB recording
 * exports in a few MB of buffers instead of > 2.5 GB). Three kinds:
 *  - memoryExportSource: an import already in memory (text formats);
 *  - edfExportSource: an EDF/BDF file read record by record (EdfFrameReader);
 *  - envelopeExportSource: another source's samples through the live DSP chain (EmgChain), with
 *    the batch warm-up of filter-recording.ts, block by block;
 *  - spanExportSource: a span of another source's timeline (one set of a session), on its own clock.
 * Blocks are interleaved (frame-major: block[f × channels + c]) and reused between steps.
 */
import type { DspSettings } from '../host/contract';
import { EmgChain } from '../dsp/emg-chain';
import { warmUpForRecording, warmUpHeadFrames } from '../analysis/filter-recording';
import { EdfFrameReader, type EdfRecordingInfo, type EdfSegment } from '../recording/bdf-reader';
import type { ImportedAnnotation } from './imported-recording';

export interface ExportBlock {
  /** interleaved values, at least frames × channels long (reused: copy what you keep) */
  block: Float64Array;
  frames: number;
  firstFrame: number;
}

export interface ExportSource {
  sampleRateHz: number;
  channelLabels: string[];
  /** per channel: 'uV', 'counts', 'unknown' or the file's own unit (what the values are) */
  units: string[];
  frameCount: number;
  segments: EdfSegment[];
  annotations: ImportedAnnotation[];
  startTime: Date | null;
  /** the samples from the first frame on, in blocks of at most `framesPerBlock` frames */
  blocks(framesPerBlock: number): Generator<ExportBlock>;
  /**
   * The same from frame `firstFrame` on (block.firstFrame counts from 0 as in blocks()), for a
   * source that can start anywhere without reading what comes before (a file, an array);
   * spanExportSource uses it when there, and skips blocks otherwise.
   */
  blocksFrom?(firstFrame: number, framesPerBlock: number): Generator<ExportBlock>;
}

/** A recording held in memory, one array per channel: what the exports take besides an ExportSource. */
export interface ExportableRecording {
  sampleRateHz: number;
  channelLabels: string[];
  /** per channel: 'uV' (default), 'counts', 'unknown' or the file's own unit */
  units?: string[];
  /** per channel, in `units` */
  samples: Float64Array[];
  segments?: EdfSegment[];
  annotations?: ImportedAnnotation[];
  startTime?: Date | null;
}

/** An in-memory recording (one array per channel) as an export source. */
export function memoryExportSource(rec: ExportableRecording): ExportSource {
  const nc = rec.samples.length;
  const n = rec.samples[0]?.length ?? 0;
  return {
    sampleRateHz: rec.sampleRateHz,
    channelLabels: rec.channelLabels,
    units: rec.units ?? rec.channelLabels.map(() => 'uV'),
    frameCount: n,
    segments: rec.segments && rec.segments.length ? rec.segments : [{ firstFrame: 0, frames: n, onsetS: 0 }],
    annotations: rec.annotations ?? [],
    startTime: rec.startTime ?? null,
    blocks: (framesPerBlock) => blocksFrom(0, framesPerBlock),
    blocksFrom,
  };
  function* blocksFrom(from: number, framesPerBlock: number): Generator<ExportBlock> {
    const block = new Float64Array(framesPerBlock * nc);
    for (let first = Math.max(0, from); first < n; first += framesPerBlock) {
      const frames = Math.min(framesPerBlock, n - first);
      for (let c = 0; c < nc; c++) {
        const s = rec.samples[c];
        for (let f = 0; f < frames; f++) block[f * nc + c] = s[first + f];
      }
      yield { block, frames, firstFrame: first };
    }
  }
}

/** An opened EDF/BDF recording, read block by block from disk (µV, or the file's own unit). */
export function edfExportSource(info: EdfRecordingInfo, channelLabels: string[] = info.channelLabels): ExportSource {
  return {
    sampleRateHz: info.sampleRateHz,
    channelLabels,
    units: info.channelUnits,
    frameCount: info.totalFrames,
    segments: info.segments.length ? info.segments : [{ firstFrame: 0, frames: info.totalFrames, onsetS: 0 }],
    annotations: info.annotations.map((a) => ({ onsetS: a.onsetS, durationS: a.durationS, text: a.text })),
    startTime: info.startTime,
    blocks: (framesPerBlock) => blocksFrom(0, framesPerBlock),
    blocksFrom,
  };
  function* blocksFrom(from: number, framesPerBlock: number): Generator<ExportBlock> {
    const reader = new EdfFrameReader(info);
    const block = new Float64Array(framesPerBlock * info.channelCount);
    try {
      for (let first = Math.max(0, from); first < info.totalFrames; first += framesPerBlock) {
        const frames = reader.readFrames(first, framesPerBlock, block);
        yield { block, frames, firstFrame: first };
      }
    } finally {
      reader.close();
    }
  }
}

/**
 * `src` through the DSP chain: each block holds the RMS envelopes (µV) instead of the samples.
 * The chain starts from the recording's own steady state (filter-recording.ts warm-up, from its
 * first frames), as batch analysis does: no start-up transient.
 */
export function envelopeExportSource(src: ExportSource, settings: DspSettings, onWarning?: (w: string) => void): ExportSource {
  const nc = src.channelLabels.length;
  // (not src's blocksFrom: that would give its samples, not their envelopes)
  const { blocksFrom: _samplesFrom, ...description } = src;
  return {
    ...description,
    *blocks(framesPerBlock) {
      const chain = new EmgChain(settings, src.sampleRateHz, nc);
      // the warm-up needs the first second per channel
      const headFrames = warmUpHeadFrames(src.frameCount, src.sampleRateHz);
      if (headFrames > 0) {
        const head = Array.from({ length: nc }, () => new Float64Array(headFrames));
        let got = 0;
        for (const b of src.blocks(Math.min(framesPerBlock, headFrames))) {
          const take = Math.min(b.frames, headFrames - got);
          for (let f = 0; f < take; f++) for (let c = 0; c < nc; c++) head[c][got + f] = b.block[f * nc + c];
          got += take;
          if (got >= headFrames) break;
        }
        warmUpForRecording(chain, head, src.frameCount, src.sampleRateHz, settings);
      }
      for (const w of chain.warnings) onWarning?.(w);
      const filtered = new Float64Array(framesPerBlock * nc);
      const env = new Float64Array(framesPerBlock * nc);
      for (const b of src.blocks(framesPerBlock)) {
        chain.process(b.block, b.frames, filtered, env);
        yield { block: env, frames: b.frames, firstFrame: b.firstFrame };
      }
    },
  };
}

/** how close (in samples) a time must be to a sample to be that sample's time (float rounding only) */
const FRAME_TIME_TOLERANCE = 1e-6;

/**
 * The frame of a recording's timeline at `timeS` (seconds since its first sample, gaps included):
 * in the segment that holds it, rounded down (`round: 'down'`) or up; a time in a gap gives the
 * first frame after it, a time past the end the frame count.
 */
export function frameAtTime(segments: EdfSegment[], rateHz: number, frameCount: number, timeS: number, round: 'down' | 'up'): number {
  for (const s of segments) {
    const endS = s.onsetS + s.frames / rateHz;
    if (timeS >= endS) continue;
    if (timeS <= s.onsetS) return s.firstFrame;
    // a time on a sample (a set's mark at its stream sample) must give that sample: (0.291 s −
    // 0) × 1000 Hz is 290.99999999999997, which floors to the sample before it
    const k = (timeS - s.onsetS) * rateHz;
    const near = Math.round(k);
    const onSample = Math.abs(k - near) < FRAME_TIME_TOLERANCE ? near : k;
    return s.firstFrame + Math.min(s.frames, round === 'down' ? Math.floor(onSample) : Math.ceil(onSample));
  }
  return frameCount;
}

/** Seconds since the first sample of frame `frame` (its segment's onset + its place in it). */
export function timeOfFrame(segments: EdfSegment[], rateHz: number, frame: number): number {
  let seg = segments[0];
  for (const s of segments) if (frame >= s.firstFrame) seg = s;
  return seg ? seg.onsetS + (frame - seg.firstFrame) / rateHz : frame / rateHz;
}

/**
 * The span [startS, endS] of `src`'s timeline as a source of its own (one set of a session): its
 * frames from the first sample at or before startS to the first at or after endS, on a clock that
 * starts at its first sample (segments, annotations and the start time shifted; a gap inside the
 * span stays a gap), with the annotations inside the span. Read from the span's first frame on
 * (blocksFrom) when the source can, so a set at the end of a two-hour session is not a read of
 * the whole file.
 */
export function spanExportSource(src: ExportSource, startS: number, endS: number): ExportSource {
  const rate = src.sampleRateHz;
  const segments = src.segments.length ? src.segments : [{ firstFrame: 0, frames: src.frameCount, onsetS: 0 }];
  const first = Math.min(src.frameCount, frameAtTime(segments, rate, src.frameCount, startS, 'down'));
  const end = Math.max(first, Math.min(src.frameCount, frameAtTime(segments, rate, src.frameCount, endS, 'up')));
  const t0 = timeOfFrame(segments, rate, first);
  const cut: EdfSegment[] = [];
  for (const s of segments) {
    const a = Math.max(first, s.firstFrame);
    const b = Math.min(end, s.firstFrame + s.frames);
    if (b > a) cut.push({ firstFrame: a - first, frames: b - a, onsetS: s.onsetS + (a - s.firstFrame) / rate - t0 });
  }
  const frameCount = end - first;
  return {
    sampleRateHz: rate,
    channelLabels: src.channelLabels,
    units: src.units,
    frameCount,
    segments: cut.length ? cut : [{ firstFrame: 0, frames: 0, onsetS: 0 }],
    annotations: src.annotations.filter((a) => a.onsetS >= startS && a.onsetS <= endS).map((a) => ({ ...a, onsetS: Math.max(0, a.onsetS - t0) })),
    startTime: src.startTime ? new Date(src.startTime.getTime() + t0 * 1000) : null,
    *blocks(framesPerBlock) {
      const from = src.blocksFrom ? src.blocksFrom(first, framesPerBlock) : src.blocks(framesPerBlock);
      for (const b of from) {
        const a = Math.max(first, b.firstFrame);
        const z = Math.min(end, b.firstFrame + b.frames);
        if (z <= a) {
          if (b.firstFrame >= end) break;
          continue;
        }
        const nc = src.channelLabels.length;
        yield { block: a === b.firstFrame ? b.block : b.block.subarray((a - b.firstFrame) * nc), frames: z - a, firstFrame: a - first };
        if (z >= end) break;
      }
    },
  };
}
