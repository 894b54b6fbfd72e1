/**
 * Where a set corrected during a replay is saved (issue 8.10: "a finished set's tag can be
 * corrected", also after the session): so that reopening the replay, the Sessions page, progress
 * and the report show the new tag.
 *  - a session of the library: its sidecar (SessionStore.correctSetTag);
 *  - a file of another tool opened through the app: a small JSON beside the host's copy in
 *    `<data>/imports/` (import-set-tags.ts);
 *  - any other file (e.g. picked in Electron's native dialog and opened where it lies): not saved,
 *    and the replay status says so in plain words (the correction holds while the replay is open).
 * The stored tags are also what the replay's training context starts from (`tagFor`).
 */
import * as pathMod from 'node:path';
import { realpathSync } from 'node:fs';
import type { SetSummary, SetTag } from '../metrics/types';
import type { SessionStore } from '../recording/session-store';
import type { SessionMeta } from '../recording/session-meta';
import { readImportSetTags, saveImportSetTag, storedTagOf, type StoredSetTag } from '../recording/import-set-tags';
import { recordedTag } from '../training/training-session';
import { IMPORTS_FOLDER } from './import-uploads';

export interface CorrectionsStatus {
  /** true: a corrected set is written back to the file's sidecar */
  saved: boolean;
  /** what happens to a correction, in plain words (or why the last one failed) */
  note: string;
}

type Target =
  | { kind: 'session'; store: SessionStore; id: string; tags: Map<number, SetTag> }
  | { kind: 'import'; file: string; stored: StoredSetTag[] }
  | { kind: 'none' };

export class ReplayCorrections {
  private failure: string | null = null;

  private constructor(private readonly target: Target) {}

  /** A session of the library: the sidecar's set tags win over the recording's annotations. */
  static forSession(store: SessionStore, id: string, meta: SessionMeta): ReplayCorrections {
    const tags = new Map<number, SetTag>();
    for (const s of meta.sets) if (s.tag !== undefined) tags.set(s.set, recordedTag(s.tag));
    return new ReplayCorrections({ kind: 'session', store, id, tags });
  }

  /** A file opened by path: saved beside it only when it is the host's copy in <data>/imports. */
  static forFile(dataDir: string, file: string): ReplayCorrections {
    if (!isImportCopy(dataDir, file)) return new ReplayCorrections({ kind: 'none' });
    return new ReplayCorrections({ kind: 'import', file, stored: readImportSetTags(file) });
  }

  /** The saved tag of set `set` (starting at startS, seconds), or null: the recording's own tag counts. */
  tagFor(set: number, startS: number): SetTag | null {
    const t = this.target;
    if (t.kind === 'session') return t.tags.get(set) ?? null;
    if (t.kind === 'import') {
      const tag = storedTagOf(t.stored, set, startS);
      return tag === null ? null : recordedTag(tag);
    }
    return null;
  }

  /** A set was corrected in the replay: written back where this replay's corrections live. */
  save(summary: SetSummary): void {
    const t = this.target;
    try {
      if (t.kind === 'session') {
        t.store.correctSetTag(t.id, summary.number, summary.tag);
        t.tags.set(summary.number, summary.tag);
      } else if (t.kind === 'import') {
        t.stored = saveImportSetTag(t.file, { set: summary.number, startS: summary.startS, tag: summary.tag });
      }
      this.failure = null;
    } catch (err) {
      this.failure = `The correction of set ${summary.number} is shown but was not saved: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  status(): CorrectionsStatus {
    if (this.failure) return { saved: false, note: this.failure };
    switch (this.target.kind) {
      case 'session':
        return { saved: true, note: 'A corrected set tag is saved with this session.' };
      case 'import':
        return { saved: true, note: `A corrected set tag is saved beside the copy of ${pathMod.basename(this.target.file)} in the data folder.` };
      case 'none':
        return {
          saved: false,
          note: 'A corrected set tag is shown for this replay only and is not saved: the file is not in the Myocue data folder (open it from the Sessions page to keep a copy there).',
        };
    }
  }
}

/** true when `file` lies in <dataDir>/imports/ (links resolved), where the host keeps imports. */
function isImportCopy(dataDir: string, file: string): boolean {
  const real = (p: string): string => {
    try {
      return realpathSync.native(p);
    } catch {
      return pathMod.resolve(p);
    }
  };
  const dir = real(pathMod.join(dataDir, IMPORTS_FOLDER));
  return pathMod.dirname(real(file)) === dir;
}
