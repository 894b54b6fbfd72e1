import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * The shared animation-frame scheduler (renderer/src/charts/draw-scheduler.ts) with a fake clock
 * and fake animation frames: the slow draws (the per-channel small multiples) run together, in
 * the same frame, at most once per slow tick; the other draws run in the next frame.
 */
describe('draw scheduler', () => {
  let frames: ((t: number) => void)[] = [];
  let now = 0;
  beforeEach(() => {
    vi.resetModules();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    frames = [];
    now = 1000;
    vi.stubGlobal('window', {});
    vi.stubGlobal('performance', { now: () => now });
    vi.stubGlobal('requestAnimationFrame', (cb: (t: number) => void) => frames.push(cb));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });
  /** runs the pending animation frame at time `t` (after the timers due by then) */
  const frameAt = (t: number) => {
    vi.advanceTimersByTime(t - now);
    now = t;
    const due = frames;
    frames = [];
    for (const cb of due) cb(t);
  };

  it('runs slow draws together, once per slow tick, and the others every frame', async () => {
    const s = await import('../../renderer/src/charts/draw-scheduler');
    const log: string[] = [];
    const fast = () => log.push(`fast@${now}`);
    const slow = [0, 1, 2].map((i) => () => log.push(`slow${i}@${now}`));
    // the first frame: all due
    s.requestDraw(fast);
    for (const d of slow) s.requestSlowDraw(d);
    frameAt(1016);
    expect(log.sort()).toEqual(['fast@1016', 'slow0@1016', 'slow1@1016', 'slow2@1016']);
    // asked again in the frames after (each at its own moment): they wait for the next tick and then draw in one frame
    const drawnAt = new Map<number, number[]>();
    for (let f = 1; f <= 12; f++) {
      log.length = 0;
      s.requestDraw(fast);
      s.requestSlowDraw(slow[f % 3]);
      frameAt(1016 + f * 16.7);
      for (const e of log) {
        const [name, at] = e.split('@');
        if (name.startsWith('slow')) drawnAt.set(Number(at), [...(drawnAt.get(Number(at)) ?? []), Number(name.slice(4))]);
      }
      expect(log).toContain(`fast@${now}`);
    }
    const ticks = [...drawnAt.keys()].sort((a, b) => a - b);
    // 12 frames of 16.7 ms = 200 ms: 4 ticks (every 3rd frame), every slow chart in each of them
    expect(ticks.length).toBe(4);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i] - ticks[i - 1]).toBeGreaterThanOrEqual(s.SLOW_INTERVAL_MS - 8);
    for (const t of ticks.slice(1)) expect(drawnAt.get(t)!.sort()).toEqual([0, 1, 2]);
  });

  it('a slow draw asked for alone still runs at the next tick (a timer brings the frame)', async () => {
    const s = await import('../../renderer/src/charts/draw-scheduler');
    let drawn = 0;
    const slow = () => drawn++;
    s.requestSlowDraw(slow);
    frameAt(1016);
    expect(drawn).toBe(1);
    s.requestSlowDraw(slow);
    // not due yet: no draw, and no frame asked for until the tick
    frameAt(1032);
    expect(drawn).toBe(1);
    expect(frames.length).toBe(0);
    vi.advanceTimersByTime(60);
    expect(frames.length).toBe(1);
    frameAt(1100);
    expect(drawn).toBe(2);
    // cancelled: never drawn
    s.requestSlowDraw(slow);
    s.cancelDraw(slow);
    vi.advanceTimersByTime(100);
    frameAt(1300);
    expect(drawn).toBe(2);
  });
});
