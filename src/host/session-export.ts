/**
 * The host's `exportSession` command: a session of the library — whole, or one set — as CSV,
 * EDF+ or BDF+, written to `<dataDir>/exports/` with the streaming exporters of `myocue export`
 * (the recording read record by record from its BDF+, never whole: issue 9.13). A set is the span
 * from its start to its end mark, with its annotations (reps, cues) on the span's own clock.
 *
 * The answer names the file, its size and where the page fetches it (`/exports/<name>` on the
 * browser host, export-download.ts; the desktop app copies it where the user saves it): the file's
 * content never goes over the contract, and the page gets no absolute path.
 *
 * exports/ is download staging (export-staging.ts): old exports are removed before each new one,
 * never the one being written or one being downloaded.
 */
import * as fs from 'node:fs';
import * as pathMod from 'node:path';
import type { SessionExport } from './contract';
import type { SessionStore } from '../recording/session-store';
import { edfExportSource, spanExportSource, type ExportSource } from '../formats/export-source';
import { exportCsvYielding } from '../formats/export-csv';
import { exportEdfYielding } from '../formats/export-edf';
import { wholeChannelLabels } from '../formats/edf-import';
import { setMarks } from '../analysis/session-marks';
import { safeImportName } from './import-uploads';
import { cleanExportStaging, holdExportFile, tempExportName, type ExportStagingLimits } from './export-staging';

export const EXPORTS_FOLDER = 'exports';

/** The data folder's exports/ (download staging). */
export function exportsDirOf(dataDir: string): string {
  return pathMod.join(dataDir, EXPORTS_FOLDER);
}

/** The URL path the browser host serves an exported file at (export-download.ts). */
export function exportDownloadPath(fileName: string): string {
  return `/${EXPORTS_FOLDER}/${encodeURIComponent(fileName)}`;
}

/** Exports running in this process: each writes under its own temporary name. */
let exportsStarted = 0;

export async function exportSession(
  store: SessionStore,
  arg: { sessionId: string; to: 'csv' | 'edf' | 'bdf'; set?: number },
  staging: Partial<ExportStagingLimits> = {},
): Promise<SessionExport> {
  // openRecording confines the recording to the data folder (issue 9.11) and repairs a crashed one
  const { meta, info, bdfPath } = store.openRecording(arg.sessionId);
  if (info.totalFrames === 0) throw new Error(`${meta.name}: the recording holds no samples yet`);
  let src: ExportSource = edfExportSource(info, wholeChannelLabels(bdfPath, info.channelLabels));
  let suffix = '';
  if (arg.set !== undefined) {
    // set numbers follow the marks' order (Set 1, Set 2, …)
    const marks = setMarks({ annotations: src.annotations, durationS: info.durationS });
    const m = marks[arg.set - 1];
    if (!m) throw new Error(`${meta.name}: there is no set ${arg.set} (the session has ${marks.length} set${marks.length === 1 ? '' : 's'})`);
    src = spanExportSource(src, m.startS, m.endS);
    if (src.frameCount === 0) throw new Error(`${meta.name}: set ${arg.set} holds no samples`);
    suffix = ` set ${arg.set}`;
  }
  const dir = exportsDirOf(store.dataDir);
  fs.mkdirSync(dir, { recursive: true });
  cleanExportStaging(dir, staging);
  const fileName = safeImportName(`${meta.name}${suffix}.${arg.to}`);
  const out = pathMod.join(dir, fileName);
  // a temporary name of this export alone (two exports of the same session may run at once),
  // held while it is written so another export's cleaning leaves it alone
  const tmp = pathMod.join(dir, tempExportName(fileName, process.pid, ++exportsStarted));
  const release = holdExportFile(tmp);
  try {
    if (arg.to === 'csv') await exportCsvYielding(tmp, src);
    else await exportEdfYielding(tmp, src, { format: arg.to, prefilter: 'none' });
    fs.renameSync(tmp, out);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  } finally {
    release();
  }
  return { fileName, sizeBytes: fs.statSync(out).size, downloadPath: exportDownloadPath(fileName) };
}
