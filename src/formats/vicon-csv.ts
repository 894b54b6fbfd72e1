/**
 * Vicon Nexus CSV export, "Devices" section (analog channels: EMG, force plates):
 *   row 1 "Devices" | row 2 analog rate (Hz) | row 3 device per column | row 4 channel names
 *   (Frame, Sub Frame, …) | row 5 units (V, mV, …) | data rows. A blank line ends the section
 *   (a "Trajectories" section may follow; it is ignored).
 * Time of a row = ((Frame − 1) × subframes + Sub Frame) / rate; the rows are checked for gaps.
 */
import { ImportError, finishImport, singleSegment, type ImportOptions, type ImportedRecording } from './imported-recording';
import { unitToMicrovolts } from './text-table';
import { TextSource } from './text-source';
import { parseNumericRecords } from './numeric-rows';

export function looksLikeVicon(lines: string[]): boolean {
  return lines.length > 5 && looksLikeViconStart(lines);
}

/** "Devices" then a rate: the start of a Vicon export, even one cut off inside its header. */
export function looksLikeViconStart(lines: string[]): boolean {
  return lines.length >= 2 && /^Devices\s*(,|$)/.test(lines[0]) && /^\d+(\.\d+)?\s*(,|$)/.test(lines[1]);
}

export function importVicon(path: string, opts: ImportOptions = {}): ImportedRecording {
  return TextSource.with(path, (src) => readVicon(src, opts));
}

function readVicon(src: TextSource, opts: ImportOptions): ImportedRecording {
  const { fileName, path } = src;
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
  const keep = frameCol >= 0 && subCol >= 0 ? [...columns, frameCol, subCol] : columns;
  // the Devices section ends at the first blank line (a "Trajectories" section may follow)
  const rest = {
    *[Symbol.iterator]() {
      for (let r = it.next(); !r.done; r = it.next()) yield r.value.fields.every((f) => f === '') ? { ...r.value, fields: [''] } : r.value;
    },
  };
  const table = parseNumericRecords(src, rest, keep, expected, warnings, { stopAtBlank: true });
  const data = table.columns;
  const frames = table.rows;

  if (frameCol >= 0 && subCol >= 0 && frames > 1) {
    const fr = data[columns.length];
    const sub = data[columns.length + 1];
    let subframes = 0;
    for (let k = 0; k < frames; k++) subframes = Math.max(subframes, sub[k] + 1);
    for (let k = 1; k < frames; k++) {
      const prev = (fr[k - 1] - 1) * subframes + sub[k - 1];
      const cur = (fr[k] - 1) * subframes + sub[k];
      if (cur !== prev + 1) {
        throw new ImportError(fileName, `rows are not consecutive at line ${k + 6} (Frame ${fr[k]}, Sub Frame ${sub[k]}): missing samples`);
      }
    }
  }

  const outUnits: string[] = [];
  const samples = columns.map((c, k) => {
    const f = unitToMicrovolts(units[c] ?? '');
    const a = data[k];
    if (f === null) {
      outUnits.push(units[c] || 'unknown');
      return a;
    }
    outUnits.push('uV');
    if (f !== 1) for (let i = 0; i < a.length; i++) a[i] *= f;
    return a;
  });
  const odd = columns.filter((_, k) => outUnits[k] !== 'uV');
  if (odd.length) warnings.push(`columns not in volts, kept as stored: ${odd.map((c) => `${names[c]} (${units[c] || 'no unit'})`).join(', ')}`);

  return finishImport(
    {
      format: 'csv',
      layout: 'vicon-csv',
      path,
      fileName,
      sampleRateHz: rate,
      channelLabels: columns.map((c) => names[c]),
      units: outUnits,
      samples,
      frameCount: frames,
      durationS: frames / rate,
      annotations: [],
      segments: singleSegment(frames),
      startTime: null,
      warnings,
    },
    opts.channels,
  );
}
