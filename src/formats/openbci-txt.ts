/**
 * OpenBCI GUI raw text recordings ("OpenBCI-RAW-*.txt"):
 *  - old (GUI v3/v4): `%OpenBCI Raw EEG Data`, `%Sample Rate = 200.0 Hz`, no column header;
 *    rows: sample index, N channels (µV), 3 accel/aux, then a wall-clock time `HH:MM:SS.mmm`.
 *  - new (GUI v5/v6): `%OpenBCI Raw EXG Data`, `%Number of channels = 8`, `%Sample Rate = 250 Hz`,
 *    `%Board = …`, then a header row "Sample Index, EXG Channel 0, …, Timestamp, …".
 * Values are µV as written by the GUI. The rate comes from the header and is checked against the
 * timestamps (a large mismatch is reported, e.g. a Ganglion file labelled with the wrong rate).
 */
import { ImportError, finishImport, singleSegment, type ImportOptions, type ImportedRecording } from './imported-recording';
import { isNumeric, splitFields, splitLines, parseNumericRows, readTextFile } from './text-table';

const AUX_COLUMNS = 3;

export function looksLikeOpenBci(head: string): boolean {
  return /^%OpenBCI Raw/i.test(head) || (/^%/.test(head) && /%\s*Sample Rate\s*=/i.test(head));
}

/** "HH:MM:SS.mmm" → seconds of day; or an epoch number (s or ms) → seconds. */
function timeOfField(f: string): number | null {
  const m = /^(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(f.trim());
  if (m) return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  const x = Number(f);
  if (!Number.isFinite(x) || x < 1e9) return null;
  return x > 1e11 ? x / 1000 : x;
}

export function importOpenBci(path: string, opts: ImportOptions = {}): ImportedRecording {
  const { text, fileName } = readTextFile(path);
  const { lines } = splitLines(text);
  const warnings: string[] = [];
  let i = 0;
  const header: string[] = [];
  while (i < lines.length && lines[i].startsWith('%')) header.push(lines[i++]);
  if (!header.length) throw new ImportError(fileName, 'not an OpenBCI GUI recording (no "%" header lines)');
  const headerText = header.join('\n');
  const rateMatch = /Sample Rate\s*=\s*([\d.]+)\s*Hz/i.exec(headerText);
  const nchMatch = /Number of channels\s*=\s*(\d+)/i.exec(headerText);
  let rate = rateMatch ? Number(rateMatch[1]) : NaN;
  if (opts.rateHz) {
    if (Number.isFinite(rate) && Math.abs(rate - opts.rateHz) > 1e-9) warnings.push(`sample rate ${opts.rateHz} Hz given overrides the header's ${rate} Hz`);
    rate = opts.rateHz;
  }
  if (!(rate > 0)) throw new ImportError(fileName, 'cannot infer the sample rate (no "%Sample Rate = … Hz" line); pass --rate HZ');
  if (i >= lines.length) throw new ImportError(fileName, 'the header is complete but there are no data rows');

  // column layout
  let names: string[] | null = null;
  const delimiter = ',' as const;
  const firstFields = splitFields(lines[i], delimiter);
  if (!isNumeric(firstFields[0])) {
    names = firstFields;
    i++;
  }
  if (i >= lines.length) throw new ImportError(fileName, 'there are no data rows after the column header');
  const fields = splitFields(lines[i], delimiter);
  const expected = fields.length;
  let channelCols: number[];
  let layout: string;
  if (names) {
    layout = 'openbci-gui-v5';
    channelCols = names.map((n, k) => (/^(EXG|EEG) Channel \d+$/i.test(n) ? k : -1)).filter((k) => k >= 0);
    if (!channelCols.length) throw new ImportError(fileName, `no "EXG Channel N" columns in the column header: ${names.slice(0, 6).join(', ')}…`);
    if (names.length !== expected) throw new ImportError(fileName, `the column header names ${names.length} columns but rows have ${expected}`);
  } else {
    layout = 'openbci-gui-v3';
    let n: number;
    if (nchMatch) n = Number(nchMatch[1]);
    else {
      // index, N channels, 3 aux, then non-numeric timestamp field(s)
      let numeric = expected;
      while (numeric > 0 && !isNumeric(fields[numeric - 1])) numeric--;
      n = numeric - 1 - AUX_COLUMNS;
    }
    if (!(n >= 1) || n + 1 > expected) throw new ImportError(fileName, `cannot tell the channel columns apart in rows of ${expected} fields`);
    channelCols = Array.from({ length: n }, (_, k) => k + 1);
  }

  const data = parseNumericRows(fileName, lines, i, delimiter, channelCols, expected, warnings);
  const frames = data[0].length;

  // check the stated rate against the timestamps (first and last row)
  const tsCol = names ? names.findIndex((n) => /^Timestamp$/i.test(n)) : expected - 1;
  if (tsCol >= 0 && frames > 10) {
    const lastRow = splitFields(lines[i + frames - 1], delimiter);
    const t0 = timeOfField(fields[tsCol]);
    const t1 = timeOfField(lastRow[tsCol] ?? '');
    if (t0 !== null && t1 !== null && t1 > t0) {
      const measured = (frames - 1) / (t1 - t0);
      if (Math.abs(measured - rate) / rate > 0.05) {
        warnings.push(`timestamps suggest ${measured.toFixed(1)} Hz but the header says ${rate} Hz (samples lost, or the wrong rate in the header)`);
      }
    }
  }

  return finishImport(
    {
      format: 'openbci',
      layout,
      path,
      fileName,
      sampleRateHz: rate,
      channelLabels: channelCols.map((_, k) => `ch${k + 1}`),
      units: channelCols.map(() => 'uV'),
      samples: data,
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
