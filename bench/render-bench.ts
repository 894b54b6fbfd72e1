/**
 * Dashboard frame time in Chromium: the browser host streams 8 (or 32) simulated channels, the
 * page draws a 10 s window; we read the renderer's own probe of the time spent per
 * requestAnimationFrame draw (window.__myocueFrameTimes, ms) and report its p50/p99.
 *
 * What the probe counts: the main-thread time of the one animation-frame callback that redraws
 * every chart with new data (each chart's range scan over the ring buffer and the canvas calls
 * of its traces: since issue 10.8 a self-shift and a strip of new pixel columns, the whole plot
 * when the y range steps; the axes layer's redraw when it does), per frame in which at least one
 * chart drew. It does not count what the browser does after the callback (style, layout, raster,
 * compositing) nor other tasks between frames (WebSocket messages, React renders of the pushed
 * training state); those are shown beside it as the long animation frames the browser itself
 * reports (PerformanceObserver 'long-animation-frame': frames whose work took ≥ 50 ms from start
 * to paint, whatever the cause), because a user sees those as stutter.
 */
import { resolveDistFile } from '../src/util/package-paths';
import { startBenchPage } from './bench-page';
import { percentile } from './stats';

export interface RenderMeasurement {
  p50Ms: number | null;
  p99Ms: number | null;
  framesDrawn: number;
  /** frames the browser reported as long animation frames (≥ 50 ms of work), and the longest, ms */
  longFrames?: number;
  longestFrameMs?: number | null;
  /** every frame time measured, ms (for pooling runs; not printed) */
  frameTimes?: number[];
}

/**
 * The same callback's CPU time: the thread time of each FireAnimationFrame in a Chromium trace
 * (devtools.timeline), over a second window after the wall-clock one. On a shared machine the
 * wall-clock time of a frame includes the time other processes held the core; the thread time
 * does not, so it compares two builds under load where the wall-clock p99 cannot.
 */
export interface RenderCpuMeasurement {
  cpuP50Ms: number | null;
  cpuP99Ms: number | null;
  cpuFrames: number;
  /** every frame's CPU time, ms (for pooling runs; not printed) */
  cpuFrameTimes?: number[];
}

export interface RenderResult extends RenderMeasurement {
  workload: string;
  note?: string;
  /** the same in a 1600×1000 window (what a laptop screen shows) */
  window?: RenderMeasurement & { workload: string };
  /** the all-charts case's callback CPU time (`cpu` option) */
  cpu?: RenderCpuMeasurement;
}

type BenchPage = import('playwright-core').Page;

/** Frame times the page recorded over `seconds` (window.__myocueFrameTimes, ms per animation frame). */
async function measure(page: BenchPage, seconds: number): Promise<RenderMeasurement> {
  await page.evaluate(() => {
    // runs in the page (no DOM lib in this tsconfig: reach the global through globalThis)
    const w = globalThis as unknown as { __myocueFrameTimes?: number[]; __myocueFramesDrawn?: number };
    w.__myocueFrameTimes = [];
    w.__myocueFramesDrawn = 0;
    const g = globalThis as unknown as {
      __benchLongFrames?: number[];
      __benchLongObserver?: { disconnect(): void };
      PerformanceObserver: new (cb: (list: { getEntries(): { duration: number }[] }) => void) => { observe(o: object): void; disconnect(): void };
    };
    g.__benchLongObserver?.disconnect();
    const long: number[] = (g.__benchLongFrames = []);
    const obs = new g.PerformanceObserver((list) => {
      for (const e of list.getEntries()) long.push(e.duration);
    });
    // not every browser knows the type: then no long frames are reported (longFrames 0)
    try {
      obs.observe({ type: 'long-animation-frame', buffered: false });
      g.__benchLongObserver = obs;
    } catch {
      /* unsupported */
    }
  });
  await page.waitForTimeout(seconds * 1000);
  const { times, drawn, long } = await page.evaluate(() => {
    const w = globalThis as unknown as { __myocueFrameTimes?: number[]; __myocueFramesDrawn?: number; __benchLongFrames?: number[] };
    return { times: Array.from(w.__myocueFrameTimes ?? []), drawn: w.__myocueFramesDrawn ?? 0, long: Array.from(w.__benchLongFrames ?? []) };
  });
  return {
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    framesDrawn: drawn,
    longFrames: long.length,
    longestFrameMs: long.length > 0 ? Math.max(...long) : null,
    frameTimes: times,
  };
}

/** Thread (CPU) time of the page's animation-frame callbacks over `seconds`, from a Chromium trace. */
async function measureCpu(page: BenchPage, seconds: number): Promise<RenderCpuMeasurement> {
  const cdp = await page.context().newCDPSession(page);
  type TraceEvent = { name?: string; ph?: string; pid?: number; tid?: number; dur?: number; tdur?: number };
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (d: { value: TraceEvent[] }) => {
    for (const e of d.value) if (e.name === 'FireAnimationFrame' && e.ph === 'X') events.push(e);
  });
  await cdp.send('Tracing.start', { categories: 'devtools.timeline', transferMode: 'ReportEvents' });
  await page.waitForTimeout(seconds * 1000);
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.end');
  await done;
  await cdp.detach();
  // the page's main thread: the one that ran the most animation frames
  const perThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const k = `${e.pid}:${e.tid}`;
    const list = perThread.get(k);
    if (list) list.push(e);
    else perThread.set(k, [e]);
  }
  const main = [...perThread.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  // µs → ms; a trace without thread times (tdur) gives none rather than wall times under the name
  const times = main.filter((e) => typeof e.tdur === 'number').map((e) => e.tdur! / 1000);
  return { cpuP50Ms: percentile(times, 50), cpuP99Ms: percentile(times, 99), cpuFrames: times.length, cpuFrameTimes: times };
}

async function chartsInView(page: BenchPage): Promise<number> {
  return page.evaluate(() => {
    const d = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ getBoundingClientRect(): { top: number; bottom: number } }> } }).document;
    const h = (globalThis as unknown as { innerHeight: number }).innerHeight;
    return Array.from(d.querySelectorAll('.live-chart')).filter((e) => {
      const r = e.getBoundingClientRect();
      return r.bottom > 0 && r.top < h;
    }).length;
  });
}

export interface RenderOptions {
  /** the built renderer to serve (default dist/renderer): another build to compare with */
  staticDir?: string;
  /** only the all-charts-in-view case (no 1600×1000 window first) */
  allOnly?: boolean;
  /** also the callbacks' CPU time from a Chromium trace, over a second window of `seconds` */
  cpu?: boolean;
}

export async function benchRender(seconds = 10, channels = 8, options: RenderOptions = {}): Promise<RenderResult> {
  const workload =
    `dashboard in headless Chromium, ${channels} ch × 2000 Hz simulated band, 10 s window, ${seconds} s; ` +
    'frame time = main-thread time of the animation-frame callback that redraws the charts with new data (range scan of the ring buffer + the canvas calls of the traces: a self-shift and a strip of new columns, the whole plot and the axes when the y range steps), per frame that drew';
  const start = await startBenchPage({
    host: {
      dataDir: '/tmp/myocue-bench',
      record: false,
      dspWorkerPath: resolveDistFile('dsp-worker.js'),
      device: { kind: 'sim', options: { channels, sampleRateHz: 2000, assistingChannels: [1, 2, 3] } },
      // the training view is up, so its %MVC envelope chart draws too
      training: { exerciseId: 'hip-thrust', targetChannel: 0, assistingChannels: [1] },
    },
    staticDir: options.staticDir,
  });
  if (!start.ok) return { workload, p50Ms: null, p99Ms: null, framesDrawn: 0, note: start.note };
  const { browser, server } = start.bench;
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(server.url);
    await page.waitForTimeout(3000); // fill part of the window, let the JIT settle
    const windowed = options.allOnly ? null : await measure(page, seconds);
    const windowCharts = await chartsInView(page);
    // then a window tall enough to show the whole page: charts out of view are not drawn, and
    // this case draws all of them (training envelopes, target vs assisting, 8 channels)
    const fullHeight = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollHeight: number } } }).document.documentElement.scrollHeight);
    await page.setViewportSize({ width: 1600, height: Math.min(4000, fullHeight + 50) });
    await page.waitForTimeout(2000);
    const all = await measure(page, seconds);
    const allCharts = await chartsInView(page);
    const cpu = options.cpu ? await measureCpu(page, seconds) : undefined;
    return {
      workload: `${workload}; all ${allCharts} charts in view (1600×${Math.min(4000, fullHeight + 50)} px)`,
      ...all,
      cpu,
      window: windowed ? { workload: `${workload}; a 1600×1000 window (${windowCharts} charts in view)`, ...windowed } : undefined,
    };
  } finally {
    await start.bench.close();
  }
}

export interface AlternatingRun {
  build: 'new' | 'baseline';
  round: number;
  result: RenderResult;
  /** the machine's load around this run (describeLoad) */
  load: string;
}

/**
 * This build against another (e.g. the renderer of the previous commit, built into a folder) on a
 * shared machine: runs them alternately, new then baseline, `rounds` times, all charts in view,
 * so both see the same load; the p99 of each is over its pooled frames, in wall-clock time (the
 * page's probe) and in CPU time (the trace's thread time, which other processes' load leaves out).
 */
export async function benchRenderAlternating(
  baselineDir: string,
  channels: number,
  rounds = 2,
  seconds = 10,
  onRun?: (r: AlternatingRun) => void,
): Promise<{
  runs: AlternatingRun[];
  pooled: Record<'new' | 'baseline', { p50Ms: number | null; p99Ms: number | null; frames: number; longFrames: number; cpuP50Ms: number | null; cpuP99Ms: number | null; cpuFrames: number }>;
}> {
  const { describeLoad, probeMachineLoad } = await import('./machine-load');
  const runs: AlternatingRun[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const build of ['new', 'baseline'] as const) {
      const probe = await probeMachineLoad();
      const result = await benchRender(seconds, channels, { allOnly: true, cpu: true, staticDir: build === 'baseline' ? baselineDir : undefined });
      const run = { build, round, result, load: describeLoad(probe.stop()) };
      runs.push(run);
      onRun?.(run);
    }
  }
  const pool = (build: 'new' | 'baseline') => {
    const mine = runs.filter((r) => r.build === build);
    const times = mine.flatMap((r) => r.result.frameTimes ?? []);
    const cpu = mine.flatMap((r) => r.result.cpu?.cpuFrameTimes ?? []);
    return {
      p50Ms: percentile(times, 50),
      p99Ms: percentile(times, 99),
      frames: times.length,
      longFrames: mine.reduce((a, r) => a + (r.result.longFrames ?? 0), 0),
      cpuP50Ms: percentile(cpu, 50),
      cpuP99Ms: percentile(cpu, 99),
      cpuFrames: cpu.length,
    };
  };
  return { runs, pooled: { new: pool('new'), baseline: pool('baseline') } };
}
