/**
 * renderer/public/early-start.js (the Sessions page's first fetches, sent while index.html is
 * parsed) is plain JavaScript outside the bundle: it must ask exactly when and what the bundle's
 * own rules say (route.ts, shared-api.ts's viewer rule, early-fetch.ts's canFetchEarly and request
 * options, the contract's early commands), and early-fetch.ts must take what it started.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { EARLY_COMMANDS, EARLY_ROUTE_PREFIX } from '../../src/host/contract';
import { routeFromHash } from '../../renderer/src/route';
import { urlIsViewer } from '../../renderer/src/api/shared-api';
import { EARLY_FETCHES_GLOBAL, EARLY_FETCH_INIT, EarlyUnavailable, canFetchEarly, fetchEarly } from '../../renderer/src/api/early-fetch';

const SCRIPT = readFileSync(join(__dirname, '../../renderer/public/early-start.js'), 'utf8');
const HTML = readFileSync(join(__dirname, '../../renderer/index.html'), 'utf8');

type Call = { url: string; init: RequestInit };

/** runs the script in a page at `href` and returns the fetches it made and what it left on window */
function runAt(href: string, opts: { bridge?: boolean; failing?: boolean } = {}) {
  const url = new URL(href);
  const calls: Call[] = [];
  const window: Record<string, unknown> = {
    location: { protocol: url.protocol, search: url.search, hash: url.hash },
    ...(opts.bridge ? { myocue: {} } : {}),
  };
  const fetch = (u: string, init: RequestInit) => {
    calls.push({ url: u, init });
    return opts.failing ? Promise.reject(new TypeError('Failed to fetch')) : Promise.resolve(new Response(JSON.stringify({ ok: true, result: u })));
  };
  runInNewContext(SCRIPT, { window, fetch, URLSearchParams });
  return { calls, window };
}

/** what the bundle's own rules say for the same page */
function bundleWouldAsk(href: string, bridge = false): boolean {
  const url = new URL(href);
  const g = globalThis as unknown as { window?: unknown };
  const before = g.window;
  g.window = { location: { protocol: url.protocol, search: url.search, hash: url.hash }, ...(bridge ? { myocue: {} } : {}) };
  try {
    return canFetchEarly() && routeFromHash(url.hash) === 'sessions' && !urlIsViewer();
  } finally {
    g.window = before;
  }
}

afterEach(() => {
  delete (globalThis as unknown as { window?: unknown }).window;
});

describe('renderer/public/early-start.js', () => {
  const pages = [
    'http://127.0.0.1:7000/#/sessions',
    'http://127.0.0.1:7000/#/sessions/',
    'https://myocue.local/#sessions',
    'http://127.0.0.1:7000/index.html#/sessions?x=1',
    'http://127.0.0.1:7000/#/',
    'http://127.0.0.1:7000/',
    'http://127.0.0.1:7000/#/coach',
    'http://127.0.0.1:7000/#/sessionsx',
    'http://192.168.1.4:7000/?token=abc#/sessions',
    'http://127.0.0.1:7000/#/sessions?viewer=1',
    'http://127.0.0.1:7000/?viewer#/sessions',
    'file:///opt/myocue/index.html#/sessions',
    'app://myocue/index.html#/sessions',
  ];

  it.each(pages)('asks at %s exactly when the bundle would', (href) => {
    const { calls } = runAt(href);
    expect(calls.length > 0).toBe(bundleWouldAsk(href));
  });

  it('asks nothing in the desktop app (the Electron bridge is there)', () => {
    expect(runAt('http://127.0.0.1:7000/#/sessions', { bridge: true }).calls).toHaveLength(0);
    expect(bundleWouldAsk('http://127.0.0.1:7000/#/sessions', true)).toBe(false);
  });

  it("asks for the contract's early commands, at the early route, with the bundle's request options", () => {
    const { calls, window } = runAt('http://127.0.0.1:7000/#/sessions');
    expect(calls.map((c) => c.url)).toEqual(EARLY_COMMANDS.map((c) => EARLY_ROUTE_PREFIX + c));
    for (const c of calls) expect(c.init).toEqual(EARLY_FETCH_INIT);
    expect(Object.keys(window[EARLY_FETCHES_GLOBAL] as object)).toEqual([...EARLY_COMMANDS]);
  });

  it('leaves no unhandled rejection when the network fails', async () => {
    const unhandled: unknown[] = [];
    const on = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', on);
    try {
      runAt('http://127.0.0.1:7000/#/sessions', { failing: true });
      await new Promise((r) => setTimeout(r, 20));
    } finally {
      process.off('unhandledRejection', on);
    }
    expect(unhandled).toEqual([]);
  });

  it("is in index.html as a classic script in the body (the head's bundle and styles are requested first)", () => {
    const early = HTML.indexOf('<script src="./early-start.js"></script>');
    expect(early).toBeGreaterThan(HTML.indexOf('<body>'));
    expect(early).toBeLessThan(HTML.indexOf('</body>'));
  });
});

describe('fetchEarly takes what early-start.js started', () => {
  it('reads the started response once, then fetches itself', async () => {
    const { window } = runAt('http://127.0.0.1:7000/#/sessions');
    (globalThis as unknown as { window: unknown }).window = window;
    const own: string[] = [];
    const fetchFn = (async (u: string) => {
      own.push(u);
      return new Response(JSON.stringify({ ok: true, result: 'own' }));
    }) as unknown as typeof fetch;
    expect(await fetchEarly('listSessions', fetchFn)).toBe(EARLY_ROUTE_PREFIX + 'listSessions');
    expect(own).toEqual([]);
    expect(await fetchEarly('listSessions', fetchFn)).toBe('own');
    expect(own).toEqual([EARLY_ROUTE_PREFIX + 'listSessions']);
  });

  it('a started fetch that failed is the route unavailable (the socket is asked instead)', async () => {
    const { window } = runAt('http://127.0.0.1:7000/#/sessions', { failing: true });
    (globalThis as unknown as { window: unknown }).window = window;
    await expect(fetchEarly('listLifters', (() => Promise.reject(new Error('not used'))) as unknown as typeof fetch)).rejects.toBeInstanceOf(EarlyUnavailable);
  });
});
