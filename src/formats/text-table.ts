/**
 * Helpers shared by the text importers: reading a text file safely, splitting lines, sniffing
 * the delimiter, parsing numeric rows into per-channel arrays with an explicit truncation policy.
 */
import * as fs from 'node:fs';
import * as pathMod from 'node:path';
import { ImportError } from './imported-recording';

/** Reads a whole text file; refuses binary content with a message naming what it looks like. */
export function readTextFile(path: string): { text: string; fileName: string } {
  const fileName = pathMod.basename(path);
  let buf: Buffer;
  try {
    buf = fs.readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ImportError(fileName, `cannot open (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (err as Error).message})`);
  }
  if (buf.length === 0) throw new ImportError(fileName, 'the file is empty');
  const kind = binaryKind(buf);
  if (kind) throw new ImportError(fileName, `not a text recording (${kind})`);
  return { text: buf.toString('utf8'), fileName };
}

/** Names common binary files; null when the head looks like text. */
export function binaryKind(buf: Buffer): string | null {
  const head = buf.subarray(0, 4096);
  if (head[0] === 0x89 && head.toString('latin1', 1, 4) === 'PNG') return 'it is a PNG image';
  if (head[0] === 0xff && head[1] === 0xd8) return 'it is a JPEG image';
  if (head.toString('latin1', 0, 4) === '%PDF') return 'it is a PDF document';
  if (head.toString('latin1', 0, 2) === 'PK') return 'it is a ZIP archive (xlsx/docx?)';
  if (head.toString('latin1', 1, 4) === 'HDF') return 'it is an HDF5 file; export it to CSV or EDF first';
  let bad = 0;
  for (const b of head) if (b === 0 || (b < 9 && b !== 0) || (b > 13 && b < 32 && b !== 27)) bad++;
  if (bad > head.length * 0.01 || head.includes(0)) return 'it contains binary data';
  return null;
}

/** Lines without their CR/LF; a trailing empty line (final newline) is dropped. */
export function splitLines(text: string): { lines: string[]; endsWithNewline: boolean } {
  const lines = text.split(/\r?\n/);
  const endsWithNewline = lines.length > 1 && lines[lines.length - 1] === '';
  if (endsWithNewline) lines.pop();
  return { lines, endsWithNewline };
}

export type Delimiter = ',' | '\t' | ';' | 'whitespace';

export function splitFields(line: string, d: Delimiter): string[] {
  if (d === 'whitespace') return line.trim().split(/\s+/);
  return line.split(d).map((f) => f.trim());
}

/** Picks the delimiter that splits the sample lines into the same number (>1) of fields. */
export function sniffDelimiter(sample: string[]): Delimiter {
  const candidates: Delimiter[] = ['\t', ',', ';', 'whitespace'];
  let best: Delimiter = 'whitespace';
  let bestScore = 0;
  for (const d of candidates) {
    const counts = sample.map((l) => splitFields(l, d).length);
    const first = counts[0];
    if (first > 1 && counts.every((c) => c === first) && first > bestScore) {
      best = d;
      bestScore = first;
    }
  }
  return best;
}

export function isNumeric(field: string): boolean {
  return field !== '' && Number.isFinite(Number(field));
}

/**
 * Parses numeric data rows into per-column arrays (only `columns` are kept).
 * Policy: a short or unparsable LAST row (a file cut while being written) is dropped with a
 * warning; a bad row anywhere else fails the import with its line number — never a silently
 * partial recording.
 */
export function parseNumericRows(
  fileName: string,
  lines: string[],
  firstLine: number,
  delimiter: Delimiter,
  columns: number[],
  expectedFields: number,
  warnings: string[],
  options: { allowTrailingEmpty?: boolean } = {},
): Float64Array[] {
  const rows = lines.length - firstLine;
  const out = columns.map(() => new Float64Array(Math.max(0, rows)));
  let n = 0;
  for (let i = firstLine; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') {
      if (i === lines.length - 1) continue;
      // a blank line ends the data block only if nothing but blanks follows
      if (lines.slice(i).every((l) => l.trim() === '')) break;
      throw new ImportError(fileName, `line ${i + 1} is empty in the middle of the data`);
    }
    let f = splitFields(line, delimiter);
    if (options.allowTrailingEmpty && f.length === expectedFields + 1 && f[f.length - 1] === '') f = f.slice(0, -1);
    let bad: string | null = null;
    if (f.length !== expectedFields) bad = `has ${f.length} fields, expected ${expectedFields}`;
    else {
      for (let k = 0; k < columns.length; k++) {
        const v = f[columns[k]];
        const x = v === '' ? NaN : Number(v);
        if (!Number.isFinite(x)) {
          // the value itself is not shown: an error must never echo a file's content
          bad = `field ${columns[k] + 1} is not a number`;
          break;
        }
        out[k][n] = x;
      }
    }
    if (bad) {
      if (i === lines.length - 1) {
        warnings.push(`the last row (line ${i + 1}) is incomplete (${bad}): the file was probably cut off; that row was dropped`);
        break;
      }
      throw new ImportError(fileName, `line ${i + 1} ${bad}`);
    }
    n++;
  }
  return out.map((a) => (a.length === n ? a : a.slice(0, n)));
}

/** Median of successive differences: robust rate estimate from a time column. */
export function medianStep(t: Float64Array): number {
  const n = Math.min(t.length - 1, 20000);
  if (n < 1) return NaN;
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = t[i + 1] - t[i];
  d.sort();
  return d[Math.floor(n / 2)];
}

/** Rounds a measured rate to a nearby "nice" rate (within 0.5%) so 999.98 Hz reads as 1000 Hz. */
export function niceRate(hz: number): number {
  const nice = [100, 125, 128, 200, 250, 256, 500, 512, 1000, 1024, 1200, 1500, 2000, 2048, 2500, 4000, 4096, 5000, 8000, 10000];
  for (const r of nice) if (Math.abs(hz - r) / r < 0.005) return r;
  return Math.round(hz * 1000) / 1000;
}

/** Scale factor to µV for a unit text ('V', 'mV', 'µV', 'uV', 'microvolts'); null if not a voltage. */
export function unitToMicrovolts(unit: string): number | null {
  const u = unit.trim().toLowerCase().replace('µ', 'u').replace('μ', 'u');
  if (u === 'uv' || u === 'microvolts' || u === 'microvolt') return 1;
  if (u === 'mv' || u === 'millivolts') return 1e3;
  if (u === 'v' || u === 'volts' || u === 'volt') return 1e6;
  if (u === 'nv') return 1e-3;
  return null;
}
