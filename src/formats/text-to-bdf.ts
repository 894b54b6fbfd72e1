/**
 * A large text or OpenSignals HDF5 import made replayable and analysable in bounded memory: the
 * file is converted once, streamed (text-stream.ts: parse, measure, write; opensignals-h5.ts: by
 * dataset slices; never held whole), into a BDF+ file kept in the data folder
 * (`<data>/imports/converted/`; `analyze` of a large file: a temporary folder), which replay and
 * analysis then read record by record with the EDF/BDF readers. Before, replaying a CSV imported it whole into memory (a
 * 60 MB CSV took hundreds of MB; see tests/integration/text-import-memory.test.ts).
 *
 * 24-bit BDF with each channel's range taken from the data keeps 2^24 steps over that range
 * (a step of range / 16.7 M: far below any sEMG amplifier's noise), so nothing of the signal is lost.
 * The conversion is cached: the same file (path, size, modification time) with the same options is
 * converted once; its warnings are kept beside it (`.import.json`) and said again on each open.
 */
import * as fs from 'node:fs';
import * as pathMod from 'node:path';
import { createHash } from 'node:crypto';
import { exportEdf } from './export-edf';
import { openTextStream, streamableLayout } from './text-stream';
import { openOpenSignalsH5 } from './opensignals-h5';
import { detectLayout } from './detect-format';
import type { ImportFormat, ImportOptions } from './imported-recording';
import type { ExportSource } from './export-source';
import { writeJsonAtomic } from '../recording/session-meta';

export const CONVERTED_FOLDER = 'converted';

export interface ConvertedImport {
  /** the BDF+ file to replay */
  bdfPath: string;
  /** the importer's warnings about the original file */
  warnings: string[];
  /** true when an earlier conversion was used */
  cached: boolean;
  /** what the original file is: its format family, layout and whole channel labels (a BDF label holds 16 characters) */
  format: ImportFormat;
  layout: string;
  channelLabels: string[];
  /** the original's start (ISO 8601), null when it does not say (the BDF then holds the conversion time) */
  startTime: string | null;
}

type ConvertOptions = Pick<ImportOptions, 'format' | 'rateHz' | 'boardId'>;

/** A stream the conversion writes: a text table's or an HDF5 file's. */
interface ConvertibleStream extends ExportSource {
  format: ImportFormat;
  layout: string;
  warnings: string[];
  ranges: { min: number; max: number }[];
}

/** Where the conversion of `path` with `opts` goes, and the earlier conversion when there is one. */
function conversionTarget(path: string, outDir: string, opts: ConvertOptions): { bdfPath: string; notesPath: string; earlier: ConvertedImport | null } {
  const st = fs.statSync(path);
  const key = createHash('sha256')
    .update(JSON.stringify([pathMod.resolve(path), st.size, st.mtimeMs, opts.format ?? 'auto', opts.rateHz ?? null, opts.boardId ?? null]))
    .digest('hex')
    .slice(0, 12);
  const stem = pathMod.basename(path).replace(/[^\w.-]+/g, '_').slice(0, 80);
  const bdfPath = pathMod.join(outDir, `${stem}.${key}.bdf`);
  const notesPath = `${bdfPath}.import.json`;
  let earlier: ConvertedImport | null = null;
  if (fs.existsSync(bdfPath) && fs.existsSync(notesPath)) {
    try {
      const notes = JSON.parse(fs.readFileSync(notesPath, 'utf8')) as { warnings?: unknown; format?: unknown; layout?: unknown; channelLabels?: unknown; startTime?: unknown };
      const strings = (v: unknown): string[] | null => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : null);
      const labels = strings(notes.channelLabels);
      if (typeof notes.format === 'string' && typeof notes.layout === 'string' && labels) {
        const startTime = typeof notes.startTime === 'string' ? notes.startTime : null;
        earlier = { bdfPath, warnings: strings(notes.warnings) ?? [], cached: true, format: notes.format as ImportFormat, layout: notes.layout, channelLabels: labels, startTime };
      }
    } catch {
      /* damaged notes: convert again */
    }
  }
  return { bdfPath, notesPath, earlier };
}

function writeConversion(path: string, outDir: string, target: { bdfPath: string; notesPath: string }, stream: ConvertibleStream): ConvertedImport {
  fs.mkdirSync(outDir, { recursive: true });
  // exportEdf writes a temp name and renames when complete: a crash leaves no half file here
  exportEdf(target.bdfPath, stream, { format: 'bdf', ranges: stream.ranges });
  const what = { format: stream.format, layout: stream.layout, channelLabels: stream.channelLabels, startTime: stream.startTime ? stream.startTime.toISOString() : null };
  writeJsonAtomic(target.notesPath, { source: pathMod.basename(path), ...what, warnings: stream.warnings });
  return { bdfPath: target.bdfPath, warnings: stream.warnings, cached: false, ...what };
}

/** Converts `textPath` (any text layout text-stream.ts reads) into a BDF+ in `outDir` (or reuses the earlier one). */
export function convertTextImport(textPath: string, outDir: string, opts: ConvertOptions = {}): ConvertedImport {
  const target = conversionTarget(textPath, outDir, opts);
  if (target.earlier) return target.earlier;
  return writeConversion(textPath, outDir, target, openTextStream(textPath, opts));
}

/**
 * Converts any file Myocue imports but does not stream as it is (text tables, OpenSignals HDF5)
 * into a BDF+ in `outDir`; null for EDF/BDF files (they stream already) and for a `format` the
 * file is not (the importer then says what it is).
 */
export async function convertImport(path: string, outDir: string, opts: ConvertOptions = {}): Promise<ConvertedImport | null> {
  const format = opts.format ?? 'auto';
  if (detectLayout(path) === 'hdf5') {
    if (format !== 'auto' && format !== 'hdf5') return null;
    const target = conversionTarget(path, outDir, opts);
    if (target.earlier) return target.earlier;
    return writeConversion(path, outDir, target, await openOpenSignalsH5(path, opts));
  }
  return streamableLayout(path, opts) ? convertTextImport(path, outDir, opts) : null;
}
