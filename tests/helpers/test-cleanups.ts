import { afterAll, afterEach, beforeAll } from 'vitest';
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

/**
 * A cleanup list run once after all the tests of the file (or of the describe it is called in), last
 * pushed first: for what lives for the whole file (a browser, a host, a folder made in beforeAll).
 */
export function useFileCleanups(): Cleanups {
  const cleanups: Cleanups = [];
  afterAll(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });
  return cleanups;
}

/**
 * One temp folder (`<os tmpdir>/<prefix>XXXXXX`) for the whole file (or the describe it is called
 * in): made before its first test, kept between tests, removed after the last. Returns its path
 * (call it in a hook or a test, not while the file is collected). Pass the file's `cleanups` (from
 * useFileCleanups) when it also closes a browser or host after all tests: the folder is then removed
 * in turn with them (call this before making a host on the folder, and the host is closed first).
 */
export function useFileTempDir(prefix: string, cleanups: Cleanups = useFileCleanups()): () => string {
  let dir: string | undefined;
  beforeAll(() => {
    const made = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    dir = made;
    cleanups.push(() => fs.rmSync(made, { recursive: true, force: true }));
  });
  return () => {
    if (dir === undefined) throw new Error(`useFileTempDir('${prefix}'): the folder is made in beforeAll; ask for it in a hook or a test`);
    return dir;
  };
}
