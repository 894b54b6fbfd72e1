/**
 * The player for a file opened for replay. A text table (CSV, OpenBCI, BrainFlow, Vicon,
 * OpenSignals or BioSPPy text) is converted once, streamed, into a BDF+ in <data>/imports/converted
 * (text-to-bdf.ts) and played from there record by record, so a huge CSV is never held in memory
 * (issue 9.13 for imports);
 * other files are played as they are (EDF/BDF stream).
 */
import * as pathMod from 'node:path';
import { RecordingPlayer } from '../devices/recording-player';
import { streamableLayout } from '../formats/text-stream';
import { CONVERTED_FOLDER, convertTextImport } from '../formats/text-to-bdf';
import { IMPORTS_FOLDER } from './import-uploads';
import type { ImportFormat } from '../formats/imported-recording';

export function replayPlayerFor(path: string, dataDir: string, opts: { rateHz?: number; format?: ImportFormat } = {}): RecordingPlayer {
  if (streamableLayout(path, opts)) {
    const converted = convertTextImport(path, pathMod.join(dataDir, IMPORTS_FOLDER, CONVERTED_FOLDER), opts);
    return new RecordingPlayer(converted.bdfPath, { notes: converted.warnings });
  }
  return new RecordingPlayer(path, opts);
}
