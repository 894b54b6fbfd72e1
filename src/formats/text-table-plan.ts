/**
 * The layout of a text recording, read from its header before any data row: which fields of a row
 * are channels (and a time column), their labels, units and scale, the rate when the header or the
 * user states it, and the data records still to come. Every text importer (generic CSV, OpenBCI
 * GUI text, BrainFlow CSV, Vicon Nexus CSV, OpenSignals and BioSPPy text) builds one; its
 * in-memory import and the streamed conversion (text-stream.ts) both start from it, so both read
 * a file the same way.
 */
import { finishImport, singleSegment, type ImportFormat, type ImportOptions, type ImportedAnnotation, type ImportedRecording } from './imported-recording';
import type { CsvRecord, TextSource } from './text-source';
import { parseNumericRecords, type NumericRowsOptions } from './numeric-rows';

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
  /** per channel: added after the scale (a PLUX sensor's transfer function has an offset); absent: 0 */
  offset?: number[];
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
  /**
   * every kept row (the `keep` values, file units), in order, during the measuring or the
   * in-memory pass: checks that follow the rows (a sequence counter, Vicon frame numbers) throw
   * an ImportError or count for `finish`. `line` is the row's line in the file.
   */
  onRow?(row: Float64Array, index: number, line: number): void;
  /** after the whole pass: checks that need every row (e.g. timestamps vs the rate) add warnings */
  finish?(frames: number, rateHz: number): void;
}

/**
 * A plan with a stated rate (no time column) read whole into memory: the in-memory import every
 * such layout shares (OpenBCI, BrainFlow, Vicon, OpenSignals, BioSPPy text). The streamed
 * conversion (text-stream.ts) reads the same plan the same way, without keeping the rows.
 */
export function importTablePlan(src: TextSource, plan: TextTablePlan, opts: ImportOptions): ImportedRecording {
  const rate = plan.rateHz;
  if (plan.time || rate === null) throw new Error(`importTablePlan: ${plan.layout} has a time column; its own importer reads it`);
  const nc = plan.channelLabels.length;
  const table = parseNumericRecords(src, plan.records, plan.keep, plan.expectedFields, plan.warnings, plan.rowOptions, plan.onRow);
  const frames = table.rows;
  const samples = table.columns.slice(0, nc);
  samples.forEach((a, c) => {
    const f = plan.scale[c];
    const o = plan.offset ? plan.offset[c] : 0;
    if (f !== 1 || o !== 0) for (let i = 0; i < a.length; i++) a[i] = a[i] * f + o;
  });
  plan.finish?.(frames, rate);
  return planRecording(plan, src, { sampleRateHz: rate, samples, frameCount: frames, annotations: [], segments: singleSegment(frames), startTime: frames ? plan.startTime : null, warnings: plan.warnings }, opts);
}

/**
 * The ImportedRecording of a text table read whole: the plan's format, layout, labels and units
 * with the samples read and their timing (the rate, segments and events each importer found), the
 * channels the caller asked for kept (finishImport). The one place the in-memory text importers
 * (importTablePlan, the generic CSV with its time column) build their result.
 */
export function planRecording(
  plan: Pick<TextTablePlan, 'format' | 'layout' | 'channelLabels' | 'units'>,
  file: { path: string; fileName: string },
  read: Pick<ImportedRecording, 'sampleRateHz' | 'samples' | 'frameCount' | 'annotations' | 'segments' | 'startTime' | 'warnings'>,
  opts: Pick<ImportOptions, 'channels'>,
): ImportedRecording {
  return finishImport(
    {
      format: plan.format,
      layout: plan.layout,
      path: file.path,
      fileName: file.fileName,
      sampleRateHz: read.sampleRateHz,
      channelLabels: plan.channelLabels,
      units: plan.units,
      samples: read.samples,
      frameCount: read.frameCount,
      durationS: read.frameCount / read.sampleRateHz,
      annotations: read.annotations,
      segments: read.segments,
      startTime: read.startTime,
      warnings: read.warnings,
    },
    opts.channels,
  );
}

/** An event text of row `k` as annotations ("a | b" holds several), at `onsetS`. */
export function rowEventAnnotations(text: string, onsetS: number): ImportedAnnotation[] {
  return text
    .split(' | ')
    .map((p) => p.trim())
    .filter((p) => p)
    .map((p) => ({ onsetS, durationS: null, text: p }));
}
