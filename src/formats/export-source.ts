/**
 * What the exporters read: a recording's description and its samples as a stream of blocks, so
 * that exporting a long EDF/BDF file never holds it in memory (issue 9.13: a 2 GB recording
 * exports in a few MB of buffers instead of > 2.5 GB). Three kinds:
 *  - memoryExportSource: an import already in memory (text formats);
 *  - edfExportSource: an EDF/BDF file read record by record (EdfFrameReader);
 *  - envelopeExportSource: another source's samples through the live DSP chain (EmgChain), with
 *    the batch warm-up of filter-recording.ts, block by block.
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
}

/** An in-memory recording (one array per channel) as an export source. */
export function memoryExportSource(rec: {
  sampleRateHz: number;
  channelLabels: string[];
  units?: string[];
  samples: Float64Array[];
  segments?: EdfSegment[];
  annotations?: ImportedAnnotation[];
  startTime?: Date | null;
}): ExportSource {
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
    *blocks(framesPerBlock) {
      const block = new Float64Array(framesPerBlock * nc);
      for (let first = 0; first < n; first += framesPerBlock) {
        const frames = Math.min(framesPerBlock, n - first);
        for (let c = 0; c < nc; c++) {
          const s = rec.samples[c];
          for (let f = 0; f < frames; f++) block[f * nc + c] = s[first + f];
        }
        yield { block, frames, firstFrame: first };
      }
    },
  };
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
    *blocks(framesPerBlock) {
      const reader = new EdfFrameReader(info);
      const block = new Float64Array(framesPerBlock * info.channelCount);
      try {
        for (let first = 0; first < info.totalFrames; first += framesPerBlock) {
          const frames = reader.readFrames(first, framesPerBlock, block);
          yield { block, frames, firstFrame: first };
        }
      } finally {
        reader.close();
      }
    },
  };
}

/**
 * `src` through the DSP chain: each block holds the RMS envelopes (µV) instead of the samples.
 * The chain starts from the recording's own steady state (filter-recording.ts warm-up, from its
 * first frames), as batch analysis does: no start-up transient.
 */
export function envelopeExportSource(src: ExportSource, settings: DspSettings, onWarning?: (w: string) => void): ExportSource {
  const nc = src.channelLabels.length;
  return {
    ...src,
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
