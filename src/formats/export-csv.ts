/**
 * CSV export for spreadsheets, Python/R and MATLAB: one row per sample,
 *   time_s,<label> (<unit>),…[,<label> envelope (uV),…][,events]
 * time_s is seconds since the first sample (gaps show as jumps in time); the optional envelope
 * columns come from the caller's DSP chain; events are annotation texts at their nearest row
 * (several joined with " | "). Fields are written as csv-parse reads them back (csvField, RFC 4180),
 * so a channel named "Biceps, left" or an event with quotes re-imports whole. Streamed block by
 * block from an ExportSource (memory does not grow with the recording). Written to a temp file and renamed, so a
 * failed export never leaves a half file under the final name.
 */
import * as fs from 'node:fs';
import { memoryExportSource, type ExportableRecording, type ExportSource } from './export-source';
import { describeFsError } from '../recording/fs-errors';
import { runExport, runSteps, runStepsYielding, type ExportSteps } from './export-steps';

export type { ExportableRecording } from './export-source';

export interface CsvExportOptions {
  /** write the raw columns (default true) */
  raw?: boolean;
  /** per channel envelope (µV): arrays as long as the samples, or a source of the same frames */
  envelope?: Float64Array[] | ExportSource;
  /** decimals for values (default 3: 0.001 µV) */
  decimals?: number;
  /** write the events column (default: when there are annotations) */
  events?: boolean;
  onProgress?: (fraction: number) => void;
}

/**
 * One CSV field as csv-parse reads it back (RFC 4180): quoted when it holds the delimiter, a
 * quote, a line break, or leading/trailing spaces (the reader trims unquoted fields); quotes doubled.
 */
export function csvField(s: string): string {
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Column name of a channel: its whole label and its unit as it is (raw ADC counts are "(counts)", not "(uV)"). */
export function csvColumnName(label: string, unit: string | undefined, suffix = ''): string {
  const u = unit ?? 'uV';
  return `${label}${suffix}${u === 'unknown' || u === '' ? '' : ` (${u})`}`;
}

export function asExportSource(rec: ExportableRecording | ExportSource): ExportSource {
  return 'samples' in rec ? memoryExportSource(rec) : rec;
}

const BLOCK_FRAMES = 4096;

export interface CsvExportResult {
  rows: number;
  columns: number;
}

export function exportCsv(path: string, recording: ExportableRecording | ExportSource, opts: CsvExportOptions = {}): CsvExportResult {
  return runSteps(csvExportSteps(path, recording, opts));
}

/** The same, giving the event loop a turn between blocks (the host: export-steps.ts). */
export function exportCsvYielding(path: string, recording: ExportableRecording | ExportSource, opts: CsvExportOptions = {}): Promise<CsvExportResult> {
  return runStepsYielding(csvExportSteps(path, recording, opts));
}

function* csvExportSteps(path: string, recording: ExportableRecording | ExportSource, opts: CsvExportOptions): ExportSteps<CsvExportResult> {
  const src = asExportSource(recording);
  const raw = opts.raw ?? true;
  const envIn = opts.envelope;
  const dec = opts.decimals ?? 3;
  const frames = src.frameCount;
  const nc = src.channelLabels.length;
  if (!raw && !envIn) throw new Error('CSV export: nothing to write (neither raw nor envelope columns)');
  if (Array.isArray(envIn) && (envIn.length !== nc || envIn.some((e) => e.length !== frames))) {
    throw new Error('CSV export: the envelope must have one array per channel, as long as the samples');
  }
  const env = envIn === undefined ? null : Array.isArray(envIn) ? memoryExportSource({ ...src, samples: envIn }) : envIn;
  if (env && env.frameCount !== frames) throw new Error('CSV export: the envelope must cover the same frames as the samples');
  const rate = src.sampleRateHz;
  const segments = src.segments.length ? src.segments : [{ firstFrame: 0, frames, onsetS: 0 }];
  const annotations = [...src.annotations].sort((a, b) => a.onsetS - b.onsetS);
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
  if (raw) head.push(...src.channelLabels.map((l, c) => csvField(csvColumnName(l, src.units[c]))));
  if (env) head.push(...src.channelLabels.map((l) => csvField(csvColumnName(l, 'uV', ' envelope'))));
  if (withEvents) head.push('events');

  return yield* runExport(path, {
    open: (tmp) => fs.openSync(tmp, 'w', 0o644),
    *write(fd) {
      fs.writeSync(fd, head.join(',') + '\n');
      const rawBlocks = src.blocks(BLOCK_FRAMES);
      const envBlocks = env ? env.blocks(BLOCK_FRAMES) : null;
      let seg = 0;
      let written = 0;
      for (;;) {
        const r = rawBlocks.next();
        if (r.done) break;
        const b = r.value;
        const e = envBlocks ? envBlocks.next() : null;
        const eb = e && !e.done ? e.value.block : null;
        let text = '';
        for (let k = 0; k < b.frames; k++) {
          const f = b.firstFrame + k;
          while (seg < segments.length - 1 && f >= segments[seg].firstFrame + segments[seg].frames) seg++;
          const s = segments[seg];
          let line = (s.onsetS + (f - s.firstFrame) / rate).toFixed(6);
          if (raw) for (let c = 0; c < nc; c++) line += ',' + b.block[k * nc + c].toFixed(dec);
          if (eb) for (let c = 0; c < nc; c++) line += ',' + eb[k * nc + c].toFixed(dec);
          if (withEvents) {
            const ev = eventsAt.get(f);
            line += ',' + (ev ? csvField(ev.join(' | ')) : '');
          }
          text += line + '\n';
        }
        fs.writeSync(fd, text);
        written += b.frames;
        opts.onProgress?.(written / Math.max(1, frames));
        yield;
      }
      return { rows: frames, columns: head.length };
    },
    finish(fd) {
      fs.fsyncSync(fd);
      fs.closeSync(fd);
    },
    abandon: (fd) => fs.closeSync(fd),
    describe: (err, opened) => describeFsError(err, 'export to', path, opened ? 'No file was written.' : ''),
  });
}
