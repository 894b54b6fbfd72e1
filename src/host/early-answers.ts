/**
 * `GET /api/early/<command>` on the browser host: the answers the Sessions page's first render
 * needs (the lifters, the exercise names, the session listing), asked for over plain HTTP while
 * the page's script is still being evaluated (renderer/src/api/page-start.ts).
 *
 * Why not the WebSocket: the socket's `open` event is dispatched on the page's main thread, which
 * is busy evaluating the bundle and rendering the first frame, so a request over the socket left
 * ~200 ms later than the page asked for it and the listing arrived after the first render (issue
 * 10.5, Sessions page with 1,000 sessions; Chromium trace on the bench). A fetch is sent at once.
 *
 * Who may ask: request-guard.ts's controllerRefusal, the rule of `/exports/` too: a request
 * addressed to this machine (Host, and Origin when sent), not started by another site
 * (Sec-Fetch-Site), from the controller (this machine's loopback). Unlike a download it is never a
 * navigation (Sec-Fetch-Site `none` is refused). Viewers on the network get 403: they are shown no
 * sessions. Only commands that read and take no argument are answered; the body is the WebSocket's result without its id,
 * `{ ok: true, result }` or `{ ok: false, error }` (the host's own words).
 */
import { EARLY_COMMANDS, EARLY_ROUTE_PREFIX, type EarlyCommand } from './contract';

export { EARLY_COMMANDS, EARLY_ROUTE_PREFIX, type EarlyAnswer, type EarlyCommand } from './contract';

/** Is this raw request target for the route? */
export function isEarlyRoute(rawTarget: string | undefined): boolean {
  return typeof rawTarget === 'string' && rawTarget.startsWith(EARLY_ROUTE_PREFIX);
}

/** The command a raw target `/api/early/<command>[?query]` asks for, or null when it is not one answered early. */
export function earlyCommandOf(rawTarget: string): EarlyCommand | null {
  const name = rawTarget.slice(EARLY_ROUTE_PREFIX.length).split(/[?#]/)[0];
  return (EARLY_COMMANDS as readonly string[]).includes(name) ? (name as EarlyCommand) : null;
}
