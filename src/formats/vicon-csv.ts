/**
 * Vicon Nexus CSV export, "Devices" section (analog channels: EMG, force plates):
 *   row 1 "Devices" | row 2 analog rate (Hz) | row 3 device per column | row 4 channel names
 *   (Frame, Sub Frame, …) | row 5 units (V, mV, …) | data rows. A blank line ends the section
 *   (a "Trajectories" section may follow; it is ignored).
 * Time of a row = ((Frame − 1) × subframes + Sub Frame) / rate; the rows are checked for gaps.
 */
import { ImportError, finishImport, singleSegment, type ImportOptions, type ImportedRecording } from './imported-recording';
import { parseNumericRows, readTextFile, splitFields, splitLines, unitToMicrovolts } from './text-table';

export function looksLikeVicon(lines: string[]): boolean {
  return lines.length > 5 && looksLikeViconStart(lines);
}

/** "Devices" then a rate: the start of a Vicon export, even one cut off inside its header. */
export function looksLikeViconStart(lines: string[]): boolean {
  return lines.length >= 2 && /^Devices\s*(,|$)/.test(lines[0]) && /^\d+(\.\d+)?\s*(,|$)/.test(lines[1]);
}

export function importVicon(path: string, opts: ImportOptions = {}): ImportedRecording {
  const { text, fileName } = readTextFile(path);
  const { lines: all } = splitLines(text);
  if (looksLikeViconStart(all) && !looksLikeVicon(all)) {
    throw new ImportError(fileName, `ends after ${all.length} line${all.length === 1 ? '' : 's'}, inside the Vicon Nexus header (5 lines, then data): the file was probably cut off`);
  }
  if (!looksLikeVicon(all)) throw new ImportError(fileName, 'not a Vicon Nexus CSV export (expected "Devices" then the rate on the first two lines)');
  const warnings: string[] = [];
  let rate = Number(splitFields(all[1], ',')[0]);
  if (opts.rateHz) {
    if (opts.rateHz !== rate) warnings.push(`sample rate ${opts.rateHz} Hz given overrides the file's ${rate} Hz`);
    rate = opts.rateHz;
  }
  if (!(rate > 0)) throw new ImportError(fileName, `the analog rate on line 2 is not a rate; pass --rate HZ`);
  // the Devices section ends at the first blank line
  let end = 5;
  while (end < all.length && all[end].replace(/,/g, '').trim() !== '') end++;
  const lines = all.slice(0, end);
  const names = splitFields(lines[3], ',');
  const units = splitFields(lines[4], ',');
  const expected = names.length;
  const frameCol = names.findIndex((n) => /^Frame$/i.test(n));
  const subCol = names.findIndex((n) => /^Sub Frame$/i.test(n));
  let columns = names.map((_, k) => k).filter((k) => k !== frameCol && k !== subCol && names[k] !== '');
  if (opts.columns?.length) columns = opts.columns;
  const keep = frameCol >= 0 && subCol >= 0 ? [...columns, frameCol, subCol] : columns;
  const data = parseNumericRows(fileName, lines, 5, ',', keep, expected, warnings);
  const frames = data[0].length;

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
