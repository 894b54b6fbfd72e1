/**
 * Files a renderer sends to the host to open (the Sessions page's file picker and drag-and-drop):
 * received in chunks (one WebSocket message is capped at 1 MB), written in order to a part file,
 * and on the last chunk moved to `<dataDir>/imports/<name>`, where the host keeps the import: it
 * can then be replayed by that path (ReplayFilePolicy allows the data folder) and is still there
 * after a restart. Names are reduced to a safe base name and never overwrite an earlier import.
 */
import * as fs from 'node:fs';
import * as pathMod from 'node:path';
import { describeFsError } from '../recording/fs-errors';

export const IMPORT_LIMITS = {
  /** largest file accepted, bytes (a 10 h 8-channel BDF at 2 kHz is ~1.7 GB; text exports are far smaller) */
  maxFileBytes: 2 * 1024 ** 3,
  /** largest chunk, bytes before base64 (base64 grows it by 4/3: stays under the 1 MB message cap) */
  maxChunkBytes: 700 * 1024,
  /** unfinished uploads older than this are removed, ms */
  staleMs: 60 * 60 * 1000,
} as const;

export const IMPORTS_FOLDER = 'imports';

export interface UploadChunk {
  /** chosen by the renderer for one file: letters, digits, '-' */
  uploadId: string;
  fileName: string;
  totalBytes: number;
  /** where this chunk starts; chunks come in order */
  offset: number;
  dataBase64: string;
}

export interface UploadProgress {
  receivedBytes: number;
  /** set once the whole file is in: where the host keeps it */
  path: string | null;
}

/** "../../etc/My file?.csv" → "My file_.csv": a base name that is safe on every file system */
export function safeImportName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[\u0000-\u001f<>:"|?*]+/g, '_').replace(/^\.+/, '').trim().slice(-150);
  return cleaned || 'import';
}

export class ImportUploads {
  private readonly dir: string;
  private readonly open = new Map<string, { part: string; fileName: string; totalBytes: number; received: number; touched: number }>();

  constructor(dataDir: string) {
    this.dir = pathMod.join(dataDir, IMPORTS_FOLDER);
  }

  receive(c: UploadChunk): UploadProgress {
    this.dropStale();
    if (c.totalBytes > IMPORT_LIMITS.maxFileBytes) throw new Error(`${safeImportName(c.fileName)} is too large to open here (${mb(c.totalBytes)}; at most ${mb(IMPORT_LIMITS.maxFileBytes)})`);
    const data = Buffer.from(c.dataBase64, 'base64');
    if (data.length > IMPORT_LIMITS.maxChunkBytes) throw new Error(`upload chunk too large (${data.length} bytes; at most ${IMPORT_LIMITS.maxChunkBytes})`);
    let u = this.open.get(c.uploadId);
    if (!u) {
      if (c.offset !== 0) throw new Error(`${safeImportName(c.fileName)}: the upload was interrupted; choose the file again`);
      fs.mkdirSync(this.dir, { recursive: true });
      u = { part: pathMod.join(this.dir, `.upload-${c.uploadId}.part`), fileName: c.fileName, totalBytes: c.totalBytes, received: 0, touched: Date.now() };
      try {
        fs.writeFileSync(u.part, '');
      } catch (err) {
        throw describeFsError(err, 'keep the file in', this.dir);
      }
      this.open.set(c.uploadId, u);
    }
    if (c.offset !== u.received || c.totalBytes !== u.totalBytes || c.fileName !== u.fileName) {
      this.abort(c.uploadId);
      throw new Error(`${safeImportName(c.fileName)}: the upload arrived out of order; choose the file again`);
    }
    if (u.received + data.length > u.totalBytes) {
      this.abort(c.uploadId);
      throw new Error(`${safeImportName(c.fileName)}: more data than the file's size`);
    }
    try {
      fs.appendFileSync(u.part, data);
    } catch (err) {
      this.abort(c.uploadId);
      throw describeFsError(err, 'keep the file in', this.dir);
    }
    u.received += data.length;
    u.touched = Date.now();
    if (u.received < u.totalBytes) return { receivedBytes: u.received, path: null };
    this.open.delete(c.uploadId);
    const dest = this.freeName(safeImportName(u.fileName));
    fs.renameSync(u.part, dest);
    return { receivedBytes: u.received, path: dest };
  }

  /**
   * A file the user picked in the desktop app's native dialog: copied (kernel copy, not read into
   * memory) into imports/ under a free safe name, like an upload. Only regular files.
   */
  async keepCopy(source: string): Promise<string> {
    const name = safeImportName(source);
    let st: fs.Stats;
    try {
      st = await fs.promises.stat(source);
    } catch (err) {
      throw describeFsError(err, 'read', source);
    }
    if (!st.isFile()) throw new Error(`${name} is not a regular file (a folder, device or pipe cannot be opened as a recording)`);
    if (st.size > IMPORT_LIMITS.maxFileBytes) throw new Error(`${name} is too large to open here (${mb(st.size)}; at most ${mb(IMPORT_LIMITS.maxFileBytes)})`);
    try {
      await fs.promises.mkdir(this.dir, { recursive: true });
      const dest = this.freeName(name);
      await fs.promises.copyFile(source, dest, fs.constants.COPYFILE_EXCL);
      return dest;
    } catch (err) {
      throw describeFsError(err, 'keep the file in', this.dir);
    }
  }

  private freeName(name: string): string {
    const ext = pathMod.extname(name);
    const stem = name.slice(0, name.length - ext.length);
    for (let k = 1; ; k++) {
      const p = pathMod.join(this.dir, k === 1 ? name : `${stem} (${k})${ext}`);
      if (!fs.existsSync(p)) return p;
    }
  }

  private abort(id: string): void {
    const u = this.open.get(id);
    this.open.delete(id);
    if (u) fs.rmSync(u.part, { force: true });
  }

  private dropStale(): void {
    const now = Date.now();
    for (const [id, u] of this.open) if (now - u.touched > IMPORT_LIMITS.staleMs) this.abort(id);
  }
}

function mb(bytes: number): string {
  return `${(bytes / 1024 ** 2).toFixed(bytes < 10 * 1024 ** 2 ? 1 : 0)} MB`;
}
