import { describe, expect, it, vi } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserWindow } from 'electron';
import { chooseFileForImport, IMPORT_FILTERS, type OpenDialogLike } from '../../electron/file-dialog';
import { ImportUploads } from '../../src/host/import-uploads';
import { IMPORT_ACCEPT } from '../../renderer/src/sessions/ImportFile';
import { useTempDirs } from '../helpers/test-cleanups';

const tmp = useTempDirs('myocue-dialog-');

const WIN = {} as BrowserWindow;

describe("the desktop app's native file dialog (chooseFile)", () => {
  it('copies the picked file into <data>/imports (never overwriting), and answers null when cancelled', async () => {
    const data = tmp();
    const src = path.join(tmp(), 'emg fatigue.csv');
    fs.writeFileSync(src, '1,2\n3,4\n');
    const uploads = new ImportUploads(data);
    const dialog: OpenDialogLike = { showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: [src] })) };
    const first = await chooseFileForImport(dialog, WIN, (p) => uploads.keepCopy(p));
    expect(first).toEqual({ path: path.join(data, 'imports', 'emg fatigue.csv'), fileName: 'emg fatigue.csv' });
    expect(fs.readFileSync(first!.path, 'utf8')).toBe('1,2\n3,4\n');
    const second = await chooseFileForImport(dialog, WIN, (p) => uploads.keepCopy(p));
    expect(second!.path).toBe(path.join(data, 'imports', 'emg fatigue (2).csv'));
    expect(dialog.showOpenDialog).toHaveBeenCalledWith(WIN, expect.objectContaining({ properties: ['openFile'] }));
    const cancelled: OpenDialogLike = { showOpenDialog: async () => ({ canceled: true, filePaths: [] }) };
    const keep = vi.fn(async (p: string) => p);
    await expect(chooseFileForImport(cancelled, WIN, keep)).resolves.toBeNull();
    expect(keep).not.toHaveBeenCalled();
  });

  it('refuses a folder with a plain message, and offers the same extensions as the browser picker', async () => {
    const uploads = new ImportUploads(tmp());
    await expect(uploads.keepCopy(tmp())).rejects.toThrow(/not a regular file/);
    const offered = IMPORT_FILTERS![0].extensions.map((e) => `.${e}`).sort();
    expect(offered).toEqual(IMPORT_ACCEPT.split(',').sort());
  });
});
