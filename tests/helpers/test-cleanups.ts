import { afterEach } from 'vitest';

/** A cleanup list run after each test, last pushed first (ptys closed, emulators stopped, hosts closed…). Call once at the top of a test file. */
export function useCleanups(): (() => Promise<unknown> | unknown)[] {
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });
  return cleanups;
}
