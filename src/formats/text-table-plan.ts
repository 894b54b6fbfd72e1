/**
 * The layout of a text recording, read from its header before any data row: which fields of a row
 * are channels (and a time column), their labels, units and scale, the rate when the header or the
 * user states it, and the data records still to come. Each text importer that can stream (generic
 * CSV, OpenBCI GUI text, BrainFlow CSV) builds one; its in-memory import and the streamed
 * conversion (text-stream.ts) both start from it, so both read a file the same way.
 */
import type { ImportFormat, ImportedAnnotation } from './imported-recording';
import type { CsvRecord } from './text-source';
import type { NumericRowsOptions } from './numeric-rows';

export interface TextTablePlan {
  format: ImportFormat;
  layout: string;
  /** the data records from here on (hooks for events and timestamps ride along) */
  records: Iterable<CsvRecord>;
  /** fields of a row read as numbers: the channels first, then the time column (if `time`) */
  keep: number[];
  expectedFields: number;
  rowOptions?: NumericRowsOptions;
  channelLabels: string[];
  /** per channel: 'uV', 'counts', 'unknown' or the file's own unit */
  units: string[];
  /** per channel: factor from the file's value to the unit in `units` (µV for 'uV') */
  scale: number[];
  /** the rate the header or the user states, Hz; null: from the time column */
  rateHz: number | null;
  /** the rate is the user's (it then overrides a time column, with a warning) */
  rateFromUser: boolean;
  /** the last kept field is a time column in these seconds per unit (1 s, 1e-3 ms) */
  time: { secondsPerUnit: number; name: string } | null;
  startTime: Date | null;
  /** warnings from the header, and those the rows' hooks add */
  warnings: string[];
  /** annotations the rows carried (an events column), by data row index; filled during the pass */
  rowEvents?: Map<number, string>;
  /** after the whole pass: checks that need every row (e.g. timestamps vs the rate) add warnings */
  finish?(frames: number, rateHz: number): void;
}

/** An event text of row `k` as annotations ("a | b" holds several), at `onsetS`. */
export function rowEventAnnotations(text: string, onsetS: number): ImportedAnnotation[] {
  return text
    .split(' | ')
    .map((p) => p.trim())
    .filter((p) => p)
    .map((p) => ({ onsetS, durationS: null, text: p }));
}
