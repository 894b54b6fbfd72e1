/**
 * Issue 11, in Chromium against `myocue serve` on the simulated band: a session has a beginning and
 * an end. The page loads with the band streaming but no "REC" and no set (before: "REC 00:32" and a
 * running Set 1 before an exercise was chosen); "Start session" starts the recording; a set runs on
 * the simulated band; "End session" closes it, saves, and shows the summary (sets, reps, tag, the
 * default name, the file); the Sessions page lists the session under that name with a demo badge.
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { useFileTempDir } from '../helpers/test-cleanups';
import { useChromium, screenshotDir } from '../helpers/browser';
import { startServe } from '../helpers/cli-process';
import { openWire, wsUrlOf } from '../helpers/wire-client';

const REPS = 4;
/**
 * one set of exactly REPS reps after a 5 s lead-in (time to press Start session: a rep under way
 * at the start would begin a set of its own), then quiet
 */
const SET_SIM = { channels: 2, reps: REPS, repSeconds: 1.5, leadInS: 5, seed: 21 };
const DEFAULT_NAME = /^Hip thrust · 1 set · (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d\d:\d\d$/;

const dir = useFileTempDir('myocue-session-e2e-');
const browser = useChromium();

describe('a session from start to end in the browser', () => {
  it('no REC and no set on load; start, one set, end; the summary; listed with its default name and a demo badge', async () => {
    const dataDir = join(dir(), 'data');
    // an endless simulated band streams from the host's start, reps included
    const serve = await startServe(['--device', 'sim', '--channels', '2', '--rep-seconds', '1.5', '--seed', '3', '--exercise', 'hip-thrust', '--target', '0', '--assisting', '1', '--data-dir', dataDir]);
    const wire = await openWire(wsUrlOf(serve.url));
    const page = await browser().newPage({ viewport: { width: 1366, height: 768 } });
    try {
      await page.goto(serve.url);
      await expect.poll(() => page.getByTestId('exercise').inputValue(), { timeout: 15_000 }).toBe('hip-thrust');
      const bar = page.getByTestId('session-bar');
      expect(await bar.getAttribute('data-phase')).toBe('idle');
      // the band streams reps (the live bar moves)…
      await expect.poll(async () => Number(await page.getByTestId('target-mvc').getAttribute('data-value')), { timeout: 20_000 }).toBeGreaterThan(5);
      // …but nothing is recorded and no set runs
      expect(await page.getByTestId('recording-indicator').getAttribute('data-state')).toBe('off');
      expect(await page.getByText(/REC \d/).count()).toBe(0);
      const setStatus = page.getByTestId('set-status').first();
      expect(await setStatus.getAttribute('data-active')).toBe('false');
      expect(await setStatus.getAttribute('data-set-number')).toBe('1');
      expect(await page.getByTestId('set-summary').count()).toBe(0);
      expect(fs.readdirSync(dataDir).filter((f) => f.endsWith('.bdf'))).toEqual([]);
      await page.screenshot({ path: join(screenshotDir(), 'session-before-start.png') });

      // ---- a fresh simulated band for one set; start the session in its lead-in
      await page.locator('body').focus();
      await page.keyboard.press('1');
      await expect.poll(() => page.getByTestId('set-tag-select').inputValue()).toBe('baseline');
      await wire.invoke('connect', { kind: 'sim', options: SET_SIM });
      expect(fs.readdirSync(dataDir).filter((f) => f.endsWith('.bdf'))).toEqual([]);
      await page.getByTestId('session-start').click();
      await expect.poll(() => bar.getAttribute('data-phase')).toBe('running');
      await expect.poll(() => page.getByTestId('recording-indicator').getAttribute('data-state')).toBe('recording');
      expect(await page.getByTestId('session-name').textContent()).toBe('Hip thrust · running');
      expect(await page.getByTestId('session-demo').textContent()).toBe('demo');

      expect(await setStatus.getAttribute('data-active')).toBe('false');

      // ---- one baseline set (exactly REPS reps), started by its reps
      await expect.poll(async () => Number(await page.getByTestId('rep-count').first().textContent()), { timeout: 30_000 }).toBe(REPS);
      expect(await setStatus.getAttribute('data-active')).toBe('true');
      await page.waitForTimeout(700); // the simulator's last rep is over

      // ---- end the session: the running set is closed and saved, the summary shown
      await page.getByTestId('session-end').click();
      const summary = page.getByTestId('session-summary');
      await summary.waitFor({ timeout: 5000 });
      expect(await bar.getAttribute('data-phase')).toBe('ended');
      const name = (await page.getByTestId('session-summary-name').textContent()) ?? '';
      expect(name).toMatch(DEFAULT_NAME);
      expect(await summary.getAttribute('data-set-count')).toBe('1');
      expect(await summary.getAttribute('data-rep-count')).toBe(String(REPS));
      const set = page.getByTestId('session-summary-set');
      expect(await set.count()).toBe(1);
      expect(await set.getAttribute('data-tag')).toBe('baseline');
      expect(await set.getAttribute('data-rep-count')).toBe(String(REPS));
      expect(await page.getByTestId('session-summary-demo').count()).toBe(1);
      const status = await wire.invoke('getStatus', null);
      const sessionId = status.session.sessionId!;
      expect(await page.getByTestId('session-summary-file').textContent()).toBe(`saved as ${sessionId}.bdf`);
      await expect.poll(() => page.getByTestId('recording-indicator').getAttribute('data-state')).toBe('off');
      expect(await page.getByTestId('session-start-new').isEnabled()).toBe(true);
      // saved: the recording closed, its sidecar compacted under the default name, marked demo
      const meta = JSON.parse(fs.readFileSync(join(dataDir, `${sessionId}.session.json`), 'utf8'));
      expect(meta).toMatchObject({ name, finished: true, demo: true });
      expect(fs.existsSync(join(dataDir, `${sessionId}.session.journal`))).toBe(false);
      await summary.screenshot({ path: join(screenshotDir(), 'session-summary.png') });

      // ---- the Sessions page: the session under its default name, with a demo badge
      await page.getByTestId('session-summary-open-sessions').click();
      const row = page.locator(`[data-testid="session-row"][data-session-id="${sessionId}"]`);
      await row.waitFor({ timeout: 10_000 });
      expect(await row.locator('.mc-session-name__text').textContent()).toBe(name);
      expect(await row.getByTestId('session-demo-badge').textContent()).toBe('demo');
      expect(await page.getByTestId('session-row').count()).toBe(1);
      // ---- progress is training: the demo's baseline set is left out, and the page says why
      await expect.poll(() => page.getByTestId('progress-summary').textContent(), { timeout: 10_000 }).toContain('1 demo session on the simulated band is left out');
      expect(await page.getByTestId('progress-chart').getAttribute('data-points')).toBe('0');
    } finally {
      wire.close();
      await page.close();
      await serve.stop();
    }
  });
});
