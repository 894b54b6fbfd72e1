/**
 * Issue 8.11: what the recording says about sets is what training decided when it happened
 * (structured events passed through unchanged), and a set running when the session ends is closed
 * and saved. The host with the real DSP worker, the in-process simulated band, real BDF+ files.
 */
import { describe, expect, it } from 'vitest';
import { type HostHandle } from '../../src/host/host';
import { openEdfRecording } from '../../src/recording/bdf-reader';
import { SessionStore } from '../../src/recording/session-store';
import { useHostTest, waitFor } from '../helpers/host-test';
import { runCli } from '../helpers/cli-process';

const { tmpDir: tempDir, host: hostOn } = useHostTest();

const tmpDir = () => tempDir('myocue-host-rec-');


const host = (dataDir: string): Promise<HostHandle> => hostOn(dataDir);

const SIM = { kind: 'sim' as const, options: { channels: 2, sampleRateHz: 1000, seed: 3, repSeconds: 1.5, leadInS: 0.5 } };

describe('sets in the recording', () => {
  it('a set started as internal and ended without reps is written as that set, with its own tag', async () => {
    const dir = tmpDir();
    const h = await host(dir);
    // a quiet band: no reps at all
    await h.invoke('connect', { kind: 'sim', options: { channels: 2, sampleRateHz: 1000, seed: 1, reps: 0 } });
    await h.invoke('startSession', null);
    await waitFor(() => (h.status().recording.durationS ?? 0) >= 0.5, 10_000, 'recording');
    await h.invoke('startSet', { tag: 'internal' });
    await waitFor(() => (h.status().recording.durationS ?? 0) >= 1, 10_000, 'a second');
    await h.invoke('endSet', null);
    const rec = h.status().recording;
    await h.invoke('disconnect', null);
    const texts = openEdfRecording(rec.path!).annotations.map((a) => a.text);
    expect(texts).toContain('Set 1 start [tag=internal]');
    expect(texts).toContain('Set 1 end [tag=internal; reps=0]');
    expect(texts.join('\n')).not.toMatch(/tag=baseline/);
  });

  it('a set running when the session ends is closed and saved with its reps', async () => {
    const dir = tmpDir();
    const h = await host(dir);
    await h.invoke('connect', SIM);
    // starting the first set starts the session (and its recording)
    await h.invoke('startSet', { tag: 'external' });
    expect(h.status().session.phase).toBe('running');
    await waitFor(async () => (await h.invoke('getTraining', null)).repCount >= 2, 20_000, 'two reps');
    const rec = h.status().recording;
    await h.invoke('disconnect', null);
    const texts = openEdfRecording(rec.path!).annotations.map((a) => a.text);
    const end = texts.find((t) => t.startsWith('Set 1 end'));
    expect(end).toMatch(/^Set 1 end \[tag=external; reps=[2-9]\]$/);
    expect(texts.filter((t) => /^Rep \d+ \[set=1\]$/.test(t)).length).toBeGreaterThanOrEqual(2);
    const meta = new SessionStore(dir).openRecording(rec.sessionId!).meta;
    expect(meta.sets).toHaveLength(1);
    expect(meta.sets[0]).toMatchObject({ tag: 'external' });
    expect(meta.sets[0].reps).toBeGreaterThanOrEqual(2);
  });
});

describe('set and rep marks on the recording timeline', () => {
  // The raw samples are written before the DSP worker has processed them, so "now" on the
  // recorder runs ahead of the stream time training decides at. Marks go at the event's own time.
  it("a set's start, end and rep marks in the BDF are at the sidecar's times (within one sample)", async () => {
    const dir = tmpDir();
    const h = await host(dir);
    await h.invoke('connect', SIM);
    await h.invoke('startSession', null);
    await waitFor(() => (h.status().recording.durationS ?? 0) >= 0.3, 10_000, 'recording');
    await h.invoke('startSet', { tag: 'internal' });
    await waitFor(async () => (await h.invoke('getTraining', null)).repCount >= 2, 20_000, 'two reps');
    await h.invoke('endSet', null);
    const rec = h.status().recording;
    await h.invoke('disconnect', null);
    const file = openEdfRecording(rec.path!);
    const samplePeriodS = 1 / 1000;
    const onset = (text: RegExp) => file.annotations.filter((a) => text.test(a.text)).map((a) => a.onsetS);
    const meta = new SessionStore(dir).openRecording(rec.sessionId!).meta;
    expect(meta.sets).toHaveLength(1);
    const set = meta.sets[0];
    const [start] = onset(/^Set 1 start/);
    const [end] = onset(/^Set 1 end/);
    expect(Math.abs(start - set.startS)).toBeLessThanOrEqual(samplePeriodS);
    expect(Math.abs(end - set.endS)).toBeLessThanOrEqual(samplePeriodS);
    expect(Math.abs(end - start - (set.endS - set.startS))).toBeLessThanOrEqual(samplePeriodS);
    const reps = meta.setDetails?.[0]?.reps ?? [];
    const repMarks = onset(/^Rep \d+ \[set=1\]$/);
    expect(reps.length).toBeGreaterThanOrEqual(2);
    expect(repMarks).toHaveLength(reps.length);
    repMarks.forEach((t, i) => expect(Math.abs(t - reps[i].startS)).toBeLessThanOrEqual(samplePeriodS));
    // never in the future of the written data
    const lastS = file.spanS;
    for (const a of file.annotations) expect(a.onsetS).toBeLessThanOrEqual(lastS + samplePeriodS);
    // `myocue analyze` reads the sets from these marks: the same set, over the same time, its reps
    const r = await runCli(['analyze', rec.path!, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const analysed = JSON.parse(r.stdout) as { sets: { startS: number; endS: number; reps: unknown[] }[] };
    expect(analysed.sets).toHaveLength(1);
    expect(analysed.sets[0].startS).toBeCloseTo(set.startS, 2);
    expect(analysed.sets[0].endS).toBeCloseTo(set.endS, 2);
    expect(analysed.sets[0].reps.length).toBe(reps.length);
  });
});
