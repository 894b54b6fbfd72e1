/**
 * One entry point for every import: `importRecording(path, { format: 'auto', … })` looks at the
 * file's first bytes (never only at the extension) and hands it to the right reader.
 *
 *   0xFF "BIOSEMI" / "0       " header     → EDF/BDF reader ('myocue' when it is ours)
 *   \x89 "HDF\r\n\x1a\n" signature            → OpenSignals HDF5 (async: importRecordingAsync)
 *   "%OpenBCI Raw …" / "%…Sample Rate ="   → OpenBCI GUI text
 *   "# OpenSignals Text File Format"        → PLUX OpenSignals text (csv)
 *   "# Simple Text Format"                  → BioSPPy text (csv)
 *   "Devices" + rate line                   → Vicon Nexus CSV (csv)
 *   tab-separated numbers with unix times   → BrainFlow CSV
 *   anything else that is text              → generic CSV/TSV
 * Errors name the file and the problem, e.g. "emg.csv: cannot infer the sample rate (no time
 * column); pass --rate HZ".
 */
import * as fs from 'node:fs';
import * as pathMod from 'node:path';
import { ImportError, type ImportFormat, type ImportOptions, type ImportedRecording } from './imported-recording';
import { importEdf } from './edf-import';
import { importOpenBci, looksLikeOpenBci } from './openbci-txt';
import { importBrainflow, looksLikeBrainflow } from './brainflow-csv';
import { importVicon, looksLikeViconStart } from './vicon-csv';
import { importBiosppy, importOpenSignals, looksLikeBiosppy, looksLikeOpenSignals } from './plux-text';
import { importDelimited } from './delimited-csv';
import { binaryKind } from './text-table';
import { importOpenSignalsH5, looksLikeHdf5 } from './opensignals-h5';
import { describeOpenError, openRegularFile, readFully } from '../recording/input-file';

export type DetectedLayout = 'edf' | 'hdf5' | 'openbci' | 'opensignals' | 'biosppy' | 'vicon' | 'brainflow' | 'csv';

/** Reads the head of a file and names its layout; throws for empty, missing or binary files. */
export function detectLayout(path: string): DetectedLayout {
  const fileName = pathMod.basename(path);
  const { fd, size } = openRegularFile(path, fileName);
  let head: Buffer;
  try {
    head = Buffer.alloc(Math.min(size, 16384));
    head = head.subarray(0, readFully(fd, head, 0, head.length, 0));
  } catch (err) {
    throw new ImportError(fileName, `cannot read (${describeOpenError(err)})`);
  } finally {
    fs.closeSync(fd);
  }
  if (head.length === 0) throw new ImportError(fileName, 'the file is empty');
  if ((head[0] === 0xff && head.toString('latin1', 1, 8) === 'BIOSEMI') || (head.toString('latin1', 0, 8) === '0       ' && head.length >= 256)) return 'edf';
  if (looksLikeHdf5(head)) return 'hdf5';
  const kind = binaryKind(head);
  if (kind) throw new ImportError(fileName, `not a recording Myocue can import (${kind})`);
  const text = head.toString('utf8');
  const lines = text.split(/\r?\n/).slice(0, -1); // the last piece may be cut
  if (looksLikeOpenBci(text)) return 'openbci';
  if (looksLikeOpenSignals(text)) return 'opensignals';
  if (looksLikeBiosppy(text)) return 'biosppy';
  // (also a Vicon export cut off inside its header: its importer says so)
  if (looksLikeViconStart(text.split(/\r?\n/))) return 'vicon';
  if (looksLikeBrainflow(lines.length ? lines : [text])) return 'brainflow';
  return 'csv';
}

const FORMAT_OF: Record<DetectedLayout, ImportFormat> = {
  edf: 'edf',
  hdf5: 'hdf5',
  openbci: 'openbci',
  opensignals: 'csv',
  biosppy: 'csv',
  vicon: 'csv',
  brainflow: 'brainflow',
  csv: 'csv',
};

/**
 * Imports a recording. `format` other than 'auto' forces the reader family (and is checked
 * against the content: an OpenBCI file given as 'edf' fails with a clear message).
 */
export function importRecording(path: string, opts: ImportOptions = {}): ImportedRecording {
  const fileName = pathMod.basename(path);
  const format = opts.format ?? 'auto';
  if (opts.rateHz !== undefined && !(opts.rateHz > 0 && Number.isFinite(opts.rateHz))) {
    throw new ImportError(fileName, `the sample rate given (${opts.rateHz}) is not a positive number of Hz`);
  }
  const layout = detectLayout(path);
  const detected = FORMAT_OF[layout];
  if (format !== 'auto') {
    const wanted = format === 'myocue' ? 'edf' : format;
    // a BrainFlow file is also a valid generic TSV: allow 'csv' for it, and 'brainflow' for plain TSV
    const compatible = wanted === detected || (wanted === 'csv' && detected === 'brainflow') || (wanted === 'brainflow' && layout === 'csv');
    if (!compatible) {
      throw new ImportError(fileName, `is not a${wanted === 'edf' || wanted === 'openbci' || wanted === 'hdf5' ? 'n' : ''} ${wanted.toUpperCase()} file (it looks like ${describe(layout)})`);
    }
    if (wanted === 'brainflow') return importBrainflow(path, opts);
    if (wanted === 'csv' && layout === 'brainflow') return importDelimited(path, opts);
  }
  switch (layout) {
    case 'edf':
      return importEdf(path, opts);
    case 'hdf5':
      throw new ImportError(fileName, 'is an OpenSignals HDF5 file: it is read by importRecordingAsync');
    case 'openbci':
      return importOpenBci(path, opts);
    case 'opensignals':
      return importOpenSignals(path, opts);
    case 'biosppy':
      return importBiosppy(path, opts);
    case 'vicon':
      return importVicon(path, opts);
    case 'brainflow':
      return importBrainflow(path, opts);
    case 'csv':
      return importDelimited(path, opts);
  }
}

/** importRecording for every format, OpenSignals HDF5 included (h5wasm loads asynchronously). */
export async function importRecordingAsync(path: string, opts: ImportOptions = {}): Promise<ImportedRecording> {
  const format = opts.format ?? 'auto';
  if ((format === 'auto' || format === 'hdf5') && detectLayout(path) === 'hdf5') {
    if (opts.rateHz !== undefined && !(opts.rateHz > 0 && Number.isFinite(opts.rateHz))) {
      throw new ImportError(pathMod.basename(path), `the sample rate given (${opts.rateHz}) is not a positive number of Hz`);
    }
    return importOpenSignalsH5(path, opts);
  }
  return importRecording(path, opts);
}

function describe(layout: DetectedLayout): string {
  switch (layout) {
    case 'edf':
      return 'an EDF/BDF recording';
    case 'hdf5':
      return 'an OpenSignals HDF5 recording';
    case 'openbci':
      return 'an OpenBCI GUI recording';
    case 'opensignals':
      return 'an OpenSignals text file';
    case 'biosppy':
      return 'a BioSPPy text file';
    case 'vicon':
      return 'a Vicon Nexus CSV export';
    case 'brainflow':
      return 'a BrainFlow CSV';
    case 'csv':
      return 'a CSV/text table';
  }
}
