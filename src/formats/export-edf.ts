/**
 * EDF+ (16-bit) / BDF+ (24-bit) export with annotations (sets, tags, reps, cues, gaps), readable
 * by EDFbrowser, MNE (`mne.io.read_raw_edf/bdf`), EEGLAB/BioSig. Uses the recording writer, with
 * each channel's physical range taken from the data (so 16-bit EDF keeps the most resolution:
 * step = range / 65535). Annotations are placed in the data record where they occur. Written to
 * a temp name and renamed when complete.
 */
import * as fs from 'node:fs';
import * as pathMod from 'node:path';
import { BdfPlusWriter, type RecordingChannel } from '../recording/bdf-writer';
import { fitNumber } from '../recording/edf-header';
import type { ExportableRecording } from './export-csv';
import { parseEvent } from '../recording/events';

export interface EdfExportOptions {
  format?: 'edf' | 'bdf';
  /** EDF prefiltering text per channel or for all, e.g. "HP:20Hz LP:450Hz N:50Hz"; default "none" */
  prefilter?: string | string[];
  patientId?: string;
  recordingId?: string;
  startTime?: Date;
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

export function exportEdf(path: string, rec: ExportableRecording, opts: EdfExportOptions = {}): { clippedSamples: number; recordDurationS: number } {
  const format = opts.format ?? (/\.edf$/i.test(path) ? 'edf' : 'bdf');
  const frames = rec.samples[0]?.length ?? 0;
  if (!frames) throw new Error('EDF export: the recording has no samples');
  const channels: RecordingChannel[] = rec.channelLabels.map((label, c) => ({
    label,
    ...physicalRangeFor(rec.samples[c]),
    prefilter: Array.isArray(opts.prefilter) ? (opts.prefilter[c] ?? 'none') : (opts.prefilter ?? 'none'),
  }));
  const tmp = pathMod.join(pathMod.dirname(path), `.${pathMod.basename(path)}.tmp-${process.pid}`);
  fs.rmSync(tmp, { force: true });
  const w = BdfPlusWriter.open(tmp, {
    channels,
    sampleRateHz: rec.sampleRateHz,
    startTime: opts.startTime ?? rec.startTime ?? new Date(),
    format,
    ...(opts.patientId ? { patientId: opts.patientId } : {}),
    ...(opts.recordingId ? { recordingId: opts.recordingId } : {}),
  });
  try {
    const rate = rec.sampleRateHz;
    const nc = rec.samples.length;
    const segments = rec.segments && rec.segments.length ? rec.segments : [{ firstFrame: 0, frames, onsetS: 0 }];
    // the writer adds its own "Gap" (for each segment break) and "Recording end" marks
    const annotations = [...(rec.annotations ?? [])]
      .filter((a) => {
        const k = parseEvent(a.text).kind;
        return k !== 'recording-end' && !(k === 'gap' && segments.length > 1);
      })
      .sort((a, b) => a.onsetS - b.onsetS);
    let next = 0;
    const spr = w.samplesPerRecord;
    const block = new Float64Array(spr * nc);
    let prevEndS = 0;
    for (let si = 0; si < segments.length; si++) {
      const s = segments[si];
      if (si > 0 && s.onsetS - prevEndS > 0.5 / rate) w.markGap(s.onsetS - prevEndS, 'disconnect');
      for (let f0 = 0; f0 < s.frames; f0 += spr) {
        const n = Math.min(spr, s.frames - f0);
        const chunkEndS = s.onsetS + (f0 + n) / rate;
        while (next < annotations.length && annotations[next].onsetS < chunkEndS) {
          const a = annotations[next++];
          w.addAnnotation(a.onsetS, a.durationS, a.text);
        }
        for (let k = 0; k < n; k++) for (let c = 0; c < nc; c++) block[k * nc + c] = rec.samples[c][s.firstFrame + f0 + k];
        w.writeSamples(block, n);
      }
      prevEndS = s.onsetS + s.frames / rate;
    }
    while (next < annotations.length) {
      const a = annotations[next++];
      w.addAnnotation(a.onsetS, a.durationS, a.text);
    }
    w.close();
    fs.renameSync(tmp, path);
  } catch (err) {
    try {
      w.close();
    } catch {
      /* already failing */
    }
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  return { clippedSamples: w.clippedSamples, recordDurationS: w.recordDurationS };
}
