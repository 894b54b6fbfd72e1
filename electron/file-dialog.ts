/**
 * The desktop app's "Choose a file…" (contract command `chooseFile`): Electron's native open
 * dialog in the main process, then the picked file is copied into the data folder's imports/
 * (as an upload is in the browser host), so it opens for replay by path (the data folder is
 * allowed), a corrected set tag can be saved beside it, and it is still there after a restart.
 *
 * Electron is passed in (types only here), so a unit test drives it with fakes.
 */
import type { BrowserWindow, OpenDialogOptions, OpenDialogReturnValue } from 'electron';
import type { Commands } from '../src/host/contract';

/** The part of Electron's `dialog` used. */
export interface OpenDialogLike {
  showOpenDialog(window: BrowserWindow, options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
}

/** What the picker offers (the host detects the format from the content, not the name); matches the renderer's IMPORT_ACCEPT. */
export const IMPORT_FILTERS: OpenDialogOptions['filters'] = [
  { name: 'Recordings (EDF/BDF, OpenBCI, OpenSignals, BrainFlow, CSV, HDF5)', extensions: ['bdf', 'edf', 'txt', 'csv', 'tsv', 'h5', 'hdf5'] },
  { name: 'All files', extensions: ['*'] },
];

export async function chooseFileForImport(
  dialog: OpenDialogLike,
  window: BrowserWindow,
  keepImportCopy: (path: string) => Promise<string>,
): Promise<Commands['chooseFile']['result']> {
  const r = await dialog.showOpenDialog(window, { title: 'Open a recording', properties: ['openFile'], filters: IMPORT_FILTERS });
  const picked = r.canceled ? undefined : r.filePaths[0];
  if (!picked) return null;
  const path = await keepImportCopy(picked);
  return { path, fileName: picked.split(/[\\/]/).pop() ?? picked };
}
