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

function statKey(path: string): string {
  const s = fs.statSync(path, { throwIfNoEntry: false });
  return s ? `${s.size}:${s.mtimeMs}:${s.ino}` : '-';
}

export class SessionIndex<L> {
  private readonly entries = new Map<string, Entry<L>>();
  /** summaries built since the index was made (a test and bench figure: misses, not hits) */
  builds = 0;

  constructor(
    private readonly dataDir: string,
    private readonly summarise: SessionSummariser<L>,
  ) {}

  /** Every session in the folder (unsorted); throws the readdir error (ENOENT: an empty list). */
  sessions(): IndexedSession<L>[] {
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
      const fileKey = `m${statKey(pathMod.join(this.dataDir, n))}|j${byName.has(journal) ? statKey(pathMod.join(this.dataDir, journal)) : '-'}`;
      out.push(this.lookup(`m:${id}`, fileKey, byName, () => this.summarise(id, 'sidecar', n)));
      seen.add(`m:${id}`);
    }
    // a recording whose sidecar is missing is still a session the user owns
    for (const d of dirents) {
      const n = d.name;
      if (!/\.bdf$/i.test(n)) continue;
      const id = n.replace(/\.bdf$/i, '');
      if (withMeta.has(id)) continue;
      out.push(this.lookup(`o:${id}`, `o${statKey(pathMod.join(this.dataDir, n))}`, byName, () => this.summarise(id, 'orphan', n)));
      seen.add(`o:${id}`);
    }
    for (const k of this.entries.keys()) if (!seen.has(k)) this.entries.delete(k);
    return out;
  }

  /** Forget everything (the next listing rebuilds all). */
  clear(): void {
    this.entries.clear();
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
    return v.durationFromFile ? `${fileKey}|r${kind}${statKey(pathMod.join(this.dataDir, v.recordingFile))}` : `${fileKey}|r${kind}`;
  }
}
