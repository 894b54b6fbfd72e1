/**
 * OpenBCI GUI raw text recordings ("OpenBCI-RAW-*.txt"):
 *  - old (GUI v3/v4): `%OpenBCI Raw EEG Data`, `%Sample Rate = 200.0 Hz`, no column header;
 *    rows: sample index, N channels (µV), 3 accel/aux, then a wall-clock time `HH:MM:SS.mmm`.
 *  - new (GUI v5/v6): `%OpenBCI Raw EXG Data`, `%Number of channels = 8`, `%Sample Rate = 250 Hz`,
 *    `%Board = …`, then a header row "Sample Index, EXG Channel 0, …, Timestamp, …".
 * Values are µV as written by the GUI. The rate comes from the header and is checked against the
 * timestamps (a large mismatch is reported, e.g. a Ganglion file labelled with the wrong rate).
 */
import { ImportError, type ImportOptions, type ImportedRecording } from './imported-recording';
import { isNumeric, splitFields } from './text-table';
import { MAX_HEADER_LINES, TextSource } from './text-source';
import { importTablePlan, type TextTablePlan } from './text-table-plan';

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
  return TextSource.with(path, (src) => importTablePlan(src, openBciPlan(src, opts), opts));
}

/** The recording's layout from its "%" header and column header (text-table-plan.ts). */
export function openBciPlan(src: TextSource, opts: ImportOptions): TextTablePlan {
  const { fileName } = src;
  const warnings: string[] = [];
  const header = src.headerLines('%', `the "%" header is longer than ${MAX_HEADER_LINES} lines: not an OpenBCI GUI recording`);
  if (!header.length) throw new ImportError(fileName, 'not an OpenBCI GUI recording (no "%" header lines)');
  const headerText = header.join('\n');
  const rateMatch = /Sample Rate\s*=\s*([\d.]+)\s*Hz/i.exec(headerText);
  const nchMatch = /Number of channels\s*=\s*(\d+)/i.exec(headerText);
  let rate = rateMatch ? Number(rateMatch[1]) : NaN;
  if (opts.rateHz) {
    if (Number.isFinite(rate) && Math.abs(rate - opts.rateHz) > 1e-9) warnings.push(`sample rate ${opts.rateHz} Hz given overrides the header's ${rate} Hz`);
    rate = opts.rateHz;
  }
  if (!(rate > 0 && Number.isFinite(rate))) throw new ImportError(fileName, 'cannot infer the sample rate (no "%Sample Rate = … Hz" line); pass --rate HZ');
  const firstLine = src.peekLine();
  if (firstLine === null) throw new ImportError(fileName, 'the header is complete but there are no data rows');

  // column layout
  let names: string[] | null = null;
  const delimiter = ',' as const;
  let firstFields = splitFields(firstLine, delimiter);
  if (!isNumeric(firstFields[0])) {
    names = firstFields;
    src.nextLine();
    const next = src.peekLine();
    if (next === null) throw new ImportError(fileName, 'there are no data rows after the column header');
    firstFields = splitFields(next, delimiter);
  }
  const fields = firstFields;
  const expected = fields.length;
  let channelCols: number[];
  let layout: string;
  if (names) {
    layout = 'openbci-gui-v5';
    channelCols = names.map((n, k) => (/^(EXG|EEG) Channel \d+$/i.test(n) ? k : -1)).filter((k) => k >= 0);
    if (!channelCols.length) throw new ImportError(fileName, 'no "EXG Channel N" columns in the column header');
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

  // the timestamp column is kept too: the stated rate is checked against it (first and last row)
  const tsCol = names ? names.findIndex((n) => /^Timestamp$/i.test(n)) : expected - 1;
  const timeOfRow: (number | null)[] = [];
  const rows = src.records({ delimiter });
  const withTimes = {
    *[Symbol.iterator]() {
      for (const r of rows) {
        if (tsCol >= 0 && r.fields.length === expected) {
          const t = timeOfField(r.fields[tsCol] ?? '');
          if (timeOfRow.length === 0) timeOfRow.push(t);
          else timeOfRow[1] = t;
        }
        yield r;
      }
    },
  };
  return {
    format: 'openbci',
    layout,
    records: withTimes,
    keep: channelCols,
    expectedFields: expected,
    channelLabels: channelCols.map((_, k) => `ch${k + 1}`),
    units: channelCols.map(() => 'uV'),
    scale: channelCols.map(() => 1),
    rateHz: rate,
    rateFromUser: opts.rateHz !== undefined,
    time: null,
    startTime: null,
    warnings,
    finish(frames) {
      if (tsCol < 0 || frames <= 10) return;
      const t0 = timeOfRow[0] ?? null;
      const t1 = timeOfRow[1] ?? null;
      if (t0 !== null && t1 !== null && t1 > t0) {
        const measured = (frames - 1) / (t1 - t0);
        if (Math.abs(measured - rate) / rate > 0.05) {
          warnings.push(`timestamps suggest ${measured.toFixed(1)} Hz but the header says ${rate} Hz (samples lost, or the wrong rate in the header)`);
        }
      }
    },
  };
}
