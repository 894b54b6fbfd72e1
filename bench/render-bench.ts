/**
 * Dashboard frame time in Chromium: the browser host streams 8 simulated channels, the page draws
 * a 10 s window; we read the renderer's own probe of the time spent per requestAnimationFrame draw
 * (window.__myocueFrameTimes, ms) and report its p99.
 */
import { chromium } from 'playwright-core';
import { join } from 'node:path';
import { createHost } from '../src/host/host';
import { startBrowserServer } from '../src/host/browser-server';
import { packageRoot, resolveDistFile } from '../src/util/package-paths';
import { percentile } from './stats';

export interface RenderResult {
  workload: string;
  p50Ms: number | null;
  p99Ms: number | null;
  framesDrawn: number;
  note?: string;
}

export async function benchRender(seconds = 10): Promise<RenderResult> {
  const workload = `dashboard in headless Chromium, 8 ch × 2000 Hz simulated band, 10 s window, ${seconds} s`;
  const host = await createHost({
    dataDir: '/tmp/myocue-bench',
    record: false,
    dspWorkerPath: resolveDistFile('dsp-worker.js'),
    device: { kind: 'sim', options: { channels: 8, sampleRateHz: 2000, assistingChannels: [1, 2, 3] } },
  });
  const server = await startBrowserServer({ api: host, staticDir: join(packageRoot(), 'dist', 'renderer'), port: 0 });
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  } catch (err) {
    await server.close();
    await host.close();
    return { workload, p50Ms: null, p99Ms: null, framesDrawn: 0, note: `Chromium not available: ${(err as Error).message.split('\n')[0]}` };
  }
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(server.url);
    await page.waitForTimeout(3000); // fill part of the window, let the JIT settle
    await page.evaluate(() => {
      // runs in the page (no DOM lib in this tsconfig: reach the global through globalThis)
      const w = globalThis as unknown as { __myocueFrameTimes?: number[] | Float64Array; __myocueFramesDrawn?: number; __benchStart: number };
      w.__benchStart = w.__myocueFramesDrawn ?? 0;
    });
    await page.waitForTimeout(seconds * 1000);
    const { times, drawn } = await page.evaluate(() => {
      const w = globalThis as unknown as { __myocueFrameTimes?: ArrayLike<number>; __myocueFramesDrawn?: number; __benchStart: number };
      return { times: Array.from(w.__myocueFrameTimes ?? []), drawn: (w.__myocueFramesDrawn ?? 0) - w.__benchStart };
    });
    return { workload, p50Ms: percentile(times, 50), p99Ms: percentile(times, 99), framesDrawn: drawn };
  } finally {
    await browser.close();
    await server.close();
    await host.close();
  }
}
