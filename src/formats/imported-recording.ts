/**
 * What every importer returns: a whole recording in memory, one Float64Array per channel.
 * Units are stated per channel: 'uV' when the file says (or its device defines) a voltage, or the
 * honest alternative ('counts', 'unknown', the file's own unit) with a warning.
 */
import type { EdfSegment } from '../recording/bdf-reader';

export type ImportFormat = 'myocue' | 'openbci' | 'brainflow' | 'csv' | 'edf' | 'hdf5';

export interface ImportedAnnotation {
  /** seconds since the first sample */
  onsetS: number;
  durationS: number | null;
  text: string;
}

export interface ImportedRecording {
  format: ImportFormat;
  /** the exact layout recognised, e.g. 'openbci-gui-v3', 'vicon-csv', 'opensignals-txt', 'opensignals-h5', 'biosppy-txt', 'bdf+' */
  layout: string;
  path: string;
  fileName: string;
  sampleRateHz: number;
  channelLabels: string[];
  /** per channel: 'uV', 'counts' (raw ADC), 'unknown', or the file's unit when it is not a voltage */
  units: string[];
  /** one array per channel, all of length frameCount */
  samples: Float64Array[];
  frameCount: number;
  /** seconds of signal (frameCount / rate) */
  durationS: number;
  annotations: ImportedAnnotation[];
  /** runs of contiguous samples (more than one only for files with gaps, e.g. EDF+D) */
  segments: EdfSegment[];
  startTime: Date | null;
  /** anything the user should know: dropped rows, unknown units, all-zero channels, rate checks */
  warnings: string[];
}

export interface ImportOptions {
  format?: 'auto' | ImportFormat;
  /** sample rate, Hz, when the file does not state it (or to override it, with a warning) */
  rateHz?: number;
  /** keep only these channels (0-based indexes into the channels the file offers) */
  channels?: number[];
  /** generic CSV / BrainFlow: which file columns (0-based) are channels */
  columns?: number[];
  /** BrainFlow board id (0 Cyton, 1 Ganglion, 2 Cyton+Daisy) for rate and EXG columns */
  boardId?: number;
}

/** An import failure: the message names the file and the problem. */
export class ImportError extends Error {
  constructor(fileName: string, problem: string) {
    super(`${fileName}: ${problem}`);
    this.name = 'ImportError';
  }
}

export function singleSegment(frames: number): EdfSegment[] {
  return frames > 0 ? [{ firstFrame: 0, frames, onsetS: 0 }] : [];
}

/** Applies the `channels` selection and adds the standard warnings (all-zero channels). */
export function finishImport(rec: ImportedRecording, channels?: number[]): ImportedRecording {
  let r = rec;
  if (channels && channels.length) {
    for (const c of channels) {
      if (!Number.isInteger(c) || c < 0 || c >= rec.samples.length) {
        throw new ImportError(rec.fileName, `channel ${c} does not exist (the file has channels 0-${rec.samples.length - 1}: ${rec.channelLabels.join(', ')})`);
      }
    }
    r = {
      ...rec,
      channelLabels: channels.map((c) => rec.channelLabels[c]),
      units: channels.map((c) => rec.units[c]),
      samples: channels.map((c) => rec.samples[c]),
    };
  }
  if (r.frameCount === 0) throw new ImportError(r.fileName, 'contains no samples');
  const zero = r.samples.map((s, i) => (s.every((v) => v === 0) ? r.channelLabels[i] : null)).filter((x): x is string => x !== null);
  if (zero.length) r.warnings.push(`${zero.length} channel(s) are all zero (unused inputs?): ${zero.join(', ')}`);
  return r;
}
