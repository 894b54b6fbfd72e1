/**
 * Who may talk to the browser host: the checks every HTTP request and WebSocket upgrade passes
 * before anything else looks at it. Pure functions of the request's strings (never throw), so the
 * rules are unit-tested and a malformed request can only ever be refused.
 *
 * - The request target must be origin-form (`/path?query`, RFC 9112 §3.2.1). `//[`, `//a:99999/ws`,
 *   `http://[` are refused here; they used to reach `new URL()` and throw out of the handler.
 * - DNS rebinding (an attacker's name re-pointed at 127.0.0.1) is stopped by the Host header: only
 *   names of this machine are accepted (loopback names and addresses, the bound address, the
 *   machine's own interface addresses for a wildcard bind), on the bound port. A page of another
 *   site sends its own Origin; it must name an accepted host too, the same one as Host.
 * - The token is compared in constant time on fixed-length digests (timingSafeEqual on the raw
 *   strings threw for multibyte input of equal character but unequal byte length).
 * - A controller-only route (exported files, the Sessions page's early answers) is refused by one
 *   rule, controllerRefusal(), so that a new route cannot check less than the others do.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { networkInterfaces } from 'node:os';

/** The parts of a request target we use, or null when it is not a plain `/path?query`. */
export interface RequestTarget {
  pathname: string;
  searchParams: URLSearchParams;
}

/** Longest request target we look at (Node's header limit is 16 KB anyway). */
const MAX_TARGET_LENGTH = 8192;

export function parseRequestTarget(target: string | undefined): RequestTarget | null {
  if (typeof target !== 'string' || target.length === 0 || target.length > MAX_TARGET_LENGTH) return null;
  // origin-form only: one leading slash; `//x` would be read as a host by URL parsers
  if (target[0] !== '/' || target[1] === '/' || target[1] === '\\') return null;
  try {
    const url = new URL(target, 'http://myocue.invalid');
    if (url.host !== 'myocue.invalid') return null;
    return { pathname: url.pathname, searchParams: url.searchParams };
  } catch {
    return null;
  }
}

/** `name[:port]` of a Host header or an origin, lower-cased, IPv6 without brackets. */
export function splitHostPort(value: string): { hostname: string; port: number | null } | null {
  if (value.length === 0 || value.length > 300 || /[\s/@?#\\]/.test(value)) return null;
  let hostname: string;
  let portText: string | undefined;
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    if (end < 0) return null;
    hostname = value.slice(1, end);
    const rest = value.slice(end + 1);
    if (rest !== '' && !rest.startsWith(':')) return null;
    portText = rest === '' ? undefined : rest.slice(1);
  } else {
    const parts = value.split(':');
    if (parts.length > 2) return null;
    hostname = parts[0];
    portText = parts[1];
  }
  if (hostname === '') return null;
  let port: number | null = null;
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText)) return null;
    port = Number(portText);
    if (port > 65535) return null;
  }
  return { hostname: hostname.toLowerCase().replace(/\.$/, ''), port };
}

export function isLoopbackName(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || /^::ffff:127\./.test(h);
}

/** The addresses of this machine's interfaces, lower-cased (IPv6 without zone). */
export function machineAddresses(): string[] {
  try {
    return Object.values(networkInterfaces())
      .flatMap((list) => list ?? [])
      .map((i) => i.address.toLowerCase().replace(/%.*$/, ''));
  } catch {
    return [];
  }
}

export interface HostPolicy {
  /** the address the server listens on (may be a wildcard) */
  boundHost: string;
  port: number;
  /** the machine's own addresses (machineAddresses(); injectable for tests) */
  addresses?: () => string[];
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

/** True when the Host header (or an origin's host) names this machine on our port. */
export function isAllowedHost(value: string | undefined, policy: HostPolicy): boolean {
  if (typeof value !== 'string') return false;
  const hp = splitHostPort(value);
  if (!hp) return false;
  const port = hp.port ?? 80;
  if (port !== policy.port) return false;
  if (isLoopbackName(hp.hostname)) return true;
  const bound = policy.boundHost.toLowerCase().replace(/^\[|\]$/g, '');
  if (hp.hostname === bound && !isWildcard(policy.boundHost)) return true;
  if (isWildcard(policy.boundHost)) return (policy.addresses ?? machineAddresses)().includes(hp.hostname);
  return false;
}

/**
 * An Origin header is fine when absent (not a browser: browsers always send one on a WebSocket
 * upgrade), or an http(s) origin whose host is the very Host the request was sent to.
 */
export function isAllowedOrigin(origin: string | undefined, hostHeader: string | undefined, policy: HostPolicy): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (hostHeader === undefined || url.host.toLowerCase() !== hostHeader.toLowerCase()) return false;
  return isAllowedHost(url.host, policy);
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** Constant-time token check; any string (multibyte, huge, empty) is just "wrong". */
export function tokenMatches(expected: string | null, given: string | null | undefined): boolean {
  if (expected === null) return true;
  if (typeof given !== 'string' || given.length === 0 || given.length > 1024) return false;
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Sec-Fetch-Site values of a request the app's own page made (Fetch Metadata, W3C): `same-origin`,
 * or absent (a client that does not send it: curl, an older browser; Origin and the peer are still
 * checked). `none` is a request the user started (an address typed, a bookmark, a download link
 * opened in a new tab): allowed only on a route the browser may navigate to (`navigation`).
 * `same-site` and `cross-site` are another site's page (another port of localhost is same-site).
 */
export function isOwnSiteFetch(secFetchSite: string | string[] | undefined, navigation: boolean): boolean {
  if (secFetchSite === undefined || secFetchSite === 'same-origin') return true;
  return navigation && secFetchSite === 'none';
}

/** What a controller-only route looks at: the request's headers and the peer's address (an IncomingMessage is one). */
export interface GuardedRequest {
  headers: { host?: string; origin?: string; 'sec-fetch-site'?: string | string[] };
  socket: { remoteAddress?: string };
}

export interface ControllerRule {
  /** the browser may open the route by itself (Sec-Fetch-Site `none`): a file download, not an API */
  navigation: boolean;
  /** which peers control the session (the browser host's loopback test; injectable for tests) */
  isLocalPeer: (remoteAddress: string | undefined) => boolean;
  /** what a viewer on the network is told */
  viewerMessage: string;
}

export interface Refusal {
  status: 403;
  message: string;
}

/**
 * Why a request to a controller-only route is refused, or null when it is the controller's:
 * addressed to this machine (Host; Origin, when sent, the same host), not started by another site
 * (Sec-Fetch-Site, see isOwnSiteFetch), and from the controller's own machine (the peer address:
 * a viewer on the network is refused with or without the link's token).
 */
export function controllerRefusal(req: GuardedRequest, policy: HostPolicy, rule: ControllerRule): Refusal | null {
  const { host, origin } = req.headers;
  if (!isAllowedHost(host, policy) || !isAllowedOrigin(origin, host, policy)) return { status: 403, message: 'forbidden' };
  if (!isOwnSiteFetch(req.headers['sec-fetch-site'], rule.navigation)) return { status: 403, message: 'forbidden' };
  if (!rule.isLocalPeer(req.socket.remoteAddress)) return { status: 403, message: rule.viewerMessage };
  return null;
}
