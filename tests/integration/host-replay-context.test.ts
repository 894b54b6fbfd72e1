/**
 * Issue 8.9: a replay shows what was recorded, in its own training context, and leaves the live
 * session untouched. The host with the real DSP worker, the simulated band, a real recording of
 * this host, and a real file of another tool (Vicon Nexus CSV, no set marks).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHost, type HostHandle } from '../../src/host/host';
import type { TrainingState } from '../../src/host/contract';
import { assertBuilt, REPO_ROOT } from '../helpers/cli-process';
import { EMG_DATA_DIR } from '../helpers/shared-data';
import { TrainingAssembler } from '../../renderer/src/api/training-assembler';

const WORKER = path.resolve(REPO_ROOT, 'dist/dsp-worker.js');
const VICON = path.join(EMG_DATA_DIR, 'pyomeca-shoulder-lift', 'analogs.csv');
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
beforeAll(() => assertBuilt());

async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const training = (h: HostHandle) => h.invoke('getTraining', null);

async function liveSet(h: HostHandle, tag: 'baseline' | 'internal', reps: number): Promise<void> {
  await h.invoke('startSet', { tag });
  await waitFor(async () => (await training(h)).repCount >= reps, 30_000, `${reps} reps`);
  await h.invoke('endSet', null);
}

describe('replay in its own training context', () => {
  it('a recorded session replays its own sets and tags; a foreign file is compared only with itself; closing returns to the live context as it was', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'myocue-replay-ctx-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const h = await createHost({ dataDir: dir, dspWorkerPath: WORKER, training: { exerciseId: 'hip-thrust' } });
    cleanups.push(() => h.close());
    // pushes carry what changed: assembled as the renderer does
    const assembler = new TrainingAssembler();
    const pushed: TrainingState[] = [];
    h.subscribe('training', (t) => pushed.push(assembler.push(t)));

    // ---- live: a baseline set and an internal set, recorded
    await h.invoke('connect', { kind: 'sim', options: { channels: 2, sampleRateHz: 1000, seed: 5, repSeconds: 1.5, leadInS: 0.5 } });
    await liveSet(h, 'baseline', 2);
    await liveSet(h, 'internal', 2);
    const sessionId = h.status().recording.sessionId!;
    await h.invoke('disconnect', null);
    const live = await training(h);
    expect(live.context).toBe('live');
    expect(live.sets.map((s) => [s.number, s.tag])).toEqual([
      [1, 'baseline'],
      [2, 'internal'],
    ]);

    // ---- replay of that session: its own sets, numbers and tags, from the recording
    await h.invoke('setupTraining', { person: 'ana' }); // a live change the replay must not see or undo
    const liveBefore = await training(h);
    await h.invoke('openReplay', { sessionId });
    await h.invoke('replayControl', { action: 'speed', speed: 8 });
    await waitFor(() => h.status().device.state === 'ended', 30_000, 'the replay to end');
    const replayed = await training(h);
    expect(replayed.context).toBe('replay');
    expect(replayed.setup.person).toBe('me'); // the recording's person, not the live one now
    expect(replayed.sets.map((s) => [s.number, s.tag])).toEqual([
      [1, 'baseline'],
      [2, 'internal'],
    ]);
    replayed.sets.forEach((s, k) => expect(Math.abs(s.reps.length - live.sets[k].reps.length)).toBeLessThanOrEqual(1));
    expect(replayed.sets[1].comparisons[0]).toMatchObject({ against: 'baseline', againstSetNumber: 1 });
    expect(pushed.some((p) => p.context === 'replay')).toBe(true);

    // ---- a file of another tool without set marks: sets found in its own context, never "vs baseline"
    h.allowReplayFile(VICON);
    await h.invoke('openReplay', { path: VICON });
    const fresh = await training(h);
    expect(fresh.context).toBe('replay');
    expect(fresh.sets).toEqual([]); // nothing carried over from the live session or the last replay
    await h.invoke('replayControl', { action: 'speed', speed: 8 });
    await waitFor(() => h.status().device.state === 'ended', 30_000, 'the Vicon replay to end');
    const vicon = await training(h);
    expect(vicon.setActive).toBe(false); // the end of the file ends its last set
    console.log(`Vicon replay: ${vicon.sets.length} set(s) detected in its own context, comparisons: ${vicon.sets.map((s) => s.comparisons.length).join(',')}`);
    expect(vicon.setNumber).toBe(vicon.sets.length + 1);
    for (const s of vicon.sets) {
      expect(s.tag).toBe('untagged');
      expect(s.comparisons).toEqual([]);
    }
    expect(vicon.baselineShare).toBeNull();

    // ---- closing the replay: the live context exactly as it was
    await h.invoke('disconnect', null);
    expect(await training(h)).toEqual(liveBefore);
    expect(pushed.at(-1)).toEqual(liveBefore);
  });
});
