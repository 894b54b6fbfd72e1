/**
 * How the Sessions page loads (issue 10.5), in Chromium through `myocue serve`: the page asks for
 * the session listing when its script starts, before React renders (renderer/src/api/page-start.ts),
 * over plain HTTP (`/api/early/<command>`: a fetch leaves at once, the socket only once its open
 * event gets the main thread), and the view takes that answer instead of asking again:
 *  - opened at #/sessions, the listing, the exercises and the lifters are each requested once,
 *    over HTTP and not over the socket, and the first rows shown already carry the exercise names
 *    (one render with everything);
 *  - Refresh asks the host again;
 *  - opened at #/ (the live view), nothing of the Sessions page is requested at start, and the
 *    Sessions page reached from the navigation loads its listing itself; back on Live, the
 *    dashboard's lazily loaded chunk renders;
 *  - the build's content-hashed assets are sent cacheable (immutable), index.html is revalidated.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../helpers/browser';
import { startServe, type RunningCli } from '../helpers/cli-process';
import { SESSION_META_SUFFIX } from '../../src/recording/session-meta';

let browser: Browser;
let dir: string;
let serve: RunningCli & { url: string };
beforeAll(async () => {
  browser = await launchChromium();
  dir = fs.mkdtempSync(join(os.tmpdir(), 'myocue-sessions-load-e2e-'));
  for (let i = 1; i <= 3; i++) {
    const id = `s${i}`;
    fs.writeFileSync(join(dir, `${id}.bdf`), '');
    fs.writeFileSync(
      join(dir, `${id}${SESSION_META_SUFFIX}`),
      JSON.stringify({
        version: 1, id, name: `Session ${i}`, created: new Date(Date.UTC(2026, 0, i, 9, 30)).toISOString(), recordingFile: `${id}.bdf`, exerciseId: 'hip-thrust', lifterId: 'me',
        channels: [{ index: 0, label: 'glute', role: 'target' }],
        sets: [{ set: 1, tag: 'baseline', startS: 0, endS: 20, reps: 6, headline: { targetMeanPct: 40, targetShare: 0.6 } }],
        durationS: 600, finished: true,
      }),
    );
  }
  serve = await startServe(['--no-record', '--data-dir', dir]);
}, 60_000);
afterAll(async () => {
  await serve?.stop();
  await browser?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * A page that records every command it sends over the WebSocket, and the exercise cell of the
 * first session row at the moment rows first appear.
 */
async function recordingPage(): Promise<Page & { early: string[] }> {
  const page = (await browser.newPage({ viewport: { width: 1600, height: 1000 } })) as Page & { early: string[] };
  page.early = [];
  page.on('request', (r) => {
    const m = /\/api\/early\/(\w+)/.exec(r.url());
    if (m) page.early.push(m[1]);
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __sent: string[]; __firstRowExercise: string | null };
    w.__sent = [];
    w.__firstRowExercise = null;
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (this: WebSocket, data: string | ArrayBufferLike | Blob | ArrayBufferView) {
      try {
        w.__sent.push((JSON.parse(String(data)) as { command: string }).command);
      } catch {
        w.__sent.push('?');
      }
      return send.call(this, data);
    };
    new MutationObserver((_, mo) => {
      const row = document.querySelector('[data-testid="session-row"]');
      if (!row) return;
      w.__firstRowExercise = row.querySelectorAll('td')[3]?.textContent ?? '';
      mo.disconnect();
    }).observe(document, { childList: true, subtree: true });
  });
  return page;
}

const sent = (page: Page) => page.evaluate(() => (window as unknown as { __sent: string[] }).__sent);
const count = (list: string[], command: string) => list.filter((c) => c === command).length;

describe('the Sessions page load', () => {
  it('opened at #/sessions: each listing requested once, at start, and the first rows already named', async () => {
    const page = await recordingPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(serve.url + '#/sessions');
      await expect.poll(() => page.getByTestId('session-row').count(), { timeout: 30_000 }).toBe(3);
      expect(await page.evaluate(() => (window as unknown as { __firstRowExercise: string }).__firstRowExercise)).toBe('Hip thrust');
      expect(await page.getByTestId('filter-count').textContent()).toBe('3 shown');
      // the progress view loaded too: the page is whole
      await expect.poll(() => page.getByTestId('progress-chart').textContent(), { timeout: 30_000 }).toMatch(/No finished sets/);
      const atStart = await sent(page);
      // asked once each, at start, over HTTP; nothing of it again over the socket
      expect([...page.early].sort()).toEqual(['listExercises', 'listLifters', 'listSessions']);
      expect(count(atStart, 'listSessions')).toBe(0);
      expect(count(atStart, 'listExercises')).toBe(0);
      expect(count(atStart, 'listLifters')).toBe(0);

      await page.getByRole('button', { name: 'Refresh' }).click();
      await expect.poll(async () => count(await sent(page), 'listSessions')).toBe(1);
      expect(page.early.length).toBe(3);
      await expect.poll(() => page.getByTestId('session-row').count()).toBe(3);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 90_000);

  it('opened at #/: nothing of the Sessions page at start; its view loads itself, and the lazily loaded dashboard renders after it', async () => {
    const page = await recordingPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(serve.url + '#/');
      await expect.poll(() => page.getByTestId('host-connection').getAttribute('data-state'), { timeout: 30_000 }).toBe('open');
      await expect.poll(() => page.getByTestId('hero-target-label').count(), { timeout: 30_000 }).toBeGreaterThan(0);
      const atStart = await sent(page);
      expect(count(atStart, 'listSessions')).toBe(0);
      expect(page.early).toEqual([]);

      await page.getByTestId('nav-sessions').click();
      await expect.poll(() => page.getByTestId('session-row').count(), { timeout: 30_000 }).toBe(3);
      expect(await page.getByTestId('session-row').first().locator('td').nth(3).textContent()).toBe('Hip thrust');
      expect(count(await sent(page), 'listSessions')).toBe(1);

      await page.getByTestId('nav-live').click();
      await expect.poll(() => page.getByTestId('hero-target-label').count(), { timeout: 30_000 }).toBeGreaterThan(0);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 90_000);

  it('sends the hashed assets cacheable and index.html revalidated', async () => {
    const html = await fetch(serve.url.replace(/#.*$/, ''));
    expect(html.headers.get('cache-control')).toBe('no-cache');
    const text = await html.text();
    const script = /src="\.?\/?(assets\/index-[^"]+\.js)"/.exec(text);
    expect(script, 'the built index.html names its bundle').not.toBeNull();
    const asset = await fetch(new URL(script![1], serve.url.replace(/#.*$/, '')));
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toMatch(/immutable/);
    // a client route is the app, revalidated like index.html
    const route = await fetch(new URL('/sessions', serve.url));
    expect(route.headers.get('cache-control')).toBe('no-cache');
  });
});
