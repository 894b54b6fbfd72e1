/**
 * Lifters are people, end to end in Chromium through the browser host (`myocue serve`):
 *  - a library with two sessions of the lifter "Me" (generated: real BDF+ recordings and sidecars
 *    written by the recorder), a hip thrust and a back squat;
 *  - in the training view, a lifter "Anna" is added by name with the lifter picker: she is the
 *    current lifter, saved in the data folder's lifters.json;
 *  - Anna trains: the simulated band streams, a set tagged baseline (3 reps or more) is recorded into a session
 *    whose sidecar names her; a note on her finished set is written in the training view;
 *  - the Sessions page filters by lifter and by exercise (rows and counts), shows Anna's set note,
 *    takes a session note and a corrected set tag (written to the sidecar, and the report shows
 *    the notes), deletes her session (files to the bin, row gone) and brings it back with Undo.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { launchChromium, screenshotDir } from '../helpers/browser';
import { startServe } from '../helpers/cli-process';
import { openWire, waitForTraining, wsUrlOf } from '../helpers/wire-client';
import { SessionStore } from '../../src/recording/session-store';
import { SessionRecorder } from '../../src/host/session-recorder';
import { readSessionMeta, readSessionMetaFile } from '../../src/recording/session-meta';
import { DEFAULT_DSP_SETTINGS } from '../../src/dsp/defaults';
import type { StreamInfo } from '../../src/devices/sample-source';
import type { SetSummary } from '../../src/metrics/types';

const REPS = 3;
const SIM = { channels: 2, repsPerSet: REPS, restBetweenSetsS: 6, repSeconds: 1.2, leadInS: 1, seed: 11 };
const INFO: StreamInfo = { deviceId: 'sim', firmware: 'sim', sampleRateHz: 500, channelCount: 2, adcBits: 24, microvoltsPerCount: 0.02, channelLabels: ['ch1', 'ch2'] };
const rep = { index: 1, startS: 1, endS: 2, tutS: 1, concentricS: 0.5, eccentricS: 0.5, targetPeakPct: 60, targetMeanPct: 40, assistPeakPct: 30, assistMeanPct: 20, targetShare: 0.6, coContractionPct: 30, medianFreqHz: 90 };

let browser: Browser;
let dir: string;
beforeAll(async () => {
  browser = await launchChromium();
  dir = fs.mkdtempSync(join(os.tmpdir(), 'myocue-lifters-e2e-'));
});
afterAll(async () => {
  await browser?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** a finished 4 s session of "me" with one baseline set, recorded by the recorder (real BDF+) */
function generate(store: SessionStore, exerciseId: string): string {
  const rec = new SessionRecorder(store);
  rec.start(INFO, { setup: { exerciseId, targetChannel: 0, assistingChannels: [1], muscles: ['', ''], person: 'me' }, dsp: DEFAULT_DSP_SETTINGS });
  const noise = new Float64Array(2 * 500);
  for (let k = 0; k < 4; k++) {
    for (let i = 0; i < noise.length; i++) noise[i] = Math.sin(i * 0.7 + k) * 20;
    rec.writeSamples(noise, 500);
  }
  const set: SetSummary = { number: 1, tag: 'baseline', exerciseId, startS: 1, endS: 2, reps: [rep], targetMeanPct: 40, assistMeanPct: 20, targetShare: 0.6, coContractionPct: 30, medianFreqSlopeHzPerRep: null, comparisons: [] };
  rec.setEnded(set);
  const id = rec.status().sessionId!;
  rec.finish();
  return id;
}

const rows = (page: Page) => page.getByTestId('session-row');
const rowIds = async (page: Page) => (await rows(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-session-id')))).sort();

describe('lifters, filters, notes, delete with undo', () => {
  it('adds a lifter, records her session, filters by lifter and exercise, writes notes, deletes and undoes', async () => {
    const dataDir = join(dir, 'data');
    const store = new SessionStore(dataDir);
    const hip = generate(store, 'hip-thrust');
    const squat = generate(store, 'back-squat');

    const serve = await startServe(['--exercise', 'hip-thrust', '--target', '0', '--assisting', '1', '--data-dir', dataDir]);
    const wire = await openWire(wsUrlOf(serve.url));
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    try {
      // the band Anna will train on (serve's own start-up stream, if it records, stays "Me"'s)
      await wire.invoke('connect', { kind: 'sim', options: SIM });
      // ---- add Anna with the lifter picker in the training view
      await page.goto(serve.url);
      const picker = page.getByTestId('lifter-picker');
      await expect.poll(() => picker.getAttribute('data-current-lifter'), { timeout: 15_000 }).toBe('Me');
      await picker.selectOption('__add__');
      await page.getByTestId('lifter-add-name').fill('Anna');
      await page.getByTestId('lifter-add').click();
      await expect.poll(() => picker.getAttribute('data-current-lifter')).toBe('Anna');
      const saved = JSON.parse(fs.readFileSync(join(dataDir, 'lifters.json'), 'utf8')) as { lifters: { id: string; name: string }[]; currentId: string };
      const anna = saved.lifters.find((l) => l.name === 'Anna')!;
      expect(anna.id).toMatch(/^anna-[0-9a-f]{4}$/);
      expect(saved.currentId).toBe(anna.id);
      expect((await wire.invoke('getTraining', null)).setup.person).toBe(anna.id);

      // ---- Anna trains: she starts her session, one baseline set of 3 reps on the simulated band, recorded as hers
      await wire.invoke('startSession', null);
      await wire.invoke('tagSet', { tag: 'baseline' });
      await waitForTraining(wire, (t) => t.setActive && t.repCount >= REPS, 40_000, 'set 1: 3 reps');
      await new Promise((r) => setTimeout(r, 600));
      const ended = await wire.invoke('endSet', null);
      // the simulated band runs sets by itself: the one tagged baseline is the set we wait for
      const n = ended.sets.find((x) => x.tag === 'baseline' && x.reps.length >= REPS)?.number;
      expect(n, JSON.stringify(ended.sets.map((x) => [x.number, x.tag, x.reps.length]))).toBeDefined();
      const annaSession = (await wire.invoke('getStatus', null)).recording.sessionId!;
      expect(annaSession).toBeTruthy();
      // a note on her finished set, in the training view
      const card = page.locator(`[data-testid="set-summary"][data-set-number="${n}"]`);
      await card.waitFor({ timeout: 15_000 });
      await card.getByTestId('set-note-edit').click();
      await card.getByTestId('set-note-input').fill('left knee caved on rep 3');
      await card.getByTestId('set-note-save').click();
      await expect.poll(() => card.getByTestId('set-note-text').textContent()).toBe('left knee caved on rep 3');
      await wire.invoke('disconnect', null);
      const annaMeta = readSessionMetaFile(join(dataDir, `${annaSession}.session.json`));
      expect(annaMeta).toMatchObject({ lifterId: anna.id, exerciseId: 'hip-thrust', setNotes: { [String(n)]: 'left knee caved on rep 3' }, finished: true });

      // ---- the Sessions page: filters by lifter and exercise
      const listed = await wire.invoke('listSessions', null);
      expect(listed.filter((s) => s.lifterId === anna.id).map((s) => s.id)).toEqual([annaSession]);
      const mine = listed.filter((s) => s.lifterId === 'me').map((s) => s.id).sort();
      expect(mine).toEqual(expect.arrayContaining([hip, squat]));
      await page.goto(serve.url + '#/sessions');
      await expect.poll(() => rows(page).count(), { timeout: 15_000 }).toBe(listed.length);
      expect(await page.locator(`[data-testid="session-row"][data-session-id="${annaSession}"]`).getByTestId('session-lifter').textContent()).toBe('Anna');
      await page.getByTestId('filter-lifter').selectOption(anna.id);
      await expect.poll(() => rowIds(page)).toEqual([annaSession]);
      expect(await page.getByTestId('filter-count').textContent()).toBe(`1 of ${listed.length} shown`);
      await page.getByTestId('filter-lifter').selectOption('me');
      await expect.poll(() => rowIds(page)).toEqual(mine);
      await page.getByTestId('filter-exercise').selectOption('back-squat');
      await expect.poll(() => rowIds(page)).toEqual([squat]);
      await page.getByTestId('filter-lifter').selectOption(anna.id);
      await expect.poll(() => page.getByTestId('filter-empty').count()).toBe(1);
      expect(await rows(page).count()).toBe(0);
      await page.getByTestId('filter-exercise').selectOption('hip-thrust');
      await expect.poll(() => rowIds(page)).toEqual([annaSession]);
      // progress follows the filtered lifter
      await expect.poll(() => page.getByTestId('progress-lifter').textContent()).toContain('Anna');

      // ---- details: her set note is there; a session note and a corrected tag are saved
      const row = page.locator(`[data-testid="session-row"][data-session-id="${annaSession}"]`);
      await row.getByTestId('session-details').click();
      const panel = page.getByTestId('session-details-panel');
      const set1 = panel.locator(`[data-testid="session-set"][data-set-number="${n}"]`);
      await expect.poll(() => set1.getByTestId('session-set-note-text').textContent()).toBe('left knee caved on rep 3');
      await panel.getByTestId('session-note-edit').click();
      await panel.getByTestId('session-note-input').fill('First session after the knee rehab.');
      await panel.getByTestId('session-note-save').click();
      await expect.poll(() => panel.getByTestId('session-note-text').textContent()).toBe('First session after the knee rehab.');
      expect(await set1.getAttribute('data-tag')).toBe('baseline');
      await set1.getByTestId('session-set-retag').selectOption('internal');
      await expect.poll(() => set1.getAttribute('data-tag')).toBe('internal');
      const edited = readSessionMeta(join(dataDir, `${annaSession}.session.json`));
      expect(edited.notes).toBe('First session after the knee rehab.');
      expect(edited.sets.find((x) => x.set === n)?.tag).toBe('internal');
      expect(edited.setDetails?.find((d) => d.number === n)?.tag).toBe('internal');
      expect(edited.setNotes).toEqual({ [String(n)]: 'left knee caved on rep 3' });
      // the report shows both notes
      const report = await wire.invoke('sessionReport', { sessionId: annaSession });
      expect(report.html).toContain('First session after the knee rehab.');
      expect(report.html).toContain('left knee caved on rep 3');
      await page.screenshot({ path: join(screenshotDir(), 'sessions-lifters.png'), fullPage: true });

      // ---- delete: the row goes, the files wait in the bin; Undo brings them back
      const before = fs.readdirSync(dataDir).filter((f) => f.startsWith(annaSession)).sort();
      expect(before).toEqual([`${annaSession}.bdf`, `${annaSession}.session.json`]);
      await row.getByTestId('session-actions').click();
      await row.getByTestId('session-delete').click();
      await expect.poll(() => rows(page).count()).toBe(0);
      await expect.poll(() => page.getByTestId('filter-empty').count()).toBe(1);
      expect(fs.readdirSync(dataDir).filter((f) => f.startsWith(annaSession))).toEqual([]);
      expect(fs.readdirSync(join(dataDir, 'bin', annaSession)).filter((f) => f !== 'deleted.json').sort()).toEqual(before);
      expect((await wire.invoke('listSessions', null)).map((s) => s.id)).not.toContain(annaSession);
      await expect.poll(() => page.getByTestId('undo-toast').isVisible()).toBe(true);
      await page.getByTestId('undo-delete').click();
      await expect.poll(() => rowIds(page)).toEqual([annaSession]);
      expect(fs.readdirSync(dataDir).filter((f) => f.startsWith(annaSession)).sort()).toEqual(before);
      expect(fs.existsSync(join(dataDir, 'bin', annaSession))).toBe(false);
      expect(readSessionMeta(join(dataDir, `${annaSession}.session.json`)).notes).toBe('First session after the knee rehab.');
      expect(await page.getByRole('alert').count()).toBe(0);
      expect(pageErrors).toEqual([]);
    } finally {
      wire.close();
      await page.close();
      await serve.stop();
    }
  });
});
