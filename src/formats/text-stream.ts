/**
 * A text recording (generic CSV/TSV, OpenBCI GUI text, BrainFlow CSV, Vicon Nexus CSV,
 * OpenSignals and BioSPPy text) read as a stream of sample
 * blocks, never whole (issue 9.13 for imports): one pass at open measures it (rows, rate, gaps from
 * a time column, events, each channel's range, the importer's warnings) and every `blocks()` call
 * parses the file again from the start. Memory is the text reader's buffers plus one block,
 * whatever the file size. The layout comes from the same plan the in-memory importer uses
 * (text-table-plan.ts), and the measured figures follow the same rules as the in-memory import:
 * the rate from the median step of the first 20 000 time values (text-table.ts medianStep), a gap
 * where two times are more than 1.5 sample periods apart, the user's rate overriding a time column
 * with a warning, the truncation policy of numeric-rows.ts.
 *
 * Used to convert an import once into a BDF+ file (text-to-bdf.ts) that replay, analysis and
 * export then stream with the existing EDF/BDF readers.
 */
import type { EdfSegment } from '../recording/bdf-reader';
import type { ExportBlock, ExportSource } from './export-source';
import { ImportError, type ImportOptions, type ImportedAnnotation } from './imported-recording';
import { numericRowStream, type RowStreamResult } from './numeric-rows';
import { TextSource } from './text-source';
import { medianStep, niceRate } from './text-table';
import { rowEventAnnotations, type TextTablePlan } from './text-table-plan';
import { delimitedPlan } from './delimited-csv';
import { openBciPlan } from './openbci-txt';
import { brainflowPlan } from './brainflow-csv';
import { viconPlan } from './vicon-csv';
import { biosppyPlan, openSignalsPlan } from './plux-text';
import { detectLayout, type DetectedLayout } from './detect-format';

export type StreamableLayout = 'csv' | 'openbci' | 'brainflow' | 'vicon' | 'opensignals' | 'biosppy';

const PLANS: Record<StreamableLayout, (src: TextSource, opts: ImportOptions) => TextTablePlan> = {
  csv: delimitedPlan,
  openbci: openBciPlan,
  brainflow: brainflowPlan,
  vicon: viconPlan,
  opensignals: openSignalsPlan,
  biosppy: biosppyPlan,
};

/** Text layouts read as the 'csv' format family (importRecording's FORMAT_OF). */
const CSV_FAMILY: ReadonlySet<DetectedLayout> = new Set(['vicon', 'opensignals', 'biosppy']);

/** The header of a streamable text table (its data rows not read yet). */
export function textTablePlan(kind: StreamableLayout, src: TextSource, opts: ImportOptions): TextTablePlan {
  return PLANS[kind](src, opts);
}

/** Time values the rate is taken from (medianStep looks at the first 20 000 steps). */
const RATE_WINDOW_ROWS = 20_001;

/**
 * Which streaming text reader reads `path` with these options, or null (not a text table: EDF/BDF
 * stream with their own reader, HDF5 is read by slices in opensignals-h5.ts).
 */
export function streamableLayout(path: string, opts: ImportOptions = {}): StreamableLayout | null {
  const layout: DetectedLayout = detectLayout(path);
  const format = opts.format ?? 'auto';
  if (format === 'auto') return layout === 'edf' || layout === 'hdf5' ? null : layout;
  // a BrainFlow file is also a valid generic TSV, and a plain TSV may be read as BrainFlow
  if (format === 'csv' && (layout === 'csv' || layout === 'brainflow')) return 'csv';
  if (format === 'csv' && CSV_FAMILY.has(layout)) return layout as StreamableLayout;
  if (format === 'brainflow' && (layout === 'csv' || layout === 'brainflow')) return 'brainflow';
  if (format === 'openbci' && layout === 'openbci') return 'openbci';
  return null;
}

export interface TextStreamSource extends ExportSource {
  format: TextTablePlan['format'];
  layout: string;
  fileName: string;
  /** the importer's warnings (dropped rows, units, rate checks), as the in-memory import gives them */
  warnings: string[];
  /** per channel, the smallest and largest value (in the channel's unit) */
  ranges: { min: number; max: number }[];
}

/** Opens a text recording as a stream (one measuring pass now). Throws ImportError like the importers. */
export function openTextStream(path: string, opts: ImportOptions = {}): TextStreamSource {
  if (opts.rateHz !== undefined && !(opts.rateHz > 0 && Number.isFinite(opts.rateHz))) {
    throw new ImportError(path.split(/[\\/]/).pop() ?? path, `the sample rate given (${opts.rateHz}) is not a positive number of Hz`);
  }
  const kind = streamableLayout(path, opts);
  if (!kind) throw new ImportError(path.split(/[\\/]/).pop() ?? path, 'is not a text table Myocue can stream (CSV, OpenBCI, BrainFlow, Vicon, OpenSignals or BioSPPy text)');
  const planOf = PLANS[kind];
  const m = TextSource.with(path, (src) => measure(src, planOf(src, opts)));
  const nc = m.plan.channelLabels.length;
  return {
    format: m.plan.format,
    layout: m.plan.layout,
    fileName: m.fileName,
    warnings: m.warnings,
    ranges: m.ranges,
    sampleRateHz: m.rateHz,
    channelLabels: m.plan.channelLabels,
    units: m.plan.units,
    frameCount: m.frames,
    segments: m.segments,
    annotations: m.annotations,
    startTime: m.startTime,
    *blocks(framesPerBlock: number): Generator<ExportBlock> {
      const src = TextSource.open(path);
      try {
        const plan = planOf(src, opts);
        const block = new Float64Array(framesPerBlock * nc);
        const scale = plan.scale;
        const offset = plan.offset ?? new Array<number>(nc).fill(0);
        let f = 0;
        let first = 0;
        for (const row of numericRowStream(src, plan.records, plan.keep, plan.expectedFields, [], plan.rowOptions)) {
          if (first + f >= m.frames) break;
          const o = f * nc;
          for (let c = 0; c < nc; c++) block[o + c] = row[c] * scale[c] + offset[c];
          if (++f === framesPerBlock) {
            yield { block, frames: f, firstFrame: first };
            first += f;
            f = 0;
          }
        }
        if (f > 0) yield { block, frames: f, firstFrame: first };
      } finally {
        src.close();
      }
    },
  };
}

interface Measured {
  plan: TextTablePlan;
  fileName: string;
  frames: number;
  rateHz: number;
  segments: EdfSegment[];
  annotations: ImportedAnnotation[];
  ranges: { min: number; max: number }[];
  warnings: string[];
  startTime: Date | null;
}

/** The measuring pass: every row parsed once, nothing kept but counts, ranges, gaps and events. */
function measure(src: TextSource, plan: TextTablePlan): Measured {
  const { fileName } = src;
  const nc = plan.channelLabels.length;
  const warnings = plan.warnings;
  if (!plan.time && !(plan.rateHz !== null && plan.rateHz > 0)) {
    throw new ImportError(fileName, 'cannot infer the sample rate (no time column); pass --rate HZ');
  }
  const lo = new Float64Array(nc).fill(Infinity);
  const hi = new Float64Array(nc).fill(-Infinity);
  const nonzero = new Uint8Array(nc);
  const scale = plan.scale;
  const offset = plan.offset ?? new Array<number>(nc).fill(0);
  const onRow = plan.onRow;
  const result: RowStreamResult = { rows: 0, firstLine: -1, truncated: false };
  const events = plan.rowEvents;
  const annotations: ImportedAnnotation[] = [];

  // time column: the first values (for the rate), the gaps once the rate is known
  const time = plan.time;
  const ti = nc; // the time column is kept after the channels
  const head = new Float64Array(time ? RATE_WINDOW_ROWS : 0);
  let t0 = NaN;
  let prevT = NaN;
  let timeRate = NaN;
  const segments: EdfSegment[] = [{ firstFrame: 0, frames: 0, onsetS: 0 }];
  let prevS = 0;
  const gapAt = (k: number, s: number): void => {
    const seg = segments[segments.length - 1];
    if (k > 0 && s - prevS > 1.5 / timeRate) segments.push({ firstFrame: k, frames: 1, onsetS: s });
    else seg.frames++;
    prevS = s;
  };
  const settleRate = (count: number): void => {
    const step = medianStep(head.subarray(0, count)) * time!.secondsPerUnit;
    timeRate = step > 0 ? niceRate(1 / step) : NaN;
    for (let k = 0; k < count; k++) gapAt(k, (head[k] - head[0]) * time!.secondsPerUnit);
  };

  let n = 0;
  for (const row of numericRowStream(src, plan.records, plan.keep, plan.expectedFields, warnings, plan.rowOptions, result)) {
    onRow?.(row, n, result.line ?? 0);
    for (let c = 0; c < nc; c++) {
      const v = row[c] * scale[c] + offset[c];
      if (v < lo[c]) lo[c] = v;
      if (v > hi[c]) hi[c] = v;
      if (v !== 0) nonzero[c] = 1;
    }
    let onsetS = NaN;
    if (time) {
      const t = row[ti];
      if (n === 0) t0 = t;
      else if (!(t > prevT)) throw new ImportError(fileName, `the time column does not increase at line ${result.firstLine + n}`);
      prevT = t;
      onsetS = (t - t0) * time.secondsPerUnit;
      if (n < RATE_WINDOW_ROWS) {
        head[n] = t;
        if (n === RATE_WINDOW_ROWS - 1) settleRate(RATE_WINDOW_ROWS);
      } else gapAt(n, onsetS);
    }
    if (events && events.size) {
      const e = events.get(n);
      if (e !== undefined) {
        events.delete(n);
        annotations.push(...rowEventAnnotations(e, time ? onsetS : n / plan.rateHz!));
      }
    }
    n++;
  }
  if (n === 0) {
    throw new ImportError(fileName, result.truncated ? 'contains no samples' : plan.layout === 'csv-with-header' ? 'there is a header row but no data rows' : 'there are no data rows');
  }
  if (time && n < RATE_WINDOW_ROWS) settleRate(n);
  let rate = time ? timeRate : NaN;
  let segs: EdfSegment[] = [{ firstFrame: 0, frames: n, onsetS: 0 }];
  if (time && n > 1) {
    segs = segments;
    if (segs.length > 1) warnings.push(`the time column has ${segs.length - 1} gap(s); they are kept as gaps`);
  }
  if (time && n <= 1) rate = NaN;
  if (plan.rateHz !== null) {
    if (time && plan.rateFromUser && Number.isFinite(rate) && Math.abs(rate - plan.rateHz) / plan.rateHz > 0.01) {
      warnings.push(`sample rate ${plan.rateHz} Hz given overrides ${rate} Hz from the time column`);
    }
    rate = plan.rateHz;
  }
  if (!(rate > 0)) throw new ImportError(fileName, `cannot infer the sample rate (${time ? 'the time column has too few rows' : 'no time column'}); pass --rate HZ`);
  plan.finish?.(n, rate);
  const zero = plan.channelLabels.filter((_, c) => !nonzero[c]);
  if (zero.length) warnings.push(`${zero.length} channel(s) are all zero (unused inputs?): ${zero.join(', ')}`);
  return {
    plan,
    fileName,
    frames: n,
    rateHz: rate,
    segments: segs,
    annotations,
    ranges: Array.from({ length: nc }, (_, c) => ({ min: lo[c], max: hi[c] })),
    warnings,
    startTime: plan.startTime,
  };
}
