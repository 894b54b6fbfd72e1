/**
 * A compressed two-hour coaching session (issue 10.1-10.3): the real host (DSP worker, training
 * session with sets starting and ending by themselves, recording to BDF+ with its journal, the
 * browser server) and the real dashboard in headless Chromium, fed by the simulated band
 * (8 ch × 2000 Hz, sets of 8 reps of 3 s with 20 s rests: ~164 sets in 2 h).
 *   1. one minute at real speed: the reference (host RSS and CPU, the largest pushed messages,
 *      the page's DOM nodes and JS heap after a GC);
 *   2. the band's clock runs `compress`× faster (setSimulatedTimeScale) until two hours of stream
 *      have gone through: every sample still goes through the host and to the page;
 *   3. back at real speed, the same measurements over the same time (also once halfway).
 * Messages are measured where they arrive: the page's WebSocket (bytes of each event's JSON).
 * Host RSS is the bench process's (the host runs in it; a GC first), CPU is the process's (the
 * host and its DSP worker thread; the Chromium page is a separate process).
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { setSimulatedTimeScale } from '../src/devices/simulated-band';
import { resolveDistFile } from '../src/util/package-paths';
import { startBenchPage } from './bench-page';
import { rendererRss } from './renderer-memory';
import { SESSION_JOURNAL_SUFFIX, SESSION_META_SUFFIX } from '../src/recording/session-meta';

export interface LongSessionPhase {
  /** stream time at the end of the phase, s */
  streamS: number;
  hostRssMb: number;
  /** what the host keeps after a GC: V8 heap used + external memory (ArrayBuffers), MB */
  hostRetainedMb: number;
  /** host process CPU over the measuring window, % of one core */
  hostCpuPct: number;
  /** largest message of each event kind over the window, bytes */
  maxBytes: { training: number; frame: number; status: number };
  domNodes: number;
  rendererHeapMb: number | null;
  /** resident memory of the bench's Chromium renderer processes, MB, and their number (bench/renderer-memory.ts) */
  rendererRssMb: number | null;
  /** the same after a critical memory-pressure signal to the page (caches dropped): what the renderers keep */
  rendererRssAfterPurgeMb: number | null;
  rendererProcesses: number;
  sets: number;
}

export interface LongSessionResult {
  workload: string;
  minute1: LongSessionPhase | null;
  /** halfway (1 h of a 2 h session), at real speed like the others */
  half?: LongSessionPhase;
  end: LongSessionPhase | null;
  /** the largest training message over the whole session, compressed part included, bytes */
  trainingMessageMaxBytes: number | null;
  hostRssGrowthMb2h: number | null;
  /** growth of hostRetainedMb: RSS may stay at the high-water mark of the compressed part */
  hostRetainedGrowthMb2h: number | null;
  domNodes2h: number | null;
  /** the session's metadata writes (issue 10.3): journal appends while recording, the sidecar at the start and at the compaction */
  metadata?: SessionMetadataWrites;
  note?: string;
}

export interface SessionMetadataWrites {
  /** journal bytes per finished set over minute 1, and over the rest of the two hours */
  journalBytesPerSetMinute1: number;
  journalBytesPerSet2h: number;
  /** everything written for the session's metadata: the first sidecar, the journal, the compacted sidecar */
  writtenBytes: number;
  /** the compacted sidecar, bytes */
  sidecarBytes: number;
  /**
   * what rewriting the whole sidecar after every set (as before the journal) would have written:
   * Σ over the sets of the sidecar's size then, the size taken as growing linearly from the first
   * sidecar to the compacted one (computed, not measured)
   */
  rewritePerSetBytes: number;
}

/** sizes of the session's sidecar and journal in the data folder (one session is recording) */
function metadataSizes(dataDir: string): { sidecar: number; journal: number } {
  let sidecar = 0;
  let journal = 0;
  for (const f of readdirSync(dataDir)) {
    if (f.endsWith(SESSION_JOURNAL_SUFFIX)) journal += statSync(join(dataDir, f)).size;
    else if (f.endsWith(SESSION_META_SUFFIX)) sidecar += statSync(join(dataDir, f)).size;
  }
  return { sidecar, journal };
}

type BenchPage = import('playwright-core').Page;

/**
 * GCs first when the flag can be set (RSS then says what is kept, not what is garbage). Several,
 * with a pause between: one gc() call leaves the freed ArrayBuffers' memory to a concurrent
 * sweeper, so `external` read right after it still counted most of the stream's freed buffers
 * (the same host read 46 → 93 MB after one gc(), 46 → 52 MB after a heap snapshot's GCs).
 */
async function collect(): Promise<void> {
  let gc: () => void;
  try {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  } catch {
    return; // RSS as it is
  }
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 100));
  }
  gc();
}

async function pageCounters(
  page: BenchPage,
  withRendererRss = false,
): Promise<{ maxBytes: LongSessionPhase['maxBytes']; domNodes: number; heapMb: number | null; rendererRss?: { asIs: ReturnType<typeof rendererRss>; afterPurge: number | null } }> {
  // a GC in the page first, so the heap figure says what the page keeps, not what is garbage yet
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  let renderers: { asIs: ReturnType<typeof rendererRss>; afterPurge: number | null } | undefined;
  if (withRendererRss) {
    // the renderers' RSS as it is, then after a critical memory-pressure signal (Blink and Skia
    // drop their caches, as Chromium makes them do when the machine runs short): what is kept
    const asIs = rendererRss();
    await cdp.send('Memory.simulatePressureNotification', { level: 'critical' });
    await new Promise((r) => setTimeout(r, 1000));
    renderers = { asIs, afterPurge: rendererRss()?.mb ?? null };
  }
  await cdp.detach();
  const counters = await page.evaluate(() => {
    const w = globalThis as unknown as {
      __benchMax: { training: number; frame: number; status: number };
      document: { getElementsByTagName(t: string): { length: number } };
      performance: { memory?: { usedJSHeapSize: number } };
    };
    const mem = w.performance.memory;
    return { maxBytes: { ...w.__benchMax }, domNodes: w.document.getElementsByTagName('*').length, heapMb: mem ? mem.usedJSHeapSize / 1048576 : null };
  });
  return { ...counters, ...(renderers ? { rendererRss: renderers } : {}) };
}

async function resetMax(page: BenchPage): Promise<void> {
  await page.evaluate(() => {
    const w = globalThis as unknown as { __benchMax: Record<string, number> };
    for (const k of Object.keys(w.__benchMax)) w.__benchMax[k] = 0;
  });
}

export async function benchLongSession(opts: { streamHours?: number; compress?: number; windowS?: number } = {}): Promise<LongSessionResult> {
  const hours = opts.streamHours ?? 2;
  const compress = opts.compress ?? 60;
  const windowS = opts.windowS ?? 30;
  const workload =
    `a ${hours} h live session compressed: the real host (8 ch × 2000 Hz simulated band, sets of 8 reps starting and ending by themselves, recorded to BDF+) ` +
    `and the dashboard in headless Chromium (1600×1000); ${windowS} s measured at real speed after minute 1, after ${hours / 2} h and after ${hours} h (fed ${compress}× faster in between)`;
  const dataDir = mkdtempSync(join(tmpdir(), 'myocue-long-session-'));
  const start = await startBenchPage({
    host: {
      dataDir,
      record: true,
      dspWorkerPath: resolveDistFile('dsp-worker.js'),
      device: { kind: 'sim', options: { channels: 8, sampleRateHz: 2000, assistingChannels: [1, 2] } },
      training: { exerciseId: 'hip-thrust', targetChannel: 0, assistingChannels: [1] },
    },
    chromiumArgs: ['--enable-precise-memory-info'],
  });
  if (!start.ok) {
    rmSync(dataDir, { recursive: true, force: true });
    return { workload, minute1: null, end: null, trainingMessageMaxBytes: null, hostRssGrowthMb2h: null, hostRetainedGrowthMb2h: null, domNodes2h: null, note: start.note };
  }
  const { host, server, browser } = start.bench;
  const started = performance.now();
  let streamMs = 0;
  let lastMark = started;
  let scale = 1;
  const setScale = (x: number) => {
    const now = performance.now();
    streamMs += (now - lastMark) * scale;
    lastMark = now;
    scale = x;
    setSimulatedTimeScale(x);
  };
  const streamS = () => (streamMs + (performance.now() - lastMark) * scale) / 1000;
  const sets = async () => (await host.invoke('getTraining', null)).sets.length;
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    // the size of every event message as it arrives (the page's own WebSocket)
    await page.addInitScript(() => {
      const w = globalThis as unknown as { __benchMax: Record<string, number>; WebSocket: { prototype: { addEventListener: (...a: unknown[]) => void } } };
      w.__benchMax = { training: 0, frame: 0, status: 0, overall: 0 };
      const proto = w.WebSocket.prototype;
      const add = proto.addEventListener;
      const measure = (e: { data: unknown }) => {
        if (typeof e.data !== 'string') return;
        const m = /^\{"type":"event","event":"(\w+)"/.exec(e.data.slice(0, 48));
        if (m && m[1] in w.__benchMax) w.__benchMax[m[1]] = Math.max(w.__benchMax[m[1]], e.data.length);
        w.__benchMax.overall = Math.max(w.__benchMax.overall, e.data.length);
      };
      proto.addEventListener = function (this: unknown, type: unknown, fn: unknown, o?: unknown) {
        if (type === 'message') add.call(this, 'message', measure);
        return add.call(this, type, fn, o);
      };
      const desc = Object.getOwnPropertyDescriptor(proto, 'onmessage');
      if (desc?.set) {
        const set = desc.set;
        Object.defineProperty(proto, 'onmessage', {
          ...desc,
          set(this: unknown, fn: ((e: { data: unknown }) => void) | null) {
            set.call(this, fn ? (e: { data: unknown }) => (measure(e), fn.call(this, e)) : null);
          },
        });
      }
    });
    await page.goto(server.url);
    // the lifter presses Start session (sets are tracked within a session)
    await host.invoke('startSession', null);
    const phase = async (): Promise<LongSessionPhase> => {
      await resetMax(page);
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await page.waitForTimeout(windowS * 1000);
      const cpu = process.cpuUsage(cpu0);
      const wallMs = performance.now() - t0;
      const c = await pageCounters(page, true);
      await collect();
      const renderer = c.rendererRss?.asIs ?? null;
      return {
        streamS: streamS(),
        hostRssMb: process.memoryUsage().rss / 1048576,
        hostRetainedMb: (process.memoryUsage().heapUsed + process.memoryUsage().external) / 1048576,
        hostCpuPct: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
        maxBytes: c.maxBytes,
        domNodes: c.domNodes,
        rendererHeapMb: c.heapMb,
        rendererRssMb: renderer?.mb ?? null,
        rendererRssAfterPurgeMb: c.rendererRss?.afterPurge ?? null,
        rendererProcesses: renderer?.processes ?? 0,
        sets: await sets(),
      };
    };
    // 1. minute 1: the first 30 s settle, the next 30 s are measured
    await page.waitForTimeout(Math.max(0, 60 - windowS) * 1000);
    const minute1 = await phase();
    const metaMinute1 = metadataSizes(dataDir);
    // 2. the rest of the two hours, compressed (the largest training message is tracked throughout),
    //    with a stop at real speed halfway: RSS at half time and at the end tell a plateau (the
    //    compressed stream's high-water mark, reached early) from growth with the session's length
    const compressedUntil = async (untilS: number): Promise<number> => {
      await resetMax(page);
      setScale(compress);
      while (streamS() < untilS) await page.waitForTimeout(Math.min(2000, Math.max(50, ((untilS - streamS()) / compress) * 1000)));
      setScale(1);
      return (await pageCounters(page)).maxBytes.training;
    };
    const duringFirstHalf = await compressedUntil((hours * 3600) / 2 - windowS);
    await page.waitForTimeout(5000); // the backlog of the compressed part drains
    const half = await phase();
    const during = Math.max(duringFirstHalf, half.maxBytes.training, await compressedUntil(hours * 3600 - windowS));
    // 3. at real speed again
    await page.waitForTimeout(5000); // the backlog of the compressed part drains
    const end = await phase();
    // the metadata: the journal now, then the compaction when the session ends (the host closes)
    const metaEnd = metadataSizes(dataDir);
    await start.bench.close(); // (the finally's close waits for this one)
    const sidecarBytes = metadataSizes(dataDir).sidecar;
    const n = end.sets;
    const metadata: SessionMetadataWrites = {
      journalBytesPerSetMinute1: minute1.sets > 0 ? metaMinute1.journal / minute1.sets : NaN,
      journalBytesPerSet2h: n > minute1.sets ? (metaEnd.journal - metaMinute1.journal) / (n - minute1.sets) : NaN,
      writtenBytes: metaMinute1.sidecar + metaEnd.journal + sidecarBytes,
      sidecarBytes,
      rewritePerSetBytes: n * metaMinute1.sidecar + ((sidecarBytes - metaMinute1.sidecar) * (n + 1)) / 2,
    };
    return {
      metadata,
      workload: `${workload}; ${end.sets} sets done`,
      minute1,
      half,
      end,
      trainingMessageMaxBytes: Math.max(minute1.maxBytes.training, during, end.maxBytes.training),
      hostRssGrowthMb2h: end.hostRssMb - minute1.hostRssMb,
      hostRetainedGrowthMb2h: end.hostRetainedMb - minute1.hostRetainedMb,
      domNodes2h: end.domNodes,
    };
  } finally {
    setSimulatedTimeScale(1);
    await start.bench.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
