/**
 * Issue 11: a session has a beginning and an end. The host with the real DSP worker, the
 * in-process simulated band and real files: before "Start session" nothing is recorded and no set
 * is kept (the live values run); a session records, its sets land in the recording's own time,
 * "End session" closes the running set, saves (sidecar compacted, no journal left) under a default
 * name that says what it was, marks it a demo (simulated band), and returns its summary. A name
 * the user gave while it ran wins.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHost, type HostHandle } from '../../src/host/host';
import { openEdfRecording } from '../../src/recording/bdf-reader';
import { SessionStore } from '../../src/recording/session-store';
import { assertBuilt, REPO_ROOT } from '../helpers/cli-process';
import type { LiveFrame, TrainingState } from '../../src/host/contract';
import { useCleanups, useTempDirs } from '../helpers/test-cleanups';
import { waitFor } from '../helpers/wait-for';

const WORKER = path.resolve(REPO_ROOT, 'dist/dsp-worker.js');
const cleanups = useCleanups();
beforeAll(() => assertBuilt());

const tmpDir = useTempDirs('myocue-lifecycle-', cleanups);

async function host(dataDir: string): Promise<HostHandle> {
  const h = await createHost({ dataDir, dspWorkerPath: WORKER, training: { exerciseId: 'hip-thrust' } });
  cleanups.push(() => h.close());
  return h;
}

/** reps of 1.5 s from 0.5 s on: the detector sees a rep within ~2 s */
const SIM = { kind: 'sim' as const, options: { channels: 2, sampleRateHz: 1000, seed: 11, repSeconds: 1.5, leadInS: 0.5 } };
const DEFAULT_NAME = /^Hip thrust · (\d+) sets? · (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d\d:\d\d$/;

describe('a live session with a beginning and an end', () => {
  it('records nothing and keeps no set before it starts; ends saved, named, marked demo, with its summary', async () => {
    const dir = tmpDir();
    const h = await host(dir);
    const pushed: TrainingState[] = [];
    h.subscribe('training', (t) => pushed.push(t));
    let streamS = 0;
    h.subscribe('frame', (f: LiveFrame) => (streamS = f.t0));
    await h.invoke('connect', SIM);

    // ---- before: the dashboard is alive (reps seen live) but nothing is kept or recorded
    await waitFor(() => streamS >= 6 && pushed.some((t) => t.inRep) && pushed.some((t) => t.targetPct > 5), 20_000, '6 s of reps, live');
    const idle = await h.invoke('getTraining', null);
    expect(idle.sets).toEqual([]);
    expect(pushed.every((t) => !t.setActive && t.repCount === 0)).toBe(true);
    expect(h.status().session).toEqual({ phase: 'idle' });
    expect(h.status().recording.active).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.bdf'))).toEqual([]);
    expect(await h.invoke('listSessions', null)).toEqual([]);
    await expect(h.invoke('endSession', null)).rejects.toThrow(/No session is running/);

    // ---- start: recorded, listed while it runs under its running name, a demo (simulated band)
    const started = await h.invoke('startSession', null);
    expect(started.session).toMatchObject({ phase: 'running', name: 'Hip thrust · running', demo: true });
    expect(started.recording.active).toBe(true);
    const id = started.session.sessionId!;
    expect(id).toBe(started.recording.sessionId);
    const listed = (await h.invoke('listSessions', null)).find((s) => s.id === id);
    expect(listed).toMatchObject({ name: 'Hip thrust · running', demo: true });
    // reps start a set by themselves now
    await waitFor(async () => (await h.invoke('getTraining', null)).repCount >= 2, 20_000, 'a set with two reps');

    // ---- end: the running set is closed and saved, the file finished, the summary returned
    const summary = await h.invoke('endSession', null);
    expect(h.status().session.phase).toBe('ended');
    expect(h.status().recording.active).toBe(false);
    expect(summary.name).toMatch(DEFAULT_NAME);
    expect(summary.name).toMatch(/ · 1 set · /);
    expect(summary.sets).toHaveLength(1);
    expect(summary.sets[0]).toMatchObject({ number: 1, exerciseName: 'Hip thrust' });
    expect(summary.reps).toBe(summary.sets[0].reps);
    expect(summary.reps).toBeGreaterThanOrEqual(2);
    expect(summary.demo).toBe(true);
    expect(summary.recordings.map((r) => r.sessionId)).toEqual([id]);
    expect(summary.recordings[0].fileName).toBe(`${id}.bdf`);
    expect(summary.durationS).toBeGreaterThan(1);
    expect(await h.invoke('getSessionSummary', null)).toEqual(summary);

    // saved: the sidecar compacted (no journal), finished, its set in the recording's own time
    expect(fs.existsSync(path.join(dir, `${id}.session.journal`))).toBe(false);
    const opened = new SessionStore(dir).openRecording(id);
    expect(opened.meta).toMatchObject({ finished: true, demo: true, name: summary.name });
    const rec = openEdfRecording(opened.bdfPath);
    const setStart = rec.annotations.find((a) => a.text.startsWith('Set 1 start'))!;
    expect(setStart).toBeDefined();
    // the session started ≥ 6 s into the stream: a set time left in stream time would be off by that
    expect(Math.abs(opened.meta.sets[0].startS - setStart.onsetS)).toBeLessThan(1);
    expect(opened.meta.sets[0].endS).toBeLessThanOrEqual(rec.durationS + 0.01);
    const after = (await h.invoke('listSessions', null)).find((s) => s.id === id);
    expect(after).toMatchObject({ name: summary.name, demo: true, sets: 1 });

    // ---- after the end: reps start no set again
    const shownAfter = streamS;
    await waitFor(() => streamS >= shownAfter + 4, 20_000, '4 s more stream');
    const ended = await h.invoke('getTraining', null);
    expect(ended.setActive).toBe(false);
    expect(ended.sets).toHaveLength(1); // the ended session's, for its summary
  });

  it('a new session counts its sets from 1; a name the user gives while it runs wins over the default', async () => {
    const dir = tmpDir();
    const h = await host(dir);
    await h.invoke('connect', SIM);
    await h.invoke('startSession', null);
    await h.invoke('startSet', { tag: 'baseline' });
    await waitFor(async () => (await h.invoke('getTraining', null)).repCount >= 1, 20_000, 'a rep');
    const first = await h.invoke('endSession', null);
    expect(first.sets.map((s) => [s.number, s.tag])).toEqual([[1, 'baseline']]);

    // starting a set starts the next session; it has no sets of the last one
    const t = await h.invoke('startSet', { tag: 'internal' });
    expect(h.status().session.phase).toBe('running');
    expect(t.sets).toEqual([]);
    expect(t.setNumber).toBe(1);
    const id = h.status().session.sessionId!;
    expect(id).not.toBe(first.recordings[0].sessionId);
    await h.invoke('renameSession', { id, name: 'Leg day' });
    expect(h.status().session.name).toBe('Leg day');
    await waitFor(async () => (await h.invoke('getTraining', null)).repCount >= 1, 20_000, 'a rep');
    const second = await h.invoke('endSession', null);
    expect(second.name).toBe('Leg day');
    expect(second.sets.map((s) => [s.number, s.tag])).toEqual([[1, 'internal']]);
    const names = Object.fromEntries((await h.invoke('listSessions', null)).map((s) => [s.id, s.name]));
    expect(names[id]).toBe('Leg day');
    expect(names[first.recordings[0].sessionId]).toMatch(DEFAULT_NAME);
    // the user's name survives the compaction at the end
    expect(new SessionStore(dir).openRecording(id).meta).toMatchObject({ name: 'Leg day', nameByUser: true });
  });

  it('--demo-sessions skip: a session on the simulated band runs (sets, summary) but writes no file, and says so', async () => {
    const dir = tmpDir();
    const h = await createHost({ dataDir: dir, dspWorkerPath: WORKER, training: { exerciseId: 'hip-thrust' }, demoSessions: 'skip' });
    cleanups.push(() => h.close());
    await h.invoke('connect', SIM);
    await h.invoke('startSession', null);
    await h.invoke('startSet', { tag: 'baseline' });
    await waitFor(async () => (await h.invoke('getTraining', null)).repCount >= 1, 20_000, 'a rep');
    expect(h.status().recording.active).toBe(false);
    const summary = await h.invoke('endSession', null);
    expect(summary.sets).toHaveLength(1);
    expect(summary.demo).toBe(true);
    expect(summary.recordings).toEqual([]);
    expect(summary.saveProblem).toBe('A demo on the simulated band: not saved (--demo-sessions skip).');
    expect(fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.bdf') || f.endsWith('.session.json'))).toEqual([]);
    expect(await h.invoke('listSessions', null)).toEqual([]);
  });
});
