/**
 * EDF+ (16-bit) / BDF+ (24-bit) export with annotations (sets, tags, reps, cues, gaps), readable
 * by EDFbrowser, MNE (`mne.io.read_raw_edf/bdf`), EEGLAB/BioSig. Uses the recording writer, with
 * each channel's physical range taken from the data (so 16-bit EDF keeps the most resolution:
 * step = range / 65535). Annotations are placed in the data record where they occur. Written to
 * a temp name and renamed when complete.
 */
import { BdfPlusWriter, type RecordingChannel } from '../recording/bdf-writer';
import { fitNumber } from '../recording/edf-header';
import { asExportSource, type ExportableRecording } from './export-csv';
import type { ExportSource } from './export-source';
import { parseEvent } from '../recording/events';
import { runExport, runSteps, runStepsYielding, type ExportSteps } from './export-steps';

export interface EdfExportOptions {
  format?: 'edf' | 'bdf';
  /** EDF prefiltering text per channel or for all, e.g. "HP:20Hz LP:450Hz N:50Hz"; default "none" */
  prefilter?: string | string[];
  patientId?: string;
  recordingId?: string;
  startTime?: Date;
  /** per channel, the smallest and largest value when the caller measured them (saves a pass over a streamed source) */
  ranges?: { min: number; max: number }[];
}

/** A physical range that surely contains [min, max] after 8-character rounding. */
export function physicalRangeFor(data: Float64Array): { physicalMin: number; physicalMax: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { physicalMin: -1, physicalMax: 1 };
  const span = max - min;
  const pad = span > 0 ? span * 1e-4 : Math.max(1, Math.abs(max) * 1e-3);
  let lo = fitNumber(min - pad);
  let hi = fitNumber(max + pad);
  // 8-character rounding may move a limit inwards: push it out until it covers the data
  for (let k = 1; lo > min && k < 60; k++) lo = fitNumber(min - pad * 2 ** k);
  for (let k = 1; hi < max && k < 60; k++) hi = fitNumber(max + pad * 2 ** k);
  return { physicalMin: lo, physicalMax: hi };
}

/** Physical range per channel over all blocks of `src` (one pass), each as physicalRangeFor gives it. */
function* physicalRanges(src: ExportSource): ExportSteps<{ physicalMin: number; physicalMax: number }[]> {
  const nc = src.channelLabels.length;
  const lo = new Float64Array(nc).fill(Infinity);
  const hi = new Float64Array(nc).fill(-Infinity);
  for (const b of src.blocks(4096)) {
    for (let f = 0; f < b.frames; f++) {
      for (let c = 0; c < nc; c++) {
        const v = b.block[f * nc + c];
        if (v < lo[c]) lo[c] = v;
        if (v > hi[c]) hi[c] = v;
      }
    }
    yield;
  }
  return Array.from({ length: nc }, (_, c) => physicalRangeFor(Float64Array.of(lo[c], hi[c])));
}

export interface EdfExportResult {
  clippedSamples: number;
  recordDurationS: number;
}

export function exportEdf(path: string, recording: ExportableRecording | ExportSource, opts: EdfExportOptions = {}): EdfExportResult {
  return runSteps(edfExportSteps(path, recording, opts));
}

/** The same, giving the event loop a turn between blocks (the host: export-steps.ts). */
export function exportEdfYielding(path: string, recording: ExportableRecording | ExportSource, opts: EdfExportOptions = {}): Promise<EdfExportResult> {
  return runStepsYielding(edfExportSteps(path, recording, opts));
}

function* edfExportSteps(path: string, recording: ExportableRecording | ExportSource, opts: EdfExportOptions): ExportSteps<EdfExportResult> {
  const src = asExportSource(recording);
  const format = opts.format ?? (/\.edf$/i.test(path) ? 'edf' : 'bdf');
  const frames = src.frameCount;
  if (!frames) throw new Error('EDF export: the recording has no samples');
  const ranges = opts.ranges ? opts.ranges.map((r) => physicalRangeFor(Float64Array.of(r.min, r.max))) : yield* physicalRanges(src);
  const channels: RecordingChannel[] = src.channelLabels.map((label, c) => ({
    label,
    // the unit as it is: raw ADC counts are stored as "counts", not passed off as µV
    ...(src.units[c] && src.units[c] !== 'uV' ? { unit: src.units[c] === 'unknown' ? '' : src.units[c].slice(0, 8) } : {}),
    ...ranges[c],
    prefilter: Array.isArray(opts.prefilter) ? (opts.prefilter[c] ?? 'none') : (opts.prefilter ?? 'none'),
  }));
  return yield* runExport(path, {
    open: (tmp) =>
      BdfPlusWriter.open(tmp, {
        channels,
        sampleRateHz: src.sampleRateHz,
        startTime: opts.startTime ?? src.startTime ?? new Date(),
        format,
        ...(opts.patientId ? { patientId: opts.patientId } : {}),
        ...(opts.recordingId ? { recordingId: opts.recordingId } : {}),
      }),
    *write(w) {
      const rate = src.sampleRateHz;
      const nc = src.channelLabels.length;
      const segments = src.segments.length ? src.segments : [{ firstFrame: 0, frames, onsetS: 0 }];
      // the writer adds its own "Gap" (for each segment break) and "Recording end" marks
      const annotations = [...src.annotations]
        .filter((a) => {
          const k = parseEvent(a.text).kind;
          return k !== 'recording-end' && !(k === 'gap' && segments.length > 1);
        })
        .sort((a, b) => a.onsetS - b.onsetS);
      let next = 0;
      const spr = w.samplesPerRecord;
      let si = 0;
      let prevEndS = 0;
      // blocks of one record at most, cut at segment borders (a gap is marked between segments)
      for (const b of src.blocks(spr)) {
        let k = 0;
        while (k < b.frames) {
          const f = b.firstFrame + k;
          while (si < segments.length - 1 && f >= segments[si].firstFrame + segments[si].frames) si++;
          const s = segments[si];
          if (f === s.firstFrame && si > 0 && s.onsetS - prevEndS > 0.5 / rate) w.markGap(s.onsetS - prevEndS, 'disconnect');
          const n = Math.min(b.frames - k, s.firstFrame + s.frames - f);
          const chunkEndS = s.onsetS + (f - s.firstFrame + n) / rate;
          while (next < annotations.length && annotations[next].onsetS < chunkEndS) {
            const a = annotations[next++];
            w.addAnnotation(a.onsetS, a.durationS, a.text);
          }
          w.writeSamples(k === 0 ? b.block : b.block.subarray(k * nc), n);
          k += n;
          prevEndS = s.onsetS + (f - s.firstFrame + n) / rate;
        }
        yield;
      }
      while (next < annotations.length) {
        const a = annotations[next++];
        w.addAnnotation(a.onsetS, a.durationS, a.text);
      }
      return { clippedSamples: w.clippedSamples, recordDurationS: w.recordDurationS };
    },
    finish: (w) => w.close(),
    abandon: (w) => w.close(),
  });
}
