/**
 * The host's `exportSession` command: a session of the library — whole, or one set — as CSV,
 * EDF+ or BDF+ (the same writers as `myocue export`), written to `<dataDir>/exports/` and handed
 * to the renderer to save. A set is cut from its start to its end mark, with its annotations
 * (reps, cues) shifted to the cut's own clock.
 *
 * Memory: the session is read whole (fine for the sessions of a training day; `myocue export`
 * streams long files).
 */
import * as fs from 'node:fs';
import * as pathMod from 'node:path';
import type { SessionExport } from './contract';
import type { SessionStore } from '../recording/session-store';
import { importRecording } from '../formats/detect-format';
import { exportCsv, type ExportableRecording } from '../formats/export-csv';
import { exportEdf } from '../formats/export-edf';
import { setMarks } from '../analysis/session-marks';
import { safeImportName } from './import-uploads';

export const EXPORTS_FOLDER = 'exports';

export async function exportSession(store: SessionStore, arg: { sessionId: string; to: 'csv' | 'edf' | 'bdf'; set?: number }): Promise<SessionExport> {
  const { meta } = store.openRecording(arg.sessionId);
  const file = pathMod.join(store.dataDir, meta.recordingFile);
  const rec = importRecording(file, { format: 'auto' });
  let data: ExportableRecording = {
    sampleRateHz: rec.sampleRateHz,
    channelLabels: rec.channelLabels,
    units: rec.units,
    samples: rec.samples,
    segments: rec.segments,
    annotations: rec.annotations,
    startTime: rec.startTime,
  };
  let suffix = '';
  if (arg.set !== undefined) {
    const marks = setMarks(rec);
    // set numbers follow the marks' order (Set 1, Set 2, …)
    const m = marks[arg.set - 1];
    if (!m) throw new Error(`${meta.name}: there is no set ${arg.set} (the session has ${marks.length} set${marks.length === 1 ? '' : 's'})`);
    const i0 = Math.max(0, Math.floor(m.startS * rec.sampleRateHz));
    const i1 = Math.min(rec.samples[0]?.length ?? 0, Math.ceil(m.endS * rec.sampleRateHz));
    data = {
      ...data,
      samples: rec.samples.map((s) => s.slice(i0, i1)),
      segments: [{ firstFrame: 0, frames: i1 - i0, onsetS: 0 }],
      annotations: rec.annotations.filter((a) => a.onsetS >= m.startS && a.onsetS <= m.endS).map((a) => ({ ...a, onsetS: a.onsetS - m.startS })),
      startTime: rec.startTime ? new Date(rec.startTime.getTime() + m.startS * 1000) : null,
    };
    suffix = ` set ${arg.set}`;
  }
  const dir = pathMod.join(store.dataDir, EXPORTS_FOLDER);
  fs.mkdirSync(dir, { recursive: true });
  const fileName = safeImportName(`${meta.name}${suffix}.${arg.to}`);
  const out = pathMod.join(dir, fileName);
  const tmp = `${out}.partial-${process.pid}`;
  try {
    if (arg.to === 'csv') exportCsv(tmp, data);
    else exportEdf(tmp, data, { format: arg.to, prefilter: 'none' });
    fs.renameSync(tmp, out);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  return { fileName, path: out, dataBase64: fs.readFileSync(out).toString('base64') };
}
