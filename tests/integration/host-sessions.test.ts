/**
 * The host records every live session by default, lists it, replays it through the same DSP path
 * (same envelopes as live), and keeps the live view running when the data folder is not writable.
 * Real files, the real DSP worker thread, the in-process simulated band.
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type HostHandle } from '../../src/host/host';
import type { LiveFrame } from '../../src/host/contract';
import { openEdfRecording } from '../../src/recording/bdf-reader';
import { useHostTest, waitFor } from '../helpers/host-test';

const { tmpDir: tempDir, host: hostOn } = useHostTest();

const tmpDir = () => tempDir('myocue-host-');


const host = (dataDir: string, opts: { sessionAtStart?: boolean } = {}): Promise<HostHandle> => hostOn(dataDir, opts);

/** envelope points of channel 0 by display point index (t0 × rate + p) */
function envelopeByIndex(frames: LiveFrame[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const f of frames) for (let p = 0; p < f.pointCount; p++) m.set(Math.round(f.t0 * f.displayRateHz) + p, f.envelope[0][p]);
  return m;
}

describe('sessions through the host', () => {
  it('records a live session, lists it, and replays it with the same envelopes', async () => {
    const dir = tmpDir();
    const h = await host(dir);
    const live: LiveFrame[] = [];
    h.subscribe('frame', (f) => live.push(f));
    await h.invoke('connect', { kind: 'sim', options: { channels: 2, sampleRateHz: 1000, seed: 7, repSeconds: 1.5, leadInS: 0.5 } });
    // streaming is not recording: the lifter starts the session
    await waitFor(() => live.length > 5, 10_000, 'live frames');
    expect(h.status().recording.active).toBe(false);
    expect(h.status().session.phase).toBe('idle');
    await h.invoke('startSession', null);
    expect(h.status().session.phase).toBe('running');
    await waitFor(() => h.status().recording.active && (h.status().recording.durationS ?? 0) >= 3, 10_000, '3 s recorded');
    const recording = h.status().recording;
    expect(recording.sessionId).toBeTruthy();
    // ending the session closes and saves its recording, and says where
    const summary = await h.invoke('endSession', null);
    expect(h.status().recording.active).toBe(false);
    expect(h.status().session.phase).toBe('ended');
    expect(summary.recordings.map((r) => r.sessionId)).toEqual([recording.sessionId]);
    expect(await h.invoke('getSessionSummary', null)).toEqual(summary);
    await h.invoke('disconnect', null);

    const info = openEdfRecording(recording.path!);
    expect(info.recovered).toBe(false);
    expect(info.durationS).toBeGreaterThanOrEqual(3);

    const sessions = await h.invoke('listSessions', null);
    expect(sessions.map((s) => s.id)).toContain(recording.sessionId);
    const renamed = await h.invoke('renameSession', { id: recording.sessionId!, name: 'Tuesday glutes' });
    expect(renamed.find((s) => s.id === recording.sessionId)?.name).toBe('Tuesday glutes');

    // replay at 8× through the same worker: the envelope must equal the live one point for point
    const replayed: LiveFrame[] = [];
    h.subscribe('frame', (f) => replayed.push(f));
    await h.invoke('openReplay', { sessionId: recording.sessionId! });
    await h.invoke('replayControl', { action: 'speed', speed: 8 });
    const status = h.status();
    expect(status.replay?.title).toBe('Tuesday glutes');
    expect(status.replay?.durationS).toBeCloseTo(info.durationS, 1);
    expect(status.recording.active).toBe(false); // a replay is not recorded again
    await waitFor(() => replayed.length > 0 && replayed.at(-1)!.t0 >= 2.5, 10_000, 'replayed frames');
    expect(h.status().replay!.positionS).toBeGreaterThan(2);
  });

  it('replayed envelopes equal the live envelopes of the same session', async () => {
    const dir = tmpDir();
    // recorded from the first sample (`serve --record-from-start`), so live and replayed frames share their time axis
    const h = await host(dir, { sessionAtStart: true });
    const live: LiveFrame[] = [];
    const off = h.subscribe('frame', (f) => live.push(f));
    await h.invoke('connect', { kind: 'sim', options: { channels: 2, sampleRateHz: 1000, seed: 3, repSeconds: 1.5, leadInS: 0.5 } });
    await waitFor(() => (h.status().recording.durationS ?? 0) >= 2.5, 10_000, '2.5 s recorded');
    const id = h.status().recording.sessionId!;
    await h.invoke('disconnect', null);
    off();

    const replayed: LiveFrame[] = [];
    h.subscribe('frame', (f) => replayed.push(f));
    await h.invoke('openReplay', { sessionId: id });
    await h.invoke('replayControl', { action: 'speed', speed: 8 });
    await waitFor(() => replayed.length > 0 && replayed.at(-1)!.t0 >= 2, 10_000, 'replayed frames');

    const a = envelopeByIndex(live);
    const b = envelopeByIndex(replayed);
    let compared = 0;
    let maxErr = 0;
    let peak = 0;
    for (const [i, v] of a) {
      const w = b.get(i);
      if (w === undefined || i < 5) continue;
      peak = Math.max(peak, Math.abs(v));
      maxErr = Math.max(maxErr, Math.abs(v - w));
      compared++;
    }
    expect(compared).toBeGreaterThan(300);
    // the file stores ADC counts exactly (BDF 24-bit at the band's µV per count): same input, same output
    expect(maxErr / peak).toBeLessThan(1e-9);
  });

  it('keeps the live view running and says why when the data folder is not writable', async () => {
    // root ignores directory permissions (CI runs as root): a file where the folder should be
    // fails for every user
    const parent = tmpDir();
    const blocked = path.join(parent, 'not-a-folder');
    fs.writeFileSync(blocked, 'a file where the data folder should be');
    const h = await host(blocked);
    const frames: LiveFrame[] = [];
    h.subscribe('frame', (f) => frames.push(f));
    await h.invoke('connect', { kind: 'sim', options: { channels: 2, sampleRateHz: 1000 } });
    await h.invoke('startSession', null);
    await waitFor(() => frames.length > 10, 10_000, 'live frames');
    const st = h.status();
    expect(st.session.phase).toBe('running'); // the session runs (sets are kept), unrecorded
    expect(st.recording.active).toBe(false);
    expect(st.recording.error).toMatch(/Recording stopped: .*not-a-folder/);
    expect(st.device.state).toBe('streaming');
    // and the stream goes on: more frames come (waited for, not counted over a fixed 300 ms)
    const n = frames.length;
    await waitFor(() => frames.length > n, 10_000, 'frames after the refused recording');
    expect(frames.length).toBeGreaterThan(n);
  });

  it('refuses a foreign file for replay with a message naming it, and keeps running', async () => {
    const dir = tmpDir();
    const foreign = path.join(dir, 'holiday.jpg');
    fs.writeFileSync(foreign, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]));
    const h = await host(dir);
    await expect(h.invoke('openReplay', { path: foreign })).rejects.toThrow(/holiday\.jpg/);
    await h.invoke('connect', { kind: 'sim', options: { channels: 2, sampleRateHz: 1000 } });
    await waitFor(() => h.status().device.state === 'streaming', 5000, 'streaming after the refused file');
  });
});
