/**
 * The Sessions page with a year of sessions (issue 10.5), in Chromium through `myocue serve`: a data
 * folder of 1,000 sessions (sidecars as the recorder writes them, beside their recordings) is
 * listed as a virtualised list:
 *  - the page shows the newest sessions first and says 1,000 are there; only a bounded window of
 *    rows is in the DOM, and the table tells assistive technology the real row count and each
 *    row's index;
 *  - scrolling to the end shows the oldest session, with the DOM still bounded;
 *  - the keyboard still walks the list: the list is a focusable region (End / Home scroll it), and
 *    Tab from a row's buttons goes on into the next rows, which are rendered as focus reaches them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../helpers/browser';
import { startServe } from '../helpers/cli-process';
import { SESSION_META_SUFFIX } from '../../src/recording/session-meta';

const COUNT = 1000;
/** the page's rows in the DOM are at most the viewport's (1000 px / 48 px) plus the overscan */
const MAX_DOM_ROWS = 40;

let browser: Browser;
let dir: string;
beforeAll(async () => {
  browser = await launchChromium();
  dir = fs.mkdtempSync(join(os.tmpdir(), 'myocue-virtual-list-e2e-'));
});
afterAll(async () => {
  await browser?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const pad = (i: number) => String(i).padStart(4, '0');
/** the one session of another lifter: the oldest, the last row of the list (far below the first window) */
const FAR_LIFTER_SESSION = 1;

/** session i (1 = oldest) of one set, a day apart */
function writeSession(dataDir: string, i: number): void {
  const id = `s${pad(i)}`;
  const created = new Date(Date.UTC(2024, 0, 1) + i * 8.64e7).toISOString();
  fs.writeFileSync(join(dataDir, `${id}.bdf`), '');
  fs.writeFileSync(
    join(dataDir, `${id}${SESSION_META_SUFFIX}`),
    JSON.stringify({
      version: 1, id, name: `Session ${pad(i)}`, created, recordingFile: `${id}.bdf`, exerciseId: 'hip-thrust', lifterId: i === FAR_LIFTER_SESSION ? 'far-lifter' : 'me',
      channels: [{ index: 0, label: 'glute', role: 'target' }],
      sets: [{ set: 1, tag: 'baseline', startS: 0, endS: 20, reps: 6, headline: { targetMeanPct: 40 + (i % 10), targetShare: 0.6 } }],
      durationS: 600, finished: true,
    }),
  );
}

const rowCount = (page: Page) => page.getByTestId('session-row').count();
const rowNames = (page: Page) => page.getByTestId('session-row').evaluateAll((els) => els.map((e) => e.querySelector('.mc-session-name__text')?.textContent ?? ''));

describe('the Sessions page with 1,000 sessions', () => {
  it('shows a bounded window of rows, scrolls to the last session, and keeps keyboard and screen-reader use', async () => {
    const dataDir = join(dir, 'data');
    fs.mkdirSync(dataDir, { recursive: true });
    for (let i = 1; i <= COUNT; i++) writeSession(dataDir, i);
    const serve = await startServe(['--no-record', '--data-dir', dataDir]);
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    try {
      await page.goto(serve.url + '#/sessions');
      const list = page.getByTestId('session-list');
      await expect.poll(() => list.getAttribute('data-rows-total'), { timeout: 30_000 }).toBe(String(COUNT));
      expect(await page.getByTestId('filter-count').textContent()).toBe(`${COUNT} shown`);
      // newest first, a window of rows only
      const first = await rowNames(page);
      expect(first[0]).toBe(`Session ${pad(COUNT)}`);
      expect(first.length).toBeGreaterThan(5);
      expect(first.length).toBeLessThanOrEqual(MAX_DOM_ROWS);
      // screen readers hear the whole table: the real row count (+ the header) and each row's place
      expect(await page.locator('table.mc-sessions__table').getAttribute('aria-rowcount')).toBe(String(COUNT + 1));
      expect(await page.getByTestId('session-row').first().getAttribute('aria-rowindex')).toBe('2');

      // ---- a row's "More" panel (rename, report, export, delete): in the DOM only while open, one
      // row at a time, a named group the keyboard reaches; Escape closes it and gives the focus back
      const rowA = page.locator(`[data-testid="session-row"][data-session-id="s${pad(COUNT)}"]`);
      const rowB = page.locator(`[data-testid="session-row"][data-session-id="s${pad(COUNT - 1)}"]`);
      expect(await page.getByTestId('session-actions-panel').count()).toBe(0);
      const moreA = rowA.getByTestId('session-actions');
      expect(await moreA.getAttribute('aria-expanded')).toBe('false');
      await moreA.click();
      const panelA = rowA.getByTestId('session-actions-panel');
      expect(await moreA.getAttribute('aria-expanded')).toBe('true');
      expect(await moreA.getAttribute('aria-controls')).toBe(await panelA.getAttribute('id'));
      expect(await panelA.getAttribute('role')).toBe('group');
      expect(await panelA.getAttribute('aria-label')).toBe(`Actions for Session ${pad(COUNT)}`);
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('session-rename');
      // the export menu: a placeholder, the whole session and its one set, each in 3 formats
      expect(await panelA.getByTestId('session-export').locator('option').count()).toBe(1 + 3 + 3);
      expect(await panelA.isVisible()).toBe(true);
      // it opens over its own row, inside the list's scroll box: it hides no other row's button
      const [boxPanel, boxRow, boxList] = await Promise.all([panelA.boundingBox(), rowA.boundingBox(), list.boundingBox()]);
      expect(boxPanel!.y).toBeGreaterThanOrEqual(boxRow!.y - 1);
      expect(boxPanel!.y + boxPanel!.height).toBeLessThanOrEqual(boxRow!.y + boxRow!.height + 1);
      expect(boxPanel!.x).toBeGreaterThanOrEqual(boxList!.x);
      await page.keyboard.press('Escape');
      expect(await page.getByTestId('session-actions-panel').count()).toBe(0);
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('session-actions');
      // opening another row's panel (a click on its button, which A's panel leaves uncovered)
      // closes the first; the button again, or a press outside, closes it
      await moreA.click();
      await moreA.click();
      expect(await page.getByTestId('session-actions-panel').count()).toBe(0);
      await moreA.click();
      await rowB.getByTestId('session-actions').click();
      expect(await page.getByTestId('session-actions-panel').count()).toBe(1);
      expect(await rowB.getByTestId('session-actions-panel').count()).toBe(1);
      await page.keyboard.press('Escape');
      // and by keyboard
      await moreA.click();
      await rowB.getByTestId('session-actions').focus();
      await page.keyboard.press('Enter');
      expect(await page.getByTestId('session-actions-panel').count()).toBe(1);
      expect(await rowB.getByTestId('session-actions-panel').count()).toBe(1);
      await page.getByRole('heading', { name: 'Sessions', level: 1 }).click();
      expect(await page.getByTestId('session-actions-panel').count()).toBe(0);

      // ---- the keyboard: the list is a named, focusable region; End scrolls to the oldest session
      expect(await list.getAttribute('role')).toBe('region');
      expect(await list.getAttribute('aria-label')).toMatch(/sessions/i);
      await list.focus();
      await page.keyboard.press('End');
      await expect.poll(async () => (await rowNames(page)).at(-1), { timeout: 10_000 }).toBe(`Session ${pad(1)}`);
      expect(await rowCount(page)).toBeLessThanOrEqual(MAX_DOM_ROWS);
      expect(await page.getByTestId('session-row').last().getAttribute('aria-rowindex')).toBe(String(COUNT + 1));
      // the last row is really in view (not just in the DOM)
      await expect.poll(() => page.getByTestId('session-row').last().isVisible()).toBe(true);
      const box = await page.getByTestId('session-row').last().boundingBox();
      const listBox = await list.boundingBox();
      expect(box!.y + box!.height).toBeLessThanOrEqual(listBox!.y + listBox!.height + 1);
      await page.keyboard.press('Home');
      await expect.poll(async () => (await rowNames(page))[0], { timeout: 10_000 }).toBe(`Session ${pad(COUNT)}`);

      // ---- Tab walks from row to row past the first window: rows are rendered as focus reaches them
      await page.getByTestId('session-row').first().getByTestId('session-replay').focus();
      const targetRow = 30; // beyond the rows rendered at first (viewport + overscan)
      let focusedRow = '';
      for (let k = 0; k < 400 && focusedRow !== `s${pad(COUNT - targetRow + 1)}`; k++) {
        await page.keyboard.press('Tab');
        focusedRow = await page.evaluate(() => document.activeElement?.closest('[data-testid="session-row"]')?.getAttribute('data-session-id') ?? '');
        expect(focusedRow, 'focus left the list before reaching the row').not.toBe('');
      }
      expect(focusedRow).toBe(`s${pad(COUNT - targetRow + 1)}`);
      expect(await rowCount(page)).toBeLessThanOrEqual(MAX_DOM_ROWS);

      // ---- the lifter filter finds the session far down the list (never rendered before), and back
      await page.selectOption('[data-testid="filter-lifter"]', 'far-lifter');
      await expect.poll(() => rowNames(page), { timeout: 10_000 }).toEqual([`Session ${pad(FAR_LIFTER_SESSION)}`]);
      expect(await list.getAttribute('data-rows-total')).toBe('1');
      expect(await page.getByTestId('filter-count').textContent()).toBe(`1 of ${COUNT} shown`);
      await page.selectOption('[data-testid="filter-lifter"]', 'all');
      await expect.poll(() => list.getAttribute('data-rows-total')).toBe(String(COUNT));
      // a new filter starts at the top: the newest session first
      await expect.poll(async () => (await rowNames(page))[0]).toBe(`Session ${pad(COUNT)}`);
      expect(await rowCount(page)).toBeLessThanOrEqual(MAX_DOM_ROWS);
      expect(pageErrors).toEqual([]);
    } finally {
      await page.close();
      await serve.stop();
    }
  }, 120_000);
});
