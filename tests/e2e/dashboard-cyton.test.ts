/**
 * The dashboard live from an emulated OpenBCI Cyton: `myocue simulate --band cyton` writes the
 * Cyton's 33-byte packets into one end of a socat pty (answering v / d / b like the firmware),
 * `myocue serve --device PTY` detects the family by itself, and Debian Chromium shows the stream:
 * 8 channels at 250 Hz, the family, the plain note about what 250 Hz costs, and moving envelopes.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { useChromium, screenshotDir } from '../helpers/browser';
import { startCli, startServe, type RunningCli } from '../helpers/cli-process';
import { openPtyPair } from '../helpers/pty-pair';

const browser = useChromium();

describe('live dashboard on an emulated Cyton', () => {
  it('detects the Cyton on a pty and streams 8 ch × 250 Hz into the charts', async () => {
    const pty = await openPtyPair();
    let sim: RunningCli | null = null;
    let serve: (RunningCli & { url: string }) | null = null;
    const page = await browser().newPage({ viewport: { width: 1400, height: 900 } });
    try {
      sim = startCli(['simulate', '--band', 'cyton', '--out', pty.a, '--rep-seconds', '2', '--drop-every', '100']);
      await new Promise((r) => setTimeout(r, 500));
      serve = await startServe(['--device', pty.b]);
      await page.goto(serve.url);
      await expect.poll(() => page.getByTestId('sample-rate').textContent(), { timeout: 30_000 }).toContain('250 Hz');
      await expect.poll(() => page.getByTestId('channel-count').textContent()).toBe('8');
      await expect.poll(() => page.getByTestId('device-family').textContent()).toContain('OpenBCI Cyton');
      await expect.poll(() => page.getByTestId('device-note').first().textContent()).toMatch(/250 Hz/);
      // wait into the first set, then watch the target envelope until it rises and falls with the
      // reps (up to 20 s: a loaded machine gets the time it needs; a still envelope still fails)
      await page.waitForTimeout(2500);
      const chart = page.getByTestId('chart-target-vs-assisting');
      const targets: number[] = [];
      const end = Date.now() + 20_000;
      while (Date.now() < end) {
        targets.push(Number(await chart.getAttribute('data-last-target')));
        if (targets.length >= 4 && Math.max(...targets) - Math.min(...targets) > 10) break;
        await page.waitForTimeout(250);
      }
      expect(targets.every(Number.isFinite)).toBe(true);
      expect(Math.max(...targets) - Math.min(...targets)).toBeGreaterThan(10);
      // packets dropped on purpose by the emulator show up as lost
      await expect.poll(async () => Number(await page.getByTestId('lines-lost').textContent()), { timeout: 10_000 }).toBeGreaterThan(0);
      await page.screenshot({ path: join(screenshotDir(), 'dashboard-cyton.png') });
    } finally {
      await page.close();
      await serve?.stop();
      await sim?.stop();
      await pty.close();
    }
  });

  it('connects through the device picker: typed port, band chosen, detected family and notes shown', async () => {
    const pty = await openPtyPair();
    let sim: RunningCli | null = null;
    let serve: (RunningCli & { url: string }) | null = null;
    const page = await browser().newPage({ viewport: { width: 1400, height: 900 } });
    try {
      sim = startCli(['simulate', '--band', 'arduino', '--out', pty.a, '--rate', '1000', '--channels', '2']);
      serve = await startServe(['--device', 'sim']);
      await page.goto(serve.url);
      await expect.poll(() => page.getByTestId('sample-rate').textContent(), { timeout: 15_000 }).toContain('2000');
      await page.getByTestId('device-path-input').fill(pty.b);
      await page.getByTestId('band-select').selectOption('arduino');
      await page.getByTestId('scale-select').selectOption('myoware-raw:10bit-5v');
      await page.getByTestId('connect-button').click();
      // the rate is measured: "~1000 Hz ±…" within 2 %
      await expect.poll(() => page.getByTestId('device-family').textContent(), { timeout: 20_000 }).toContain('text stream');
      const rateText = (await page.getByTestId('sample-rate').textContent()) ?? '';
      expect(rateText).toMatch(/^~\d+/);
      expect(Math.abs(Number(/~(\d+(\.\d+)?)/.exec(rateText)![1]) - 1000)).toBeLessThan(20);
      expect(await page.getByTestId('channel-count').textContent()).toBe('2');
    } finally {
      await page.close();
      await serve?.stop();
      await sim?.stop();
      await pty.close();
    }
  });
});
