/**
 * OpenSignals HDF5 (.h5), PLUX/BITalino's own recording format, read with h5wasm (the HDF5 C
 * library compiled to WebAssembly; npm "h5wasm", usnistgov). Layout as OpenSignals writes it
 * (PLUX "OpenSignals (r)evolution" manual, HDF5 section; checked on the bsnb-biceps files):
 *   /<MAC>/                 group per device; attributes "sampling rate", "resolution" (bits per
 *                           channel, in the order of "channels"), "channels" (1-based port
 *                           numbers), "device" ("bioplux", "biosignalsplux", "channeller" = the
 *                           biosignalsplux hub, "bitalino"…), "date", "time", "nsamples"
 *   /<MAC>/raw/channel_<n>  uint16 (N, 1): raw ADC counts; attributes "label", "sensor" ("EMG"…)
 *   /<MAC>/raw/nSeq         sequence counter (in old files a uint16 that sticks at 65535)
 *   /<MAC>/support/level_*  OpenSignals' own decimations (not read)
 * EMG channels of a PLUX device are converted to µV with the sensor transfer function
 * (plux-text.ts pluxEmgTransfer); other sensors stay in counts, with a warning.
 * h5wasm is asynchronous to load (WebAssembly): this importer is async (importRecordingAsync).
 */
import * as pathMod from 'node:path';
import { assertRegularFile } from '../recording/input-file';
import { ImportError, finishImport, singleSegment, type ImportOptions, type ImportedRecording } from './imported-recording';
import { isKnownPluxDevice, pluxEmgTransfer } from './plux-text';

/** The HDF5 signature (HDF5 spec, "Format Signature"): at offset 0, 512, 1024, 2048… */
export const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

export function looksLikeHdf5(head: Buffer): boolean {
  for (let at = 0; at + 8 <= head.length; at = at === 0 ? 512 : at * 2) {
    if (head.subarray(at, at + 8).equals(HDF5_SIGNATURE)) return true;
  }
  return false;
}

type H5Module = typeof import('h5wasm/node');
type H5File = InstanceType<H5Module['File']>;
type H5Group = InstanceType<H5Module['Group']>;
type H5Dataset = InstanceType<H5Module['Dataset']>;

let loading: Promise<H5Module> | null = null;

/** h5wasm, loaded once (its WebAssembly module compiles in ~0.1 s). */
async function h5wasm(): Promise<H5Module> {
  loading ??= import('h5wasm/node').then(async (m) => {
    const mod = await m.ready;
    // HDF5 errors become exceptions (caught below and said plainly) instead of "HDF5-DIAG: …"
    // lines printed on stderr by the library's default handler
    (mod as unknown as { activate_throwing_error_handler?: () => number }).activate_throwing_error_handler?.();
    return m;
  });
  return loading;
}

function attr(node: { attrs: Record<string, { value: unknown }> }, name: string): unknown {
  try {
    return node.attrs[name]?.value;
  } catch {
    return undefined;
  }
}

function numbers(v: unknown): number[] {
  if (typeof v === 'number' || typeof v === 'bigint') return [Number(v)];
  if (ArrayBuffer.isView(v) || Array.isArray(v)) return Array.from(v as ArrayLike<number | bigint>, Number);
  return [];
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** "2017-5-30" + "15:34:25.337" → a local Date (null when unreadable). */
function startOf(date: string, time: string): Date | null {
  const d = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(date.trim());
  const t = /^(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d+))?$/.exec(time.trim());
  if (!d || !t) return null;
  const ms = t[4] ? Math.round(Number(`0.${t[4]}`) * 1000) : 0;
  const r = new Date(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]), Number(t[3]), ms);
  return Number.isNaN(r.getTime()) ? null : r;
}

/** The values of a (N) or (N, 1) dataset as a Float64Array. */
function column(ds: H5Dataset, fileName: string, name: string): Float64Array {
  const shape = ds.shape ?? [];
  if (!(shape.length === 1 || (shape.length === 2 && shape[1] === 1))) {
    throw new ImportError(fileName, `the dataset ${name} has shape (${shape.join(', ')}), not one column of samples`);
  }
  const v = ds.value as unknown;
  if (!ArrayBuffer.isView(v) && !Array.isArray(v)) throw new ImportError(fileName, `the dataset ${name} does not hold numbers`);
  const out = Float64Array.from(v as ArrayLike<number | bigint>, Number);
  for (let i = 0; i < out.length; i++) if (!Number.isFinite(out[i])) throw new ImportError(fileName, `the dataset ${name} holds a value that is not a number at sample ${i}`);
  return out;
}

export async function importOpenSignalsH5(path: string, opts: ImportOptions = {}): Promise<ImportedRecording> {
  const fileName = pathMod.basename(path);
  assertRegularFile(path, fileName);
  const h5 = await h5wasm();
  let file: H5File;
  try {
    file = new h5.File(path, 'r');
  } catch {
    throw new ImportError(fileName, 'is not a readable HDF5 file (damaged or truncated)');
  }
  try {
    return readFile(file, path, fileName, opts);
  } catch (err) {
    if (err instanceof ImportError) throw err;
    // h5wasm reports a damaged file with its own text: say it plainly
    throw new ImportError(fileName, 'the HDF5 file is damaged (its structure cannot be read)');
  } finally {
    try {
      file.close();
    } catch {
      /* nothing more to do */
    }
  }
}

function readFile(file: H5File, path: string, fileName: string, opts: ImportOptions): ImportedRecording {
  const warnings: string[] = [];
  const macs = file.keys().filter((k) => {
    const g = file.get(k) as H5Group | null;
    return g !== null && typeof (g as { keys?: unknown }).keys === 'function' && attr(g, 'sampling rate') !== undefined;
  });
  if (!macs.length) throw new ImportError(fileName, 'is an HDF5 file but not an OpenSignals recording (no device group with a "sampling rate")');
  if (macs.length > 1) warnings.push(`${macs.length} devices in the file; only the first (${macs[0]}) is imported`);
  const dev = file.get(macs[0]) as H5Group;
  let rate = numbers(attr(dev, 'sampling rate'))[0] ?? NaN;
  if (opts.rateHz) {
    if (rate && rate !== opts.rateHz) warnings.push(`sample rate ${opts.rateHz} Hz given overrides the file's ${rate} Hz`);
    rate = opts.rateHz;
  }
  if (!(rate > 0 && Number.isFinite(rate))) throw new ImportError(fileName, 'cannot infer the sample rate (no "sampling rate" attribute); pass --rate HZ');
  const device = text(attr(dev, 'device'));
  const ports = numbers(attr(dev, 'channels'));
  const resolution = numbers(attr(dev, 'resolution'));
  const raw = dev.get('raw') as H5Group | null;
  if (!raw || typeof raw.keys !== 'function') throw new ImportError(fileName, 'the OpenSignals file has no "raw" group');
  const names = raw
    .keys()
    .filter((k) => /^channel_\d+$/.test(k))
    .sort((a, b) => Number(a.slice(8)) - Number(b.slice(8)));
  if (!names.length) throw new ImportError(fileName, 'the OpenSignals file has no raw channel_N datasets');

  const known = isKnownPluxDevice(device);
  const samples: Float64Array[] = [];
  const labels: string[] = [];
  const units: string[] = [];
  const counted: string[] = [];
  for (const name of names) {
    const ds = raw.get(name) as H5Dataset;
    const a = column(ds, fileName, name);
    const port = Number(name.slice(8));
    const k = ports.indexOf(port);
    const bits = resolution[k >= 0 ? k : samples.length] ?? NaN;
    const sensor = text(attr(ds, 'sensor'));
    const label = text(attr(ds, 'label')) || `CH${port}`;
    if (/^EMG/i.test(sensor) && known && bits > 0 && bits <= 24) {
      const { microvoltsPerCount, offsetMicrovolts } = pluxEmgTransfer(device, bits);
      for (let i = 0; i < a.length; i++) a[i] = a[i] * microvoltsPerCount + offsetMicrovolts;
      units.push('uV');
    } else {
      units.push('counts');
      counted.push(`${label} (${sensor || '?'})`);
    }
    samples.push(a);
    labels.push(`${label} ${sensor}`.trim());
  }
  const frames = Math.min(...samples.map((s) => s.length));
  if (samples.some((s) => s.length !== frames)) warnings.push(`the channels differ in length; all are cut to ${frames} samples`);
  const nsamples = numbers(attr(dev, 'nsamples'))[0];
  if (nsamples !== undefined && nsamples !== frames) warnings.push(`the file says ${nsamples} samples but holds ${frames}: it may be truncated`);

  // nSeq counts up by one (wrapping): a jump means lost samples. Old files store it as a uint16
  // that sticks at 65535 (a storage artefact, not lost data): that run is not a jump.
  if (raw.keys().includes('nSeq')) {
    const seq = column(raw.get('nSeq') as H5Dataset, fileName, 'nSeq');
    let jumps = 0;
    for (let i = 1; i < Math.min(seq.length, frames); i++) {
      const d = seq[i] - seq[i - 1];
      if (d === 1 || (seq[i] === 0 && seq[i - 1] >= 15) || (d === 0 && seq[i] === 65535)) continue;
      jumps++;
    }
    if (jumps) warnings.push(`the nSeq counter jumps ${jumps} time(s): samples may be missing`);
  }
  if (units.includes('uV')) warnings.push(`EMG channels converted from ADC counts to µV with the ${/bitalino/i.test(device) ? 'BITalino' : 'PLUX'} EMG transfer function`);
  if (counted.length) warnings.push(`kept as raw ADC counts (no known µV conversion): ${counted.join(', ')}`);

  return finishImport(
    {
      format: 'hdf5',
      layout: 'opensignals-h5',
      path,
      fileName,
      sampleRateHz: rate,
      channelLabels: labels,
      units,
      samples: samples.map((s) => (s.length === frames ? s : s.subarray(0, frames))),
      frameCount: frames,
      durationS: frames / rate,
      annotations: [],
      segments: singleSegment(frames),
      startTime: startOf(text(attr(dev, 'date')), text(attr(dev, 'time'))),
      warnings,
    },
    opts.channels,
  );
}
