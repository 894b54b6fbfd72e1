/**
 * The one rule for the name of an exported file in the data folder's exports/ (session-export.ts
 * writes such names; the browser host's /exports/ route and the desktop app's `saveExport` accept
 * only such names): one plain name — no separator, no control character, no leading dot (that
 * also rules out `.` and `..` and the exporters' temporary files) — ending in an export's
 * extension, at most 255 UTF-8 bytes.
 */
import { text } from '../util/schema-kit';

export const EXPORT_FILE_NAME_PATTERN = /^[^./\\\u0000-\u001f\u007f][^/\\\u0000-\u001f\u007f]*\.(csv|edf|bdf)$/i;

/** Longest name, in UTF-8 bytes (what file systems allow). */
export const MAX_EXPORT_NAME_BYTES = 255;

export function isExportFileName(name: string): boolean {
  return EXPORT_FILE_NAME_PATTERN.test(name) && Buffer.byteLength(name, 'utf8') <= MAX_EXPORT_NAME_BYTES;
}

export const exportFileNameSchema = text(MAX_EXPORT_NAME_BYTES, {
  nonEmpty: true,
  pattern: EXPORT_FILE_NAME_PATTERN,
  patternHint: 'must be the name of an exported file (a .csv, .edf or .bdf in exports/, no folders)',
});
