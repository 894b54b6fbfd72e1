/**
 * The analysis worker started before the CLI bundle loads (bin/myocue.js, for `myocue analyze`
 * and `myocue report`), handed over here when the EDF/BDF source opens.
 *
 * Why: a worker thread takes ~150 ms to boot (Node's own bootstrap in the thread, then
 * dist/analysis-worker.js). Started when the source opens, that boot ran while the main thread
 * already filtered its channels, so the worker finished its half ~70 ms after the main thread,
 * which waited (issue 10.7, CPU profiles of both threads). Started by the entry script, the boot
 * overlaps the ~300 ms the main thread spends loading and evaluating the CLI bundle, and the
 * worker is waiting for its request when the file is opened.
 *
 * The hand-over is a slot in the global symbol registry: bin/myocue.js is plain JavaScript that
 * runs before (and outside) the bundle, so it cannot import this module.
 */
import { resolve } from 'node:path';
import type { Worker } from 'node:worker_threads';

/**
 * How the analysis worker is started (here and, the same, in bin/myocue.js). The spill file of a
 * channel the worker filters is opened in the worker and read by this thread after the worker
 * has ended (spill-file.ts), and Node closes the raw descriptors a worker opened when it exits
 * unless told not to: without this the main thread's reads failed with EBADF. (The worker closes
 * the recording's own descriptor itself, in a finally.)
 */
export const ANALYSIS_WORKER_OPTIONS = { trackUnmanagedFds: false } as const;

/** Where bin/myocue.js leaves the worker it started. */
export const PRESTARTED_ANALYSIS_WORKER = Symbol.for('myocue.prestartedAnalysisWorker');

/** What bin/myocue.js leaves in the slot. */
export interface PrestartedAnalysisWorker {
  worker: Worker;
  /** the script it runs (dist/analysis-worker.js of the package bin/ belongs to) */
  file: string;
  /** set by the starter's 'exit' listener: a worker that already stopped (e.g. failed to load) is not used */
  exited: boolean;
}

/**
 * The prestarted worker if there is one, it runs `file` and it is still alive; the slot is
 * emptied either way (a worker serves one analysis). An unusable one is terminated.
 */
export function takePrestartedAnalysisWorker(file: string): Worker | null {
  const g = globalThis as Record<symbol, PrestartedAnalysisWorker | undefined>;
  const p = g[PRESTARTED_ANALYSIS_WORKER];
  if (!p) return null;
  g[PRESTARTED_ANALYSIS_WORKER] = undefined;
  if (p.exited) return null;
  if (resolve(p.file) !== resolve(file)) {
    void p.worker.terminate();
    return null;
  }
  return p.worker;
}
