/**
 * Numeric data rows, streamed, into one Float64Array per kept column, with an explicit policy
 * for damaged files (never a silently partial recording):
 *  - a bad row (wrong number of fields, a field that is not a number) anywhere but last fails the
 *    import with its line number;
 *  - a bad LAST row (a file cut while being written) is dropped with a warning;
 *  - a file whose last byte is not a line break ends mid-row: its last row may be cut inside a
 *    number ("1234" written as "12") and still parse, so it is dropped too, and the warning says
 *    the file ends mid-row and may be truncated (issue 9.15);
 *  - blank lines: trailing ones are ignored; one in the middle of the data is an error, unless
 *    `stopAtBlank` (a Vicon export's Devices section ends at a blank line).
 * The arrays grow by doubling from an estimate of the row count, then are cut to length.
 */
import { ImportError } from './imported-recording';
import type { CsvRecord, TextSource } from './text-source';

export interface NumericRowsOptions {
  /** rows end with a trailing delimiter (OpenSignals): one extra empty field is allowed */
  allowTrailingEmpty?: boolean;
  /** stop at the first blank line (the rest of the file is another section) */
  stopAtBlank?: boolean;
  /** expected rows (for the first allocation); estimated from the file size when absent */
  rowsHint?: number;
}

export interface NumericRows {
  /** per kept column, all of length `rows` */
  columns: Float64Array[];
  rows: number;
  /** line number of each kept row's start is not stored; the first data row's line is */
  firstLine: number;
  /** true when the last row was dropped because the file ends mid-row or it was incomplete */
  truncated: boolean;
}

class GrowingColumn {
  data: Float64Array;
  constructor(capacity: number) {
    this.data = new Float64Array(Math.max(16, capacity));
  }
  grow(): void {
    const next = new Float64Array(this.data.length * 2);
    next.set(this.data);
    this.data = next;
  }
  /** the first n values, without keeping much unused space */
  take(n: number): Float64Array {
    if (n === this.data.length) return this.data;
    return n < this.data.length * 0.9 ? this.data.slice(0, n) : this.data.subarray(0, n);
  }
}

/** What a pass over the rows found (filled in as numericRowStream runs; final when it is done). */
export interface RowStreamResult {
  rows: number;
  firstLine: number;
  truncated: boolean;
  /** the line of the row last yielded */
  line?: number;
}

/**
 * Parses `records` (from src.records(...) or src.lineRecords(...)) as numeric rows of
 * `expectedFields` fields, keeping `columns`: yields each good row's kept values (one reused
 * array: copy what you keep), so a caller can stream a file of any size. A row is yielded only
 * once the next one is known to be good or the file ends whole, so the truncation policy above
 * holds for streams too (a dropped last row is never handed out). Warnings about dropped rows go
 * to `warnings`; `result` holds the counts when the iteration is done.
 */
export function* numericRowStream(
  src: TextSource,
  records: Iterable<CsvRecord>,
  columns: number[],
  expectedFields: number,
  warnings: string[],
  options: NumericRowsOptions = {},
  result: RowStreamResult = { rows: 0, firstLine: -1, truncated: false },
): Generator<Float64Array, void, undefined> {
  const fileName = src.fileName;
  const k = columns.length;
  // two row buffers: the row held back (yielded when the next row is good) and the row being parsed
  let held = new Float64Array(k);
  let cur = new Float64Array(k);
  let heldLine = 0;
  let holding = false;
  let n = 0;
  let firstLine = -1;
  /** a bad row, fatal unless it turns out to be the last */
  let pendingBad: { line: number; why: string } | null = null;
  /** a blank line, fatal unless only blank lines follow */
  let pendingBlank = -1;
  let lastLine = 0;
  let stoppedAtBlank = false;
  result.rows = 0;
  result.firstLine = -1;
  result.truncated = false;
  for (const rec of records) {
    let f = rec.fields;
    lastLine = rec.line;
    if (f.length === 1 && f[0].trim() === '') {
      if (options.stopAtBlank) {
        stoppedAtBlank = true;
        break;
      }
      if (pendingBlank < 0) pendingBlank = rec.line;
      continue;
    }
    if (pendingBad) throw new ImportError(fileName, `line ${pendingBad.line} ${pendingBad.why}`);
    if (pendingBlank >= 0) throw new ImportError(fileName, `line ${pendingBlank} is empty in the middle of the data`);
    if (firstLine < 0) firstLine = result.firstLine = rec.line;
    if (options.allowTrailingEmpty && f.length === expectedFields + 1 && f[f.length - 1] === '') f = f.slice(0, -1);
    if (f.length !== expectedFields) {
      pendingBad = { line: rec.line, why: `has ${f.length} field${f.length === 1 ? '' : 's'}, expected ${expectedFields}` };
      continue;
    }
    let bad = -1;
    for (let j = 0; j < k; j++) {
      const v = f[columns[j]];
      const x = v === '' ? NaN : Number(v);
      if (!Number.isFinite(x)) {
        bad = j;
        break;
      }
      cur[j] = x;
    }
    if (bad >= 0) {
      // the value itself is not shown: an error must never echo a file's content
      pendingBad = { line: rec.line, why: `field ${columns[bad] + 1} is not a number` };
      continue;
    }
    if (holding) {
      result.rows = n - 1;
      result.line = heldLine;
      yield held;
      result.rows = n;
    }
    const t = held;
    held = cur;
    cur = t;
    heldLine = rec.line;
    holding = true;
    n++;
  }
  let truncated = false;
  const atFileEnd = !stoppedAtBlank && pendingBlank < 0;
  if (pendingBad) {
    truncated = true;
    const mid = atFileEnd && !src.endsWithNewline;
    warnings.push(
      mid
        ? `the file ends mid-row (line ${pendingBad.line} ${pendingBad.why}, and no line break follows it): it may be truncated (cut off while being written); that row was dropped`
        : `the last row (line ${pendingBad.line}) is incomplete (${pendingBad.why}): the file was probably cut off; that row was dropped`,
    );
  } else if (atFileEnd && !src.endsWithNewline && n > 0) {
    // the last row parsed, but without its line break it may be cut inside its last number
    n--;
    holding = false;
    truncated = true;
    warnings.push(`the file ends mid-row (no line break after line ${lastLine}): it may be truncated (cut off while being written); that last row was dropped`);
  }
  result.truncated = truncated;
  if (holding) {
    result.rows = n - 1;
    result.line = heldLine;
    yield held;
  }
  result.rows = n;
}

/**
 * Parses `records` as numeric rows (numericRowStream) into one array per kept column, in memory;
 * `onRow` sees each row first (a layout's checks, text-table-plan.ts).
 */
export function parseNumericRecords(
  src: TextSource,
  records: Iterable<CsvRecord>,
  columns: number[],
  expectedFields: number,
  warnings: string[],
  options: NumericRowsOptions = {},
  onRow?: (row: Float64Array, index: number, line: number) => void,
): NumericRows {
  const hint = options.rowsHint ?? Math.ceil(src.size / Math.max(2, expectedFields * 4));
  const cols = columns.map(() => new GrowingColumn(Math.min(hint, 1 << 22)));
  const k = columns.length;
  const result: RowStreamResult = { rows: 0, firstLine: -1, truncated: false };
  let n = 0;
  for (const row of numericRowStream(src, records, columns, expectedFields, warnings, options, result)) {
    onRow?.(row, n, result.line ?? 0);
    if (n === cols[0]?.data.length) for (const c of cols) c.grow();
    for (let j = 0; j < k; j++) cols[j].data[n] = row[j];
    n++;
  }
  return { columns: cols.map((c) => c.take(n)), rows: n, firstLine: result.firstLine, truncated: result.truncated };
}
