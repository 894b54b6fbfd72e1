/**
 * Opening a file from the Sessions page, in Chromium against `myocue serve`: the file picker
 * sends a real OpenSignals CSV without a time column (emg_fatigue.csv) to the host, the host keeps
 * it in the data folder, the page asks for the sample rate it cannot infer, and with 1000 Hz it
 * opens for replay; a real OpenBCI recording dropped onto the page opens at once (its rate is in
 * the file); a garbage file gets the host's plain message.
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import { join, resolve } from 'node:path';
import { useFileTempDir } from '../helpers/test-cleanups';
import { useChromium, screenshotDir } from '../helpers/browser';
import { startServe } from '../helpers/cli-process';
import { EMG_DATA_DIR } from '../helpers/shared-data';

const FATIGUE = resolve(EMG_DATA_DIR, 'bsnb-biceps/emg_fatigue.csv');
const OPENBCI = resolve(EMG_DATA_DIR, 'openbci-ganglion-grasp/OpenBCI-RAW-S05_S1REST.txt');

const dir = useFileTempDir('myocue-import-e2e-');
const browser = useChromium();

describe('open a file from the Sessions page', () => {
  it('picker + rate form for a CSV without time column; drag-and-drop; garbage → plain message', async () => {
    const dataDir = join(dir(), 'data');
    const serve = await startServe(['--device', 'sim', '--no-record', '--data-dir', dataDir]);
    const page = await browser().newPage({ viewport: { width: 1366, height: 768 } });
    try {
      await page.goto(serve.url + '#/sessions');
      const input = page.getByTestId('import-file-input');
      expect(await input.getAttribute('accept')).toContain('.h5');

      // ---- picker: emg_fatigue.csv (1.4 MB: three chunks) needs a rate
      await input.setInputFiles(FATIGUE);
      const form = page.getByTestId('import-rate-form');
      await form.waitFor({ timeout: 30_000 });
      expect(await form.textContent()).toContain('does not say its sample rate');
      const kept = join(dataDir, 'imports', 'emg_fatigue.csv');
      expect(fs.readFileSync(kept).equals(fs.readFileSync(FATIGUE))).toBe(true);
      await page.screenshot({ path: join(screenshotDir(), 'import-rate-form.png') });
      await page.getByTestId('import-rate').fill('1000');
      await page.getByTestId('import-rate-open').click();
      await expect.poll(() => page.evaluate(() => window.location.hash), { timeout: 15_000 }).toBe('#/');
      await page.getByTestId('replay-bar').waitFor({ timeout: 10_000 });
      expect(await page.getByTestId('replay-bar').textContent()).toContain('emg_fatigue.csv');
      // 126.9 s at the rate given
      const duration = Number(await page.getByTestId('replay-position').getAttribute('data-duration-s'));
      expect(duration).toBeGreaterThan(125);
      expect(duration).toBeLessThan(128);
      expect(await page.getByTestId('sample-rate').textContent()).toContain('1000');

      // ---- drag-and-drop: a real OpenBCI file, rate in its header
      await page.goto(serve.url + '#/sessions');
      const bytes = fs.readFileSync(OPENBCI).toString('base64');
      await page.getByTestId('import-drop').evaluate((el, b64) => {
        const bin = atob(b64);
        const arr = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) arr[i] = bin.charCodeAt(i);
        const dt = new DataTransfer();
        dt.items.add(new File([arr], 'OpenBCI-RAW-S05_S1REST.txt', { type: 'text/plain' }));
        el.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
        el.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      }, bytes);
      await expect.poll(() => page.evaluate(() => window.location.hash), { timeout: 15_000 }).toBe('#/');
      await page.getByTestId('replay-bar').waitFor({ timeout: 10_000 });
      expect(await page.getByTestId('replay-bar').textContent()).toContain('OpenBCI-RAW-S05_S1REST.txt');
      expect(await page.getByTestId('sample-rate').textContent()).toContain('200');
      expect(fs.existsSync(join(dataDir, 'imports', 'OpenBCI-RAW-S05_S1REST.txt'))).toBe(true);

      // ---- garbage: the host's own words, nothing opened
      await page.goto(serve.url + '#/sessions');
      const junk = join(dir(), 'junk.bdf');
      fs.writeFileSync(junk, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 97 + 13) % 256)));
      await page.getByTestId('import-file-input').setInputFiles(junk);
      const err = page.getByTestId('import-error');
      await err.waitFor({ timeout: 15_000 });
      expect(await err.textContent()).toMatch(/junk\.bdf/);
      expect(await page.evaluate(() => window.location.hash)).toBe('#/sessions');
    } finally {
      await page.close();
      await serve.stop();
    }
  });

  it('the form asks the format and the channel roles too when the file cannot say them; the replay uses them', async () => {
    const dataDir = join(dir(), 'data-roles');
    const serve = await startServe(['--device', 'sim', '--no-record', '--data-dir', dataDir]);
    const page = await browser().newPage({ viewport: { width: 1366, height: 768 } });
    try {
      // three channels, a header, no time column: neither the rate nor the roles are in the file
      const rows = ['left glute,right glute,hamstring'];
      for (let k = 0; k < 3000; k++) rows.push(`${Math.round(Math.sin(k / 5) * 100)},${Math.round(Math.cos(k / 7) * 80)},${(k % 13) - 6}`);
      const three = join(dir(), 'three-channels.csv');
      fs.writeFileSync(three, rows.join('\n') + '\n');
      await page.goto(serve.url + '#/sessions');
      await page.getByTestId('import-file-input').setInputFiles(three);
      const form = page.getByTestId('import-rate-form');
      await form.waitFor({ timeout: 30_000 });
      // the channels as the host reads them, to pick the roles from
      const roles = page.getByTestId('import-roles');
      await roles.waitFor({ timeout: 10_000 });
      expect(await page.getByTestId('import-target').locator('option').allTextContents()).toEqual(['1: left glute', '2: right glute', '3: hamstring']);
      // a format that does not fit: the host's reason, in the form, and nothing opened
      await page.getByTestId('import-format').selectOption('openbci');
      await expect.poll(() => form.textContent(), { timeout: 10_000 }).toMatch(/not an OPENBCI file/i);
      await page.getByTestId('import-format').selectOption('csv');
      await expect.poll(() => page.getByTestId('import-target').locator('option').count(), { timeout: 10_000 }).toBe(3);
      // target: right glute; assisting: hamstring only
      await page.getByTestId('import-target').selectOption('1');
      await page.getByTestId('import-assisting-2').check();
      expect(await page.getByTestId('import-assisting-0').isChecked()).toBe(false);
      await page.screenshot({ path: join(screenshotDir(), 'import-format-roles-form.png') });
      await page.getByTestId('import-rate').fill('500');
      await page.getByTestId('import-rate-open').click();
      await expect.poll(() => page.evaluate(() => window.location.hash), { timeout: 15_000 }).toBe('#/');
      await page.getByTestId('replay-bar').waitFor({ timeout: 10_000 });
      expect(await page.getByTestId('sample-rate').textContent()).toContain('500');
      // the replay's training context has the roles given in the form
      await expect.poll(() => page.getByTestId('role-1').inputValue(), { timeout: 10_000 }).toBe('target');
      expect(await page.getByTestId('role-2').inputValue()).toBe('assisting');
      expect(await page.getByTestId('role-0').inputValue()).toBe('none');
    } finally {
      await page.close();
      await serve.stop();
    }
  });
});
