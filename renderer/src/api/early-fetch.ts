/**
 * The Sessions page's first answers over plain HTTP (`GET /api/early/<command>`, served by the
 * browser host: src/host/early-answers.ts). A fetch leaves at once, while the WebSocket's `open`
 * event waits for the main thread, which is evaluating the bundle and rendering the first frame
 * (issue 10.5: the listing of 1,000 sessions arrived ~200 ms later over the socket).
 *
 * The fetches usually left before the bundle ran: renderer/public/early-start.js, a classic script
 * in index.html's head, starts them while the HTML is parsed and leaves their responses in
 * `window.__myocueEarlyFetches` (EARLY_FETCHES_GLOBAL); `fetchEarly` takes the one started for its
 * command (once) and fetches itself only when none was.
 *
 * Only where the page is served by the browser host (http/https, no Electron bridge). When the
 * route is not there (an older host, a dev server) or the network fails, the caller asks over the
 * socket instead (`EarlyUnavailable`); a host that answered with an error is that error.
 */
import { EARLY_ROUTE_PREFIX, type Commands, type EarlyAnswer, type EarlyCommand } from '../../../src/host/contract';

export const EARLY_PATH = EARLY_ROUTE_PREFIX;

/** where renderer/public/early-start.js leaves the responses it asked for, by command */
export const EARLY_FETCHES_GLOBAL = '__myocueEarlyFetches';

/** the request options of every early fetch (early-start.js sends the same) */
export const EARLY_FETCH_INIT: RequestInit = { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } };

declare global {
  interface Window {
    /** set by renderer/public/early-start.js: the early fetches it started, by command */
    [EARLY_FETCHES_GLOBAL]?: Partial<Record<string, Promise<Response>>>;
  }
}

/** The response early-start.js asked for `command`, once (then it is forgotten); null when none was started. */
export function takeStartedFetch(command: EarlyCommand): Promise<Response> | null {
  if (typeof window === 'undefined') return null;
  const started = window[EARLY_FETCHES_GLOBAL];
  const response = started?.[command];
  if (!started || !response) return null;
  delete started[command];
  return response;
}

/** the early route did not answer: ask over the socket */
export class EarlyUnavailable extends Error {}

/** true where the page came from the browser host (not Electron's bridge, not a file) */
export function canFetchEarly(): boolean {
  if (typeof window === 'undefined' || window.myocue || typeof fetch !== 'function') return false;
  return window.location.protocol === 'http:' || window.location.protocol === 'https:';
}

/** The host's answer to `command`, or EarlyUnavailable when the route gave none. */
export async function fetchEarly<K extends EarlyCommand>(command: K, fetchFn: typeof fetch = fetch): Promise<Commands[K]['result']> {
  let body: EarlyAnswer;
  try {
    const res = await (takeStartedFetch(command) ?? fetchFn(EARLY_PATH + command, EARLY_FETCH_INIT));
    if (!res.ok) throw new EarlyUnavailable(`HTTP ${res.status}`);
    body = (await res.json()) as EarlyAnswer;
  } catch (e) {
    throw e instanceof EarlyUnavailable ? e : new EarlyUnavailable(e instanceof Error ? e.message : String(e));
  }
  if (typeof body !== 'object' || body === null || typeof body.ok !== 'boolean') throw new EarlyUnavailable('not an early answer');
  if (!body.ok) throw new Error(String(body.error));
  return body.result as Commands[K]['result'];
}
