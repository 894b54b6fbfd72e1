/**
 * A system that cannot list serial ports (no udevadm, as in containers): the device picker says
 * so once, in plain words, and the typed path still works — in Chromium against `myocue serve`.
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { useFileTempDir } from '../helpers/test-cleanups';
import { useChromium } from '../helpers/browser';
import { startCli } from '../helpers/cli-process';

const dir = useFileTempDir('myocue-devlist-');
const browser = useChromium();

describe('device picker when the ports cannot be listed', () => {
  it('shows the reason once, in plain words, and keeps it once after the picker is refocused', async () => {
    const emptyBin = fs.mkdtempSync(join(dir(), 'bin-'));
    const serve = startCli(['serve', '--port', '0', '--no-record', '--data-dir', join(dir(), 'data')], { PATH: emptyBin });
    const page = await browser().newPage({ viewport: { width: 1366, height: 768 } });
    try {
      const url = (await serve.waitForLine(/^http:\/\/\S+\/\S*$/)).trim();
      await page.goto(url);
      const note = page.getByTestId('device-list-error');
      await expect.poll(() => note.count(), { timeout: 15_000 }).toBe(1);
      const text = (await note.textContent()) ?? '';
      expect(text).toContain('This system cannot list serial ports');
      expect(text).toContain('Type the port path instead');
      // once: neither the reason nor the advice repeated, no raw "spawn … ENOENT"
      expect(text.match(/serial ports/g)).toHaveLength(1);
      expect(text.match(/Type the port path/g)).toHaveLength(1);
      expect(text).not.toMatch(/spawn|ENOENT/);
      // focusing the picker asks again: still one note
      await page.getByTestId('device-select').focus();
      await page.getByTestId('device-path-input').focus();
      await page.waitForTimeout(300);
      expect(await note.count()).toBe(1);
      const body = (await page.textContent('body')) ?? '';
      expect(body.match(/cannot list serial ports/g)).toHaveLength(1);
    } finally {
      await page.close();
      await serve.stop();
    }
  });
});
