/**
 * The desktop app's "Save as" for an export (contract command `saveExport`): the host wrote the
 * file into the data folder's exports/ (exportSession, streamed); Electron's native save dialog
 * in the main process asks where it goes, and the file is copied there by the file system
 * (fs.promises.copyFile: the kernel copies, nothing is read into memory), under a temporary name
 * first, so a failed copy never leaves half a file under the chosen name.
 *
 * Electron is passed in (types only here), so a unit test drives it with fakes.
 */
import type { BrowserWindow, SaveDialogOptions, SaveDialogReturnValue } from 'electron';
import * as fs from 'node:fs';
import * as pathMod from 'node:path';
import type { Commands } from '../src/host/contract';
import { isExportFileName } from '../src/host/export-file-name';
import { holdExportFile } from '../src/host/export-staging';

/** The part of Electron's `dialog` used. */
export interface SaveDialogLike {
  showSaveDialog(window: BrowserWindow, options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
}

const FILTERS: Record<string, SaveDialogOptions['filters']> = {
  csv: [{ name: 'CSV', extensions: ['csv'] }],
  edf: [{ name: 'EDF+', extensions: ['edf'] }],
  bdf: [{ name: 'BDF+', extensions: ['bdf'] }],
};

/**
 * Asks where `fileName` (a file in `exportsDir`) is saved, starting in `defaultDir` (the user's
 * downloads folder), and copies it there; null when the dialog was cancelled.
 */
export async function saveExportAs(
  dialog: SaveDialogLike,
  window: BrowserWindow,
  exportsDir: string,
  fileName: string,
  defaultDir: string,
): Promise<Commands['saveExport']['result']> {
  // (checked at the IPC boundary too; here it keeps the copy inside exports/ on its own)
  if (!isExportFileName(fileName)) throw new Error(`${fileName}: not an exported file`);
  const source = pathMod.join(exportsDir, fileName);
  // in use from here until copied: exports/'s cleaning (src/host/export-staging.ts) leaves it alone
  const release = holdExportFile(source);
  try {
    return await saveHeldExportAs(dialog, window, source, fileName, defaultDir);
  } finally {
    release();
  }
}

async function saveHeldExportAs(
  dialog: SaveDialogLike,
  window: BrowserWindow,
  source: string,
  fileName: string,
  defaultDir: string,
): Promise<Commands['saveExport']['result']> {
  const st = await fs.promises.lstat(source).catch(() => null);
  if (!st?.isFile()) throw new Error(`${fileName} is no longer in the data folder's exports/: export it again`);
  const ext = pathMod.extname(fileName).slice(1).toLowerCase();
  const r = await dialog.showSaveDialog(window, {
    title: 'Save the export',
    defaultPath: pathMod.join(defaultDir, fileName),
    filters: [...(FILTERS[ext] ?? []), { name: 'All files', extensions: ['*'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  if (r.canceled || !r.filePath) return null;
  const dest = r.filePath;
  if (pathMod.resolve(dest) === pathMod.resolve(source)) return { savedTo: dest };
  const tmp = pathMod.join(pathMod.dirname(dest), `.${pathMod.basename(dest)}.partial-${process.pid}`);
  try {
    await fs.promises.copyFile(source, tmp);
    await fs.promises.rename(tmp, dest);
  } catch (err) {
    await fs.promises.rm(tmp, { force: true });
    throw new Error(`Could not save ${pathMod.basename(dest)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
  }
  return { savedTo: dest };
}
