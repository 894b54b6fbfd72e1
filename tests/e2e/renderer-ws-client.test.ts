/**
 * The renderer's WebSocket client against a tiny fake host in this test (node http + ws, the wire
 * protocol of contract.ts), in Debian Chromium: status fields render, the live envelopes move,
 * the connection-lost banner comes and goes with the socket, and the draw time per animation frame
 * stays small with 8 channels streaming.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createServer, type Server } from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ClientMessage, Commands, HostStatus, LiveFrame, ServerMessage, TrainingState } from '../../src/host/contract';
import { launchChromium, percentile, REPO_ROOT, screenshotDir } from '../helpers/browser';

/** MYOCUE_RENDERER_DIST: serve an already built renderer instead of building it here */
const PREBUILT = process.env.MYOCUE_RENDERER_DIST;
const DIST = resolve(PREBUILT ?? resolve(REPO_ROOT, 'dist/renderer'));
const CHANNELS = 8;
const DISPLAY_HZ = 200;
const FRAME_MS = 25;

function buildRenderer(): void {
  if (PREBUILT) return;
  // the renderer alone: the whole build may fail while other parts of the app are being written
  execFileSync(process.execPath, [resolve(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'error'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
}

function fakeStatus(): HostStatus {
  return {
    device: {
      spec: { kind: 'sim' },
      state: 'streaming',
      info: {
        deviceId: 'sim',
        firmware: 'fake-host',
        sampleRateHz: 2000,
        channelCount: CHANNELS,
        adcBits: 24,
        microvoltsPerCount: 0.1,
        channelLabels: Array.from({ length: CHANNELS }, (_, c) => `ch${c + 1}`),
      },
    },
    counters: { linesOk: 1000, linesLost: 3, linesCorrupt: 1, bytesDiscarded: 0, gaps: 1, samplesMissing: 3 },
    dsp: { highpassHz: 20, lowpassHz: 450, mains: 50, notchQ: 30, rmsWindowMs: 100, effectiveLowpassHz: 450, warnings: ['Fake host: this warning is a test.'] },
    displayRateHz: DISPLAY_HZ,
    recording: { active: true, sessionId: 's1', path: '/tmp/s1.bdf', durationS: 754 },
  };
}

function fakeTraining(): TrainingState {
  return {
    setup: { exerciseId: null, targetChannel: 0, assistingChannels: [1], muscles: ['Gluteus maximus', 'Biceps femoris'], person: 'me' },
    exercise: null,
    normalisation: 'session-peak',
    mvc: Array.from({ length: CHANNELS }, () => null),
    cue: null,
    setActive: false,
    setNumber: 1,
    setTag: 'baseline',
    repCount: 0,
    inRep: false,
    targetPct: 0,
    assistPct: 0,
    targetShare: null,
    baselineShare: null,
    assistTakeover: false,
    reps: [],
    sets: [],
    quality: [],
    calibration: { phase: 'idle' },
  };
}

interface FakeHost {
  url: string;
  /** drops every socket and refuses new ones until `accept()` */
  drop(): void;
  accept(): void;
  clients(): number;
  /** query strings of the WebSocket upgrades so far */
  upgrades: string[];
  close(): Promise<void>;
}

async function startFakeHost(): Promise<FakeHost> {
  const status = fakeStatus();
  const training = fakeTraining();
  let down = false;
  const sockets = new Set<WebSocket>();
  const upgrades: string[] = [];

  const server: Server = createServer((req, res) => {
    let pathname = new URL(req.url ?? '/', 'http://x').pathname;
    if (pathname === '/') pathname = '/index.html';
    const file = normalize(join(DIST, pathname));
    if (!file.startsWith(DIST + sep) || !existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404).end();
    const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
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
        const reply = (m: ServerMessage) => ws.send(JSON.stringify(m));
        const ok = (result: unknown) => reply({ type: 'result', id: msg.id, ok: true, result });
        switch (msg.command) {
          case 'getStatus':
            return ok(status);
          case 'getTraining':
            return ok(training);
          case 'listDevices':
            return ok({ ports: [{ path: '/dev/ttyUSB0', manufacturer: 'Myocue' }] });
          case 'listExercises':
            return ok([]);
          case 'updateDsp':
            Object.assign(status.dsp, msg.arg as Commands['updateDsp']['arg']);
            broadcast('status', status);
            return ok(status);
          default:
            return reply({ type: 'result', id: msg.id, ok: false, error: `${msg.command}: not in the fake host` });
        }
      });
    });
  });
  const broadcast = (event: 'frame' | 'status' | 'training', payload: unknown) => {
    const text = JSON.stringify({ type: 'event', event, payload } satisfies ServerMessage);
    for (const s of sockets) if (s.readyState === s.OPEN) s.send(text);
  };

  // synthetic stream: 2 s reps on the target, a weaker assist, noise-like filtered signal
  let seq = 0;
  let t = 0;
  const n = Math.round((DISPLAY_HZ * FRAME_MS) / 1000);
  const timer = setInterval(() => {
    const raw: number[][] = [];
    const envelope: number[][] = [];
    for (let c = 0; c < CHANNELS; c++) {
      const r: number[] = [];
      const e: number[] = [];
      for (let i = 0; i < n; i++) {
        const ts = t + i / DISPLAY_HZ;
        const rep = Math.max(0, Math.sin((Math.PI * ts) / 2)) ** 2;
        const env = c === 0 ? 20 + 280 * rep : c === 1 ? 15 + 120 * rep : 10 + 20 * rep * ((c % 3) + 1);
        e.push(env + 3 * Math.sin(ts * 5 + c)); // a ripple: never flat
        r.push(env * 1.4 * Math.sin(ts * 977 + c) * (0.6 + 0.4 * Math.sin(ts * 131)));
      }
      raw.push(r);
      envelope.push(e);
    }
    const frame: LiveFrame = { seq: seq++, t0: t, displayRateHz: DISPLAY_HZ, channelCount: CHANNELS, pointCount: n, raw, envelope, receivedAtMs: performance.now() };
    t += n / DISPLAY_HZ;
    broadcast('frame', frame);
    if (seq % 20 === 0) {
      status.counters.linesOk += 2000;
      status.recording.durationS = (status.recording.durationS ?? 0) + 0.5;
      broadcast('status', status);
    }
  }, FRAME_MS);

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    drop() {
      down = true;
      for (const s of sockets) s.terminate();
    },
    accept() {
      down = false;
    },
    clients: () => sockets.size,
    upgrades,
    close: () =>
      new Promise<void>((r) => {
        clearInterval(timer);
        for (const s of sockets) s.terminate();
        wss.close();
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

async function lastValues(page: Page): Promise<{ target: number; assisting: number; points: number }> {
  const chart = page.getByTestId('chart-target-vs-assisting');
  return {
    target: Number(await chart.getAttribute('data-last-target')),
    assisting: Number(await chart.getAttribute('data-last-assisting')),
    points: Number(await chart.getAttribute('data-points')),
  };
}

let browser: Browser;
let host: FakeHost;

beforeAll(async () => {
  buildRenderer();
  browser = await launchChromium();
  host = await startFakeHost();
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
});

describe('renderer over the WebSocket', () => {
  it('renders status, moving envelopes, the connection banner, and draws fast', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // failed reconnect attempts while the host is away are expected in the console
    page.on('console', (m) => m.type() === 'error' && !/WebSocket connection/.test(m.text()) && errors.push(m.text()));
    try {
      await page.goto(host.url);
      await expect.poll(() => page.getByTestId('sample-rate').textContent(), { timeout: 15_000 }).toBe('2000 Hz');
      expect(await page.getByTestId('channel-count').textContent()).toBe('8');
      expect(await page.getByTestId('lines-lost').textContent()).toBe('3');
      expect(await page.getByTestId('lines-corrupt').textContent()).toBe('1');
      expect(await page.getByTestId('device-status').getAttribute('data-state')).toBe('streaming');
      expect(await page.getByTestId('dsp-warning').allTextContents()).toEqual(['Fake host: this warning is a test.']);
      expect(await page.getByTestId('recording-indicator').textContent()).toMatch(/REC 12:3\d/);
      expect(await page.getByTestId('hero-target-label').textContent()).toBe('Target — Gluteus maximus');
      expect(await page.getByTestId('hero-assisting-label').textContent()).toBe('Assisting — Biceps femoris');
      for (let c = 0; c < CHANNELS; c++) await expect.poll(() => page.getByTestId(`chart-channel-${c}`).count()).toBe(1);

      // the envelopes move (2 s reps)
      const samples: { target: number; assisting: number; points: number }[] = [];
      for (let i = 0; i < 10; i++) {
        await page.waitForTimeout(250);
        samples.push(await lastValues(page));
      }
      const spread = (xs: number[]) => Math.max(...xs) - Math.min(...xs);
      expect(samples.every((s) => Number.isFinite(s.target) && Number.isFinite(s.assisting))).toBe(true);
      expect(spread(samples.map((s) => s.target))).toBeGreaterThan(50);
      expect(spread(samples.map((s) => s.assisting))).toBeGreaterThan(20);
      expect(samples.at(-1)!.points).toBeGreaterThan(200);

      // the DSP settings go to the host
      await page.getByTestId('mains-select').selectOption('60');
      await expect.poll(() => page.getByTestId('mains-select').inputValue()).toBe('60');

      // draw time per animation frame with 8 channels streaming
      await page.evaluate(() => {
        window.__myocueFrameTimes = [];
        window.__myocueFramesDrawn = 0;
      });
      await page.waitForTimeout(5000);
      const { times, drawn } = await page.evaluate(() => ({ times: window.__myocueFrameTimes ?? [], drawn: window.__myocueFramesDrawn ?? 0 }));
      const p50 = percentile(times, 50);
      const p99 = percentile(times, 99);
      console.log(
        `[renderer] ${CHANNELS} ch @ ${DISPLAY_HZ} pt/s, frames every ${FRAME_MS} ms: ${drawn} animation frames drawn in 5 s (${(drawn / 5).toFixed(0)}/s); ` +
          `draw time p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms, max ${Math.max(...times).toFixed(2)} ms`,
      );
      expect(drawn).toBeGreaterThan(5 * 5); // it keeps drawing (the rate depends on the machine's load)
      expect(times.length).toBeGreaterThan(0);
      // frame-time targets are measured by `npm run bench` (renderFrameP99Ms), not asserted here:
      // a timed assertion flakes on a busy machine
      await page.screenshot({ path: join(screenshotDir(), 'renderer-live-8ch.png') });

      // the host goes away: banner; it comes back: banner gone, data flows again
      expect(await page.getByTestId('host-banner').count()).toBe(0);
      host.drop();
      await expect.poll(() => page.getByTestId('host-banner').count(), { timeout: 5000 }).toBe(1);
      await page.waitForTimeout(1500);
      await page.screenshot({ path: join(screenshotDir(), 'renderer-host-lost.png') });
      host.accept();
      await expect.poll(() => page.getByTestId('host-banner').count(), { timeout: 10_000 }).toBe(0);
      const before = await lastValues(page);
      await expect.poll(async () => (await lastValues(page)).target, { timeout: 5000 }).not.toBe(before.target);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('routes #/sessions and #/coach without crashing', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(host.url + '#/sessions');
      await expect.poll(() => page.getByTestId('nav-sessions').getAttribute('aria-current')).toBe('page');
      await page.goto(host.url + '#/coach');
      await page.waitForTimeout(500);
      expect(await page.getByTestId('nav-live').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('passes the token on and is read-only as a viewer', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await page.goto(host.url + '?token=abc123#/');
      await expect.poll(() => page.getByTestId('sample-rate').textContent(), { timeout: 15_000 }).toBe('2000 Hz');
      expect(host.upgrades.at(-1)).toBe('?token=abc123');
      expect(await page.getByTestId('connect-button').isDisabled()).toBe(true);
      expect(await page.getByTestId('disconnect-button').isDisabled()).toBe(true);
      expect(await page.getByTestId('mains-select').isDisabled()).toBe(true);
    } finally {
      await page.close();
    }
  });
});
