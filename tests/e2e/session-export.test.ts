/**
 * Issue 11, "Export from the app", in Chromium against `myocue serve` on the simulated band: a
 * session recorded through the host is exported from the Sessions page's *Export…* menu, whole as
 * CSV and one set as BDF+. The host writes the file into the data folder's exports/ and the page
 * downloads it from the host's /exports/ route (streamed from disk; the command's answer holds no
 * content): Chromium's real download (playwright's download event) is checked to come from that
 * URL and to be byte for byte the host's file. The files are checked for what they hold: the
 * CSV's header names the channels with their unit and its rows cover the recording at its rate;
 * the set's BDF+ decodes to the set's length with its start and end marks, shorter than the session.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { useChromium } from '../helpers/browser';
import { startServe } from '../helpers/cli-process';
import { openWire, wsUrlOf } from '../helpers/wire-client';
import { openEdfRecording } from '../../src/recording/bdf-reader';

const RATE_HZ = 1000;
const SIM = { channels: 2, sampleRateHz: RATE_HZ, reps: 3, repSeconds: 1.5, leadInS: 2, seed: 8 };

const browser = useChromium();

async function download(page: Page, choice: string): Promise<{ name: string; bytes: Buffer; url: string; path: string }> {
  // the export menu is in the first row's "More" panel (opened once; it stays open after an export)
  const more = page.getByTestId('session-actions').first();
  if ((await more.getAttribute('aria-expanded')) !== 'true') await more.click();
  const menu = page.getByTestId('session-export').first();
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), menu.selectOption(choice)]);
  const p = await dl.path();
  return { name: dl.suggestedFilename(), bytes: fs.readFileSync(p!), url: dl.url(), path: p! };
}

/** the download came from the host's /exports/ route and is the host's file, byte for byte */
function expectServedFromExports(dl: { name: string; bytes: Buffer; url: string }, serveUrl: string, dataDir: string): void {
  const url = new URL(dl.url);
  expect(url.origin).toBe(new URL(serveUrl).origin);
  expect(url.pathname).toBe(`/exports/${encodeURIComponent(dl.name)}`);
  expect(dl.bytes.equals(fs.readFileSync(join(dataDir, 'exports', dl.name)))).toBe(true);
}

describe('export from the app', () => {
  it('exports a recorded session as CSV and one set as BDF+ from the Sessions page', async () => {
    const serve = await startServe(['--device', 'sim', '--channels', '2', '--rate', String(RATE_HZ), '--exercise', 'hip-thrust', '--target', '0', '--assisting', '1']);
    const wire = await openWire(wsUrlOf(serve.url));
    const page = await browser().newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    try {
      // ---- a session with one set, recorded through the real host
      await wire.invoke('connect', { kind: 'sim', options: SIM });
      await wire.invoke('startSession', null);
      // 2.5 s recorded before the set starts: the set is a part of the session, not all of it
      await new Promise((r) => setTimeout(r, 2500));
      await wire.invoke('startSet', { tag: 'baseline' });
      const t0 = Date.now();
      while ((await wire.invoke('getTraining', null)).repCount < 1) {
        if (Date.now() - t0 > 30_000) throw new Error('no rep within 30 s');
        await new Promise((r) => setTimeout(r, 100));
      }
      const summary = await wire.invoke('endSession', null);
      expect(summary.sets).toHaveLength(1);
      const sessionId = summary.recordings[0].sessionId;
      await wire.invoke('disconnect', null);

      // ---- the Sessions page: the row and its Export… menu
      await page.goto(`${serve.url}#/sessions`);
      const row = page.locator(`[data-testid="session-row"][data-session-id="${sessionId}"]`);
      await row.waitFor({ timeout: 15_000 });
      const meta = JSON.parse(fs.readFileSync(join(serve.dataDir, `${sessionId}.session.json`), 'utf8'));
      const durationS: number = meta.durationS ?? summary.durationS;

      const csv = await download(page, 'session:csv');
      expect(csv.name).toMatch(/\.csv$/);
      expectServedFromExports(csv, serve.url, serve.dataDir);
      const lines = csv.bytes.toString('utf8').trimEnd().split('\n');
      const header = lines.find((l) => !l.startsWith('#'))!;
      // channel labels whole, with their unit as recorded (the simulated band records µV)
      expect(header).toMatch(/µV|uV/);
      expect(header.split(',').length).toBeGreaterThanOrEqual(3); // time + 2 channels
      const rows = lines.filter((l) => /^-?\d/.test(l)).length;
      // the whole recording at its rate (± 1 s: the file's length is the recorded length)
      expect(Math.abs(rows / RATE_HZ - durationS)).toBeLessThan(1);

      const bdf = await download(page, '1:bdf');
      expect(bdf.name).toMatch(/ set 1\.bdf$/);
      expect(bdf.bytes.subarray(0, 8).toString('latin1')).toBe('\xffBIOSEMI');
      expectServedFromExports(bdf, serve.url, serve.dataDir);
      // the set's span: from its start mark to its end mark, the marks on the set's own clock
      const setInfo = openEdfRecording(bdf.path);
      const marks = setInfo.annotations.map((a) => a.text);
      expect(marks.some((t) => /^Set 1 start/.test(t))).toBe(true);
      expect(marks.some((t) => /^Set 1 end/.test(t))).toBe(true);
      expect(setInfo.annotations.find((a) => /^Set 1 start/.test(a.text))!.onsetS).toBeLessThan(1 / RATE_HZ);
      const endMark = setInfo.annotations.find((a) => /^Set 1 end/.test(a.text))!.onsetS;
      expect(Math.abs(setInfo.durationS - endMark)).toBeLessThan(2 / RATE_HZ);
      // and the marks are where the sidecar says the set was: the set's file lasts the sidecar's set
      // (the marks were written at host time, ahead by the DSP latency: 1.095 s against 1.28 s once)
      const sidecarSet = meta.sets[0] as { startS: number; endS: number };
      expect(Math.abs(setInfo.durationS - (sidecarSet.endS - sidecarSet.startS))).toBeLessThan(2 / RATE_HZ);
      // a set is shorter than its session: the set's file is smaller than the whole session as BDF
      const whole = await download(page, 'session:bdf');
      expectServedFromExports(whole, serve.url, serve.dataDir);
      expect(bdf.bytes.length).toBeLessThan(whole.bytes.length);
      expect(openEdfRecording(whole.path).durationS).toBeGreaterThan(setInfo.durationS + 2);

      // the host keeps a copy of each in the data folder's exports/
      const kept = fs.readdirSync(join(serve.dataDir, 'exports'));
      expect(kept).toEqual(expect.arrayContaining([csv.name, bdf.name]));
      console.log(`export from the app: CSV ${rows} rows for ${durationS.toFixed(1)} s at ${RATE_HZ} Hz; set 1 BDF+ ${bdf.bytes.length} B, whole session ${whole.bytes.length} B`);
    } finally {
      wire.close();
      await page.close();
      await serve.stop();
    }
  });
});
