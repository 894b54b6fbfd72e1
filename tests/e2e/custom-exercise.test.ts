/**
 * A user adds their own exercise and cues in the training panel: it is validated by the host
 * (a clear message when something is missing), saved in the data folder, selected at once, and
 * still there after the host restarts.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useChromium } from '../helpers/browser';
import { startServe } from '../helpers/cli-process';

const browser = useChromium();

describe('custom exercises', () => {
  it('adds an exercise with its cues, selects it, and keeps it across a restart', async () => {
    const serve = await startServe(['--device', 'sim', '--channels', '2']);
    const dataDir = serve.dataDir;
    const page = await browser().newPage({ viewport: { width: 1400, height: 900 } });
    try {
      await page.goto(serve.url);
      await page.getByTestId('custom-exercise-add').click();
      const form = page.getByTestId('custom-exercise-form');
      await page.getByTestId('custom-exercise-name').fill('Cable kickback');
      await form.locator('textarea').nth(0).fill('Gluteus maximus: half way between sacrum and greater trochanter');
      // no internal cue yet: the host refuses with a message saying what is missing
      await form.locator('input').nth(1).fill('Kick the cable towards the wall');
      await page.getByTestId('custom-exercise-save').click();
      await expect.poll(() => page.getByTestId('custom-exercise-error').textContent()).toMatch(/internal cue/);

      await form.locator('textarea').nth(2).fill('Squeeze the glute to move the leg back\nHold the squeeze for a second');
      await page.getByTestId('custom-exercise-save').click();
      await expect.poll(() => page.getByTestId('exercise').inputValue(), { timeout: 10_000 }).toBe('cable-kickback');
      expect(await page.getByTestId('exercise').textContent()).toContain('Cable kickback');
      const saved = join(dataDir, 'exercises.json');
      expect(existsSync(saved)).toBe(true);
      expect(readFileSync(saved, 'utf8')).toContain('Squeeze the glute to move the leg back');
    } finally {
      await page.close();
      await serve.stop();
    }

    const again = await startServe(['--device', 'sim', '--channels', '2', '--data-dir', dataDir]);
    const page2 = await browser().newPage({ viewport: { width: 1400, height: 900 } });
    try {
      await page2.goto(again.url);
      await expect.poll(() => page2.getByTestId('exercise').locator('option[value="cable-kickback"]').count(), { timeout: 10_000 }).toBe(1);
    } finally {
      await page2.close();
      await again.stop();
    }
  });
});
