/**
 * Generic CSV/TSV: delimiter sniffed (tab, comma, semicolon, whitespace); an optional header row;
 * an optional time column (name "time", "t", "timestamp", "seconds", "time_s", "time (ms)" …) from
 * which the rate is inferred; index columns ("index", "sample", "nSeq", "frame") are not channels
 * and give no rate. Lines starting with '#' or '%' before the data are comments.
 * Myocue's own CSV export (export-csv.ts) comes back whole: units from "(uV)" in the names,
 * envelope columns skipped, an "events" last column turned back into annotations.
 */
import { ImportError, singleSegment, type ImportOptions, type ImportedAnnotation, type ImportedRecording } from './imported-recording';
import { isNumeric, medianStep, niceRate, sniffDelimiter, unitToMicrovolts, type Delimiter } from './text-table';
import { TextSource, recordsOf, type CsvRecord } from './text-source';
import { parseNumericRecords } from './numeric-rows';
import { planRecording, rowEventAnnotations, type TextTablePlan } from './text-table-plan';

const TIME_NAME = /^(time|t|timestamp|seconds|secs?|elapsed)(\s*[_([]\s*(s|sec|seconds|ms|milliseconds)\s*[)\]]?)?$/i;
const INDEX_NAME = /^(index|idx|sample|samples|sample[_ ]?index|sample[_ ]?number|n|nseq|seq|frame|i|#)$/i;
const EVENTS_NAME = /^(events?|annotations?|markers?)$/i;

/** Unit written in a column name: "Biceps (uV)", "emg_mV", "EMG [V]". */
function unitOfName(name: string): { unit: string | null; label: string } {
  const m = /^(.*?)[\s_]*[([]\s*(µV|μV|uV|mV|V|nV|counts)\s*[)\]]\s*$/i.exec(name) ?? /^(.*?)_(uV|mV|V)$/i.exec(name);
  if (m) return { unit: /^counts$/i.test(m[2]) ? 'counts' : m[2], label: m[1].trim() || name };
  if (/adc|counts?\b/i.test(name)) return { unit: 'counts', label: name };
  return { unit: null, label: name };
}

function timeScale(name: string): number {
  return /ms|milli/i.test(name) ? 1e-3 : 1;
}

export function importDelimited(path: string, opts: ImportOptions = {}): ImportedRecording {
  return TextSource.with(path, (src) => readDelimited(src, opts));
}

/** The table's layout from its header (text-table-plan.ts); the data records follow. */
export function delimitedPlan(src: TextSource, opts: ImportOptions): TextTablePlan {
  const { fileName } = src;
  const warnings: string[] = [];
  // comment lines ('#', '%') and blank lines before the table
  for (let skipped = 0; ; skipped++) {
    const l = src.peekLine();
    if (l === null) throw new ImportError(fileName, 'there are no data rows');
    if (!(/^\s*[#%]/.test(l) || l.trim() === '')) break;
    if (skipped > 10000) throw new ImportError(fileName, 'more than 10 000 comment lines and no table: not a recording');
    src.nextLine();
  }
  const delimiter: Delimiter = sniffDelimiter(src.peekLines(20));
  const it = recordsOf(src, delimiter === 'whitespace' ? 'whitespace' : delimiter)[Symbol.iterator]();
  const firstRec = it.next();
  if (firstRec.done) throw new ImportError(fileName, 'there are no data rows');
  let names: string[] | null = null;
  const first = firstRec.value.fields;
  let pushedBack: CsvRecord | null = null;
  if (!first.every((f) => isNumeric(f) || f === '')) names = first;
  else pushedBack = firstRec.value;
  const rows: Iterable<CsvRecord> = {
    *[Symbol.iterator]() {
      if (pushedBack) yield pushedBack;
      for (let r = it.next(); !r.done; r = it.next()) yield r.value;
    },
  };
  const expected = names ? names.length : first.length;

  // an events column (our export) is last and may hold any text (csv-parse unquotes it)
  const eventsCol = names ? names.findIndex((n) => EVENTS_NAME.test(n)) : -1;
  const eventsLast = names !== null && eventsCol === expected - 1 && delimiter !== 'whitespace';
  if (eventsCol >= 0 && !eventsLast) warnings.push(`the "${names![eventsCol]}" column is not last and was ignored`);

  const colNames = names ? names.slice(0, expected) : Array.from({ length: expected }, (_, k) => `col${k + 1}`);
  const timeCol = names ? colNames.findIndex((n) => TIME_NAME.test(n)) : -1;
  const indexCols = names ? colNames.map((n, k) => (INDEX_NAME.test(n) ? k : -1)).filter((k) => k >= 0) : [];
  let columns: number[];
  if (opts.columns?.length) {
    for (const c of opts.columns) if (!(c >= 0 && c < expected)) throw new ImportError(fileName, `column ${c} does not exist (rows have ${expected} columns)`);
    columns = opts.columns;
  } else {
    columns = colNames.map((_, k) => k).filter((k) => k !== timeCol && !indexCols.includes(k) && k !== eventsCol);
    const env = columns.filter((k) => /envelope/i.test(colNames[k]));
    if (env.length && env.length < columns.length) {
      columns = columns.filter((k) => !env.includes(k));
      warnings.push(`envelope column(s) skipped (computed data, not signal): ${env.map((k) => colNames[k]).join(', ')}`);
    }
  }
  if (!columns.length) throw new ImportError(fileName, 'no signal columns found (only time/index columns)');

  const keep = timeCol >= 0 ? [...columns, timeCol] : columns;
  const eventTexts = new Map<number, string>();
  let rowIndex = 0;
  const withEvents: Iterable<CsvRecord> = eventsLast
    ? {
        *[Symbol.iterator]() {
          for (const r of rows) {
            const f = r.fields;
            if (f.length === expected) {
              const e = f[expected - 1].trim();
              if (e) eventTexts.set(rowIndex, e);
              rowIndex++;
            }
            yield r;
          }
        },
      }
    : rows;
  const units: string[] = [];
  const labels: string[] = [];
  const scale: number[] = [];
  for (const c of columns) {
    const { unit, label } = unitOfName(colNames[c]);
    labels.push(label);
    const f = unit ? unitToMicrovolts(unit) : null;
    scale.push(f ?? 1);
    units.push(f !== null ? 'uV' : (unit ?? 'unknown'));
  }
  const unknown = labels.filter((_, k) => units[k] === 'unknown');
  if (unknown.length) warnings.push(`units not stated for ${unknown.join(', ')}: values are used as they are (treated as µV)`);
  const counts = labels.filter((_, k) => units[k] === 'counts');
  if (counts.length) warnings.push(`${counts.join(', ')} hold raw ADC counts, not µV`);
  return {
    format: 'csv',
    layout: names ? 'csv-with-header' : 'csv',
    records: withEvents,
    keep,
    expectedFields: expected,
    channelLabels: labels,
    units,
    scale,
    rateHz: opts.rateHz ?? null,
    rateFromUser: opts.rateHz !== undefined,
    time: timeCol >= 0 ? { secondsPerUnit: timeScale(colNames[timeCol]), name: colNames[timeCol] } : null,
    startTime: null,
    warnings,
    rowEvents: eventTexts,
  };
}

function readDelimited(src: TextSource, opts: ImportOptions): ImportedRecording {
  const { fileName, path } = src;
  const plan = delimitedPlan(src, opts);
  const warnings = plan.warnings;
  const eventTexts = plan.rowEvents!;
  const nch = plan.channelLabels.length;
  const table = parseNumericRecords(src, plan.records, plan.keep, plan.expectedFields, warnings);
  if (table.rows === 0 && !table.truncated) throw new ImportError(fileName, plan.layout === 'csv-with-header' ? 'there is a header row but no data rows' : 'there are no data rows');
  const parsed = table.columns;
  const frames = table.rows;
  const dataLine = table.firstLine;

  let rate = NaN;
  /** seconds since the first row, per row (from the time column), for gaps and event times */
  let times: Float64Array | null = null;
  let segments = singleSegment(frames);
  if (plan.time && frames > 1) {
    const t = parsed[nch];
    const scale = plan.time.secondsPerUnit;
    const step = medianStep(t) * scale;
    for (let k = 1; k < frames; k++) {
      if (!(t[k] > t[k - 1])) throw new ImportError(fileName, `the time column does not increase at line ${dataLine + k}`);
    }
    if (step > 0) rate = niceRate(1 / step);
    times = new Float64Array(frames);
    for (let k = 0; k < frames; k++) times[k] = (t[k] - t[0]) * scale;
    // a jump of more than 1.5 sample periods is a gap (e.g. a disconnect in our own export)
    segments = [{ firstFrame: 0, frames: 0, onsetS: 0 }];
    for (let k = 0; k < frames; k++) {
      const seg = segments[segments.length - 1];
      if (k > 0 && times[k] - times[k - 1] > 1.5 / rate) segments.push({ firstFrame: k, frames: 1, onsetS: times[k] });
      else seg.frames++;
    }
    if (segments.length > 1) warnings.push(`the time column has ${segments.length - 1} gap(s); they are kept as gaps`);
  }
  if (opts.rateHz) {
    if (Number.isFinite(rate) && Math.abs(rate - opts.rateHz) / opts.rateHz > 0.01) warnings.push(`sample rate ${opts.rateHz} Hz given overrides ${rate} Hz from the time column`);
    rate = opts.rateHz;
  }
  if (!(rate > 0)) {
    throw new ImportError(fileName, `cannot infer the sample rate (${plan.time ? 'the time column has too few rows' : 'no time column'}); pass --rate HZ`);
  }

  const samples = parsed.slice(0, nch).map((a, k) => {
    const f = plan.scale[k];
    if (f !== 1) for (let n = 0; n < a.length; n++) a[n] *= f;
    return a;
  });
  const annotations: ImportedAnnotation[] = [];
  for (const [k, e] of [...eventTexts].sort((a, b) => a[0] - b[0])) {
    if (k >= frames) continue;
    annotations.push(...rowEventAnnotations(e, times ? times[k] : k / rate));
  }
  return planRecording({ ...plan, format: 'csv' }, { path, fileName }, { sampleRateHz: rate, samples, frameCount: frames, annotations, segments, startTime: null, warnings }, opts);
}
