/**
 * The player for a file opened for replay. A text table (CSV, OpenBCI, BrainFlow, Vicon,
 * OpenSignals or BioSPPy text) or an OpenSignals HDF5 file is converted once, streamed, into a
 * BDF+ in <data>/imports/converted (text-to-bdf.ts) and played from there record by record, so a
 * huge file is never held in memory (issue 9.13 for imports); EDF/BDF files are played as they
 * are (they stream).
 */
import * as pathMod from 'node:path';
import { RecordingPlayer } from '../devices/recording-player';
import { CONVERTED_FOLDER, convertImport } from '../formats/text-to-bdf';
import { IMPORTS_FOLDER } from './import-uploads';
import type { ImportFormat } from '../formats/imported-recording';

export async function replayPlayerFor(path: string, dataDir: string, opts: { rateHz?: number; format?: ImportFormat } = {}): Promise<RecordingPlayer> {
  const converted = await convertImport(path, pathMod.join(dataDir, IMPORTS_FOLDER, CONVERTED_FOLDER), opts);
  if (converted) return new RecordingPlayer(converted.bdfPath, { notes: converted.warnings });
  return new RecordingPlayer(path, opts);
}
