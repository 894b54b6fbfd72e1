/**
 * Helpers shared by the text importers: recognising binary files, splitting a line into fields,
 * sniffing the delimiter, rates and units. Reading (streamed, bounded) is text-source.ts; numeric
 * rows into per-channel arrays, with the truncation policy, is numeric-rows.ts.
 */
import { parse as parseCsv } from 'csv-parse/sync';

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

export type Delimiter = ',' | '\t' | ';' | 'whitespace';

export function splitFields(line: string, d: Delimiter): string[] {
  if (d === 'whitespace') return line.trim().split(/\s+/);
  return line.split(d).map((f) => f.trim());
}

/**
 * Picks the delimiter that splits the sample lines into the same number (>1) of fields, reading
 * them with csv-parse (so a quoted "Biceps, left" in a header is one field).
 */
export function sniffDelimiter(sample: string[]): Delimiter {
  const lines = sample.filter((l) => l.trim() !== '');
  const candidates: Delimiter[] = ['\t', ',', ';', 'whitespace'];
  let best: Delimiter = 'whitespace';
  let bestScore = 0;
  for (const d of candidates) {
    const counts = lines.map((l) => {
      if (d === 'whitespace') return splitFields(l, d).length;
      try {
        const rows = parseCsv(l, { delimiter: d, relax_column_count: true, relax_quotes: true }) as string[][];
        return rows.length === 1 ? rows[0].length : -1;
      } catch {
        return -1; // e.g. a quote left open by a cut: this line does not vote
      }
    });
    const first = counts[0];
    // every line but one (the last may be cut) splits like the first
    const agree = counts.filter((c) => c === first).length;
    if (first > 1 && agree >= Math.max(1, counts.length - 1) && first > bestScore) {
      best = d;
      bestScore = first;
    }
  }
  return best;
}

export function isNumeric(field: string): boolean {
  return field !== '' && Number.isFinite(Number(field));
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
