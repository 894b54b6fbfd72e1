/**
 * setSimulatedTimeScale (what bench/long-session-bench.ts uses to compress a two-hour session):
 * the simulated band delivers frames at the clock's speed, continues without a jump or a gap
 * when the speed changes, and is back at real time at 1. Fake timers and a fake performance clock.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SimulatedBand, setSimulatedTimeScale } from '../../src/devices/simulated-band';

afterEach(() => {
  setSimulatedTimeScale(1);
  vi.useRealTimers();
});

describe('the simulated band clock speed', () => {
  it('delivers 2000 Hz × elapsed × speed frames, contiguous across speed changes', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
    const band = new SimulatedBand({ channels: 2, sampleRateHz: 2000 });
    const blocks: { first: number; n: number }[] = [];
    band.on((e) => {
      if (e.type === 'samples') blocks.push({ first: e.block.firstSampleIndex, n: e.block.frameCount });
    });
    await band.start();
    vi.advanceTimersByTime(1000); // 1 s at real time
    setSimulatedTimeScale(30);
    vi.advanceTimersByTime(1000); // 30 s of stream
    setSimulatedTimeScale(1);
    vi.advanceTimersByTime(1000); // 1 s
    await band.stop();
    const total = blocks.reduce((a, b) => a + b.n, 0);
    expect(total).toBeGreaterThanOrEqual(2000 * 32 - 2000 * 0.04);
    expect(total).toBeLessThanOrEqual(2000 * 32);
    // no gap, no overlap
    for (let i = 1; i < blocks.length; i++) expect(blocks[i].first).toBe(blocks[i - 1].first + blocks[i - 1].n);
    // the fast part came in bigger blocks (30 × 40 frames per 20 ms tick)
    expect(Math.max(...blocks.map((b) => b.n))).toBeGreaterThanOrEqual(1100);
  });

  it('refuses a speed out of range', () => {
    expect(() => setSimulatedTimeScale(0)).toThrow(/speed/);
    expect(() => setSimulatedTimeScale(Number.NaN)).toThrow(/speed/);
  });
});
