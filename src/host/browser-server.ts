/**
 * The browser host: serves the built renderer over HTTP and the host contract over a WebSocket
 * (`/ws`, messages `ClientMessage` / `ServerMessage` from contract.ts). Binds 127.0.0.1 unless told
 * otherwise. When bound to a network address (a coach's TV or tablet), a random token is required
 * in the URL, and connections from other machines are read-only viewers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ClientMessage, CommandName, EventName, MyocueApi, ServerMessage } from './contract';
import { EVENT_NAMES, VIEWER_COMMAND_NAMES } from './contract';
import { validateCommand } from './command-validation';

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
}

export interface BrowserServer {
  /** the dashboard URL (with the token when one is needed) */
  url: string;
  /** set when bound to every address (0.0.0.0, ::): the loopback URL that controls the session from this machine */
  localUrl: string | null;
  port: number;
  host: string;
  token: string | null;
  close(): Promise<void>;
}

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

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const host = options.host ?? '127.0.0.1';
  const staticRoot = resolve(options.staticDir);
  if (!existsSync(join(staticRoot, 'index.html'))) {
    throw new Error(`The dashboard is not built (${join(staticRoot, 'index.html')} is missing): run \`npm run build\`.`);
  }
  const networked = !isLoopbackAddress(host);
  const token = networked ? (options.token ?? randomBytes(16).toString('hex')) : null;

  const server: Server = createServer((req, res) => serveStatic(staticRoot, req, res));
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/ws') return socket.destroy();
    const remote = req.socket.remoteAddress;
    const local = isLoopbackAddress(remote);
    // another web page in the user's browser must not drive the host (cross-site WebSocket)
    const origin = req.headers.origin;
    if (origin && !sameOrigin(origin, req.headers.host)) return reject(socket, 403, 'cross-origin connection refused');
    if (!local && !tokenMatches(token, url.searchParams.get('token'))) return reject(socket, 401, 'token required');
    wss.handleUpgrade(req, socket, head, (ws) => attachClient(ws, options.api, local ? 'controller' : 'viewer'));
  });

  await new Promise<void>((resolvePromise, rejectPromise) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') rejectPromise(new Error(`Port ${options.port ?? 5170} on ${host} is in use: pass --port N (or 0 for any free port).`));
      else if (err.code === 'EADDRNOTAVAIL') rejectPromise(new Error(`Cannot listen on ${host}: this machine has no such address.`));
      else rejectPromise(err);
    });
    server.listen(options.port ?? 5170, host, () => resolvePromise());
  });
  const port = (server.address() as AddressInfo).port;
  const reachable = reachableAddress(host);
  const shownHost = reachable.includes(':') ? `[${reachable}]` : reachable;
  const url = `http://${shownHost}:${port}/` + (token ? `?token=${token}` : '');
  const localUrl = isWildcardAddress(host) ? `http://${host.includes(':') ? '[::1]' : '127.0.0.1'}:${port}/` : null;

  return {
    url,
    localUrl,
    port,
    host,
    token,
    close: () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.close(() => r());
        server.closeAllConnections?.();
      }),
  };
}

function attachClient(ws: WebSocket, api: MyocueApi, role: 'controller' | 'viewer'): void {
  const send = (msg: ServerMessage) => {
    // a slow client (a TV on weak Wi-Fi) must not make the host buffer without bound:
    // drop live frames while more than 4 MB are queued; results and status always go out
    if (msg.type === 'event' && msg.event === 'frame' && ws.bufferedAmount > 4 * 1024 * 1024) return;
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  };
  // a viewer's status says so, so its page hides the controls
  const mark = (event: string, payload: unknown) =>
    role === 'viewer' && event === 'status' && payload && typeof payload === 'object' ? { ...payload, viewer: true } : payload;
  const offs = EVENT_NAMES.map((event: EventName) => api.subscribe(event, (payload) => send({ type: 'event', event, payload: mark(event, payload) })));
  ws.on('close', () => offs.forEach((off) => off()));
  ws.on('error', () => undefined);
  ws.on('message', async (data) => {
    let msg: ClientMessage;
    try {
      msg = JSON.parse(String(data)) as ClientMessage;
    } catch {
      return send({ type: 'result', id: -1, ok: false, error: 'message is not JSON' });
    }
    const id = typeof msg?.id === 'number' ? msg.id : -1;
    if (msg?.type !== 'invoke') return send({ type: 'result', id, ok: false, error: 'unknown message type' });
    const checked = validateCommand(msg.command, msg.arg);
    if (!checked.ok) return send({ type: 'result', id, ok: false, error: checked.error });
    if (role === 'viewer' && !VIEWER_COMMANDS.has(checked.command)) {
      return send({ type: 'result', id, ok: false, error: `${checked.command}: this is a read-only viewer` });
    }
    try {
      const result = await api.invoke(checked.command, checked.arg as never);
      send({ type: 'result', id, ok: true, result: checked.command === 'getStatus' ? mark('status', result) : result });
    } catch (err) {
      send({ type: 'result', id, ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  });
}

function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405).end();
    return;
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    res.writeHead(400).end('bad url');
    return;
  }
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  const file = normalize(join(root, pathname));
  if (!file.startsWith(root + sep)) {
    res.writeHead(403).end();
    return;
  }
  let target = file;
  if (!existsSync(target) || !statSync(target).isFile()) {
    // client-side routes (/coach, /sessions) get the app
    if (extname(pathname) === '') target = join(root, 'index.html');
    else {
      res.writeHead(404).end('not found');
      return;
    }
  }
  res.writeHead(200, {
    'Content-Type': MIME[extname(target)] ?? 'application/octet-stream',
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(target).pipe(res);
}

function sameOrigin(origin: string, hostHeader: string | undefined): boolean {
  try {
    return new URL(origin).host === hostHeader;
  } catch {
    return false;
  }
}

function tokenMatches(expected: string | null, given: string | null): boolean {
  if (!expected) return true;
  if (!given || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

function reject(socket: import('node:stream').Duplex, code: number, message: string): void {
  socket.write(`HTTP/1.1 ${code} ${message}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}
