/**
 * Issue 8.9: a replay shows what was recorded, in its own training context, and leaves the live
 * session untouched. The host with the real DSP worker, the simulated band, a real recording of
 * this host, and a real file of another tool (Vicon Nexus CSV, no set marks).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHost, type HostHandle } from '../../src/host/host';
import type { TrainingState } from '../../src/host/contract';
import { assertBuilt, REPO_ROOT } from '../helpers/cli-process';
import { EMG_DATA_DIR } from '../helpers/shared-data';
import { TrainingAssembler } from '../../renderer/src/api/training-assembler';
import { useCleanups, useTempDirs } from '../helpers/test-cleanups';
import { waitFor } from '../helpers/wait-for';

const WORKER = path.resolve(REPO_ROOT, 'dist/dsp-worker.js');
const VICON = path.join(EMG_DATA_DIR, 'pyomeca-shoulder-lift', 'analogs.csv');
const cleanups = useCleanups();
const tmp = useTempDirs('myocue-replay-ctx-', cleanups);
beforeAll(() => assertBuilt());

const training = (h: HostHandle) => h.invoke('getTraining', null);

async function liveSet(h: HostHandle, tag: 'baseline' | 'internal', reps: number): Promise<void> {
  await h.invoke('startSet', { tag });
  await waitFor(async () => (await training(h)).repCount >= reps, 30_000, `${reps} reps`);
  await h.invoke('endSet', null);
}

describe('replay in its own training context', () => {
  it('a recorded session replays its own sets and tags; a foreign file is compared only with itself; closing returns to the live context as it was', async () => {
    const dir = tmp();
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

/** Sends a file to the host as the Sessions page's picker does (uploadImport chunks); its copy's path. */
async function uploadAsImport(h: HostHandle, file: string): Promise<string> {
  const data = fs.readFileSync(file);
  const chunk = 700 * 1024;
  const uploadId = `t${Date.now()}`;
  let kept: string | null = null;
  for (let offset = 0; offset < data.length; offset += chunk) {
    const r = await h.invoke('uploadImport', {
      uploadId,
      fileName: path.basename(file),
      totalBytes: data.length,
      offset,
      dataBase64: data.subarray(offset, offset + chunk).toString('base64'),
    });
    kept = r.path;
  }
  if (!kept) throw new Error('the upload did not complete');
  return kept;
}

async function replayToEnd(h: HostHandle, arg: { sessionId: string } | { path: string }): Promise<TrainingState> {
  await h.invoke('openReplay', arg);
  await h.invoke('replayControl', { action: 'speed', speed: 8 });
  await waitFor(() => h.status().device.state === 'ended', 30_000, 'the replay to end');
  return training(h);
}

describe('a set retagged during a replay is written back (issue 8.10)', () => {
  it('a library session: its sidecar keeps the new tag, so a new replay, the session list and progress show it; an import keeps it beside its copy; a file outside the data folder says it is not saved', async () => {
    const dir = tmp('myocue-replay-retag-');
    const h = await createHost({ dataDir: dir, dspWorkerPath: WORKER, training: { exerciseId: 'hip-thrust', targetChannel: 0, assistingChannels: [1] } });
    cleanups.push(() => h.close());

    // ---- a live session: a baseline set and an internal set
    await h.invoke('connect', { kind: 'sim', options: { channels: 2, sampleRateHz: 1000, seed: 7, repSeconds: 1.5, leadInS: 0.5 } });
    await liveSet(h, 'baseline', 2);
    await liveSet(h, 'internal', 2);
    const sessionId = h.status().recording.sessionId!;
    await h.invoke('disconnect', null);

    // ---- its replay: set 2 was really an external-focus set
    const first = await replayToEnd(h, { sessionId });
    expect(first.sets.map((s) => s.tag)).toEqual(['baseline', 'internal']);
    expect(h.status().replay?.corrections).toMatchObject({ saved: true });
    const corrected = await h.invoke('retagSet', { set: 2, tag: 'external' });
    expect(corrected.sets.map((s) => s.tag)).toEqual(['baseline', 'external']);
    expect(corrected.context).toBe('replay');

    // written to the session's sidecar (with its set details), not only shown
    const sidecar = JSON.parse(fs.readFileSync(path.join(dir, `${sessionId}.session.json`), 'utf8')) as { sets: { set: number; tag: string }[]; setDetails: { number: number; tag: string }[] };
    expect(sidecar.sets.map((s) => [s.set, s.tag])).toEqual([[1, 'baseline'], [2, 'external']]);
    expect(sidecar.setDetails.map((s) => [s.number, s.tag])).toEqual([[1, 'baseline'], [2, 'external']]);
    const progress = await h.invoke('getProgress', { exerciseId: 'hip-thrust' });
    expect(progress.filter((p) => p.sessionId === sessionId).map((p) => [p.setNumber, p.tag])).toEqual([[1, 'baseline'], [2, 'external']]);
    expect((await h.invoke('listSessions', null)).find((s) => s.id === sessionId)?.sets).toBe(2);

    // ---- reopened: the replay shows the saved tag (the recording's annotation still says internal)
    await h.invoke('disconnect', null);
    const again = await replayToEnd(h, { sessionId });
    expect(again.sets.map((s) => [s.number, s.tag])).toEqual([[1, 'baseline'], [2, 'external']]);
    expect(h.status().replay!.marks.filter((m) => m.kind === 'set').map((m) => m.label)).toEqual(expect.arrayContaining(['Set 2 start [tag=external]']));
    // and after a seek back, the sets rebuilt as playback passes them again carry it too
    await h.invoke('replayControl', { action: 'seek', timeS: 0 });
    await h.invoke('replayControl', { action: 'play' });
    await waitFor(() => h.status().device.state === 'ended', 30_000, 'the replay to end again');
    expect((await training(h)).sets.map((s) => s.tag)).toEqual(['baseline', 'external']);
    await h.invoke('disconnect', null);

    // ---- a file of another tool, opened through the app: the correction is kept beside its copy
    const copy = await uploadAsImport(h, VICON);
    expect(path.dirname(copy)).toBe(path.join(dir, 'imports'));
    const vicon = await replayToEnd(h, { path: copy });
    expect(vicon.sets.length).toBeGreaterThanOrEqual(1);
    expect(vicon.sets[0].tag).toBe('untagged');
    expect(h.status().replay?.corrections).toMatchObject({ saved: true });
    await h.invoke('retagSet', { set: 1, tag: 'baseline' });
    const kept = JSON.parse(fs.readFileSync(`${copy}.myocue-sets.json`, 'utf8')) as { sets: { set: number; tag: string }[] };
    expect(kept.sets.map((s) => [s.set, s.tag])).toEqual([[1, 'baseline']]);
    await h.invoke('disconnect', null);
    const viconAgain = await replayToEnd(h, { path: copy });
    expect(viconAgain.sets[0].tag).toBe('baseline');
    expect(viconAgain.sets.slice(1).every((s) => s.tag === 'untagged')).toBe(true);
    await h.invoke('disconnect', null);

    // ---- the same file opened where it lies (a native dialog's pick): shown, and said not to be saved
    h.allowReplayFile(VICON);
    await replayToEnd(h, { path: VICON });
    const outside = h.status().replay!.corrections!;
    expect(outside.saved).toBe(false);
    expect(outside.note).toMatch(/not saved/);
    const shown = await h.invoke('retagSet', { set: 1, tag: 'internal' });
    expect(shown.sets[0].tag).toBe('internal');
    expect(fs.existsSync(`${VICON}.myocue-sets.json`)).toBe(false);
    await h.invoke('disconnect', null);
  });
});
