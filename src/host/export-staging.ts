/**
 * The data folder's exports/ is download staging, not an archive: *Export…* writes a file there
 * (session-export.ts), the browser fetches it (export-download.ts) or the desktop app copies it
 * where the user saves it (electron/save-dialog.ts), and then it has done its job. A two-hour
 * session is ≈ 350 MB as BDF+, so without cleaning the folder grows by that with every export.
 *
 * The policy (what a user of such an app expects: the download they just made works, old staging
 * copies do not fill the disk):
 * - at host start and before each new export, a finished export older than `maxAgeMs` (default
 *   1 h, by its modification time: when the export finished) is removed;
 * - then, while the finished exports together exceed `maxTotalBytes` (default 2 GiB), the oldest
 *   is removed, except one younger than `capGraceMs` (default 5 min: an export the page has just
 *   been told about and is about to fetch);
 * - a file being read (a download streaming, a Save-as copy) or written (an export's temporary
 *   file) is never removed: `holdExportFile` marks it in use for as long as that lasts;
 * - a temporary file nobody holds (an export cut short by a crash: its `.partial-` file, or the
 *   exporter's own hidden `.tmp-` file of it) goes by age only;
 * - anything else in the folder (a name that is neither an export nor an export's temporary file,
 *   a folder, a link) is left alone.
 * Never throws: a file that cannot be removed stays, and is tried again next time.
 */
import * as fs from 'node:fs';
import * as pathMod from 'node:path';
import { isExportFileName } from './export-file-name';

export interface ExportStagingLimits {
  /** a finished export older than this is removed, ms */
  maxAgeMs: number;
  /** the finished exports together are kept at most this large, bytes (oldest removed first) */
  maxTotalBytes: number;
  /** an export younger than this is kept even over the size cap, ms (it is about to be fetched) */
  capGraceMs: number;
}

export const EXPORT_STAGING_DEFAULTS: ExportStagingLimits = {
  maxAgeMs: 60 * 60 * 1000,
  maxTotalBytes: 2 * 1024 ** 3,
  capGraceMs: 5 * 60 * 1000,
};

/** `<export name>.partial-<pid>-<n>`: session-export.ts's temporary name while it writes. */
const TEMP_EXPORT_NAME = /\.(csv|edf|bdf)\.partial-\d+-\d+$/i;
/**
 * `.<that name>.tmp-<pid>`: the exporter's own temporary file of it (export-steps.ts
 * exportTempPath), the file actually written while an export runs; held while its partial is.
 */
const EXPORTER_TEMP_NAME = /^\.(.+\.(csv|edf|bdf)\.partial-\d+-\d+)\.tmp-\d+$/i;

export function tempExportName(fileName: string, pid: number, n: number): string {
  return `${fileName}.partial-${pid}-${n}`;
}

/** Absolute paths in use in this process (a count each: two downloads of the same file). */
const inUse = new Map<string, number>();

/**
 * Marks `path` in use (being read or written) until the returned release is called (once; more
 * calls do nothing). The cleaning skips a path in use.
 */
export function holdExportFile(path: string): () => void {
  const key = pathMod.resolve(path);
  inUse.set(key, (inUse.get(key) ?? 0) + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const n = (inUse.get(key) ?? 1) - 1;
    if (n > 0) inUse.set(key, n);
    else inUse.delete(key);
  };
}

export function isExportFileInUse(path: string): boolean {
  return inUse.has(pathMod.resolve(path));
}

export interface ExportCleaning {
  /** names removed, oldest first */
  removed: string[];
  freedBytes: number;
  /** bytes of finished exports left */
  keptBytes: number;
  /** names that could not be removed (the reason), tried again next time */
  failed: { name: string; reason: string }[];
}

interface StagedFile {
  name: string;
  path: string;
  size: number;
  mtimeMs: number;
  temp: boolean;
  /** an exporter's temporary file: the partial whose hold covers it */
  heldAs?: string;
}

const inUseNow = (f: StagedFile): boolean => isExportFileInUse(f.path) || (f.heldAs !== undefined && isExportFileInUse(f.heldAs));

/** Cleans `exportsDir` by the limits (module comment). A missing folder is nothing to clean. */
export function cleanExportStaging(exportsDir: string, limits: Partial<ExportStagingLimits> = {}, nowMs = Date.now()): ExportCleaning {
  const lim = { ...EXPORT_STAGING_DEFAULTS, ...limits };
  const result: ExportCleaning = { removed: [], freedBytes: 0, keptBytes: 0, failed: [] };
  let names: string[];
  try {
    names = fs.readdirSync(exportsDir);
  } catch {
    return result;
  }
  const files: StagedFile[] = [];
  for (const name of names) {
    const inner = EXPORTER_TEMP_NAME.exec(name);
    const temp = inner !== null || TEMP_EXPORT_NAME.test(name);
    if (!temp && !isExportFileName(name)) continue;
    const path = pathMod.join(exportsDir, name);
    let st: fs.Stats;
    try {
      st = fs.lstatSync(path);
    } catch {
      continue; // gone meanwhile
    }
    if (!st.isFile()) continue;
    files.push({ name, path, size: st.size, mtimeMs: st.mtimeMs, temp, ...(inner ? { heldAs: pathMod.join(exportsDir, inner[1]) } : {}) });
  }
  files.sort((a, b) => a.mtimeMs - b.mtimeMs || (a.name < b.name ? -1 : 1));
  const remove = (f: StagedFile): boolean => {
    try {
      fs.unlinkSync(f.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
      result.failed.push({ name: f.name, reason: (err as NodeJS.ErrnoException).code ?? String(err) });
      return false;
    }
    result.removed.push(f.name);
    result.freedBytes += f.size;
    return true;
  };
  const kept: StagedFile[] = [];
  for (const f of files) {
    if (inUseNow(f) || nowMs - f.mtimeMs <= lim.maxAgeMs || !remove(f)) {
      if (!f.temp) kept.push(f);
    }
  }
  let total = kept.reduce((s, f) => s + f.size, 0);
  for (const f of kept) {
    if (total <= lim.maxTotalBytes) break;
    if (inUseNow(f) || nowMs - f.mtimeMs < lim.capGraceMs) continue;
    if (remove(f)) total -= f.size;
  }
  result.keptBytes = total;
  return result;
}
