/**
 * The session report end to end: a session recorded through `myocue serve` from the simulated
 * band (a baseline set, then an internal-focus set, both with 4 reps, ended by the host's
 * commands), then
 *  - the Report button on #/sessions in Chromium saves one HTML file,
 *  - `myocue report SESSION_ID --out FILE` writes the same report from the command line,
 * (and its Export menu saves the session as BDF+ and set 2 as CSV),
 * and the file, opened in Chromium, has its charts (inline SVG: envelopes per set with every rep
 * marked, target vs assisting per set, share per rep), its numbers (set means, comparison sentences
 * with their intervals), makes no network request at all, and prints to a PDF.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { useFileTempDir } from '../helpers/test-cleanups';
import { pathToFileURL } from 'node:url';
import { useChromium, screenshotDir } from '../helpers/browser';
import { runCli, startServe } from '../helpers/cli-process';
import { openWire, waitForTraining, wsUrlOf } from '../helpers/wire-client';
import { openEdfRecording } from '../../src/recording/bdf-reader';

const REPS = 4;
/** sets of 4 reps with 4 s of rest between them, forever: two sets in one recording */
const SIM = { channels: 2, repsPerSet: REPS, restBetweenSetsS: 4, repSeconds: 1.5, leadInS: 1, seed: 77 };

const dir = useFileTempDir('myocue-report-e2e-');
const browser = useChromium();

/** opens a report file with every request recorded; returns the page and the requests seen */
async function openReport(file: string): Promise<{ page: Page; requests: string[] }> {
  const context = await browser().newContext({ viewport: { width: 900, height: 1200 } });
  const requests: string[] = [];
  const url = pathToFileURL(file).href;
  context.on('request', (r) => {
    if (r.url() !== url) requests.push(r.url());
  });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForLoadState('load');
  return { page, requests };
}

interface ReportFacts {
  sets: { number: number; tag: string; repMarks: number; tracks: number; comparisons: string[] }[];
  charts: string[];
  shareBars: number;
  setBars: number;
  title: string;
}

async function factsOf(page: Page): Promise<ReportFacts> {
  return page.evaluate(() => ({
    title: document.querySelector('[data-field="title"]')?.textContent ?? '',
    charts: [...document.querySelectorAll('svg[data-chart]')].map((s) => s.getAttribute('data-chart') ?? ''),
    shareBars: document.querySelectorAll('svg[data-chart="rep-share"] rect.bar-share').length,
    setBars: document.querySelectorAll('svg[data-chart="set-bars"] rect.bar-target, svg[data-chart="set-bars"] rect.bar-assisting').length,
    sets: [...document.querySelectorAll('section.set')].map((s) => ({
      number: Number(s.getAttribute('data-set')),
      tag: s.getAttribute('data-tag') ?? '',
      repMarks: s.querySelectorAll('svg[data-chart="envelope"] rect.rep').length,
      tracks: s.querySelectorAll('svg[data-chart="envelope"] path.trace-target, svg[data-chart="envelope"] path.trace-assisting').length,
      comparisons: [...s.querySelectorAll('li.comparison')].map((li) => li.textContent ?? ''),
    })),
  }));
}

describe('session report', () => {
  it('from the Sessions page and from `myocue report`: charts, numbers, no network, prints to PDF', async () => {
    const dataDir = join(dir(), 'data');
    const serve = await startServe(['--device', 'sim', '--channels', '2', '--reps', String(REPS), '--rep-seconds', '1.5', '--seed', '77', '--exercise', 'hip-thrust', '--target', '0', '--assisting', '1', '--data-dir', dataDir]);
    const wire = await openWire(wsUrlOf(serve.url));
    let sessionId: string;
    let ended!: Awaited<ReturnType<typeof wire.invoke<'endSet'>>>;
    const page = await browser().newPage({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
    try {
      // ---- record (one connection, one recording): a baseline set and an internal-focus set of 4 reps each
      await wire.invoke('connect', { kind: 'sim', options: SIM });
      await wire.invoke('startSession', null);
      await wire.invoke('tagSet', { tag: 'baseline' });
      await waitForTraining(wire, (t) => t.setActive && t.repCount >= REPS, 30_000, 'set 1: 4 reps');
      await new Promise((r) => setTimeout(r, 800));
      await wire.invoke('endSet', null);
      await waitForTraining(wire, (t) => t.setNumber === 2 && t.setActive, 30_000, 'set 2 started');
      await wire.invoke('tagSet', { tag: 'internal' });
      const live = await waitForTraining(wire, (t) => t.setNumber === 2 && t.setActive && t.repCount >= REPS, 30_000, 'set 2: 4 reps');
      await new Promise((r) => setTimeout(r, 800));
      ended = await wire.invoke('endSet', null);
      expect(ended.sets).toHaveLength(2);
      expect(live.setup.targetChannel).toBe(0);
      sessionId = (await wire.invoke('getStatus', null)).recording.sessionId ?? '';
      expect(sessionId).not.toBe('');
      await wire.invoke('disconnect', null);

      // ---- the Report button on the session
      await page.goto(serve.url + '#/sessions');
      const row = page.locator(`[data-testid="session-row"][data-session-id="${sessionId}"]`);
      await row.waitFor({ timeout: 15_000 });
      // report and export are in the row's "More" panel, which stays open while they work
      await row.getByTestId('session-actions').click();
      expect(await row.getByTestId('session-actions').getAttribute('aria-expanded')).toBe('true');
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), row.getByTestId('session-report').click()]);
      expect(download.suggestedFilename()).toMatch(/report\.html$/);
      const fromButton = join(dir(), 'from-button.html');
      await download.saveAs(fromButton);
      expect(await page.getByRole('alert').count()).toBe(0);

      // ---- export from the app: the whole session as BDF+, set 2 as CSV
      const [bdfDl] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), row.getByTestId('session-export').selectOption('session:bdf')]);
      const bdfFile = join(dir(), bdfDl.suggestedFilename());
      expect(bdfFile).toMatch(/\.bdf$/);
      await bdfDl.saveAs(bdfFile);
      const bdf = openEdfRecording(bdfFile);
      const original = openEdfRecording(join(dataDir, `${sessionId}.bdf`));
      expect(bdf.channelCount).toBe(2);
      expect(bdf.sampleRateHz).toBe(2000);
      expect(bdf.durationS).toBeCloseTo(original.durationS, 1);
      // the menu: a placeholder, the whole session in 3 formats, and each set in 3 formats
      const menu = row.getByTestId('session-export');
      expect(await menu.locator('option').count()).toBe(4 + 3 * ended.sets.length);
      const [csvDl] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), menu.selectOption('2:csv')]);
      const csvFile = join(dir(), csvDl.suggestedFilename());
      expect(csvFile).toMatch(/set 2\.csv$/);
      await csvDl.saveAs(csvFile);
      const set2 = ended.sets[1];
      const lines = fs.readFileSync(csvFile, 'utf8').trim().split('\n');
      // one row per sample of set 2 (its marks span about its reps), plus a header
      const rows = lines.filter((l) => /^\d/.test(l)).length;
      expect(rows / 2000).toBeGreaterThan(set2.endS - set2.startS - 1);
      expect(rows / 2000).toBeLessThan(set2.endS - set2.startS + 3);
      expect(fs.readFileSync(csvFile, 'utf8')).toMatch(/Rep \d/);
      // the host kept copies in the data folder
      expect(fs.readdirSync(join(dataDir, 'exports')).sort()).toEqual([bdfDl.suggestedFilename(), csvDl.suggestedFilename()].sort());
    } finally {
      wire.close();
      await page.close();
      await serve.stop();
    }

    // ---- the same from the command line, by session id
    const fromCli = join(dir(), 'from-cli.html');
    const r = await runCli(['report', sessionId, '--data-dir', dataDir, '--out', fromCli]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('2 sets');
    // never overwrites without --force
    const again = await runCli(['report', sessionId, '--data-dir', dataDir, '--out', fromCli]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--force');

    for (const file of [join(dir(), 'from-button.html'), fromCli]) {
      const html = fs.readFileSync(file, 'utf8');
      // self-contained: no script, no external reference of any kind
      expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(\s*['"]?https?:/i);
      expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:|\/\/)/i);
      const { page: report, requests } = await openReport(file);
      try {
        const f = await factsOf(report);
        expect(f.charts.filter((c) => c === 'envelope')).toHaveLength(2);
        expect(f.charts).toContain('set-bars');
        expect(f.charts).toContain('rep-share');
        expect(f.sets.map((s) => [s.number, s.tag])).toEqual([[1, 'baseline'], [2, 'internal']]);
        for (const s of f.sets) {
          // every rep marked on its set's envelope chart, target and assisting drawn
          expect(s.repMarks).toBe(REPS);
          expect(s.tracks).toBe(2);
        }
        expect(f.setBars).toBe(4);
        expect(f.shareBars).toBe(2 * REPS);
        // the internal set is compared with the baseline: a sentence and its 95 % interval
        const cmp = f.sets[1].comparisons.find((c) => c.includes('vs baseline set 1'));
        expect(cmp, f.sets[1].comparisons.join('\n')).toBeTruthy();
        expect(cmp).toMatch(/target [+−]?\d+ % \(95 % CI [+−]?\d+ to [+−]?\d+ %\)/);
        // numbers a reader needs: set means in the stated unit, the channel table, the MVC section
        const text = (await report.textContent('body')) ?? '';
        expect(text).toMatch(/Target \d+\.\d % of session peak, assisting \d+\.\d % of session peak, target share \d+ %/);
        expect(text).toContain('Hip thrust');
        expect(text).toContain('No MVC calibration was used');
        expect(requests).toEqual([]);
        const pdf = await report.pdf({ format: 'A4' });
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
        expect(pdf.length).toBeGreaterThan(10_000);
        if (file === fromCli) await report.screenshot({ path: join(screenshotDir(), 'session-report.png'), fullPage: true });
      } finally {
        await report.context().close();
      }
    }
  });
});
