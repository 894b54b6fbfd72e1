/**
 * The bin of the session library: a deleted session's files (recording, sidecar, journal) are
 * moved to `<dataDir>/bin/<id>/` instead of being removed, so "Undo" can put them back; what has
 * been in the bin longer than `BIN_KEEP_DAYS` is removed for good when the app starts.
 *
 * Confinement (issue 9.11): the bin lies inside the data folder and is a real folder (a symlink
 * named `bin` leading elsewhere is refused, never written through); entries are named by session
 * id (sessionIdSchema: no separators, no leading dot) and hold plain files only, so neither a
 * restore nor a purge can reach a file outside `<dataDir>/bin/<id>/`. Moves are renames within one
 * file system (the bin is in the data folder): a session is never half copied.
 */
import * as fs from 'node:fs';
import * as pathMod from 'node:path';
import { sessionIdSchema } from './session-id-schema';
import { describeFsError } from './fs-errors';
import { writeJsonAtomic } from './session-meta';

import { BIN_KEEP_DAYS } from '../host/contract';

/** Days a deleted session is kept before the bin is emptied of it (at start): contract.ts. */
export { BIN_KEEP_DAYS };
export const BIN_FOLDER = 'bin';
/** what the bin knows of an entry: when it was deleted and which files it holds */
const ENTRY_FILE = 'deleted.json';

export interface BinEntry {
  id: string;
  deletedAt: string;
  files: string[];
}

export class SessionBin {
  readonly dir: string;

  constructor(private readonly dataDir: string) {
    this.dir = pathMod.join(dataDir, BIN_FOLDER);
  }

  /** The bin folder, created if missing; throws when `bin` is not a real folder inside the data folder. */
  private ensureDir(): string {
    try {
      fs.mkdirSync(this.dir, { recursive: true });
    } catch (err) {
      throw describeFsError(err, 'create the bin folder', this.dir);
    }
    this.checkDir();
    return this.dir;
  }

  private checkDir(): void {
    const st = fs.lstatSync(this.dir);
    if (!st.isDirectory() || st.isSymbolicLink()) throw new Error(`${this.dir} is not a folder of this data folder (a link or a file): deleted sessions cannot be kept there; it was left alone.`);
  }

  private entryDir(id: string): string {
    if (!sessionIdSchema.safeParse(id).success) throw new Error(`Not a session id: "${id.slice(0, 40)}"`);
    return pathMod.join(this.dir, id);
  }

  /**
   * Moves the given files (each directly inside the data folder) into the bin as session `id`.
   * A file that is not there is skipped. An earlier bin entry of the same id is replaced.
   */
  put(id: string, files: string[], now: Date = new Date()): BinEntry {
    this.ensureDir();
    const entry = this.entryDir(id);
    if (fs.existsSync(entry)) this.removeEntry(id);
    try {
      fs.mkdirSync(entry);
    } catch (err) {
      throw describeFsError(err, 'move the session to the bin', entry, 'Nothing was deleted.');
    }
    const moved: string[] = [];
    const record: BinEntry = { id, deletedAt: now.toISOString(), files: [] };
    try {
      for (const f of files) {
        if (pathMod.dirname(f) !== this.dataDir) throw new Error(`${f} is not in the data folder`);
        if (!fs.existsSync(f)) continue;
        const name = pathMod.basename(f);
        fs.renameSync(f, pathMod.join(entry, name));
        moved.push(name);
      }
      record.files = moved;
      writeJsonAtomic(pathMod.join(entry, ENTRY_FILE), record, 'move the session to the bin');
    } catch (err) {
      // put back what moved: a delete that fails deletes nothing
      for (const name of moved) {
        try {
          fs.renameSync(pathMod.join(entry, name), pathMod.join(this.dataDir, name));
        } catch {
          /* left in the bin entry: restore still finds it */
        }
      }
      fs.rmSync(entry, { recursive: true, force: true });
      throw err instanceof Error && 'code' in err ? describeFsError(err, 'move the session to the bin', entry, 'Nothing was deleted.') : err;
    }
    return record;
  }

  /** The entries in the bin (damaged ones included, by their folder's time). */
  list(): BinEntry[] {
    if (!fs.existsSync(this.dir)) return [];
    this.checkDir();
    const out: BinEntry[] = [];
    for (const d of fs.readdirSync(this.dir, { withFileTypes: true })) {
      if (!d.isDirectory() || !sessionIdSchema.safeParse(d.name).success) continue;
      out.push(this.readEntry(d.name));
    }
    return out;
  }

  private readEntry(id: string): BinEntry {
    const dir = this.entryDir(id);
    const files = fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isFile() && d.name !== ENTRY_FILE).map((d) => d.name);
    let deletedAt: string | null = null;
    try {
      const v = JSON.parse(fs.readFileSync(pathMod.join(dir, ENTRY_FILE), 'utf8')) as Partial<BinEntry>;
      if (typeof v.deletedAt === 'string' && !Number.isNaN(Date.parse(v.deletedAt))) deletedAt = v.deletedAt;
    } catch {
      /* no record (a crash between the moves and the record): the folder's time stands in */
    }
    return { id, deletedAt: deletedAt ?? fs.statSync(dir).mtime.toISOString(), files };
  }

  /**
   * Moves session `id` back into the data folder. Refuses (moving nothing) when a file of the same
   * name is there again.
   */
  restore(id: string): string[] {
    const dir = this.entryDir(id);
    if (!fs.existsSync(this.dir)) throw new Error(`Session ${id} is not in the bin (it may have been emptied).`);
    this.checkDir();
    const st = fs.lstatSync(dir, { throwIfNoEntry: false });
    if (!st || !st.isDirectory() || st.isSymbolicLink()) throw new Error(`Session ${id} is not in the bin (it may have been emptied).`);
    const { files } = this.readEntry(id);
    for (const name of files) {
      if (fs.existsSync(pathMod.join(this.dataDir, name))) throw new Error(`Cannot restore session ${id}: ${name} exists in the data folder again; nothing was moved.`);
    }
    const restored: string[] = [];
    for (const name of files) {
      const from = pathMod.join(dir, name);
      if (fs.lstatSync(from).isSymbolicLink()) continue;
      try {
        fs.renameSync(from, pathMod.join(this.dataDir, name));
      } catch (err) {
        throw describeFsError(err, 'restore', from, restored.length ? `Restored so far: ${restored.join(', ')}.` : 'Nothing was moved.');
      }
      restored.push(name);
    }
    fs.rmSync(dir, { recursive: true, force: true });
    return restored;
  }

  /** Removes for good the entries deleted more than `keepDays` days before `now`; returns their ids. */
  purge(keepDays: number = BIN_KEEP_DAYS, now: Date = new Date()): string[] {
    const limit = now.getTime() - keepDays * 86_400_000;
    const gone: string[] = [];
    for (const e of this.list()) {
      if (Date.parse(e.deletedAt) < limit) {
        this.removeEntry(e.id);
        gone.push(e.id);
      }
    }
    return gone;
  }

  private removeEntry(id: string): void {
    const dir = this.entryDir(id);
    const st = fs.lstatSync(dir, { throwIfNoEntry: false });
    if (!st) return;
    // a link in the bin is removed as a link: rm never follows it
    fs.rmSync(dir, { recursive: st.isDirectory() && !st.isSymbolicLink(), force: true });
  }
}
