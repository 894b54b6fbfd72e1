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
