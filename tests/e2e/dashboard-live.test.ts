/**
 * The whole signal path in a real browser: `myocue serve` (simulated band in-process, and the
 * simulator writing the real protocol into a socat pty that the host reads through serialport)
 * → DSP worker → WebSocket → React/uPlot dashboard in Debian Chromium.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { join } from 'node:path';
import { useChromium, screenshotDir } from '../helpers/browser';
import { startCli, startServe, type RunningCli } from '../helpers/cli-process';
import { openPtyPair } from '../helpers/pty-pair';

const browser = useChromium();

/**
 * Reads the overlay chart's latest target/assisting envelope values (µV) every `everyMs` until
 * both have moved by the wanted spread (µV) or `timeoutMs` has passed: a loaded machine gets the
 * time it needs, and a dashboard that never moves still fails.
 */
async function sampleUntilMoved(
  page: Page,
  want: { target: number; assisting: number },
  everyMs = 250,
  timeoutMs = 20_000,
): Promise<{ target: number; assisting: number }[]> {
  const out: { target: number; assisting: number }[] = [];
  const chart = page.getByTestId('chart-target-vs-assisting');
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const target = Number(await chart.getAttribute('data-last-target'));
    const assisting = Number(await chart.getAttribute('data-last-assisting'));
    out.push({ target, assisting });
    if (out.length >= 4 && spread(out.map((s) => s.target)) > want.target && spread(out.map((s) => s.assisting)) > want.assisting) break;
    await page.waitForTimeout(everyMs);
  }
  return out;
}

function spread(xs: number[]): number {
  return Math.max(...xs) - Math.min(...xs);
}

describe('live dashboard', () => {
  it('shows both series moving from the in-process simulated band', async () => {
    const serve = await startServe(['--device', 'sim', '--channels', '2', '--rep-seconds', '2']);
    const page = await browser().newPage({ viewport: { width: 1400, height: 900 } });
    try {
      await page.goto(serve.url);
      await expect.poll(() => page.getByTestId('sample-rate').textContent(), { timeout: 15_000 }).toContain('2000');
      await expect.poll(() => page.getByTestId('channel-count').textContent()).toContain('2');
      // into the first set (2 s lead-in), then watch the envelopes until they rise and fall
      await page.waitForTimeout(2500);
      const samples = await sampleUntilMoved(page, { target: 20, assisting: 10 });
      const targets = samples.map((s) => s.target);
      const assists = samples.map((s) => s.assisting);
      expect(targets.every(Number.isFinite)).toBe(true);
      expect(assists.every(Number.isFinite)).toBe(true);
      // reps make the envelopes rise and fall by tens of µV (target peak RMS is ~300 µV)
      expect(spread(targets)).toBeGreaterThan(20);
      expect(spread(assists)).toBeGreaterThan(10);
      await page.screenshot({ path: join(screenshotDir(), 'dashboard-live.png') });
    } finally {
      await page.close();
      await serve.stop();
    }
  });

  it('streams the real protocol from a pty through serialport into the dashboard', async () => {
    const pty = await openPtyPair();
    let sim: RunningCli | null = null;
    let serve: (RunningCli & { url: string }) | null = null;
    const page = await browser().newPage({ viewport: { width: 1400, height: 900 } });
    try {
      sim = startCli(['simulate', '--out', pty.a, '--channels', '8', '--rate', '2000', '--rep-seconds', '2']);
      await new Promise((r) => setTimeout(r, 500));
      serve = await startServe(['--device', pty.b]);
      await page.goto(serve.url);
      await expect.poll(() => page.getByTestId('sample-rate').textContent(), { timeout: 20_000 }).toContain('2000');
      await expect.poll(() => page.getByTestId('channel-count').textContent()).toContain('8');
      await page.waitForTimeout(2500);
      const samples = await sampleUntilMoved(page, { target: 20, assisting: -1 });
      expect(spread(samples.map((s) => s.target))).toBeGreaterThan(20);
      expect(await page.getByTestId('lines-lost').textContent()).toMatch(/\d/);
      await page.screenshot({ path: join(screenshotDir(), 'dashboard-serial-8ch.png') });
    } finally {
      await page.close();
      await serve?.stop();
      await sim?.stop();
      await pty.close();
    }
  });
});
