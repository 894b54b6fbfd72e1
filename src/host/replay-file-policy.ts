/**
 * Which files `openReplay {path}` may open: recordings in the data folder (sessions, and imports
 * the host keeps there), and files the user opened through the app's own file picker (Electron's
 * dialog, registered with `allow`). Anything else is refused before it is read, so a page that
 * reached the host cannot use the replay's error messages to read /etc/passwd or a key file.
 *
 * Paths are compared after resolving symbolic links, so a link in the data folder that points
 * outside it is refused too.
 */
import { realpathSync } from 'node:fs';
import { basename, isAbsolute, relative, resolve, sep } from 'node:path';

export class ReplayFilePolicy {
  private readonly allowed = new Set<string>();

  constructor(private readonly dataDir: string) {}

  /** A file the user chose in the app (a native file dialog): it may be replayed from now on. */
  allow(path: string): void {
    this.allowed.add(canonical(path));
  }

  /** The path to open, or a plain error naming the file (never its content). */
  check(path: string): string {
    const file = canonical(path);
    if (this.allowed.has(file) || isInside(canonical(this.dataDir), file)) return file;
    throw new Error(
      `${basename(path)}: only recordings in the Myocue data folder or files opened with the app's file picker can be replayed (copy the file into ${resolve(this.dataDir)} to open it by path)`,
    );
  }
}

/** The real path when the file exists (links resolved), else the lexical absolute path. */
function canonical(path: string): string {
  const abs = resolve(path);
  try {
    return realpathSync.native(abs);
  } catch {
    // a missing file: its folder may still be a link
    try {
      return resolve(realpathSync.native(resolve(abs, '..')), basename(abs));
    } catch {
      return abs;
    }
  }
}

function isInside(dir: string, file: string): boolean {
  const rel = relative(dir, file);
  return rel !== '' && !rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel);
}
