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
import { ImportError, type ImportOptions, type ImportedRecording } from './imported-recording';
import { sniffDelimiter, splitFields } from './text-table';
import { MAX_HEADER_LINES, TextSource, recordsOf } from './text-source';
import { importTablePlan, type TextTablePlan } from './text-table-plan';

/** µV per count and offset (µV) of a PLUX EMG sensor at n bits: µV = ADC × a + b. */
export function pluxEmgTransfer(device: string, bits: number): { microvoltsPerCount: number; offsetMicrovolts: number } {
  const bitalino = /bitalino/i.test(device);
  const vcc = bitalino ? 3.3 : 3.0;
  const gain = bitalino ? 1009 : 1000;
  const full = (vcc / gain) * 1e6; // µV span of the ADC range
  return { microvoltsPerCount: full / 2 ** bits, offsetMicrovolts: -0.5 * full };
}

/** Devices whose EMG sensor transfer function is known (the biosignalsplux "channeller" is its hub). */
export function isKnownPluxDevice(device: string): boolean {
  return /plux|bioplux|bitalino|channeller/i.test(device);
}

/**
 * Each channel's count → µV conversion, as both OpenSignals readers (text and HDF5) decide it:
 * an EMG sensor of a known device at 1-24 bits gets PLUX's transfer function; anything else
 * (accelerometer, unknown device, no resolution) stays in counts and is named in a warning.
 */
export class PluxChannelScales {
  readonly units: string[] = [];
  readonly scale: number[] = [];
  readonly offset: number[] = [];
  private readonly counted: string[] = [];
  private readonly known: boolean;

  constructor(private readonly device: string) {
    this.known = isKnownPluxDevice(device);
  }

  /** `sensor` as the file names it ("EMG", "ACC", …); `label` is only for the warning. */
  add(label: string, sensor: string | undefined, bits: number): void {
    if (/^EMG/i.test(sensor ?? '') && this.known && bits > 0 && bits <= 24) {
      const { microvoltsPerCount, offsetMicrovolts } = pluxEmgTransfer(this.device, bits);
      this.scale.push(microvoltsPerCount);
      this.offset.push(offsetMicrovolts);
      this.units.push('uV');
    } else {
      this.scale.push(1);
      this.offset.push(0);
      this.units.push('counts');
      this.counted.push(`${label} (${sensor || '?'})`);
    }
  }

  /** What the reader tells the user about the conversion. */
  warnings(): string[] {
    const out: string[] = [];
    if (this.units.includes('uV')) out.push(`EMG channels converted from ADC counts to µV with the ${/bitalino/i.test(this.device) ? 'BITalino' : 'PLUX'} EMG transfer function`);
    if (this.counted.length) out.push(`kept as raw ADC counts (no known µV conversion): ${this.counted.join(', ')}`);
    return out;
  }
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
  return TextSource.with(path, (src) => importTablePlan(src, openSignalsPlan(src, opts), opts));
}

/** The layout from the OpenSignals header (text-table-plan.ts); the tab-separated rows follow. */
export function openSignalsPlan(src: TextSource, opts: ImportOptions): TextTablePlan {
  const { fileName } = src;
  const warnings: string[] = [];
  const headerLines: string[] = [];
  let ended = false;
  for (let l = src.nextLine(); l !== null; l = src.nextLine()) {
    headerLines.push(l);
    if (/^# EndOfHeader/.test(l)) {
      ended = true;
      break;
    }
    if (headerLines.length > MAX_HEADER_LINES || !l.startsWith('#')) break;
  }
  if (!looksLikeOpenSignals(headerLines[0] ?? '') || !ended) throw new ImportError(fileName, 'not an OpenSignals text file (missing "# OpenSignals Text File Format" or "# EndOfHeader")');
  const jsonLine = headerLines.find((l) => l.startsWith('# {'));
  if (!jsonLine) throw new ImportError(fileName, 'the OpenSignals header has no JSON line');
  let header: Record<string, OpenSignalsDevice>;
  try {
    header = JSON.parse(jsonLine.slice(2));
  } catch {
    throw new ImportError(fileName, 'the OpenSignals JSON header is damaged');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new ImportError(fileName, 'the OpenSignals JSON header is damaged');
  const macs = Object.keys(header);
  if (!macs.length) throw new ImportError(fileName, 'the OpenSignals header lists no device');
  if (macs.length > 1) warnings.push(`${macs.length} devices in the file; only the first (${macs[0]}) is imported`);
  const dev = (header[macs[0]] ?? {}) as OpenSignalsDevice;
  let rate = Number(dev['sampling rate']);
  if (opts.rateHz) {
    if (rate && rate !== opts.rateHz) warnings.push(`sample rate ${opts.rateHz} Hz given overrides the file's ${rate} Hz`);
    rate = opts.rateHz;
  }
  if (!(rate > 0 && Number.isFinite(rate))) throw new ImportError(fileName, 'cannot infer the sample rate (no "sampling rate" in the header); pass --rate HZ');
  const column = Array.isArray(dev.column) ? dev.column.map(String) : [];
  const labels = Array.isArray(dev.label) ? dev.label.map(String) : [];
  const sensors = Array.isArray(dev.sensor) ? dev.sensor.map(String) : [];
  const resolution = Array.isArray(dev.resolution) ? dev.resolution : [];
  const chanCols = labels.map((l) => column.indexOf(l));
  if (!labels.length || chanCols.some((c) => c < 0)) throw new ImportError(fileName, 'the header does not say which columns hold the channels');
  const expected = column.length;
  // nSeq must count up by one: a jump means lost samples, which we refuse to hide
  const seqCol = column.indexOf('nSeq');
  const keep = seqCol >= 0 ? [...chanCols, seqCol] : chanCols;

  const device = typeof dev.device === 'string' ? dev.device : '';
  const scales = new PluxChannelScales(device);
  labels.forEach((l, k) => scales.add(l, sensors[k], Number(resolution[k])));
  warnings.push(...scales.warnings());
  const { units, scale, offset } = scales;

  const si = chanCols.length;
  let prevSeq = NaN;
  let jumps = 0;
  return {
    format: 'csv',
    layout: 'opensignals-txt',
    records: src.records({ delimiter: '\t' }),
    keep,
    expectedFields: expected,
    rowOptions: { allowTrailingEmpty: true },
    channelLabels: labels.map((l, k) => `${l} ${sensors[k] ?? ''}`.trim()),
    units,
    scale,
    offset,
    rateHz: rate,
    rateFromUser: opts.rateHz !== undefined,
    time: null,
    startTime: null,
    warnings,
    onRow:
      seqCol >= 0
        ? (row, index) => {
            const seq = row[si];
            if (index > 0 && seq !== prevSeq + 1 && !(seq === 0 && prevSeq >= 15)) jumps++;
            prevSeq = seq;
          }
        : undefined,
    finish() {
      if (jumps) warnings.push(`the nSeq counter jumps ${jumps} time(s): samples may be missing`);
    },
  };
}

export function importBiosppy(path: string, opts: ImportOptions = {}): ImportedRecording {
  return TextSource.with(path, (src) => importTablePlan(src, biosppyPlan(src, opts), opts));
}

/** The layout from the BioSPPy "#" header and the first rows (text-table-plan.ts). */
export function biosppyPlan(src: TextSource, opts: ImportOptions): TextTablePlan {
  const { fileName } = src;
  const warnings: string[] = [];
  const header = src.headerLines('#', `the header is longer than ${MAX_HEADER_LINES} lines: not a BioSPPy text file`);
  if (!looksLikeBiosppy(header[0] ?? '')) throw new ImportError(fileName, 'not a BioSPPy Simple Text Format file');
  const h = header.join('\n');
  const rm = /Sampling Rate \(Hz\):=\s*([\d.]+)/.exec(h);
  let rate = rm ? Number(rm[1]) : NaN;
  if (opts.rateHz) {
    if (rate && rate !== opts.rateHz) warnings.push(`sample rate ${opts.rateHz} Hz given overrides the file's ${rate} Hz`);
    rate = opts.rateHz;
  }
  if (!(rate > 0 && Number.isFinite(rate))) throw new ImportError(fileName, 'cannot infer the sample rate (no "# Sampling Rate (Hz):=" line); pass --rate HZ');
  const lm = /Labels:=\s*(.*)/.exec(h);
  const bm = /Resolution:=\s*(\d+)/.exec(h);
  const sample = src.peekLines(20);
  if (!sample.length) throw new ImportError(fileName, 'there are no data rows');
  const delimiter = sniffDelimiter(sample);
  const expected = splitFields(sample[0], delimiter).length;
  const labelList = lm ? lm[1].split(/\t|,/).map((s) => s.trim()).filter(Boolean) : [];
  const cols = Array.from({ length: expected }, (_, k) => k);
  warnings.push(`values are raw ADC counts${bm ? ` (${bm[1]}-bit)` : ''}; the device is not stated, so they were not converted to µV`);
  return {
    format: 'csv',
    layout: 'biosppy-txt',
    records: recordsOf(src, delimiter),
    keep: cols,
    expectedFields: expected,
    channelLabels: cols.map((k) => labelList[k] ?? `ch${k + 1}`),
    units: cols.map(() => 'counts'),
    scale: cols.map(() => 1),
    rateHz: rate,
    rateFromUser: opts.rateHz !== undefined,
    time: null,
    startTime: null,
    warnings,
  };
}
