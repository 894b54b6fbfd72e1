/**
 * The hand-over of the analysis worker bin/myocue.js starts before the bundle loads
 * (src/analysis/worker-prestart.ts): taken once, only when it runs the expected script and is
 * still alive; one that runs another script is terminated, not leaked.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Worker } from 'node:worker_threads';
import { PRESTARTED_ANALYSIS_WORKER, takePrestartedAnalysisWorker, type PrestartedAnalysisWorker } from '../../src/analysis/worker-prestart';

const slot = globalThis as Record<symbol, PrestartedAnalysisWorker | undefined>;

function fakeWorker(): { worker: Worker; terminated: () => number } {
  let n = 0;
  const worker = { terminate: () => (n++, Promise.resolve(0)) } as unknown as Worker;
  return { worker, terminated: () => n };
}

afterEach(() => {
  slot[PRESTARTED_ANALYSIS_WORKER] = undefined;
});

describe('takePrestartedAnalysisWorker', () => {
  it('none started: null', () => {
    expect(takePrestartedAnalysisWorker('/pkg/dist/analysis-worker.js')).toBeNull();
  });

  it('gives the worker once (a worker serves one analysis), also for an unnormalised path', () => {
    const f = fakeWorker();
    slot[PRESTARTED_ANALYSIS_WORKER] = { worker: f.worker, file: '/pkg/bin/../dist/analysis-worker.js', exited: false };
    expect(takePrestartedAnalysisWorker('/pkg/dist/analysis-worker.js')).toBe(f.worker);
    expect(takePrestartedAnalysisWorker('/pkg/dist/analysis-worker.js')).toBeNull();
    expect(f.terminated()).toBe(0);
  });

  it('a worker that already exited is not used', () => {
    const f = fakeWorker();
    slot[PRESTARTED_ANALYSIS_WORKER] = { worker: f.worker, file: '/pkg/dist/analysis-worker.js', exited: true };
    expect(takePrestartedAnalysisWorker('/pkg/dist/analysis-worker.js')).toBeNull();
    expect(slot[PRESTARTED_ANALYSIS_WORKER]).toBeUndefined();
  });

  it('a worker of another script (another package copy) is terminated and not used', () => {
    const f = fakeWorker();
    slot[PRESTARTED_ANALYSIS_WORKER] = { worker: f.worker, file: '/other/dist/analysis-worker.js', exited: false };
    expect(takePrestartedAnalysisWorker('/pkg/dist/analysis-worker.js')).toBeNull();
    expect(f.terminated()).toBe(1);
  });
});
