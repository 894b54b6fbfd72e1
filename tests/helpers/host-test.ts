/**
 * The setup the host integration tests share: the built DSP worker, a cleanup list run after each
 * test (temp folders removed, hosts closed, anything else pushed), temp data folders, a host on
 * one, and a poll-until helper. Call `useHostTest()` once at the top of a test file.
 */
import { beforeAll } from 'vitest';
import { useCleanups, useTempDirs, type Cleanups } from './test-cleanups';
import * as path from 'node:path';
import { createHost, type HostHandle, type HostOptions } from '../../src/host/host';
import { assertBuilt, REPO_ROOT } from './cli-process';

/** the built DSP worker (integration tests run the real one) */
export const DSP_WORKER = path.resolve(REPO_ROOT, 'dist/dsp-worker.js');

export interface HostTest {
  /** run (last first) after each test */
  cleanups: Cleanups;
  /** a new temp folder, removed after the test */
  tmpDir(prefix?: string): string;
  /** a host with the real DSP worker on `dataDir`, closed after the test */
  host(dataDir: string, opts?: Omit<HostOptions, 'dataDir'>): Promise<HostHandle>;
}

export function useHostTest(): HostTest {
  const cleanups = useCleanups();
  beforeAll(() => assertBuilt());
  return {
    cleanups,
    tmpDir: useTempDirs('myocue-host-', cleanups),
    async host(dataDir, opts = {}) {
      const h = await createHost({ dspWorkerPath: DSP_WORKER, ...opts, dataDir });
      cleanups.push(() => h.close());
      return h;
    },
  };
}

export { waitFor } from './wait-for';
