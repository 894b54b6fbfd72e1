/**
 * A 32-channel band end to end: `myocue serve --device sim --channels 32` → DSP worker →
 * display decimator → WebSocket → dashboard in Chromium. Every channel gets its card and its
 * chart draws the signal, and every pushed message stays ≤ 16 KB (issue 10.1) at this width. Live
 * frames arrive in the binary encoding the page asks for (issue 10.8), each a whole 32-channel frame.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { useChromium, screenshotDir } from '../helpers/browser';
import { startServe } from '../helpers/cli-process';
import { decodeLiveFrame } from '../../src/host/live-frame-codec';

const browser = useChromium();

describe('dashboard at 32 channels', () => {
  it('streams and plots all 32 channels, every pushed message ≤ 16 KB', async () => {
    const serve = await startServe(['--device', 'sim', '--channels', '32', '--rep-seconds', '2']);
    const page = await browser().newPage({ viewport: { width: 1600, height: 1000 } });
    const messageBytes: number[] = [];
    let frames = 0;
    page.on('websocket', (ws) => {
      ws.on('framereceived', ({ payload }) => {
        const bytes = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
        messageBytes.push(bytes);
        // live frames come as binary messages (src/host/live-frame-codec.ts), 32 channels each
        if (typeof payload !== 'string' && decodeLiveFrame(new Uint8Array(payload)).channelCount === 32) frames++;
      });
    });
    try {
      await page.goto(serve.url);
      await expect.poll(() => page.getByTestId('channel-count').textContent(), { timeout: 15_000 }).toContain('32');
      await expect.poll(() => page.locator('.channel-card').count()).toBe(32);
      // the 32 rows of the channel setup scroll in their own box: the channel charts start
      // within a screen or two of the top instead of below a 32-row table
      const list = page.getByTestId('channel-setup-list');
      await expect.poll(() => list.evaluate((e) => e.scrollHeight > e.clientHeight + 100)).toBe(true);
      expect(await page.getByTestId('chart-channel-0').evaluate((e) => e.getBoundingClientRect().top + window.scrollY)).toBeLessThan(2200);
      // the last channel's chart: bring it into view (charts out of view are not drawn)
      const last = page.getByTestId('chart-channel-31');
      await last.scrollIntoViewIfNeeded();
      await expect.poll(async () => Number(await last.getAttribute('data-points')), { timeout: 10_000 }).toBeGreaterThan(200);
      // its canvas shows a trace: pixels of the channel's colour, not only the background and grid
      await expect
        .poll(
          () =>
            last.evaluate((box) => {
              // the traces layer (the one below holds only axes and grid)
              const canvas = box.querySelector<HTMLCanvasElement>('.live-chart-traces canvas');
              if (!canvas) return 0;
              const ctx = canvas.getContext('2d')!;
              const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
              let lit = 0;
              // a trace colour is bright and saturated; the grid is a faint grey
              for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 100 && Math.max(data[i], data[i + 1], data[i + 2]) - Math.min(data[i], data[i + 1], data[i + 2]) > 60) lit++;
              return lit;
            }),
          { timeout: 10_000 },
        )
        .toBeGreaterThan(100);
      // draw only what changed: the page draws tens of frames, the last chart's axes layer is
      // redrawn only when its y range steps (a few times per rep). Watched for at least 3 s and
      // until 30 frames were drawn (a loaded machine draws fewer per second), up to 20 s; the
      // resting channel's allowance scales with the time watched (5 per second)
      const framesDrawn = () => page.evaluate(() => window.__myocueFramesDrawn ?? 0);
      const before = await framesDrawn();
      const hero = page.getByTestId('chart-target-vs-assisting');
      const axesBefore = Number((await last.getAttribute('data-axes-redraws')) ?? 0);
      const heroBefore = Number((await hero.getAttribute('data-axes-redraws')) ?? 0);
      const watchStart = Date.now();
      await page.waitForTimeout(3000);
      await expect.poll(async () => (await framesDrawn()) - before, { timeout: 17_000 }).toBeGreaterThan(30);
      const after = await framesDrawn();
      const watchedS = (Date.now() - watchStart) / 1000;
      const axesAfter = Number((await last.getAttribute('data-axes-redraws')) ?? 0);
      const heroAfter = Number((await hero.getAttribute('data-axes-redraws')) ?? 0);
      const drawn = after - before;
      // a channel at rest (not used: baseline noise) keeps its axes; the target's envelope moves
      // with every rep (rise, slow fall), and its axes follow in steps, far fewer than its frames
      expect(axesAfter - axesBefore).toBeLessThan(5 * watchedS);
      expect(heroAfter - heroBefore).toBeLessThan(drawn / 2);
      // the newest value of the last channel is a number (its envelope), as on the first
      await expect.poll(() => page.locator('.channel-card').nth(31).locator('.channel-value span').first().textContent()).toMatch(/^\d+$/);
      await page.screenshot({ path: join(screenshotDir(), 'dashboard-32ch.png'), fullPage: true });
      expect(frames).toBeGreaterThan(20);
      expect(Math.max(...messageBytes)).toBeLessThanOrEqual(16 * 1024);
    } finally {
      await page.close();
      await serve.stop();
    }
  });
});
