/**
 * BrainFlow CSV (DataFilter.write_file): tab-separated numbers, no header, one row per sample,
 * one column per board "row" (package counter, EXG channels in µV, accel, …, unix timestamp s,
 * marker). The layout depends on the board, so the rate comes from the user or the board id.
 * Board table: BrainFlow's board descriptions (brainflow_boards.json) for the OpenBCI boards.
 */
import { ImportError, type ImportOptions, type ImportedRecording } from './imported-recording';
import { splitFields } from './text-table';
import { TextSource } from './text-source';
import { importTablePlan, type TextTablePlan } from './text-table-plan';

export interface BrainflowBoard {
  name: string;
  sampleRateHz: number;
  /** EXG columns (0-based) */
  exgColumns: number[];
  timestampColumn: number;
  markerColumn: number;
  /** total columns per row */
  columns: number;
}

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, k) => a + k);

export const BRAINFLOW_BOARDS: Record<number, BrainflowBoard> = {
  0: { name: 'OpenBCI Cyton', sampleRateHz: 250, exgColumns: range(1, 8), timestampColumn: 22, markerColumn: 23, columns: 24 },
  1: { name: 'OpenBCI Ganglion', sampleRateHz: 200, exgColumns: range(1, 4), timestampColumn: 13, markerColumn: 14, columns: 15 },
  2: { name: 'OpenBCI Cyton+Daisy', sampleRateHz: 125, exgColumns: range(1, 16), timestampColumn: 30, markerColumn: 31, columns: 32 },
};

/** Unix time in seconds (2001..2286): how BrainFlow's timestamp column looks. */
function isUnixSeconds(x: number): boolean {
  return x > 1e9 && x < 1e10;
}

export function looksLikeBrainflow(lines: string[]): boolean {
  const sample = lines.slice(0, 5).filter((l) => l.trim() !== '');
  if (!sample.length) return false;
  return sample.every((l) => {
    const f = l.split('\t');
    return f.length >= 4 && f.every((x) => x.trim() !== '' && Number.isFinite(Number(x))) && f.some((x) => isUnixSeconds(Number(x)));
  });
}

export function importBrainflow(path: string, opts: ImportOptions = {}): ImportedRecording {
  return TextSource.with(path, (src) => importTablePlan(src, brainflowPlan(src, opts), opts));
}

/**
 * The file's layout from its first row, the board and the options (text-table-plan.ts). Throws
 * when the rate cannot be known (no board id, no rate given), naming the rate the timestamps of
 * the first rows suggest.
 */
export function brainflowPlan(src: TextSource, opts: ImportOptions): TextTablePlan {
  const { fileName } = src;
  const warnings: string[] = [];
  const line0 = src.peekLine();
  if (line0 === null || !line0.includes('\t')) throw new ImportError(fileName, 'not a BrainFlow CSV (rows are not tab-separated numbers)');
  const first = splitFields(line0, '\t');
  const expected = first.length;
  if (!first.every((f) => Number.isFinite(Number(f)))) throw new ImportError(fileName, 'not a BrainFlow CSV (the first row is not all numbers; BrainFlow files have no header)');
  const board = opts.boardId !== undefined ? BRAINFLOW_BOARDS[opts.boardId] : undefined;
  if (opts.boardId !== undefined && !board) {
    throw new ImportError(fileName, `unknown BrainFlow board id ${opts.boardId} (known: ${Object.entries(BRAINFLOW_BOARDS).map(([id, b]) => `${id} ${b.name}`).join(', ')}); pass --rate and --columns instead`);
  }
  if (board && board.columns !== expected) {
    throw new ImportError(fileName, `rows have ${expected} columns but a ${board.name} BrainFlow file has ${board.columns}: wrong board id?`);
  }
  const tsCol = board ? board.timestampColumn : first.findIndex((f) => isUnixSeconds(Number(f)));

  let columns: number[];
  if (opts.columns?.length) {
    for (const c of opts.columns) if (!(c >= 0 && c < expected)) throw new ImportError(fileName, `column ${c} does not exist (rows have ${expected} columns)`);
    columns = opts.columns;
  } else if (board) columns = board.exgColumns;
  else {
    // without a board: every column except the package counter (0), the timestamp and the last (marker)
    columns = Array.from({ length: expected }, (_, k) => k).filter((k) => k !== 0 && k !== tsCol && k !== expected - 1);
    warnings.push(`no board id given: columns ${columns.join(', ')} were taken as channels (pass --board or --columns to choose)`);
  }

  // the timestamps of the first and last rows: the start time, and a check of the rate
  const ts: number[] = [];
  const rows = src.records({ delimiter: '\t' });
  const withTimes = {
    *[Symbol.iterator]() {
      for (const r of rows) {
        if (tsCol >= 0 && r.fields.length === expected) {
          const t = Number(r.fields[tsCol]);
          if (Number.isFinite(t)) ts[ts.length === 0 ? 0 : 1] = t;
        }
        yield r;
      }
    },
  };
  const rate = opts.rateHz ?? board?.sampleRateHz ?? NaN;
  const measuredRate = (frames: number): number => (tsCol >= 0 && frames > 10 && ts[1] > ts[0] ? (frames - 1) / (ts[1] - ts[0]) : NaN);
  if (!(rate > 0)) {
    // the first rows' timestamps as a hint (the whole file is not read for an error)
    let n = 0;
    for (const r of withTimes) if (r.fields.length === expected && ++n >= 2000) break;
    const measured = measuredRate(n);
    const hint = Number.isFinite(measured) ? ` (timestamps suggest about ${measured.toFixed(0)} Hz)` : '';
    throw new ImportError(fileName, `cannot infer the sample rate of a BrainFlow file without a board id${hint}; pass --rate HZ or --board ID`);
  }
  return {
    format: 'brainflow',
    layout: board ? `brainflow-${board.name}` : 'brainflow',
    records: withTimes,
    keep: columns,
    expectedFields: expected,
    channelLabels: columns.map((c, k) => (board ? `ch${k + 1}` : `col${c}`)),
    units: columns.map(() => 'uV'),
    scale: columns.map(() => 1),
    rateHz: rate,
    rateFromUser: opts.rateHz !== undefined,
    time: null,
    get startTime() {
      return ts.length ? new Date(ts[0] * 1000) : null;
    },
    warnings,
    finish(frames) {
      const measured = measuredRate(frames);
      if (Number.isFinite(measured) && Math.abs(measured - rate) / rate > 0.05) {
        warnings.push(`timestamps suggest ${measured.toFixed(1)} Hz but ${rate} Hz is used (samples lost, or the wrong board/rate)`);
      }
    },
  };
}
