/**
 * What matters during a set fits the screen without scrolling: on a 1366×768 laptop the live
 * target-vs-assisting chart, the gauges (target and assisting bars, target-share gauge) and the
 * set controls of the live page; on a 1920×1080 TV the same in the coach view. With and without
 * an exercise chosen (the host preselects channels, so the live read-out is there either way),
 * then with a left/right pair, whose bars join both views.
 * Checked by bounding boxes in Chromium against the browser host, at scroll position 0.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { join } from 'node:path';
import { useChromium, screenshotDir } from '../helpers/browser';
import { startServe } from '../helpers/cli-process';
import { openWire, waitForTraining, wsUrlOf } from '../helpers/wire-client';

const browser = useChromium();

interface Box {
  name: string;
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** The bounding boxes (page coordinates at scroll 0) of what must be visible. */
async function boxes(page: Page, selectors: Record<string, string>): Promise<Box[]> {
  await page.evaluate(() => window.scrollTo(0, 0));
  const out: Box[] = [];
  for (const [name, sel] of Object.entries(selectors)) {
    const loc = page.locator(sel).first();
    await loc.waitFor({ state: 'visible', timeout: 15_000 });
    const b = await loc.boundingBox();
    if (!b) throw new Error(`${name} (${sel}) has no box`);
    out.push({ name, top: b.y, bottom: b.y + b.height, left: b.x, right: b.x + b.width });
  }
  return out;
}

function expectInside(found: Box[], width: number, height: number, what: string): void {
  const lines = found.map((b) => `  ${b.name}: top ${b.top.toFixed(0)}, bottom ${b.bottom.toFixed(0)} of ${height}; left ${b.left.toFixed(0)}, right ${b.right.toFixed(0)} of ${width}`);
  console.log(`${what}:\n${lines.join('\n')}`);
  for (const b of found) {
    expect(b.top, `${what}: ${b.name} top`).toBeGreaterThanOrEqual(0);
    expect(b.left, `${what}: ${b.name} left`).toBeGreaterThanOrEqual(0);
    expect(b.bottom, `${what}: ${b.name} bottom`).toBeLessThanOrEqual(height);
    expect(b.right, `${what}: ${b.name} right`).toBeLessThanOrEqual(width);
    expect(b.bottom - b.top, `${what}: ${b.name} height`).toBeGreaterThan(20);
  }
}

const LIVE = {
  chart: '[data-testid="chart-target-vs-assisting"]',
  'target bar': '.mc-live [data-testid="target-mvc"]',
  'share gauge': '.mc-live .mc-gauge',
  'assisting bar': '.mc-live [data-testid="assist-mvc"]',
  'set controls': '.mc-live .mc-controls',
};
const COACH = {
  chart: '.mc-coach__chart',
  'target bar': '.mc-coach [data-testid="target-mvc"]',
  'share gauge': '.mc-coach .mc-gauge',
  'assisting bar': '.mc-coach [data-testid="assist-mvc"]',
  'set controls': '.mc-coach .mc-controls',
};

describe('layout: the views that matter during a set fit the screen', () => {
  it('1366×768 laptop (live page) and 1920×1080 TV (coach view), with and without an exercise', async () => {
    const serve = await startServe(['--device', 'sim', '--channels', '3', '--no-record']);
    const wire = await openWire(wsUrlOf(serve.url));
    const laptop = await browser().newPage({ viewport: { width: 1366, height: 768 } });
    const tv = await browser().newPage({ viewport: { width: 1920, height: 1080 } });
    try {
      await waitForTraining(wire, (t) => t.setup.targetChannel !== null, 20_000, 'channels preselected');
      await laptop.goto(serve.url);
      await tv.goto(serve.url.replace(/#.*$/, '') + '#/coach');
      await laptop.getByTestId('training-panel').waitFor({ timeout: 15_000 });
      await tv.getByTestId('coach-view').waitFor({ timeout: 15_000 });

      // ---- no exercise chosen
      expect((await wire.invoke('getTraining', null)).setup.exerciseId).toBeNull();
      expectInside(await boxes(laptop, LIVE), 1366, 768, 'live page 1366×768, no exercise');
      expectInside(await boxes(tv, COACH), 1920, 1080, 'coach view 1920×1080, no exercise');
      await laptop.screenshot({ path: join(screenshotDir(), 'layout-1366-no-exercise.png') });

      // ---- an exercise chosen in the page (its card shows muscles, placement and the picture)
      await laptop.getByTestId('exercise').selectOption('hip-thrust');
      await expect.poll(async () => (await wire.invoke('getTraining', null)).setup.exerciseId, { timeout: 5000 }).toBe('hip-thrust');
      await expect.poll(() => tv.getByTestId('exercise').getAttribute('data-exercise-id'), { timeout: 5000 }).toBe('hip-thrust');
      // and a left/right pair (its bars join the live read-out)
      await wire.invoke('setupTraining', { symmetryPair: { left: 0, right: 2 } });
      await laptop.getByTestId('symmetry-bars').waitFor({ timeout: 5000 });
      expectInside(await boxes(laptop, { ...LIVE, 'left/right bars': '.mc-live [data-testid="symmetry-bars"]' }), 1366, 768, 'live page 1366×768, hip thrust');
      await tv.getByTestId('symmetry-bars').waitFor({ timeout: 5000 });
      expectInside(await boxes(tv, { ...COACH, 'left/right bars': '.mc-coach [data-testid="symmetry-bars"]' }), 1920, 1080, 'coach view 1920×1080, hip thrust');
      await laptop.screenshot({ path: join(screenshotDir(), 'layout-1366-hip-thrust.png') });
      await tv.screenshot({ path: join(screenshotDir(), 'layout-1920-coach.png') });

      // the page itself starts at the top: nothing above needed scrolling away
      expect(await laptop.evaluate(() => window.scrollY)).toBe(0);
    } finally {
      await laptop.close();
      await tv.close();
      wire.close();
      await serve.stop();
    }
  }, 90_000);
});
