/**
 * Replay after a seek, with real (trusted) mouse and keyboard input in Chromium against
 * `myocue serve`: a session of two sets of 4 reps is recorded from the simulated band, replayed
 * from the Sessions page, and
 *  - its marks are grouped per set ("Set 2 · internal") with the 4 reps inside, no raw annotation text;
 *  - a click on the slider seeks, and then the time label and the slider keep moving with playback
 *    (they froze at the clicked value before: the drag value was set again after being cleared);
 *  - the arrow keys step 5 s from the new position, not from the old one;
 *  - a rep button jumps to that rep.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { join } from 'node:path';
import { useFileTempDir } from '../helpers/test-cleanups';
import { useChromium, screenshotDir } from '../helpers/browser';
import { startServe } from '../helpers/cli-process';
import { openWire, waitForTraining, wsUrlOf } from '../helpers/wire-client';

const REPS = 4;
const SIM = { channels: 2, repsPerSet: REPS, restBetweenSetsS: 4, repSeconds: 1.5, leadInS: 1, seed: 5 };

const dir = useFileTempDir('myocue-replay-seek-');
const browser = useChromium();

const hostPos = async (page: Page) => Number(await page.getByTestId('replay-position').getAttribute('data-position-s'));
const label = async (page: Page) => (await page.getByTestId('replay-position').textContent()) ?? '';
const sliderValue = async (page: Page) => Number(await page.getByTestId('replay-scrub').inputValue());

describe('replay seek with real input', () => {
  it('label and slider keep moving after a click seek; arrows step from the new position; marks grouped per set', async () => {
    const serve = await startServe(['--device', 'sim', '--channels', '2', '--exercise', 'hip-thrust', '--target', '0', '--assisting', '1', '--data-dir', join(dir(), 'data')]);
    const wire = await openWire(wsUrlOf(serve.url));
    const page = await browser().newPage({ viewport: { width: 1366, height: 768 } });
    try {
      await wire.invoke('connect', { kind: 'sim', options: SIM });
      await wire.invoke('startSession', null);
      await wire.invoke('tagSet', { tag: 'baseline' });
      await waitForTraining(wire, (t) => t.setActive && t.repCount >= REPS, 30_000, 'set 1');
      await new Promise((r) => setTimeout(r, 800));
      await wire.invoke('endSet', null);
      await waitForTraining(wire, (t) => t.setNumber === 2 && t.setActive, 30_000, 'set 2 started');
      await wire.invoke('tagSet', { tag: 'internal' });
      await waitForTraining(wire, (t) => t.setNumber === 2 && t.setActive && t.repCount >= REPS, 30_000, 'set 2');
      await new Promise((r) => setTimeout(r, 800));
      await wire.invoke('endSet', null);
      // some rest after the last set, so there is signal to play after the seeks below
      await new Promise((r) => setTimeout(r, 6000));
      const sessionId = (await wire.invoke('getStatus', null)).recording.sessionId!;
      await wire.invoke('disconnect', null);

      await page.goto(serve.url + '#/sessions');
      const row = page.locator(`[data-testid="session-row"][data-session-id="${sessionId}"]`);
      await row.getByTestId('session-replay').click();
      await page.getByTestId('replay-bar').waitFor({ timeout: 15_000 });

      // ---- marks: two set groups with their reps inside, readable
      const groups = page.getByTestId('replay-set-group');
      // (a third set starts by itself during the rest at the end: the simulator goes on)
      await expect.poll(() => groups.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
      expect(await groups.nth(0).getAttribute('data-reps')).toBe(String(REPS));
      expect(await groups.nth(1).getAttribute('data-reps')).toBe(String(REPS));
      expect(await groups.nth(0).locator('.mc-replay__mark--set').textContent()).toMatch(/^Set 1 · baseline/);
      expect(await groups.nth(1).locator('.mc-replay__mark--set').textContent()).toMatch(/^Set 2 · internal/);
      expect(await page.getByTestId('replay-marks').textContent()).not.toMatch(/\[|tag=|set=/);
      await page.getByTestId('replay-bar').screenshot({ path: join(screenshotDir(), 'replay-marks-grouped.png') });

      const duration = Number(await page.getByTestId('replay-position').getAttribute('data-duration-s'));
      expect(duration).toBeGreaterThan(20);
      await expect.poll(async () => (await page.getByTestId('replay-bar').getAttribute('data-playing')) === 'true', { timeout: 5000 }).toBe(true);

      // ---- a real mouse click on the slider at 30 %
      const box = (await page.getByTestId('replay-scrub').boundingBox())!;
      await page.mouse.click(box.x + 9 + (box.width - 18) * 0.3, box.y + box.height / 2);
      const target = 0.3 * duration;
      await expect.poll(async () => Math.abs((await hostPos(page)) - target), { timeout: 5000 }).toBeLessThan(2);
      const label1 = await label(page);
      const slider1 = await sliderValue(page);
      // playback goes on, and so do the label and the slider (they froze at the clicked value
      // before the fix): watched until the slider has moved 1.5 s, up to 15 s of wall time
      await expect.poll(async () => (await sliderValue(page)) - slider1, { timeout: 15_000 }).toBeGreaterThan(1.5);
      const label2 = await label(page);
      expect(label2, `label froze at ${label1}`).not.toBe(label1);
      expect(Math.abs((await sliderValue(page)) - (await hostPos(page)))).toBeLessThan(1.5);

      // ---- arrow keys from the new position (the slider has the focus after the click)
      const before = await hostPos(page);
      await page.keyboard.press('ArrowRight');
      await expect.poll(async () => (await hostPos(page)) - before, { timeout: 5000 }).toBeGreaterThan(4);
      expect((await hostPos(page)) - before).toBeLessThan(7.5);
      const after = await hostPos(page);
      await page.keyboard.press('ArrowLeft');
      await expect.poll(async () => (await hostPos(page)) - after, { timeout: 5000 }).toBeLessThan(-3);

      // ---- a rep button jumps to that rep
      const rep3 = groups.nth(1).locator('.mc-replay__rep').nth(2);
      const repTime = Number(await rep3.getAttribute('data-time-s'));
      await rep3.click();
      await expect.poll(async () => Math.abs((await hostPos(page)) - repTime), { timeout: 5000 }).toBeLessThan(1.5);
    } finally {
      wire.close();
      await page.close();
      await serve.stop();
    }
  });
});
