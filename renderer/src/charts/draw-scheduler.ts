/**
 * One requestAnimationFrame for every live chart: charts mark themselves dirty when new data
 * arrived; the next animation frame redraws the dirty ones and records how long that took in
 * `window.__myocueFrameTimes` (ms, last 2000) and `window.__myocueFramesDrawn` (the benchmark
 * and the e2e test read them).
 */

declare global {
  interface Window {
    __myocueFrameTimes?: number[];
    __myocueFramesDrawn?: number;
  }
}

const KEEP = 2000;
/**
 * Drawing budget per animation frame, ms. With many charts (8 channels + the overlays) drawing all
 * of them in one frame can take longer than a 60 fps frame leaves; past the budget the rest wait
 * for the next frame. A Set keeps insertion order and re-adding keeps the old place, so the
 * charts left over are first next time: every chart still redraws several times a second.
 */
const FRAME_BUDGET_MS = 2.5;
const dirty = new Set<() => void>();
/**
 * Draws that run at most every `SLOW_INTERVAL_MS`, all of them in the same animation frame (the
 * per-channel small multiples): drawn each at its own moment, some chart somewhere on the page
 * changed in nearly every frame, and the compositor, which redraws the union of what changed as
 * one rectangle, composited the whole page every frame (Chromium trace, 32 ch, software
 * compositing: ~60 % of a core in the display compositor; issue 10.8).
 */
const slowDirty = new Set<() => void>();
/** the slow draws' period, ms (20 fps); a frame up to a few ms early still counts as due */
export const SLOW_INTERVAL_MS = 50;
const SLOW_EARLY_MS = 6;
let lastSlowAt = -Infinity;
let slowTimer: ReturnType<typeof setTimeout> | 0 = 0;
/** DOM writes (live numbers) for the end of the next animation frame, after the charts */
const after = new Set<() => void>();
let rafId = 0;

/** moves the slow draws into this frame's when their tick is due; else asks for a frame at the tick */
function takeSlow(now: number): void {
  if (slowDirty.size === 0) return;
  if (now - lastSlowAt >= SLOW_INTERVAL_MS - SLOW_EARLY_MS) {
    lastSlowAt = now;
    for (const draw of slowDirty) dirty.add(draw);
    slowDirty.clear();
  } else if (!slowTimer) {
    slowTimer = setTimeout(
      () => {
        slowTimer = 0;
        if (!rafId) rafId = requestAnimationFrame(run);
      },
      Math.max(0, lastSlowAt + SLOW_INTERVAL_MS - SLOW_EARLY_MS - now),
    );
  }
}

function run(now?: number): void {
  rafId = 0;
  takeSlow(now ?? performance.now());
  if (dirty.size === 0) {
    runAfter();
    return;
  }
  const t0 = performance.now();
  for (const draw of dirty) {
    dirty.delete(draw);
    draw();
    if (performance.now() - t0 >= FRAME_BUDGET_MS) break;
  }
  if (dirty.size > 0) rafId = requestAnimationFrame(run);
  const dt = performance.now() - t0;
  const times = (window.__myocueFrameTimes ??= []);
  times.push(dt);
  if (times.length > KEEP) times.splice(0, times.length - KEEP);
  window.__myocueFramesDrawn = (window.__myocueFramesDrawn ?? 0) + 1;
  runAfter();
}

function runAfter(): void {
  for (const write of after) {
    after.delete(write);
    write();
  }
}

/**
 * asks for `write` (a DOM write: a number's text) to run at the end of the next animation frame,
 * after the charts drew: every live number changes in the same frame, in one style/layout pass,
 * and never between a chart's draws (a canvas font set after a DOM write forces a style recalc)
 */
export function requestAfterDraw(write: () => void): void {
  after.add(write);
  if (!rafId) rafId = requestAnimationFrame(run);
}

/** asks for `draw` to run on the next animation frame (once, however often it is asked) */
export function requestDraw(draw: () => void): void {
  dirty.add(draw);
  if (!rafId) rafId = requestAnimationFrame(run);
}

/**
 * asks for `draw` to run in the next animation frame of the slow tick (every `SLOW_INTERVAL_MS`,
 * together with every other slow draw), once however often it is asked
 */
export function requestSlowDraw(draw: () => void): void {
  if (dirty.has(draw)) return;
  slowDirty.add(draw);
  if (!rafId) rafId = requestAnimationFrame(run);
}

export function cancelDraw(draw: () => void): void {
  dirty.delete(draw);
  slowDirty.delete(draw);
  after.delete(draw);
}
