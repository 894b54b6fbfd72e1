/**
 * A fake Myocue host for renderer end-to-end tests: node http serving a built renderer, and a `ws`
 * WebSocket on /ws speaking the wire protocol of src/host/contract.ts. The test hands in the
 * status and training payloads, handlers for the commands it needs (getStatus and getTraining are
 * answered by default, anything else is an error) and an optional synthetic live-frame stream.
 */
import { createServer, type Server } from 'node:http';
import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { WebSocketServer, type WebSocket } from 'ws';
import { EARLY_COMMANDS, EARLY_ROUTE_PREFIX, type ClientMessage, type CommandName, type Commands, type EarlyAnswer, type EarlyCommand, type HostStatus, type LiveFrame, type ServerMessage, type TrainingState } from '../../src/host/contract';
import { launchChromium, REPO_ROOT } from './browser';

/** MYOCUE_RENDERER_DIST: serve an already built renderer instead of building one */
const PREBUILT = process.env.MYOCUE_RENDERER_DIST;

export interface RendererDist {
  dir: string;
  /** removes a temporary build; nothing otherwise */
  cleanup(): void;
}

/**
 * The renderer to serve: MYOCUE_RENDERER_DIST if set, else built here (the renderer alone: the
 * whole build may fail while other parts of the app are being written) into a fresh temporary
 * directory (`tempPrefix` names it), never into dist/renderer: the other e2e tests serve that
 * one, and a build here used to replace it mid-run.
 *
 * NODE_ENV=production for the build: vitest sets NODE_ENV=test, a child Vite inherits it, and
 * any NODE_ENV but production makes React's development build (StrictMode then mounts every
 * effect twice, and the page runs several times slower), which the later e2e tests then served.
 */
export function buildRenderer(opts: { tempPrefix?: string } = {}): RendererDist {
  if (PREBUILT) return { dir: resolve(PREBUILT), cleanup: () => {} };
  const vite = resolve(REPO_ROOT, 'node_modules/vite/bin/vite.js');
  const dir = mkdtempSync(join(tmpdir(), opts.tempPrefix ?? 'myocue-renderer-'));
  const args = ['build', '--config', 'renderer/vite.config.ts', '--outDir', dir, '--emptyOutDir'];
  execFileSync(process.execPath, [vite, ...args, '--logLevel', 'error'], { cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  const assets = join(dir, 'assets');
  for (const f of readdirSync(assets)) {
    if (f.endsWith('.js') && readFileSync(join(assets, f), 'utf8').includes('React DevTools for a better development experience')) {
      throw new Error(`the renderer in ${dir} was built with React's development build (NODE_ENV ${process.env.NODE_ENV ?? 'unset'}): the tests must serve what users get`);
    }
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export type HostEvent = 'frame' | 'status' | 'training';

/** a test's answers to commands, by name: the result is sent after anything the handler broadcasts */
export type CommandHandlers = { [K in CommandName]?: (arg: Commands[K]['arg'], host: FakeHost) => Commands[K]['result'] };

export interface FrameStream {
  channels: number;
  displayRateHz: number;
  /** a frame every so many ms, of displayRateHz * frameMs / 1000 points */
  frameMs: number;
  /** [raw, envelope] of channel `c` at time `ts` (s) */
  sample(c: number, ts: number): [number, number];
  /** after each frame is pushed; `sent` frames so far */
  afterFrame?(sent: number, host: FakeHost): void;
}

export interface FakeHostOptions {
  /** the built renderer to serve */
  dist: string;
  status: HostStatus;
  training: TrainingState;
  /** on top of the defaults (getStatus, getTraining); any other command gets an error reply */
  commands?: CommandHandlers;
  stream?: FrameStream;
}

export interface FakeHost {
  url: string;
  status: HostStatus;
  training: TrainingState;
  /** every command received, in order */
  commands: { command: string; arg: unknown }[];
  /** query strings of the WebSocket upgrades so far */
  upgrades: string[];
  /** an event to every open socket */
  broadcast(event: HostEvent, payload: unknown): void;
  /** the training state to every open socket */
  push(): void;
  /** stops the stream (no more frames until `resumeStream()`) */
  pauseStream(): void;
  /** the stream time of the last point sent, s (NaN before the first) */
  streamTime(): number;
  resumeStream(): void;
  /** drops every socket and refuses new ones until `accept()` */
  drop(): void;
  accept(): void;
  clients(): number;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

export async function startFakeHost(opts: FakeHostOptions): Promise<FakeHost> {
  const dist = resolve(opts.dist);
  const { status, training } = opts;
  let down = false;
  const sockets = new Set<WebSocket>();
  const commands: { command: string; arg: unknown }[] = [];
  const upgrades: string[] = [];
  const handlers: CommandHandlers = { getStatus: () => status, getTraining: () => training, ...opts.commands };

  const server: Server = createServer((req, res) => {
    let pathname = new URL(req.url ?? '/', 'http://x').pathname;
    // the browser host's read-only answers over plain HTTP (src/host/early-answers.ts), from the same handlers
    if (pathname.startsWith(EARLY_ROUTE_PREFIX)) {
      const command = pathname.slice(EARLY_ROUTE_PREFIX.length);
      if (!(EARLY_COMMANDS as readonly string[]).includes(command)) return void res.writeHead(404).end();
      commands.push({ command, arg: null });
      const handle = handlers[command as EarlyCommand] as ((arg: unknown, host: FakeHost) => unknown) | undefined;
      const body: EarlyAnswer = handle ? { ok: true, result: handle(null, host) } : { ok: false, error: `${command}: not in the fake host` };
      return void res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    }
    if (pathname === '/') pathname = '/index.html';
    const file = normalize(join(dist, pathname));
    if (!file.startsWith(dist + sep) || !existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  const broadcast = (event: HostEvent, payload: unknown) => {
    const text = JSON.stringify({ type: 'event', event, payload } satisfies ServerMessage);
    for (const s of sockets) if (s.readyState === s.OPEN) s.send(text);
  };

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (down || url.pathname !== '/ws') return void socket.destroy();
    upgrades.push(url.search);
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as ClientMessage;
        commands.push({ command: msg.command, arg: msg.arg });
        const reply = (m: ServerMessage) => ws.send(JSON.stringify(m));
        const handle = handlers[msg.command] as ((arg: unknown, host: FakeHost) => unknown) | undefined;
        if (!handle) return reply({ type: 'result', id: msg.id, ok: false, error: `${msg.command}: not in the fake host` });
        reply({ type: 'result', id: msg.id, ok: true, result: handle(msg.arg, host) });
      });
    });
  });

  let timer: ReturnType<typeof setInterval> | undefined;
  const host: FakeHost = {
    url: '', // once listening
    status,
    training,
    commands,
    upgrades,
    broadcast,
    push: () => broadcast('training', training),
    drop() {
      down = true;
      for (const s of sockets) s.terminate();
    },
    accept() {
      down = false;
    },
    pauseStream() {
      streamPaused = true;
    },
    streamTime: () => lastPointT,
    resumeStream() {
      streamPaused = false;
    },
    clients: () => sockets.size,
    close: () =>
      new Promise<void>((r) => {
        if (timer) clearInterval(timer);
        for (const s of sockets) s.terminate();
        wss.close();
        server.close(() => r());
        server.closeAllConnections();
      }),
  };

  const stream = opts.stream;
  let streamPaused = false;
  let lastPointT = Number.NaN;
  if (stream) {
    const { channels, displayRateHz, frameMs } = stream;
    let seq = 0;
    let t = 0;
    const n = Math.round((displayRateHz * frameMs) / 1000);
    timer = setInterval(() => {
      if (streamPaused) return;
      const raw: number[][] = [];
      const envelope: number[][] = [];
      for (let c = 0; c < channels; c++) {
        const r: number[] = [];
        const e: number[] = [];
        for (let i = 0; i < n; i++) {
          const [rv, ev] = stream.sample(c, t + i / displayRateHz);
          r.push(rv);
          e.push(ev);
        }
        raw.push(r);
        envelope.push(e);
      }
      const frame: LiveFrame = { seq: seq++, t0: t, displayRateHz, channelCount: channels, pointCount: n, raw, envelope, receivedAtMs: performance.now() };
      lastPointT = t + (n - 1) / displayRateHz;
      t += n / displayRateHz;
      broadcast('frame', frame);
      stream.afterFrame?.(seq, host);
    }, frameMs);
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  host.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return host;
}

/**
 * A suite's setup: before all its tests, the renderer (see buildRenderer, `tempPrefix`), Chromium
 * and the host `start` makes, handed to `ready`; after them all closed and a temporary build removed.
 */
export function withRendererHost(
  opts: { start(dist: string): Promise<FakeHost>; tempPrefix?: string },
  ready: (suite: { browser: Browser; host: FakeHost }) => void,
): void {
  let dist: RendererDist | undefined;
  let browser: Browser | undefined;
  let host: FakeHost | undefined;
  beforeAll(async () => {
    dist = buildRenderer({ tempPrefix: opts.tempPrefix });
    browser = await launchChromium();
    host = await opts.start(dist.dir);
    ready({ browser, host });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    dist?.cleanup();
  });
}
