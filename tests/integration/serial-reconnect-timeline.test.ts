/**
 * Issue 9 item 8: after unplug/replug cycles the recorded timeline still matches the wall clock.
 * Gaps are measured from the last sample before the loss to the first sample after it, so
 * recorded frames + gap frames = wall time × rate within 1 %, including a cycle where the band
 * comes back late (not ready for START) and one where it stays silent for a while.
 * (The 40-cycle version belongs in the soak; this runs 4 cycles in npm test.)
 */
import { describe, expect, it } from 'vitest';
import { SerialDevice } from '../../src/devices/serial-device';
import { startBandEmulator, type BandEmulator } from '../../src/devices/band-emulator';
import { openPtyPair } from '../helpers/pty-pair';
import { useCleanups } from '../helpers/test-cleanups';
import { waitFor } from '../helpers/wait-for';

const cleanups = useCleanups();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
describe('disconnect gaps keep the timeline', () => {
  it('recorded + gaps = wall time within 1 % over 4 unplug cycles', async () => {
    const RATE = 2000;
    const pty = await openPtyPair();
    cleanups.push(() => pty.close());
    let band: BandEmulator = await startBandEmulator({ path: pty.a, options: { channels: 2, sampleRateHz: RATE } });
    cleanups.push(() => band.stop());
    const source = new SerialDevice({ path: pty.b, band: 'myocue', retryInitialMs: 100, retryMaxMs: 400, stallTimeoutMs: 600, firstDataTimeoutMs: 800 });
    cleanups.push(() => source.stop());
    let frames = 0;
    let gapFrames = 0;
    // Each samples event arrives at t = T0 + (timeline so far) + drift + delay, with delay ≥ 0 the
    // transport's (a busy machine delays some batches by tens of ms). t − timeline is T0 + delay
    // before any unplug and T0 + drift + delay at the end; the minimum over many events takes the
    // delay out of both, where the first and the last event alone each carried their own delay
    // (~80 ms of the 1 % allowed over ~9 s).
    let phase: 'start' | 'cycles' | 'end' = 'start';
    let startOffsetMs = Infinity;
    let endOffsetMs = Infinity;
    let lastAt = 0;
    source.on((e) => {
      if (e.type === 'samples') {
        const now = Date.now();
        frames += e.block.frameCount;
        lastAt = now;
        const offset = now - ((frames + gapFrames) / RATE) * 1000;
        if (phase === 'start') startOffsetMs = Math.min(startOffsetMs, offset);
        else if (phase === 'end') endOffsetMs = Math.min(endOffsetMs, offset);
      } else if (e.type === 'gap') gapFrames += e.missingSamples;
    });
    await source.start();
    await waitFor(() => frames > RATE, 10_000, 'first second of data');

    phase = 'cycles';
    for (let cycle = 0; cycle < 4; cycle++) {
      await band.stop();
      await pty.close(); // unplugged
      await sleep(400 + 200 * cycle);
      await pty.reopen();
      if (cycle === 2) await sleep(1200); // the port is back but the band boots late: START goes unanswered
      band = await startBandEmulator({ path: pty.a, options: { channels: 2, sampleRateHz: RATE } });
      const before = frames;
      await waitFor(() => frames > before + RATE / 2, 30_000, `data after replug ${cycle + 1}`);
    }
    // a second of steady stream after the last replug: the end's offset
    phase = 'end';
    const endFrom = frames;
    await waitFor(() => frames > endFrom + RATE, 30_000, 'a second of data at the end');
    const timelineS = (frames + gapFrames) / RATE;
    const wallS = (lastAt - startOffsetMs) / 1000;
    const driftMs = endOffsetMs - startOffsetMs;
    const c = source.counters();
    expect(c.gaps).toBeGreaterThanOrEqual(4);
    expect(Number.isFinite(driftMs)).toBe(true);
    expect(Math.abs(driftMs) / 1000 / wallS).toBeLessThan(0.01);
    console.log(`timeline: ${timelineS.toFixed(3)} s recorded + gaps vs ${wallS.toFixed(3)} s wall: drift ${driftMs.toFixed(0)} ms (${((driftMs / 1000 / wallS) * 100).toFixed(2)} %), ${c.gaps} gaps`);
  });
});
