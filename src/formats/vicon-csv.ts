/**
 * Vicon Nexus CSV export, "Devices" section (analog channels: EMG, force plates):
 *   row 1 "Devices" | row 2 analog rate (Hz) | row 3 device per column | row 4 channel names
 *   (Frame, Sub Frame, …) | row 5 units (V, mV, …) | data rows. A blank line ends the section
 *   (a "Trajectories" section may follow; it is ignored).
 * Time of a row = ((Frame − 1) × subframes + Sub Frame) / rate; the rows are checked for gaps as
 * they stream (a row follows the one before: the next Sub Frame, or Sub Frame 0 of the next Frame
 * after the last Sub Frame, and every Frame has the same number of Sub Frames).
 */
import { ImportError, type ImportOptions, type ImportedRecording } from './imported-recording';
import { unitToMicrovolts } from './text-table';
import { TextSource, type CsvRecord } from './text-source';
import { importTablePlan, type TextTablePlan } from './text-table-plan';

export function looksLikeVicon(lines: string[]): boolean {
  return lines.length > 5 && looksLikeViconStart(lines);
}

/** "Devices" then a rate: the start of a Vicon export, even one cut off inside its header. */
export function looksLikeViconStart(lines: string[]): boolean {
  return lines.length >= 2 && /^Devices\s*(,|$)/.test(lines[0]) && /^\d+(\.\d+)?\s*(,|$)/.test(lines[1]);
}

export function importVicon(path: string, opts: ImportOptions = {}): ImportedRecording {
  return TextSource.with(path, (src) => importTablePlan(src, viconPlan(src, opts), opts));
}

/** The Devices section's layout from its five header rows (text-table-plan.ts); the data rows follow. */
export function viconPlan(src: TextSource, opts: ImportOptions): TextTablePlan {
  const { fileName } = src;
  // the five header rows (csv-parse: a quoted name may hold a comma)
  const it = src.records({ delimiter: ',' })[Symbol.iterator]();
  const head: string[][] = [];
  while (head.length < 5) {
    const r = it.next();
    if (r.done) break;
    head.push(r.value.fields);
  }
  const startLines = head.map((f) => f.join(','));
  if (looksLikeViconStart(startLines) && head.length < 5) {
    throw new ImportError(fileName, `ends after ${head.length} line${head.length === 1 ? '' : 's'}, inside the Vicon Nexus header (5 lines, then data): the file was probably cut off`);
  }
  if (!looksLikeViconStart(startLines)) throw new ImportError(fileName, 'not a Vicon Nexus CSV export (expected "Devices" then the rate on the first two lines)');
  const warnings: string[] = [];
  let rate = Number(head[1][0]);
  if (opts.rateHz) {
    if (opts.rateHz !== rate) warnings.push(`sample rate ${opts.rateHz} Hz given overrides the file's ${rate} Hz`);
    rate = opts.rateHz;
  }
  if (!(rate > 0 && Number.isFinite(rate))) throw new ImportError(fileName, `the analog rate on line 2 is not a rate; pass --rate HZ`);
  const names = head[3];
  const units = head[4];
  const expected = names.length;
  const frameCol = names.findIndex((n) => /^Frame$/i.test(n));
  const subCol = names.findIndex((n) => /^Sub Frame$/i.test(n));
  let columns = names.map((_, k) => k).filter((k) => k !== frameCol && k !== subCol && names[k] !== '');
  if (opts.columns?.length) {
    for (const c of opts.columns) if (!(Number.isInteger(c) && c >= 0 && c < expected)) throw new ImportError(fileName, `column ${c} does not exist (rows have ${expected} columns)`);
    columns = opts.columns;
  }
  if (!columns.length) throw new ImportError(fileName, 'the Devices section names no channels');
  const framed = frameCol >= 0 && subCol >= 0;
  const keep = framed ? [...columns, frameCol, subCol] : columns;
  // the Devices section ends at the first blank line (a "Trajectories" section may follow)
  const rest: Iterable<CsvRecord> = {
    *[Symbol.iterator]() {
      for (let r = it.next(); !r.done; r = it.next()) yield r.value.fields.every((f) => f === '') ? { ...r.value, fields: [''] } : r.value;
    },
  };

  const outUnits: string[] = [];
  const scale: number[] = [];
  for (const c of columns) {
    const f = unitToMicrovolts(units[c] ?? '');
    outUnits.push(f === null ? units[c] || 'unknown' : 'uV');
    scale.push(f ?? 1);
  }
  const odd = columns.filter((_, k) => outUnits[k] !== 'uV');
  if (odd.length) warnings.push(`columns not in volts, kept as stored: ${odd.map((c) => `${names[c]} (${units[c] || 'no unit'})`).join(', ')}`);

  const fi = columns.length;
  let prevFrame = NaN;
  let prevSub = NaN;
  /** Sub Frames per Frame, known at the first change of Frame (0: not yet) */
  let subframes = 0;
  return {
    format: 'csv',
    layout: 'vicon-csv',
    records: rest,
    keep,
    expectedFields: expected,
    rowOptions: { stopAtBlank: true },
    channelLabels: columns.map((c) => names[c]),
    units: outUnits,
    scale,
    rateHz: rate,
    rateFromUser: opts.rateHz !== undefined,
    time: null,
    startTime: null,
    warnings,
    onRow: framed
      ? (row, index, line) => {
          const fr = row[fi];
          const sub = row[fi + 1];
          let ok = index === 0 || (fr === prevFrame && sub === prevSub + 1);
          if (!ok && fr === prevFrame + 1 && sub === 0) {
            if (subframes === 0) subframes = prevSub + 1;
            ok = prevSub + 1 === subframes;
          }
          if (ok && subframes > 0 && sub >= subframes) ok = false;
          if (!ok) throw new ImportError(fileName, `rows are not consecutive at line ${line} (Frame ${fr}, Sub Frame ${sub}): missing samples`);
          prevFrame = fr;
          prevSub = sub;
        }
      : undefined,
  };
}
