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
 *
 * Memory (issue 9.13): h5wasm's Node build reads the file through Emscripten's NODERAWFS, i.e.
 * straight from the real file system with positioned reads (nothing is copied into its MEMFS),
 * and the datasets are read by slices of H5_CHUNK_FRAMES rows (Dataset.slice), never whole: a
 * whole-dataset read (Dataset.value) grows the WebAssembly heap by the dataset's size, and that
 * heap never shrinks. openOpenSignalsH5 streams the recording (a measuring pass, then blocks on
 * request) for the conversion to BDF+ (text-to-bdf.ts) and for export; importOpenSignalsH5 keeps
 * the samples (small files), read the same way.
 */
import * as pathMod from 'node:path';
import { assertRegularFile } from '../recording/input-file';
import { ImportError, finishImport, singleSegment, type ImportOptions, type ImportedRecording } from './imported-recording';
import { PluxChannelScales } from './plux-text';
import type { ExportBlock, ExportSource } from './export-source';

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

/** Rows read from a dataset at a time: 64k rows (128 kB of uint16 per channel in the wasm heap). */
export const H5_CHUNK_FRAMES = 65536;

/** What the file says about its recording, before any sample is read. */
interface H5Layout {
  fileName: string;
  rateHz: number;
  channelLabels: string[];
  units: string[];
  /** per channel: µV = count × scale + offset (1, 0 for channels kept in counts) */
  scale: number[];
  offset: number[];
  /** dataset paths of the channels, and of nSeq (null: none) */
  channelPaths: string[];
  seqPath: string | null;
  frames: number;
  startTime: Date | null;
  warnings: string[];
}

async function openH5(path: string, fileName: string): Promise<{ h5: H5Module; file: H5File }> {
  assertRegularFile(path, fileName);
  const h5 = await h5wasm();
  return { h5, file: openWith(h5, path, fileName) };
}

function openWith(h5: H5Module, path: string, fileName: string): H5File {
  try {
    return new h5.File(path, 'r');
  } catch {
    throw new ImportError(fileName, 'is not a readable HDF5 file (damaged or truncated)');
  }
}

/** Runs `use` on the open file; h5wasm's own errors become a plain message; always closes. */
function withFile<T>(file: H5File, fileName: string, use: () => T): T {
  try {
    return use();
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

/** Rows of a (N) or (N, 1) dataset: N, or an error naming the dataset. */
function rowsOf(ds: H5Dataset, fileName: string, name: string): number {
  const shape = ds.shape ?? [];
  if (!(shape.length === 1 || (shape.length === 2 && shape[1] === 1))) {
    throw new ImportError(fileName, `the dataset ${name} has shape (${shape.join(', ')}), not one column of samples`);
  }
  return Number(shape[0]);
}

/** Rows [a, b) of a one-column dataset as numbers (checked: every value is a finite number). */
function readRows(ds: H5Dataset, a: number, b: number, out: Float64Array, fileName: string, name: string): void {
  const shape = ds.shape ?? [];
  const v = ds.slice(shape.length === 2 ? [[a, b], []] : [[a, b]]) as unknown;
  if (!ArrayBuffer.isView(v) && !Array.isArray(v)) throw new ImportError(fileName, `the dataset ${name} does not hold numbers`);
  const src = v as ArrayLike<number | bigint>;
  if (src.length !== b - a) throw new ImportError(fileName, `the dataset ${name} could not be read at samples ${a}-${b}`);
  for (let i = 0; i < src.length; i++) {
    const x = Number(src[i]);
    if (!Number.isFinite(x)) throw new ImportError(fileName, `the dataset ${name} holds a value that is not a number at sample ${a + i}`);
    out[i] = x;
  }
}

function layoutOf(file: H5File, fileName: string, opts: ImportOptions): H5Layout {
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
  const rawKeys = raw.keys();
  const names = rawKeys.filter((k) => /^channel_\d+$/.test(k)).sort((a, b) => Number(a.slice(8)) - Number(b.slice(8)));
  if (!names.length) throw new ImportError(fileName, 'the OpenSignals file has no raw channel_N datasets');

  const scales = new PluxChannelScales(device);
  const labels: string[] = [];
  const lengths: number[] = [];
  for (const name of names) {
    const ds = raw.get(name) as H5Dataset;
    lengths.push(rowsOf(ds, fileName, name));
    const port = Number(name.slice(8));
    const k = ports.indexOf(port);
    const bits = resolution[k >= 0 ? k : labels.length] ?? NaN;
    const sensor = text(attr(ds, 'sensor'));
    const label = text(attr(ds, 'label')) || `CH${port}`;
    scales.add(label, sensor, bits);
    labels.push(`${label} ${sensor}`.trim());
  }
  const frames = Math.min(...lengths);
  if (lengths.some((n) => n !== frames)) warnings.push(`the channels differ in length; all are cut to ${frames} samples`);
  const nsamples = numbers(attr(dev, 'nsamples'))[0];
  if (nsamples !== undefined && nsamples !== frames) warnings.push(`the file says ${nsamples} samples but holds ${frames}: it may be truncated`);
  let seqPath: string | null = null;
  if (rawKeys.includes('nSeq')) {
    seqPath = `/${macs[0]}/raw/nSeq`;
    rowsOf(file.get(seqPath) as H5Dataset, fileName, 'nSeq');
  }
  warnings.push(...scales.warnings());
  const { units, scale, offset } = scales;
  return {
    fileName,
    rateHz: rate,
    channelLabels: labels,
    units,
    scale,
    offset,
    channelPaths: names.map((n) => `/${macs[0]}/raw/${n}`),
    seqPath,
    frames,
    startTime: startOf(text(attr(dev, 'date')), text(attr(dev, 'time'))),
    warnings,
  };
}

/**
 * Every sample, by chunks of H5_CHUNK_FRAMES rows: each channel's values in µV (or counts), in
 * arrays reused between chunks. With `checkSeq` nSeq is checked along the way: it counts up by
 * one (wrapping); old files store it as a uint16 that sticks at 65535 (a storage artefact, not
 * lost data): that run is not a jump. The nSeq warning is added at the end.
 */
function* chunksOf(file: H5File, lay: H5Layout, checkSeq: boolean): Generator<{ first: number; rows: number; values: Float64Array[] }> {
  const nc = lay.channelPaths.length;
  const datasets = lay.channelPaths.map((p) => file.get(p) as H5Dataset);
  const seq = checkSeq && lay.seqPath ? (file.get(lay.seqPath) as H5Dataset) : null;
  const seqRows = seq ? rowsOf(seq, lay.fileName, 'nSeq') : 0;
  const chunk = Math.min(H5_CHUNK_FRAMES, Math.max(1, lay.frames));
  const values = Array.from({ length: nc }, () => new Float64Array(chunk));
  const seqValues = new Float64Array(chunk);
  let prevSeq = NaN;
  let jumps = 0;
  for (let a = 0; a < lay.frames; a += chunk) {
    const b = Math.min(lay.frames, a + chunk);
    for (let c = 0; c < nc; c++) {
      const v = values[c];
      readRows(datasets[c], a, b, v, lay.fileName, lay.channelPaths[c].split('/').pop()!);
      const f = lay.scale[c];
      const o = lay.offset[c];
      if (f !== 1 || o !== 0) for (let i = 0; i < b - a; i++) v[i] = v[i] * f + o;
    }
    if (seq && a < seqRows) {
      const sb = Math.min(b, seqRows);
      readRows(seq, a, sb, seqValues, lay.fileName, 'nSeq');
      for (let i = 0; i < sb - a; i++) {
        const s = seqValues[i];
        if (a + i > 0) {
          const d = s - prevSeq;
          if (!(d === 1 || (s === 0 && prevSeq >= 15) || (d === 0 && s === 65535))) jumps++;
        }
        prevSeq = s;
      }
    }
    yield { first: a, rows: b - a, values };
  }
  if (jumps) lay.warnings.push(`the nSeq counter jumps ${jumps} time(s): samples may be missing`);
}

/** An OpenSignals HDF5 recording read whole into memory (by slices: the wasm heap stays small). */
export async function importOpenSignalsH5(path: string, opts: ImportOptions = {}): Promise<ImportedRecording> {
  const fileName = pathMod.basename(path);
  const { file } = await openH5(path, fileName);
  return withFile(file, fileName, () => {
    const lay = layoutOf(file, fileName, opts);
    const samples = lay.channelPaths.map(() => new Float64Array(lay.frames));
    for (const { first, rows, values } of chunksOf(file, lay, true)) values.forEach((v, c) => samples[c].set(v.subarray(0, rows), first));
    return finishImport(
      {
        format: 'hdf5',
        layout: 'opensignals-h5',
        path,
        fileName,
        sampleRateHz: lay.rateHz,
        channelLabels: lay.channelLabels,
        units: lay.units,
        samples,
        frameCount: lay.frames,
        durationS: lay.frames / lay.rateHz,
        annotations: [],
        segments: singleSegment(lay.frames),
        startTime: lay.startTime,
        warnings: lay.warnings,
      },
      opts.channels,
    );
  });
}

/** What the import form needs (inspect-import.ts): the file's description, no sample read. */
export async function describeOpenSignalsH5(path: string, opts: ImportOptions = {}): Promise<{ layout: string; channelLabels: string[]; rateHz: number }> {
  const fileName = pathMod.basename(path);
  const { file } = await openH5(path, fileName);
  return withFile(file, fileName, () => {
    const lay = layoutOf(file, fileName, opts);
    if (lay.frames === 0) throw new ImportError(fileName, 'contains no samples');
    return { layout: 'opensignals-h5', channelLabels: lay.channelLabels, rateHz: lay.rateHz };
  });
}

/** An OpenSignals HDF5 recording as a stream (like text-stream.ts's TextStreamSource). */
export interface H5StreamSource extends ExportSource {
  format: 'hdf5';
  layout: string;
  fileName: string;
  warnings: string[];
  /** per channel, the smallest and largest value (in the channel's unit) */
  ranges: { min: number; max: number }[];
}

/**
 * Opens an OpenSignals HDF5 recording as a stream: one measuring pass now (ranges, nSeq, every
 * value checked), then each `blocks()` call reads the file again by slices. Memory: a chunk of
 * 64k rows per channel, whatever the file's length.
 */
export async function openOpenSignalsH5(path: string, opts: ImportOptions = {}): Promise<H5StreamSource> {
  const fileName = pathMod.basename(path);
  const { h5, file } = await openH5(path, fileName);
  const { lay, ranges } = withFile(file, fileName, () => {
    const l = layoutOf(file, fileName, opts);
    if (l.frames === 0) throw new ImportError(fileName, 'contains no samples');
    const nc = l.channelPaths.length;
    const lo = new Float64Array(nc).fill(Infinity);
    const hi = new Float64Array(nc).fill(-Infinity);
    const nonzero = new Uint8Array(nc);
    for (const { rows, values } of chunksOf(file, l, true)) {
      for (let c = 0; c < nc; c++) {
        const v = values[c];
        for (let i = 0; i < rows; i++) {
          const x = v[i];
          if (x < lo[c]) lo[c] = x;
          if (x > hi[c]) hi[c] = x;
          if (x !== 0) nonzero[c] = 1;
        }
      }
    }
    // finishImport's warning, as the in-memory import gives it
    const zero = l.channelLabels.filter((_, c) => !nonzero[c]);
    if (zero.length) l.warnings.push(`${zero.length} channel(s) are all zero (unused inputs?): ${zero.join(', ')}`);
    return { lay: l, ranges: Array.from({ length: nc }, (_, c) => ({ min: lo[c], max: hi[c] })) };
  });
  const nc = lay.channelPaths.length;
  return {
    format: 'hdf5',
    layout: 'opensignals-h5',
    fileName,
    warnings: lay.warnings,
    ranges,
    sampleRateHz: lay.rateHz,
    channelLabels: lay.channelLabels,
    units: lay.units,
    frameCount: lay.frames,
    segments: singleSegment(lay.frames),
    annotations: [],
    startTime: lay.startTime,
    *blocks(framesPerBlock: number): Generator<ExportBlock> {
      const f = openWith(h5, path, fileName);
      try {
        const block = new Float64Array(framesPerBlock * nc);
        let filled = 0;
        let first = 0;
        for (const ch of chunksOf(f, lay, false)) {
          for (let i = 0; i < ch.rows; i++) {
            const o = filled * nc;
            for (let c = 0; c < nc; c++) block[o + c] = ch.values[c][i];
            if (++filled === framesPerBlock) {
              yield { block, frames: filled, firstFrame: first };
              first += filled;
              filled = 0;
            }
          }
        }
        if (filled > 0) yield { block, frames: filled, firstFrame: first };
      } catch (err) {
        if (err instanceof ImportError) throw err;
        throw new ImportError(fileName, 'the HDF5 file is damaged (its samples cannot be read)');
      } finally {
        try {
          f.close();
        } catch {
          /* nothing more to do */
        }
      }
    },
  };
}
