/**
 * The coach's TV end to end: `serve --host 0.0.0.0` prints a URL that opens the coach view
 * directly (#/coach, with the viewer token); in Chromium through that URL the TV shows the last
 * finished set's verdict big, with its rep count and the cue it was done with (the host's own
 * sentence, compared with the baseline), and when the band stops streaming the numbers and bars
 * grey out behind a big NO SIGNAL, which goes away when the signal is back.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { useChromium, screenshotDir } from '../helpers/browser';
import { startServe } from '../helpers/cli-process';
import { openWire, waitForTraining, wsUrlOf } from '../helpers/wire-client';

const REPS = 4;
const SIM = { channels: 2, repsPerSet: REPS, restBetweenSetsS: 4, repSeconds: 1.5, leadInS: 1, seed: 91 };

const browser = useChromium();

describe('coach TV', () => {
  it('opens from the printed TV URL, shows the last set verdict with reps and cue, and NO SIGNAL when the band stops', async () => {
    const serve = await startServe(['--host', '0.0.0.0', '--device', 'sim', '--channels', '2', '--exercise', 'hip-thrust', '--target', '0', '--assisting', '1', '--no-record']);
    const tvLine = await serve.waitForLine(/^Coach view for a TV/);
    const tvUrl = tvLine.replace(/^Coach view for a TV or tablet: /, '').trim();
    const local = (await serve.waitForLine(/^On this machine, open /)).match(/http:\/\/\S+\//)![0];
    expect(new URL(tvUrl).hash).toBe('#/coach');
    expect(new URL(tvUrl).searchParams.get('token')).toBe(new URL(serve.url).searchParams.get('token'));
    const wire = await openWire(wsUrlOf(local));
    const tv = await browser().newPage({ viewport: { width: 1920, height: 1080 } });
    try {
      await wire.invoke('connect', { kind: 'sim', options: SIM });
      // the lifter starts the session on this machine: sets count from here
      await wire.invoke('startSession', null);
      await tv.goto(tvUrl);
      await tv.getByTestId('coach-view').waitFor({ timeout: 15_000 });
      expect(await tv.getByTestId('coach-view').getAttribute('data-readonly')).toBe('true');
      await expect.poll(() => tv.getByTestId('coach-view').getAttribute('data-signal'), { timeout: 10_000 }).toBe('live');
      expect(await tv.getByTestId('last-set-verdict').count()).toBe(0);

      // ---- set 1 (baseline), set 2 (internal focus, with a cue)
      await wire.invoke('tagSet', { tag: 'baseline' });
      await waitForTraining(wire, (t) => t.setActive && t.repCount >= REPS, 30_000, 'set 1');
      await new Promise((r) => setTimeout(r, 800));
      await wire.invoke('endSet', null);
      await expect.poll(() => tv.getByTestId('last-set-verdict').getAttribute('data-set-number'), { timeout: 5000 }).toBe('1');
      await waitForTraining(wire, (t) => t.setNumber === 2 && t.setActive, 30_000, 'set 2 started');
      const tagged = await wire.invoke('tagSet', { tag: 'internal' });
      expect(tagged.cue).toBeTruthy();
      // during a set the verdict of the last one stays, small
      await expect.poll(() => tv.locator('.mc-verdict--compact').count(), { timeout: 5000 }).toBe(1);
      await waitForTraining(wire, (t) => t.setNumber === 2 && t.setActive && t.repCount >= REPS, 30_000, 'set 2');
      const cueDuringSet = (await wire.invoke('getTraining', null)).cue;
      await new Promise((r) => setTimeout(r, 800));
      const done = await wire.invoke('endSet', null);
      const set2 = done.sets[1];
      const sentence = (set2.comparisons.find((c) => c.against === 'baseline') ?? set2.comparisons[0]).sentence;

      const verdict = tv.getByTestId('last-set-verdict');
      await expect.poll(() => verdict.getAttribute('data-set-number'), { timeout: 5000 }).toBe('2');
      expect(await verdict.getAttribute('data-rep-count')).toBe(String(set2.reps.length));
      expect(await tv.getByTestId('last-set-reps').textContent()).toBe(`${set2.reps.length} reps`);
      expect(await tv.getByTestId('last-set-sentence').textContent()).toBe(sentence);
      expect(await tv.getByTestId('last-set-cue').textContent()).toBe(`Cue: “${cueDuringSet}”`);
      // big: readable across the gym on a 1080p TV
      const px = parseFloat(await tv.getByTestId('last-set-sentence').evaluate((e) => getComputedStyle(e).fontSize));
      expect(px).toBeGreaterThanOrEqual(48);
      await tv.screenshot({ path: join(screenshotDir(), 'coach-tv-verdict.png') });

      // ---- the band stops: NO SIGNAL over greyed-out numbers and bars
      await wire.invoke('disconnect', null);
      const overlay = tv.getByTestId('no-signal');
      await overlay.waitFor({ timeout: 5000 });
      expect(await overlay.textContent()).toContain('NO SIGNAL');
      expect(await tv.getByTestId('coach-view').getAttribute('data-signal')).toBe('lost');
      const faded = await tv.locator('.mc-coach__main').evaluate((e) => ({ opacity: Number(getComputedStyle(e).opacity), filter: getComputedStyle(e).filter }));
      expect(faded.opacity).toBeLessThan(0.5);
      expect(faded.filter).toContain('grayscale');
      const titlePx = parseFloat(await tv.locator('.mc-nosignal__title').evaluate((e) => getComputedStyle(e).fontSize));
      expect(titlePx).toBeGreaterThanOrEqual(120);
      await tv.screenshot({ path: join(screenshotDir(), 'coach-tv-no-signal.png') });

      // ---- and back
      await wire.invoke('connect', { kind: 'sim', options: SIM });
      await expect.poll(() => tv.getByTestId('no-signal').count(), { timeout: 10_000 }).toBe(0);
      expect(Number(await tv.locator('.mc-coach__main').evaluate((e) => getComputedStyle(e).opacity))).toBe(1);
    } finally {
      wire.close();
      await tv.close();
      await serve.stop();
    }
  });
});
