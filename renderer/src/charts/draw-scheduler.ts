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
/** DOM writes (live numbers) for the end of the next animation frame, after the charts */
const after = new Set<() => void>();
let rafId = 0;

function run(): void {
  rafId = 0;
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

export function cancelDraw(draw: () => void): void {
  dirty.delete(draw);
  after.delete(draw);
}
