/**
 * A large text import made replayable in bounded memory: the file is converted once, streamed
 * (text-stream.ts: parse, measure, write; never held whole), into a BDF+ file kept in the data
 * folder (`<data>/imports/converted/`), which replay, analysis and export then read record by
 * record with the EDF/BDF readers. Before, replaying a CSV imported it whole into memory (a
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
import { openTextStream } from './text-stream';
import type { ImportOptions } from './imported-recording';
import { writeJsonAtomic } from '../recording/session-meta';

export const CONVERTED_FOLDER = 'converted';

export interface ConvertedImport {
  /** the BDF+ file to replay */
  bdfPath: string;
  /** the importer's warnings about the text file */
  warnings: string[];
  /** true when an earlier conversion was used */
  cached: boolean;
}

/** Converts `textPath` (CSV, OpenBCI or BrainFlow text) into a BDF+ in `outDir` (or reuses the earlier one). */
export function convertTextImport(textPath: string, outDir: string, opts: Pick<ImportOptions, 'format' | 'rateHz' | 'boardId'> = {}): ConvertedImport {
  const st = fs.statSync(textPath);
  const key = createHash('sha256')
    .update(JSON.stringify([pathMod.resolve(textPath), st.size, st.mtimeMs, opts.format ?? 'auto', opts.rateHz ?? null, opts.boardId ?? null]))
    .digest('hex')
    .slice(0, 12);
  const stem = pathMod.basename(textPath).replace(/[^\w.-]+/g, '_').slice(0, 80);
  const bdfPath = pathMod.join(outDir, `${stem}.${key}.bdf`);
  const notesPath = `${bdfPath}.import.json`;
  if (fs.existsSync(bdfPath) && fs.existsSync(notesPath)) {
    try {
      const notes = JSON.parse(fs.readFileSync(notesPath, 'utf8')) as { warnings?: unknown };
      return { bdfPath, warnings: Array.isArray(notes.warnings) ? notes.warnings.filter((w): w is string => typeof w === 'string') : [], cached: true };
    } catch {
      /* damaged notes: convert again */
    }
  }
  const stream = openTextStream(textPath, opts);
  fs.mkdirSync(outDir, { recursive: true });
  // exportEdf writes a temp name and renames when complete: a crash leaves no half file here
  exportEdf(bdfPath, stream, { format: 'bdf', ranges: stream.ranges });
  writeJsonAtomic(notesPath, { source: pathMod.basename(textPath), layout: stream.layout, warnings: stream.warnings });
  return { bdfPath, warnings: stream.warnings, cached: false };
}
