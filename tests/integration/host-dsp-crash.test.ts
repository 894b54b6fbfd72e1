/**
 * Issue 8.12: the DSP worker thread dies mid-stream (here: terminated from outside, as an
 * out-of-memory kill would). The host says so, restarts it once, the live view resumes, and the
 * recording notes the hole in the live analysis. The real worker file, the in-process simulated band.
 */
import { describe, expect, it } from 'vitest';
import type { Worker } from 'node:worker_threads';
import type { LiveFrame } from '../../src/host/contract';
import { openEdfRecording } from '../../src/recording/bdf-reader';
import { useHostTest, waitFor } from '../helpers/host-test';

const { tmpDir: tempDir, host: hostOn } = useHostTest();


/** the worker thread of the host's DSP runner (private: reached into on purpose, to kill it) */
function dspWorker(host: object): Worker {
  const w = (host as { dsp: { runner: { worker: Worker | null } } }).dsp.runner.worker;
  if (!w) throw new Error('no DSP worker running');
  return w;
}

describe('a crashed DSP worker', () => {
  it('is reported, restarted once, frames resume, and the recording notes the gap; a second crash stops with a message', async () => {
    const dir = tempDir('myocue-dsp-crash-');
    const h = await hostOn(dir);
    const frames: LiveFrame[] = [];
    h.subscribe('frame', (f) => frames.push(f));
    await h.invoke('connect', { kind: 'sim', options: { channels: 2, sampleRateHz: 1000, seed: 2 } });
    await waitFor(() => frames.length >= 5, 10_000, 'first frames');
    await h.invoke('startSession', null);

    await dspWorker(h).terminate();
    await waitFor(() => h.status().dsp.warnings.some((w) => /crashed and was restarted/.test(w)), 10_000, 'the crash reported');
    const after = frames.length;
    await waitFor(() => frames.length >= after + 5, 10_000, 'frames after the restart');
    expect(h.status().device.state).toBe('streaming');

    await dspWorker(h).terminate();
    await waitFor(() => h.status().device.state === 'error', 10_000, 'the second crash reported');
    expect(h.status().device.message).toMatch(/Live signal processing stopped: the processing thread crashed again/);
    const rec = h.status().recording;
    expect(rec.active).toBe(true); // raw samples are still recorded
    await h.invoke('disconnect', null);
    const notes = openEdfRecording(rec.path!).annotations.map((a) => a.text);
    expect(notes.some((t) => /^Live processing missed \d+\.\d\d s after the processing thread crashed/.test(t))).toBe(true);
    expect(notes.some((t) => /Live signal processing stopped/.test(t))).toBe(true);
  });
});
