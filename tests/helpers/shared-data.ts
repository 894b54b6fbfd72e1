/**
 * Where the workspace's shared data lives (real sEMG recordings, scipy reference vectors): the
 * `shared/` folder beside the repository (`../shared`), or MYOCUE_SHARED_DIR. A clone made
 * elsewhere (e.g. a temporary folder) still finds the workspace's copy at /work/shared.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '../..');

function findShared(): string {
  const candidates = [process.env.MYOCUE_SHARED_DIR, resolve(REPO_ROOT, '../shared'), '/work/shared'].filter((p): p is string => !!p);
  return candidates.find((p) => existsSync(resolve(p, 'data', 'emg'))) ?? candidates[0];
}

/** the shared folder (may not exist: tests then fail naming this path) */
export const SHARED_DIR = findShared();
/** real recordings with a README each */
export const EMG_DATA_DIR = resolve(SHARED_DIR, 'data', 'emg');
/** scipy reference vectors for the DSP chain */
export const REFERENCE_DIR = resolve(SHARED_DIR, 'reference');
