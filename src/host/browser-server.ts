/**
 * The browser host: serves the built renderer over HTTP and the host contract over a WebSocket
 * (`/ws`, messages `ClientMessage` / `ServerMessage` from contract.ts). Binds 127.0.0.1 unless told
 * otherwise. When bound to a network address (a coach's TV or tablet), a random token is required
 * in the URL, and connections from other machines are read-only viewers; this machine keeps a
 * controller URL on 127.0.0.1 (a second listener on the same port when bound to one LAN address).
 *
 * Nothing a client sends may throw out of a handler: the request target, Host and Origin are
 * checked by request-guard.ts (pure, never throws), every handler body is guarded, and every
 * socket has an error listener. Slow clients are bounded by client-outbox.ts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { CommandName, EventName, HostStatus, LiveFrame, MyocueApi, ServerMessage } from './contract';
import { EVENT_NAMES, VIEWER_COMMAND_NAMES } from './contract';
import { validateCommand } from './command-validation';
import { controllerRefusal, isAllowedHost, isAllowedOrigin, parseRequestTarget, tokenMatches, type ControllerRule, type HostPolicy } from './request-guard';
import { ClientOutbox, DEFAULT_OUTBOX_LIMITS, type OutboxLimits, type OutboxStats } from './client-outbox';
import { securityHeaders } from './browser-csp';
import { viewerStatus } from './viewer-redaction';
import { isExportRoute, serveExportDownload } from './export-download';
import { LIVE_FRAME_PROTOCOL } from './live-frame-codec';
import { liveFrameBytes } from './live-frame-bytes';
import { earlyCommandOf, isEarlyRoute, type EarlyAnswer } from './early-answers';

export interface BrowserServerOptions {
  api: MyocueApi;
  /** folder with the built renderer (dist/renderer) */
  staticDir: string;
  /** default 127.0.0.1 */
  host?: string;
  /** default 5170; 0 picks a free port */
  port?: number;
  /** override the generated token (tests) */
  token?: string;
  /** per-client send limits (tests use small ones) */
  outboxLimits?: Partial<OutboxLimits>;
  /** most WebSocket clients at once (default 64) */
  maxClients?: number;
  /** which peers control the session (default: loopback addresses); tests stand in for a LAN peer */
  isLocalPeer?: (remoteAddress: string | undefined) => boolean;
  /** the data folder's exports/ (session-export.ts): served to the controller at /exports/<file> */
  exportsDir?: string;
}

export interface BrowserServer {
  /** the dashboard URL (with the token when one is needed) */
  url: string;
  /** when bound to a network address: the loopback URL that controls the session from this machine */
  localUrl: string | null;
  port: number;
  host: string;
  token: string | null;
  /** per connected client: its role and send queue (diagnostics, tests, the soak) */
  clientStats(): (OutboxStats & { role: ClientRole })[];
  close(): Promise<void>;
}

export type ClientRole = 'controller' | 'viewer';

/** Close code sent to a client without the link's token (4000-4999: application codes, RFC 6455 §7.4.2). */
export const CLOSE_TOKEN_REQUIRED = 4401;

/** Commands a read-only viewer (another device on the network) may send. */
const VIEWER_COMMANDS: ReadonlySet<CommandName> = new Set<CommandName>(VIEWER_COMMAND_NAMES);

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export function isLoopbackAddress(addr: string | undefined): boolean {
  if (!addr) return false;
  return addr === '::1' || addr.startsWith('127.') || addr.startsWith('::ffff:127.') || addr === 'localhost';
}

/** Binding to every address of the machine. */
export function isWildcardAddress(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

/**
 * The address other devices reach this server at: the bound address, or for a wildcard bind the
 * machine's first non-internal IPv4 address (0.0.0.0 in a URL does not reach it from a tablet).
 */
export function reachableAddress(host: string): string {
  if (!isWildcardAddress(host)) return host;
  const all = Object.values(networkInterfaces()).flatMap((list) => list ?? []);
  const v4 = all.find((i) => i.family === 'IPv4' && !i.internal);
  if (v4) return v4.address;
  const v6 = all.find((i) => i.family === 'IPv6' && !i.internal && !i.address.toLowerCase().startsWith('fe80'));
  return v6 ? v6.address : host;
}

/** A stand-in Host for the headers of refusals (the request's own Host was not acceptable). */
const REFUSAL_HOST = '127.0.0.1';

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const host = options.host ?? '127.0.0.1';
  const staticRoot = resolve(options.staticDir);
  if (!isFile(join(staticRoot, 'index.html'))) {
    throw new Error(`The dashboard is not built (${join(staticRoot, 'index.html')} is missing): run \`npm run build\`.`);
  }
  const networked = !isLoopbackAddress(host);
  const token = networked ? (options.token ?? randomBytes(16).toString('hex')) : null;
  const limits: OutboxLimits = { ...DEFAULT_OUTBOX_LIMITS, ...options.outboxLimits };
  const maxClients = options.maxClients ?? 64;

  // a page that names the binary live-frame subprotocol gets it; any other subprotocol is not ours
  // (none is chosen, and the browser then refuses the connection, as it should)
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20, handleProtocols: (offered) => (offered.has(LIVE_FRAME_PROTOCOL) ? LIVE_FRAME_PROTOCOL : false) });
  const clients = new Map<WebSocket, { role: ClientRole; outbox: ClientOutbox }>();
  const texts = new EventTexts();

  const onRequest = (policy: HostPolicy) => (req: IncomingMessage, res: ServerResponse) => {
    try {
      res.on('error', () => undefined);
      if (!isAllowedHost(req.headers.host, policy)) return refuseHttp(res, 403, 'Myocue answers only requests addressed to this machine.');
      if (isExportRoute(req.url)) return serveExport(req, res, policy);
      if (isEarlyRoute(req.url)) return serveEarly(req, res, policy);
      serveStatic(staticRoot, req, res);
    } catch {
      if (!res.headersSent) refuseHttp(res, 500, 'internal error');
      else res.destroy();
    }
  };

  // the one controller-only check (request-guard.ts); true when it has answered the refusal
  const refuseUnlessController = (req: IncomingMessage, res: ServerResponse, policy: HostPolicy, rule: Omit<ControllerRule, 'isLocalPeer'>): boolean => {
    const refusal = controllerRefusal(req, policy, { ...rule, isLocalPeer: options.isLocalPeer ?? isLoopbackAddress });
    if (refusal) refuseHttp(res, refusal.status, refusal.message);
    return refusal !== null;
  };

  // an exported session (export-download.ts): the controller's, as the commands that made it; a
  // download the browser may start by itself (an address typed, a link opened in a new tab)
  const serveExport = (req: IncomingMessage, res: ServerResponse, policy: HostPolicy) => {
    if (!options.exportsDir) return refuseHttp(res, 404, 'not found');
    if (refuseUnlessController(req, res, policy, { navigation: true, viewerMessage: 'Exported files are for the controller on this machine.' })) return;
    serveExportDownload(options.exportsDir, req, res, securityHeaders(req.headers.host ?? REFUSAL_HOST), refuseHttp).catch(() => (res.headersSent ? res.destroy() : refuseHttp(res, 500, 'internal error')));
  };

  // a read-only answer the Sessions page asks for before its socket is open (early-answers.ts)
  const serveEarly = (req: IncomingMessage, res: ServerResponse, policy: HostPolicy) => {
    if (req.method !== 'GET') return refuseHttp(res, 405, 'method not allowed');
    // an API the page's own script fetches: never a navigation
    if (refuseUnlessController(req, res, policy, { navigation: false, viewerMessage: 'Sessions are for the controller on this machine.' })) return;
    const command = earlyCommandOf(req.url ?? '');
    if (!command) return refuseHttp(res, 404, 'not found');
    const answer = (body: EarlyAnswer) => {
      if (res.destroyed) return;
      res.writeHead(200, { ...securityHeaders(req.headers.host ?? REFUSAL_HOST), 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    options.api.invoke(command, null).then(
      (result) => answer({ ok: true, result }),
      (err: unknown) => answer({ ok: false, error: err instanceof Error ? err.message : String(err) }),
    ).catch(() => res.destroy());
  };

  const onUpgrade = (policy: HostPolicy) => (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined);
    try {
      const target = parseRequestTarget(req.url);
      if (!target || target.pathname !== '/ws') return refuseUpgrade(socket, 404, 'Not Found');
      // DNS rebinding: an attacker's name pointed at this machine arrives with the attacker's Host
      if (!isAllowedHost(req.headers.host, policy)) return refuseUpgrade(socket, 403, 'Forbidden');
      // another web page in the user's browser must not drive the host (cross-site WebSocket)
      if (!isAllowedOrigin(req.headers.origin, req.headers.host, policy)) return refuseUpgrade(socket, 403, 'Forbidden');
      if (clients.size >= maxClients) return refuseUpgrade(socket, 503, 'Service Unavailable');
      const local = (options.isLocalPeer ?? isLoopbackAddress)(req.socket.remoteAddress);
      const authorised = local || tokenMatches(token, target.searchParams.get('token'));
      wss.handleUpgrade(req, socket, head, (ws) => {
        ws.on('error', () => undefined);
        // the page can read a close code, not an HTTP status: tell it the link lacks its token
        if (!authorised) return ws.close(CLOSE_TOKEN_REQUIRED, 'This link needs its token');
        attachClient(ws, local ? 'controller' : 'viewer');
      });
    } catch {
      socket.destroy();
    }
  };

  const attachClient = (ws: WebSocket, role: ClientRole) => {
    const outbox = new ClientOutbox(ws, limits);
    clients.set(ws, { role, outbox });
    const binaryFrames = ws.protocol === LIVE_FRAME_PROTOCOL;
    const offs = EVENT_NAMES.map((event: EventName) =>
      options.api.subscribe(event, (payload) => {
        try {
          outbox.sendEvent(event, binaryFrames && event === 'frame' ? liveFrameBytes.of(payload as LiveFrame) : texts.of(event, payload, role));
        } catch {
          // one client's trouble never reaches the host's event loop
        }
      }),
    );
    ws.on('close', () => {
      offs.forEach((off) => off());
      outbox.dispose();
      clients.delete(ws);
    });
    ws.on('message', (data, isBinary) => {
      void handleMessage(options.api, role, isBinary ? null : String(data)).then(
        (reply) => outbox.sendResult(JSON.stringify(reply)),
        () => undefined,
      );
    });
  };

  const servers: Server[] = [];
  const listenOn = async (address: string, port: number): Promise<number> => {
    const server = createServer();
    const policy: HostPolicy = { boundHost: address, port: 0 };
    server.on('request', onRequest(policy));
    server.on('upgrade', onUpgrade(policy));
    server.on('clientError', (_err, socket) => socket.destroy());
    await new Promise<void>((resolvePromise, rejectPromise) => {
      server.once('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'EADDRINUSE') rejectPromise(new Error(`Port ${port} on ${address} is in use: pass --port N (or 0 for any free port).`));
        else if (err.code === 'EADDRNOTAVAIL') rejectPromise(new Error(`Cannot listen on ${address}: this machine has no such address.`));
        else rejectPromise(err);
      });
      server.listen(port, address, () => resolvePromise());
    });
    server.on('error', () => undefined);
    policy.port = (server.address() as AddressInfo).port;
    servers.push(server);
    return policy.port;
  };

  const closeAll = () =>
    new Promise<void>((r) => {
      for (const c of clients.keys()) c.terminate();
      wss.close();
      let open = servers.length;
      if (open === 0) return r();
      for (const s of servers) {
        s.close(() => --open === 0 && r());
        s.closeAllConnections?.();
      }
    });

  const port = await listenOn(host, options.port ?? 5170);
  let localUrl: string | null = null;
  if (isWildcardAddress(host)) {
    localUrl = `http://${host.includes(':') ? '[::1]' : '127.0.0.1'}:${port}/`;
  } else if (networked) {
    // bound to one network address: this machine still needs a controller, on loopback
    try {
      await listenOn('127.0.0.1', port);
    } catch (err) {
      await closeAll();
      throw err;
    }
    localUrl = `http://127.0.0.1:${port}/`;
  }
  const reachable = reachableAddress(host);
  const shownHost = reachable.includes(':') ? `[${reachable}]` : reachable;
  const url = `http://${shownHost}:${port}/` + (token ? `?token=${token}` : '');

  return {
    url,
    localUrl,
    port,
    host,
    token,
    clientStats: () => [...clients.values()].map((c) => ({ role: c.role, ...c.outbox.snapshot() })),
    close: closeAll,
  };
}

/**
 * Serialises each event once per role, not once per client: 20 clients cost one JSON.stringify.
 * Payloads are fresh objects per emit, so a WeakMap keyed on them never serves a stale text.
 */
class EventTexts {
  private readonly byRole: Record<ClientRole, WeakMap<object, string>> = { controller: new WeakMap(), viewer: new WeakMap() };

  of(event: EventName, payload: unknown, role: ClientRole): string {
    const cache = this.byRole[role];
    const key = typeof payload === 'object' && payload !== null ? payload : null;
    const cached = key ? cache.get(key) : undefined;
    if (cached !== undefined) return cached;
    const shown = role === 'viewer' && event === 'status' && key ? viewerStatus(payload as HostStatus) : payload;
    const text = JSON.stringify({ type: 'event', event, payload: shown } satisfies ServerMessage);
    if (key) cache.set(key, text);
    return text;
  }
}

/** One WebSocket message in, one result out; never throws. */
async function handleMessage(api: MyocueApi, role: ClientRole, text: string | null): Promise<ServerMessage> {
  if (text === null) return { type: 'result', id: -1, ok: false, error: 'messages must be JSON text' };
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    return { type: 'result', id: -1, ok: false, error: 'message is not JSON' };
  }
  const m = (typeof msg === 'object' && msg !== null ? msg : {}) as Record<string, unknown>;
  const id = typeof m.id === 'number' && Number.isSafeInteger(m.id) ? m.id : -1;
  if (m.type !== 'invoke') return { type: 'result', id, ok: false, error: 'unknown message type' };
  const checked = validateCommand(m.command, m.arg);
  if (!checked.ok) return { type: 'result', id, ok: false, error: checked.error };
  if (role === 'viewer' && !VIEWER_COMMANDS.has(checked.command)) {
    return { type: 'result', id, ok: false, error: `${checked.command}: this is a read-only viewer` };
  }
  try {
    const result = await api.invoke(checked.command, checked.arg as never);
    const shown = role === 'viewer' && checked.command === 'getStatus' ? viewerStatus(result as HostStatus) : result;
    return { type: 'result', id, ok: true, result: shown };
  } catch (err) {
    return { type: 'result', id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') return refuseHttp(res, 405, 'method not allowed');
  const target = parseRequestTarget(req.url);
  if (!target) return refuseHttp(res, 400, 'bad request target');
  let pathname: string;
  try {
    pathname = decodeURIComponent(target.pathname);
  } catch {
    return refuseHttp(res, 400, 'bad request target');
  }
  if (pathname.includes('\u0000')) return refuseHttp(res, 400, 'bad request target');
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  const file = normalize(join(root, pathname));
  if (!file.startsWith(root + sep)) return refuseHttp(res, 403, 'forbidden');
  let path = file;
  if (!isFile(path)) {
    // client-side routes (/coach, /sessions) get the app
    if (extname(pathname) === '') path = join(root, 'index.html');
    else return refuseHttp(res, 404, 'not found');
  }
  const headers = {
    ...securityHeaders(req.headers.host ?? REFUSAL_HOST),
    'Content-Type': MIME[extname(path)] ?? 'application/octet-stream',
    // by the file served (its path in the build, '..' resolved), not by the URL as sent
    'Cache-Control': staticCacheControl(path.slice(root.length).split(sep).join('/')),
  };
  if (req.method === 'HEAD') return void res.writeHead(200, headers).end();
  const stream = createReadStream(path);
  // the file may vanish between the check and the read (a rebuild): an error, not a crash
  stream.once('error', () => (res.headersSent ? res.destroy() : refuseHttp(res, 404, 'not found')));
  stream.once('open', () => {
    res.writeHead(200, headers);
    stream.pipe(res);
  });
}

/**
 * The renderer build's assets/ are named by their content hash (Vite), so a browser may keep them:
 * a warm load then reads the bundle from its cache and Chromium reuses the compiled code (V8's code
 * cache needs a cached response; with `no-cache` and no validator every load fetched and compiled
 * the 270 kB bundle again, issue 10.5). index.html and everything else is revalidated, so a rebuild
 * (new hashes) is picked up on the next load.
 */
export function staticCacheControl(pathInBuild: string): string {
  return pathInBuild.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

function refuseHttp(res: ServerResponse, code: number, message: string): void {
  res.writeHead(code, { ...securityHeaders(REFUSAL_HOST), 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(message + '\n');
}

function refuseUpgrade(socket: Duplex, code: number, reason: string): void {
  if (!socket.writable) return void socket.destroy();
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${code} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  // a peer that never reads must not keep the socket
  setTimeout(() => socket.destroy(), 2000).unref();
}
