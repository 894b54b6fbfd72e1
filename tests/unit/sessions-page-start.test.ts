/**
 * What the Sessions page asks for at start (issue 10.5): the requests sent before React renders
 * are answered once to the view that takes them (renderer/src/api/early-requests.ts), a failed one
 * reaches its taker and is not an unhandled rejection; the page's dates are formatted without Intl
 * (renderer/src/sessions/session-date.ts), in local time; and the renderer's hashed assets may be
 * cached by the browser while index.html is revalidated (src/host/browser-server.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CommandName, MyocueApi } from '../../src/host/contract';
import { clearEarly, earlyAnswered, fetchOrSendEarly, invokeOrTakeEarly, sendEarly, takeArrivedEarly, takeEarly } from '../../renderer/src/api/early-requests';
import { EarlyUnavailable, fetchEarly } from '../../renderer/src/api/early-fetch';
import { earlyCommandOf, isEarlyRoute } from '../../src/host/early-answers';
import { isOwnSiteFetch } from '../../src/host/request-guard';
import { formatSessionDateTime } from '../../renderer/src/sessions/session-date';
import { staticCacheControl } from '../../src/host/browser-server';

/** a fake host that counts the commands sent and answers each with its number */
function countingApi(fail: CommandName[] = []) {
  const sent: string[] = [];
  const api: MyocueApi = {
    invoke: ((command: CommandName) => {
      sent.push(command);
      return fail.includes(command) ? Promise.reject(new Error(`${command} refused`)) : Promise.resolve(sent.length);
    }) as MyocueApi['invoke'],
    subscribe: () => () => undefined,
  };
  return { api, sent };
}

afterEach(() => clearEarly());

describe('requests sent at page start', () => {
  it('are sent once and taken once; a later load asks the host again', async () => {
    const { api, sent } = countingApi();
    sendEarly(api, 'listSessions');
    sendEarly(api, 'listSessions'); // a second start (StrictMode) sends nothing more
    expect(sent).toEqual(['listSessions']);
    expect(await invokeOrTakeEarly(api, 'listSessions')).toBe(1);
    expect(sent).toEqual(['listSessions']);
    // taken: the next load (Refresh) is a new request
    expect(takeEarly('listSessions')).toBeNull();
    expect(await invokeOrTakeEarly(api, 'listSessions')).toBe(2);
    expect(sent).toEqual(['listSessions', 'listSessions']);
  });

  it('without one sent at start, the view asks the host itself', async () => {
    const { api, sent } = countingApi();
    expect(await invokeOrTakeEarly(api, 'listExercises')).toBe(1);
    expect(sent).toEqual(['listExercises']);
  });

  it('a refused early request reaches the view that takes it, and is no unhandled rejection before', async () => {
    const { api } = countingApi(['listSessions']);
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      sendEarly(api, 'listSessions');
      await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).toEqual([]);
      await expect(invokeOrTakeEarly(api, 'listSessions')).rejects.toThrow('listSessions refused');
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

/** a fetch that answers each path with what `answers` says (a status, a body, or a network error) */
function fakeFetch(answers: Record<string, { status: number; body: unknown } | 'network-error'>) {
  const asked: string[] = [];
  const fn = (async (url: string) => {
    asked.push(url);
    const a = answers[url];
    if (!a || a === 'network-error') throw new TypeError('Failed to fetch');
    return new Response(typeof a.body === 'string' ? a.body : JSON.stringify(a.body), { status: a.status, headers: { 'Content-Type': 'application/json' } });
  }) as unknown as typeof fetch;
  return { fn, asked };
}

describe('early answers over HTTP', () => {
  it('the page takes the host answer over HTTP and sends nothing over the socket', async () => {
    const { api, sent } = countingApi();
    const { fn, asked } = fakeFetch({ '/api/early/listSessions': { status: 200, body: { ok: true, result: ['s1'] } } });
    fetchOrSendEarly(api, 'listSessions', fn);
    fetchOrSendEarly(api, 'listSessions', fn); // once
    expect(await invokeOrTakeEarly(api, 'listSessions')).toEqual(['s1']);
    expect(asked).toEqual(['/api/early/listSessions']);
    expect(sent).toEqual([]);
  });

  it('falls back to the socket when the route gives no answer (404, network error, not an answer)', async () => {
    for (const a of [{ status: 404, body: 'not found' }, 'network-error' as const, { status: 200, body: '<html>' }, { status: 200, body: [1, 2] }]) {
      clearEarly();
      const { api, sent } = countingApi();
      fetchOrSendEarly(api, 'listExercises', fakeFetch({ '/api/early/listExercises': a }).fn);
      expect(await invokeOrTakeEarly(api, 'listExercises'), JSON.stringify(a)).toBe(1);
      expect(sent).toEqual(['listExercises']);
    }
  });

  it("a host that answered with an error is that error, in the host's words (not asked again)", async () => {
    const { api, sent } = countingApi();
    await expect(fetchEarly('listSessions', fakeFetch({ '/api/early/listSessions': { status: 200, body: { ok: false, error: 'data folder unreadable' } } }).fn)).rejects.toThrow('data folder unreadable');
    fetchOrSendEarly(api, 'listSessions', fakeFetch({ '/api/early/listSessions': { status: 200, body: { ok: false, error: 'data folder unreadable' } } }).fn);
    await expect(invokeOrTakeEarly(api, 'listSessions')).rejects.toThrow('data folder unreadable');
    expect(sent).toEqual([]);
    await expect(fetchEarly('listSessions', fakeFetch({}).fn)).rejects.toBeInstanceOf(EarlyUnavailable);
  });

  it('an answer that has arrived is taken by the first render, once; one still in flight is not', async () => {
    let release!: (v: unknown) => void;
    const slow: MyocueApi = { invoke: (() => new Promise<unknown>((r) => (release = r))) as MyocueApi['invoke'], subscribe: () => () => undefined };
    sendEarly(slow, 'listLifters');
    expect(takeArrivedEarly('listLifters')).toBeNull();
    release(7);
    await earlyAnswered(1000);
    expect(takeArrivedEarly('listLifters')).toEqual({ value: 7 });
    expect(takeArrivedEarly('listLifters')).toBeNull();
    expect(takeEarly('listLifters')).toBeNull();
  });

  it('the first render waits for the early answers at most its cap, and not at all without any', async () => {
    const never: MyocueApi = { invoke: (() => new Promise(() => undefined)) as MyocueApi['invoke'], subscribe: () => () => undefined };
    let t = performance.now();
    await earlyAnswered(5000);
    expect(performance.now() - t).toBeLessThan(1000);
    sendEarly(never, 'listSessions');
    t = performance.now();
    await earlyAnswered(30);
    expect(performance.now() - t).toBeGreaterThanOrEqual(25);
    expect(takeArrivedEarly('listSessions')).toBeNull();
  });

  it('the host answers early only its read-only commands, and only fetches of its own pages', () => {
    expect(isEarlyRoute('/api/early/listSessions')).toBe(true);
    expect(isEarlyRoute('/api/earlyx')).toBe(false);
    expect(isEarlyRoute(undefined)).toBe(false);
    expect(earlyCommandOf('/api/early/listSessions?x=1')).toBe('listSessions');
    for (const t of ['/api/early/deleteSession', '/api/early/', '/api/early/constructor', '/api/early/listSessions/', '/api/early/%6CistSessions']) expect(earlyCommandOf(t), t).toBeNull();
    expect(isOwnSiteFetch('same-origin', false)).toBe(true);
    expect(isOwnSiteFetch(undefined, false)).toBe(true);
    for (const s of ['cross-site', 'same-site', 'none']) expect(isOwnSiteFetch(s, false)).toBe(false);
  });
});

describe('the Sessions page dates', () => {
  it('read day, month, year and 24-hour time in local time, as Date reads them', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(Date.UTC(1990, 0, 1)), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true }), (d) => {
        const text = formatSessionDateTime(d.toISOString());
        const m = /^(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}), (\d{2}):(\d{2})$/.exec(text);
        expect(m, text).not.toBeNull();
        const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
        expect([Number(m![1]), months.indexOf(m![2]), Number(m![3]), Number(m![4]), Number(m![5])]).toEqual([d.getDate(), d.getMonth(), d.getFullYear(), d.getHours(), d.getMinutes()]);
      }),
    );
  });

  it('say so when there is no date, and keep an unreadable one as it is', () => {
    expect(formatSessionDateTime(null)).toBe('—');
    expect(formatSessionDateTime('')).toBe('—');
    expect(formatSessionDateTime('not a date')).toBe('not a date');
  });
});

describe("the renderer build's caching", () => {
  it("lets the browser keep the content-hashed assets and revalidates the rest", () => {
    expect(staticCacheControl('/assets/index-DJmLEaFJ.js')).toMatch(/immutable/);
    expect(staticCacheControl('/assets/index-D7qlDMke.css')).toMatch(/max-age=\d+/);
    for (const p of ['/index.html', '/', '/favicon.svg', '/sessions', '/assetsx.js']) expect(staticCacheControl(p)).toBe('no-cache');
  });
});
