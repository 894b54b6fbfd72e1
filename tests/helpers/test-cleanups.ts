import { afterEach } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Things to undo after a test, run last pushed first. */
export type Cleanups = (() => Promise<unknown> | unknown)[];

/** A cleanup list run after each test, last pushed first (ptys closed, emulators stopped, hosts closed…). Call once at the top of a test file. */
export function useCleanups(): Cleanups {
  const cleanups: Cleanups = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });
  return cleanups;
}

/**
 * A maker of temp folders (`<os tmpdir>/<prefix>XXXXXX`), each removed after its test. Call once at
 * the top of a test file. Pass the file's `cleanups` when it also closes hosts or servers: the
 * folders are then removed in turn with them (a host made on a folder is closed before the folder
 * goes); without one the folders get a cleanup list of their own.
 */
export function useTempDirs(prefix: string, cleanups: Cleanups = useCleanups()): (otherPrefix?: string) => string {
  return (otherPrefix = prefix) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), otherPrefix));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    return dir;
  };
}
