/**
 * The desktop app's "Save as" for an export (saveExport, electron/save-dialog.ts) with a fake
 * dialog: the file is copied from <data>/exports/ to the chosen place whole, nothing is written
 * when the dialog is cancelled, a name that is not an export (a path, a temporary file) or a
 * symlink in exports/ is refused, and a failed copy leaves no half file behind.
 */
import { describe, expect, it, vi } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserWindow, SaveDialogOptions } from 'electron';
import { saveExportAs, type SaveDialogLike } from '../../electron/save-dialog';
import { useTempDirs } from '../helpers/test-cleanups';

const tmp = useTempDirs('myocue-save-');

const WIN = {} as BrowserWindow;
const savingTo = (filePath: string | undefined): SaveDialogLike & { showSaveDialog: ReturnType<typeof vi.fn> } => ({
  showSaveDialog: vi.fn(async (_w: BrowserWindow, _o: SaveDialogOptions) => (filePath ? { canceled: false, filePath } : { canceled: true, filePath: '' })),
});

describe("the desktop app's native save dialog (saveExport)", () => {
  it('copies the export where the user chose, byte for byte, starting in the downloads folder with its name and type', async () => {
    const exportsDir = tmp();
    const downloads = tmp();
    const bytes = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919) & 255));
    fs.writeFileSync(path.join(exportsDir, 'Hip thrust · 3 sets set 2.bdf'), bytes);
    const dest = path.join(downloads, 'my set.bdf');
    const dialog = savingTo(dest);
    await expect(saveExportAs(dialog, WIN, exportsDir, 'Hip thrust · 3 sets set 2.bdf', downloads)).resolves.toEqual({ savedTo: dest });
    expect(fs.readFileSync(dest).equals(bytes)).toBe(true);
    const opts = dialog.showSaveDialog.mock.calls[0][1] as SaveDialogOptions;
    expect(opts.defaultPath).toBe(path.join(downloads, 'Hip thrust · 3 sets set 2.bdf'));
    expect(opts.filters![0].extensions).toEqual(['bdf']);
    // no temporary file left beside it
    expect(fs.readdirSync(downloads)).toEqual(['my set.bdf']);
  });

  it('writes nothing when the dialog is cancelled', async () => {
    const exportsDir = tmp();
    const downloads = tmp();
    fs.writeFileSync(path.join(exportsDir, 'a.csv'), 'time_s\n');
    await expect(saveExportAs(savingTo(undefined), WIN, exportsDir, 'a.csv', downloads)).resolves.toBeNull();
    expect(fs.readdirSync(downloads)).toEqual([]);
  });

  it('refuses names that are not an export in exports/, a symlink there, and a file that is gone, before any dialog', async () => {
    const exportsDir = tmp();
    const outside = path.join(tmp(), 'secret.bdf');
    fs.writeFileSync(outside, 'secret');
    fs.symlinkSync(outside, path.join(exportsDir, 'link.bdf'));
    const dialog = savingTo(path.join(tmp(), 'x.bdf'));
    for (const name of ['../secret.bdf', 'a/b.bdf', '.a.bdf.tmp-1', 'a.bdf.partial-1-1', 'notes.txt']) {
      await expect(saveExportAs(dialog, WIN, exportsDir, name, tmp())).rejects.toThrow(/not an exported file/);
    }
    await expect(saveExportAs(dialog, WIN, exportsDir, 'link.bdf', tmp())).rejects.toThrow(/no longer in the data folder's exports/);
    await expect(saveExportAs(dialog, WIN, exportsDir, 'gone.bdf', tmp())).rejects.toThrow(/export it again/);
    expect(dialog.showSaveDialog).not.toHaveBeenCalled();
  });

  it('a failed copy (a folder that cannot be written) says so and leaves no half file', async () => {
    const exportsDir = tmp();
    fs.writeFileSync(path.join(exportsDir, 'a.edf'), 'x'.repeat(1000));
    const missing = path.join(tmp(), 'no such folder', 'a.edf');
    await expect(saveExportAs(savingTo(missing), WIN, exportsDir, 'a.edf', tmp())).rejects.toThrow(/Could not save a\.edf: ENOENT/);
  });
});
