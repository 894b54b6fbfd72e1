/**
 * The in-process index of the session library (issue 10.5): each session's summary (what the list
 * and the progress view show) is kept in memory and rebuilt only when one of its files changes.
 * Before, every command re-read and parsed every sidecar, twice per Sessions page load (7.3 MB of
 * JSON at 300 sessions); now a listing is one readdir plus one stat per sidecar.
 *
 * What "changed" means, per session: the sidecar's and the journal's (size, mtime, inode), whether
 * the recording it names is there (and whether it is a symlink), and, only for a session whose
 * duration must be read from the recording (a crash, or one still recording), the recording's size
 * and mtime. A recording without a sidecar is keyed on its own stat. Anything else in the folder is
 * ignored. Entries of files that are gone are dropped.
 *
 * Concurrency: the index belongs to one SessionStore in one process; another process changing the
 * folder is seen at the next listing through the stat keys (mtime has at least millisecond
 * resolution on the file systems in use; size and inode change with every rewrite by rename).
 *
 * An unchanged folder (issue 10.5: 1,000 sessions listed in ≤ 20 ms) is not stat'ed file by file:
 * the last scan is reused when all of these hold, else every file is stat'ed as above —
 *  - the folder's own (mtime, ctime, inode) is unchanged: every create, delete and rename in it
 *    moves them, and the app rewrites sidecars only by rename (session-meta.ts);
 *  - the folder's mtime was older than the scan by more than `RACY_WINDOW_MS`: a change in the
 *    same timestamp tick as the scan would leave the mtime as it was (file times tick with a coarse
 *    clock; 2 s covers FAT), so a folder changed that recently is scanned again ("racy" entries, as
 *    git does);
 *  - a watcher on the folder (fs.watch) has reported nothing since the scan: it sees a file edited
 *    in place by another program (no rename), which the folder's times do not show. Where no
 *    watcher can be had (inotify limits, some network folders) every listing scans;
 *  - the files written in place while a session records (its journal, and the recording whose
 *    size gives a duration) have the same stat keys: these few are stat'ed every time.
 */
import * as fs from 'node:fs';
import * as pathMod from 'node:path';
import { SESSION_JOURNAL_SUFFIX, SESSION_META_SUFFIX } from './session-meta';

/** The compact per-set figures the progress view needs (not the reps themselves). */
export interface ProgressSet {
  number: number;
  tag: string;
  exerciseId?: string | null;
  repCount: number;
  targetMeanPct: number;
  assistMeanPct: number;
  targetShare: number;
  /** how the set's % values were normalised (absent: recorded before this was stored) */
  normalisation?: 'mvc' | 'session-peak';
}

/** What the index keeps of one session. */
export interface IndexedSession<L> {
  listing: L;
  /** the recording file named by the sidecar (a base name), null when it names none usable */
  recordingFile: string | null;
  /** true when the listing's duration was read from the recording (so its stat is part of the key) */
  durationFromFile: boolean;
  /** exercise and date of the session, and its sets for the progress view */
  progress: { sessionId: string; created: string; exerciseId?: string; lifterId?: string; sets: ProgressSet[]; /** from the simulated band */ demo?: boolean };
}

interface Entry<L> {
  key: string;
  value: IndexedSession<L>;
}

/** Builds the summary of session `id` from its files (called on a miss only). */
export type SessionSummariser<L> = (id: string, kind: 'sidecar' | 'orphan', fileName: string) => IndexedSession<L>;

/** a folder changed less than this before a scan is scanned again next time (see above), ms */
export const RACY_WINDOW_MS = 2000;

function statKey(path: string): string {
  const s = fs.statSync(path, { throwIfNoEntry: false });
  return s ? `${s.size}:${s.mtimeMs}:${s.ino}` : '-';
}

/** The last full scan: what it found and what must be unchanged to reuse it. */
interface Scan<L> {
  folderKey: string;
  folderMtimeMs: number;
  /** wall clock when the scan began, ms */
  atMs: number;
  /** the files written in place (journals, recordings read for a duration) and their stat keys */
  inPlace: [string, string][];
  sessions: IndexedSession<L>[];
}

export class SessionIndex<L> {
  private readonly entries = new Map<string, Entry<L>>();
  /** summaries built since the index was made (a test and bench figure: misses, not hits) */
  builds = 0;
  /** full scans of the folder (one stat per file); listings served from the last scan do not count */
  scans = 0;
  private last: Scan<L> | null = null;
  private watcher: fs.FSWatcher | null = null;
  /** no watcher can be had: every listing scans */
  private watchFailed = false;
  /** the watcher reported a change since the last scan */
  private dirty = true;

  constructor(
    private readonly dataDir: string,
    private readonly summarise: SessionSummariser<L>,
  ) {}

  /**
   * Every session in the folder (unsorted; the same array while nothing changed: do not modify it);
   * throws the readdir error (ENOENT: an empty list).
   */
  sessions(): IndexedSession<L>[] {
    const folder = fs.statSync(this.dataDir, { throwIfNoEntry: false });
    if (folder && this.unchangedSinceLastScan(folder)) return this.last!.sessions;
    this.last = null;
    if (folder) this.watch();
    // cleared before the scan: a change while it runs is reported again and seen next time
    this.dirty = false;
    const atMs = Date.now();
    const out = this.scan();
    this.scans++;
    if (folder && !this.watchFailed) {
      const inPlace = this.inPlace;
      this.last = { folderKey: folderKeyOf(folder), folderMtimeMs: folder.mtimeMs, atMs, inPlace, sessions: out };
    }
    return out;
  }

  /** The next listing stats every file again (keeps the summaries: a bench of the scan itself). */
  clearLastScan(): void {
    this.last = null;
  }

  /** Forget everything (the next listing rebuilds all); stops watching the folder for good (later listings scan). */
  close(): void {
    this.clear();
    this.watchFailed = true;
    this.watcher?.close();
    this.watcher = null;
  }

  private unchangedSinceLastScan(folder: fs.Stats): boolean {
    const last = this.last;
    if (!last || this.dirty || this.watchFailed || !this.watcher) return false;
    if (folderKeyOf(folder) !== last.folderKey || last.atMs - last.folderMtimeMs <= RACY_WINDOW_MS) return false;
    for (const [path, key] of last.inPlace) if (statKey(path) !== key) return false;
    return true;
  }

  private watch(): void {
    if (this.watcher || this.watchFailed) return;
    try {
      // not persistent: a library being listed does not keep the process alive
      const w = fs.watch(this.dataDir, { persistent: false }, () => {
        this.dirty = true;
      });
      w.on('error', () => {
        // the folder went away or the watch broke: scan until a new watch is had
        this.dirty = true;
        w.close();
        if (this.watcher === w) this.watcher = null;
      });
      this.watcher = w;
    } catch (err) {
      // ENOENT: the folder went between the stat and the watch (tried again next time); else
      // (no inotify watch left, a folder that cannot be watched) every listing scans
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.watchFailed = true;
    }
  }

  /** the in-place files met by the running scan */
  private inPlace: [string, string][] = [];

  private scan(): IndexedSession<L>[] {
    this.inPlace = [];
    let dirents: fs.Dirent[];
    try {
      dirents = fs.readdirSync(this.dataDir, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        this.entries.clear();
        return [];
      }
      throw err;
    }
    const byName = new Map<string, fs.Dirent>();
    for (const d of dirents) byName.set(d.name, d);
    const out: IndexedSession<L>[] = [];
    const seen = new Set<string>();
    const withMeta = new Set<string>();
    for (const d of dirents) {
      const n = d.name;
      if (!n.endsWith(SESSION_META_SUFFIX)) continue;
      const id = n.slice(0, -SESSION_META_SUFFIX.length);
      withMeta.add(id);
      const journal = id + SESSION_JOURNAL_SUFFIX;
      const journalKey = byName.has(journal) ? this.inPlaceKey(pathMod.join(this.dataDir, journal)) : '-';
      const fileKey = `m${statKey(pathMod.join(this.dataDir, n))}|j${journalKey}`;
      out.push(this.lookup(`m:${id}`, fileKey, byName, () => this.summarise(id, 'sidecar', n)));
      seen.add(`m:${id}`);
    }
    // a recording whose sidecar is missing is still a session the user owns
    for (const d of dirents) {
      const n = d.name;
      if (!/\.bdf$/i.test(n)) continue;
      const id = n.replace(/\.bdf$/i, '');
      if (withMeta.has(id)) continue;
      out.push(this.lookup(`o:${id}`, `o${this.inPlaceKey(pathMod.join(this.dataDir, n))}`, byName, () => this.summarise(id, 'orphan', n)));
      seen.add(`o:${id}`);
    }
    for (const k of this.entries.keys()) if (!seen.has(k)) this.entries.delete(k);
    return out;
  }

  /** Forget everything (the next listing rebuilds all). */
  clear(): void {
    this.entries.clear();
    this.last = null;
  }

  private lookup(slot: string, fileKey: string, byName: Map<string, fs.Dirent>, build: () => IndexedSession<L>): IndexedSession<L> {
    const hit = this.entries.get(slot);
    if (hit && hit.key === this.fullKey(fileKey, hit.value, byName)) return hit.value;
    const value = build();
    this.builds++;
    this.entries.set(slot, { key: this.fullKey(fileKey, value, byName), value });
    return value;
  }

  /** The sidecar/journal key plus the state of the recording the summary depends on. */
  private fullKey(fileKey: string, v: IndexedSession<L>, byName: Map<string, fs.Dirent>): string {
    if (v.recordingFile === null) return fileKey;
    const d = byName.get(v.recordingFile);
    if (!d) return `${fileKey}|r-`;
    const kind = d.isSymbolicLink() ? 'L' : 'F';
    return v.durationFromFile ? `${fileKey}|r${kind}${this.inPlaceKey(pathMod.join(this.dataDir, v.recordingFile))}` : `${fileKey}|r${kind}`;
  }

  /** The stat key of a file written in place; remembered so a reused scan checks it again. */
  private inPlaceKey(path: string): string {
    const key = statKey(path);
    this.inPlace.push([path, key]);
    return key;
  }
}

function folderKeyOf(s: fs.Stats): string {
  return `${s.mtimeMs}:${s.ctimeMs}:${s.ino}`;
}
