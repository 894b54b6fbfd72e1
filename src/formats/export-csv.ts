/**
 * CSV export for spreadsheets, Python/R and MATLAB: one row per sample,
 *   time_s,<label> (uV),…[,<label> envelope (uV),…][,events]
 * time_s is seconds since the first sample (gaps show as jumps in time); the optional envelope
 * columns come from the caller's DSP chain; events are annotation texts at their nearest row
 * (several joined with " | ", quoted per RFC 4180). Written to a temp file and renamed, so a
 * failed export never leaves a half file under the final name.
 */
import * as fs from 'node:fs';
import * as pathMod from 'node:path';
import { frameToTime, type EdfSegment } from '../recording/bdf-reader';
import { describeFsError } from '../recording/fs-errors';
import type { ImportedAnnotation } from './imported-recording';

export interface ExportableRecording {
  sampleRateHz: number;
  channelLabels: string[];
  /** per channel, µV */
  samples: Float64Array[];
  segments?: EdfSegment[];
  annotations?: ImportedAnnotation[];
  startTime?: Date | null;
}

export interface CsvExportOptions {
  /** write the raw µV columns (default true) */
  raw?: boolean;
  /** per channel envelope (µV), same length as the samples */
  envelope?: Float64Array[];
  /** decimals for µV values (default 3: 0.001 µV) */
  decimals?: number;
  /** write the events column (default: when there are annotations) */
  events?: boolean;
}

function csvName(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function exportCsv(path: string, rec: ExportableRecording, opts: CsvExportOptions = {}): { rows: number; columns: number } {
  const raw = opts.raw ?? true;
  const env = opts.envelope;
  const dec = opts.decimals ?? 3;
  const frames = rec.samples[0]?.length ?? 0;
  if (!raw && !env) throw new Error('CSV export: nothing to write (neither raw nor envelope columns)');
  if (env && (env.length !== rec.samples.length || env.some((e) => e.length !== frames))) {
    throw new Error('CSV export: the envelope must have one array per channel, as long as the samples');
  }
  const rate = rec.sampleRateHz;
  const segments = rec.segments && rec.segments.length ? rec.segments : [{ firstFrame: 0, frames, onsetS: 0 }];
  const annotations = [...(rec.annotations ?? [])].sort((a, b) => a.onsetS - b.onsetS);
  const withEvents = opts.events ?? annotations.length > 0;
  // events land on the row whose time is nearest to the onset
  const eventsAt = new Map<number, string[]>();
  if (withEvents) {
    for (const a of annotations) {
      let best = 0;
      let bestD = Infinity;
      for (const s of segments) {
        const f = Math.min(s.frames - 1, Math.max(0, Math.round((a.onsetS - s.onsetS) * rate)));
        const d = Math.abs(s.onsetS + f / rate - a.onsetS);
        if (d < bestD) {
          bestD = d;
          best = s.firstFrame + f;
        }
      }
      const list = eventsAt.get(best) ?? [];
      list.push(a.text.replace(/ \| /g, ' / '));
      eventsAt.set(best, list);
    }
  }
  const head = ['time_s'];
  if (raw) head.push(...rec.channelLabels.map((l) => csvName(`${l} (uV)`)));
  if (env) head.push(...rec.channelLabels.map((l) => csvName(`${l} envelope (uV)`)));
  if (withEvents) head.push('events');

  const tmp = pathMod.join(pathMod.dirname(path), `.${pathMod.basename(path)}.tmp-${process.pid}`);
  let fd: number;
  try {
    fd = fs.openSync(tmp, 'w', 0o644);
  } catch (err) {
    throw describeFsError(err, 'export to', path);
  }
  try {
    fs.writeSync(fd, head.join(',') + '\n');
    const nc = rec.samples.length;
    let chunk: string[] = [];
    for (let f = 0; f < frames; f++) {
      let line = frameToTime(segments, rate, f).toFixed(6);
      if (raw) for (let c = 0; c < nc; c++) line += ',' + rec.samples[c][f].toFixed(dec);
      if (env) for (let c = 0; c < nc; c++) line += ',' + env[c][f].toFixed(dec);
      if (withEvents) {
        const e = eventsAt.get(f);
        line += ',' + (e ? csvName(e.join(' | ')) : '');
      }
      chunk.push(line);
      if (chunk.length >= 2000) {
        fs.writeSync(fd, chunk.join('\n') + '\n');
        chunk = [];
      }
    }
    if (chunk.length) fs.writeSync(fd, chunk.join('\n') + '\n');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, path);
  } catch (err) {
    try {
      fs.closeSync(fd);
    } catch {
      /* already closed */
    }
    fs.rmSync(tmp, { force: true });
    throw describeFsError(err, 'export to', path, 'No file was written.');
  }
  return { rows: frames, columns: head.length };
}
