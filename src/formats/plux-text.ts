/**
 * PLUX / BITalino text formats:
 *  - OpenSignals text: `# OpenSignals Text File Format`, a `# {JSON}` line keyed by device MAC,
 *    `# EndOfHeader`, then tab-separated rows (nSeq, DI, CH1…, often a trailing tab).
 *  - BioSPPy "Simple Text Format": `# Simple Text Format`, `# Sampling Rate (Hz):= 1000.00`,
 *    `# Resolution:= 12`, `# Labels:= EMG`, then one value (or tab-separated values) per line.
 * Values are raw ADC counts. EMG channels of a known PLUX device are converted to µV with PLUX's
 * EMG sensor transfer function (PLUX EMG sensor datasheet; BITalino EMG datasheet):
 *   EMG(V) = (ADC / 2^n − 0.5) × VCC / G   biosignalsplux/bioplux: VCC 3 V, G 1000;
 *                                          BITalino: VCC 3.3 V, G 1009
 * Other channels (accelerometer, unknown device) stay in counts, with a warning.
 */
import { ImportError, finishImport, singleSegment, type ImportOptions, type ImportedRecording } from './imported-recording';
import { parseNumericRows, readTextFile, sniffDelimiter, splitFields, splitLines } from './text-table';

/** µV per count and offset (µV) of a PLUX EMG sensor at n bits: µV = ADC × a + b. */
export function pluxEmgTransfer(device: string, bits: number): { microvoltsPerCount: number; offsetMicrovolts: number } {
  const bitalino = /bitalino/i.test(device);
  const vcc = bitalino ? 3.3 : 3.0;
  const gain = bitalino ? 1009 : 1000;
  const full = (vcc / gain) * 1e6; // µV span of the ADC range
  return { microvoltsPerCount: full / 2 ** bits, offsetMicrovolts: -0.5 * full };
}

export function looksLikeOpenSignals(head: string): boolean {
  return /^# OpenSignals Text File Format/.test(head);
}
export function looksLikeBiosppy(head: string): boolean {
  return /^# Simple Text Format/.test(head);
}

interface OpenSignalsDevice {
  'sampling rate'?: number;
  column?: string[];
  label?: string[];
  sensor?: string[];
  resolution?: number[];
  device?: string;
  comments?: string;
}

export function importOpenSignals(path: string, opts: ImportOptions = {}): ImportedRecording {
  const { text, fileName } = readTextFile(path);
  const { lines } = splitLines(text);
  const warnings: string[] = [];
  const endIdx = lines.findIndex((l) => /^# EndOfHeader/.test(l));
  if (!looksLikeOpenSignals(lines[0] ?? '') || endIdx < 0) throw new ImportError(fileName, 'not an OpenSignals text file (missing "# OpenSignals Text File Format" or "# EndOfHeader")');
  const jsonLine = lines.slice(1, endIdx).find((l) => l.startsWith('# {'));
  if (!jsonLine) throw new ImportError(fileName, 'the OpenSignals header has no JSON line');
  let header: Record<string, OpenSignalsDevice>;
  try {
    header = JSON.parse(jsonLine.slice(2));
  } catch {
    throw new ImportError(fileName, 'the OpenSignals JSON header is damaged');
  }
  const macs = Object.keys(header);
  if (!macs.length) throw new ImportError(fileName, 'the OpenSignals header lists no device');
  if (macs.length > 1) warnings.push(`${macs.length} devices in the file; only the first (${macs[0]}) is imported`);
  const dev = header[macs[0]];
  let rate = Number(dev['sampling rate']);
  if (opts.rateHz) {
    if (rate && rate !== opts.rateHz) warnings.push(`sample rate ${opts.rateHz} Hz given overrides the file's ${rate} Hz`);
    rate = opts.rateHz;
  }
  if (!(rate > 0)) throw new ImportError(fileName, 'cannot infer the sample rate (no "sampling rate" in the header); pass --rate HZ');
  const column = dev.column ?? [];
  const labels = dev.label ?? [];
  const sensors = dev.sensor ?? [];
  const resolution = dev.resolution ?? [];
  const chanCols = labels.map((l) => column.indexOf(l));
  if (!labels.length || chanCols.some((c) => c < 0)) throw new ImportError(fileName, 'the header does not say which columns hold the channels');
  const expected = column.length;
  const firstData = endIdx + 1;
  const data = parseNumericRows(fileName, lines, firstData, '\t', chanCols, expected, warnings, { allowTrailingEmpty: true });
  const frames = data[0].length;

  // nSeq must count up by one: a jump means lost samples, which we refuse to hide
  const seqCol = column.indexOf('nSeq');
  if (seqCol >= 0 && frames > 1) {
    const [seq] = parseNumericRows(fileName, lines.slice(0, firstData + frames), firstData, '\t', [seqCol], expected, [], { allowTrailingEmpty: true });
    let jumps = 0;
    for (let i = 1; i < seq.length; i++) if (seq[i] !== seq[i - 1] + 1 && !(seq[i] === 0 && seq[i - 1] >= 15)) jumps++;
    if (jumps) warnings.push(`the nSeq counter jumps ${jumps} time(s): samples may be missing`);
  }

  const device = dev.device ?? '';
  const known = /plux|bioplux|bitalino/i.test(device);
  const units: string[] = [];
  const counted: string[] = [];
  data.forEach((a, k) => {
    const isEmg = /^EMG/i.test(sensors[k] ?? '');
    const bits = Number(resolution[k]);
    if (isEmg && known && bits > 0) {
      const { microvoltsPerCount, offsetMicrovolts } = pluxEmgTransfer(device, bits);
      for (let i = 0; i < a.length; i++) a[i] = a[i] * microvoltsPerCount + offsetMicrovolts;
      units.push('uV');
    } else {
      units.push('counts');
      counted.push(`${labels[k]} (${sensors[k] ?? '?'})`);
    }
  });
  if (units.includes('uV')) warnings.push(`EMG channels converted from ADC counts to µV with the ${/bitalino/i.test(device) ? 'BITalino' : 'PLUX'} EMG transfer function`);
  if (counted.length) warnings.push(`kept as raw ADC counts (no known µV conversion): ${counted.join(', ')}`);

  return finishImport(
    {
      format: 'csv',
      layout: 'opensignals-txt',
      path,
      fileName,
      sampleRateHz: rate,
      channelLabels: labels.map((l, k) => `${l} ${sensors[k] ?? ''}`.trim()),
      units,
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

export function importBiosppy(path: string, opts: ImportOptions = {}): ImportedRecording {
  const { text, fileName } = readTextFile(path);
  const { lines } = splitLines(text);
  const warnings: string[] = [];
  let i = 0;
  const header: string[] = [];
  while (i < lines.length && lines[i].startsWith('#')) header.push(lines[i++]);
  if (!looksLikeBiosppy(header[0] ?? '')) throw new ImportError(fileName, 'not a BioSPPy Simple Text Format file');
  const h = header.join('\n');
  const rm = /Sampling Rate \(Hz\):=\s*([\d.]+)/.exec(h);
  let rate = rm ? Number(rm[1]) : NaN;
  if (opts.rateHz) {
    if (rate && rate !== opts.rateHz) warnings.push(`sample rate ${opts.rateHz} Hz given overrides the file's ${rate} Hz`);
    rate = opts.rateHz;
  }
  if (!(rate > 0)) throw new ImportError(fileName, 'cannot infer the sample rate (no "# Sampling Rate (Hz):=" line); pass --rate HZ');
  const lm = /Labels:=\s*(.*)/.exec(h);
  const bm = /Resolution:=\s*(\d+)/.exec(h);
  if (i >= lines.length) throw new ImportError(fileName, 'there are no data rows');
  const delimiter = sniffDelimiter(lines.slice(i, i + 20));
  const expected = splitFields(lines[i], delimiter).length;
  const labelList = lm ? lm[1].split(/\t|,/).map((s) => s.trim()).filter(Boolean) : [];
  const cols = Array.from({ length: expected }, (_, k) => k);
  const data = parseNumericRows(fileName, lines, i, delimiter, cols, expected, warnings);
  const frames = data[0].length;
  warnings.push(`values are raw ADC counts${bm ? ` (${bm[1]}-bit)` : ''}; the device is not stated, so they were not converted to µV`);
  return finishImport(
    {
      format: 'csv',
      layout: 'biosppy-txt',
      path,
      fileName,
      sampleRateHz: rate,
      channelLabels: cols.map((k) => labelList[k] ?? `ch${k + 1}`),
      units: cols.map(() => 'counts'),
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
