/**
 * The browser host under attack, through real sockets (issue 9, items 1-7):
 *  - malformed upgrade targets and headers never kill `myocue serve` (it used to exit on `//[`);
 *  - DNS rebinding: a Host or Origin that is not this machine is refused (HTTP and WebSocket);
 *  - openReplay {path} is confined to the data folder and never echoes a file's content;
 *  - clickjacking headers (X-Frame-Options, CSP frame-ancestors);
 *  - a multibyte token does not crash the networked host;
 *  - stalled clients: memory stays bounded, status is coalesced to the latest, stalled clients
 *    are closed, and a normal client is still served;
 *  - viewers see no absolute paths; `--host <LAN IP>` keeps a controller on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { startBrowserServer, CLOSE_TOKEN_REQUIRED, type BrowserServer } from '../../src/host/browser-server';
import type { Commands, CommandName, HostStatus } from '../../src/host/contract';
import { EmittingApi } from '../helpers/emitting-api';
import { startServe, type RunningCli } from '../helpers/cli-process';
import { rawRequest, stalledWebSocket, upgradeRequest } from '../helpers/raw-http';
import { useCleanups, useTempDirs } from '../helpers/test-cleanups';
import { firstLanAddress } from '../helpers/controller-serve';

const cleanups = useCleanups();
const tmpDir = useTempDirs('myocue-hardening-', cleanups);

/** a ws client that resolves once open (or rejects with its close code) */
function openClient(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('close', (code) => reject(Object.assign(new Error(`closed ${code}`), { code })));
    ws.once('error', reject);
    cleanups.push(() => ws.terminate());
  });
}

function closeCode(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('close', (code) => resolve(code));
    ws.once('error', () => undefined);
    setTimeout(() => reject(new Error('no close within 5 s')), 5000);
    cleanups.push(() => ws.terminate());
  });
}

let nextId = 1;
function invoke(ws: WebSocket, command: string, arg: unknown): Promise<{ ok: boolean; result?: unknown; error?: string }> {
  const id = nextId++;
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const m = JSON.parse(String(data));
      if (m.type === 'result' && m.id === id) {
        ws.off('message', onMessage);
        resolve(m);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ type: 'invoke', id, command, arg }));
  });
}

// ---------------------------------------------------------------------------------------------
// against the real `myocue serve`
// ---------------------------------------------------------------------------------------------

describe('myocue serve under hostile requests', () => {
  let serve: RunningCli & { url: string; dataDir: string };
  let port: number;
  beforeAll(async () => {
    serve = await startServe(['--device', 'sim', '--channels', '2', '--no-record']);
    port = Number(new URL(serve.url).port);
  });
  afterAll(async () => {
    await serve?.stop();
    if (serve) fs.rmSync(serve.dataDir, { recursive: true, force: true });
  });

  const alive = async () => {
    expect(serve.proc.exitCode).toBeNull();
    const reply = await rawRequest(port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    expect(reply.status).toBe(200);
    return reply;
  };

  it('survives malformed upgrade targets and headers, and keeps serving', async () => {
    const host = { Host: `127.0.0.1:${port}` };
    const attacks = [
      upgradeRequest('//[', host),
      upgradeRequest('//a:99999/ws', host),
      upgradeRequest('//%5B', host),
      upgradeRequest('http://[', host),
      upgradeRequest('/ws', { Host: '[' }),
      upgradeRequest('/ws', { Host: `127.0.0.1:${port}`, Origin: 'http://[' }),
      upgradeRequest('/ws', { Host: `127.0.0.1:${port}`, 'Sec-WebSocket-Version': 'x' }),
      `GET //[ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`,
      `GET /%E0%A4%A HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`,
      `GET http://[ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`,
    ];
    for (const request of attacks) {
      const reply = await rawRequest(port, request);
      // refused (4xx) or closed, never upgraded, never a crash
      if (reply.status !== null) expect(reply.status).toBeGreaterThanOrEqual(400);
      await alive();
    }
    // and a well-formed client still gets in
    const ws = await openClient(`ws://127.0.0.1:${port}/ws`, { Origin: `http://127.0.0.1:${port}` });
    expect((await invoke(ws, 'getStatus', null)).ok).toBe(true);
  });

  it('refuses a Host or Origin that is not this machine (DNS rebinding)', async () => {
    const evil = `rebind.attacker.example:${port}`;
    expect((await rawRequest(port, upgradeRequest('/ws', { Host: evil, Origin: `http://${evil}` }))).status).toBe(403);
    expect((await rawRequest(port, upgradeRequest('/ws', { Host: evil }))).status).toBe(403);
    expect((await rawRequest(port, upgradeRequest('/ws', { Host: `127.0.0.1:${port}`, Origin: `http://${evil}` }))).status).toBe(403);
    expect((await rawRequest(port, upgradeRequest('/ws', { Host: `127.0.0.1:${port}`, Origin: 'null' }))).status).toBe(403);
    expect((await rawRequest(port, `GET / HTTP/1.1\r\nHost: ${evil}\r\n\r\n`)).status).toBe(403);
    // the machine's own names pass
    expect((await rawRequest(port, upgradeRequest('/ws', { Host: `localhost:${port}`, Origin: `http://localhost:${port}` }))).status).toBe(101);
    expect((await rawRequest(port, upgradeRequest('/ws', { Host: `127.0.0.1:${port}`, Origin: `http://127.0.0.1:${port}` }))).status).toBe(101);
    await alive();
  });

  it('sends clickjacking and content-security headers', async () => {
    const { head } = await alive();
    expect(head).toMatch(/^X-Frame-Options: DENY$/im);
    expect(head).toMatch(/^Content-Security-Policy: .*frame-ancestors 'none'/im);
    expect(head).toMatch(/^Content-Security-Policy: .*script-src 'self'/im);
    expect(head).toMatch(/^X-Content-Type-Options: nosniff$/im);
  });

  it("confines openReplay {path} to the data folder and never echoes a file's content", async () => {
    const ws = await openClient(`ws://127.0.0.1:${port}/ws`);
    const outside = await invoke(ws, 'openReplay', { path: '/etc/passwd' });
    expect(outside.ok).toBe(false);
    expect(outside.error).toMatch(/passwd: only recordings in the Myocue data folder/);
    expect(outside.error).not.toMatch(/root|daemon|nologin/);
    // a link inside the data folder to an outside file is refused too
    fs.symlinkSync('/etc/passwd', path.join(serve.dataDir, 'link.csv'));
    const viaLink = await invoke(ws, 'openReplay', { path: path.join(serve.dataDir, 'link.csv') });
    expect(viaLink.error).toMatch(/only recordings in the Myocue data folder/);
    // a copy inside the data folder is read, and its error does not quote it
    fs.copyFileSync('/etc/passwd', path.join(serve.dataDir, 'passwd.csv'));
    const copy = await invoke(ws, 'openReplay', { path: path.join(serve.dataDir, 'passwd.csv') });
    expect(copy.ok).toBe(false);
    expect(copy.error).toMatch(/^passwd\.csv: /);
    expect(copy.error).not.toMatch(/root|daemon|nologin|\/bin|\/usr/);
    await alive();
  });
});

// ---------------------------------------------------------------------------------------------
// the server in-process, with a fake host that emits what the test says
// ---------------------------------------------------------------------------------------------

class FakeApi extends EmittingApi {
  status: HostStatus = {
    device: { spec: { kind: 'serial', path: '/dev/serial/by-id/usb-Myocue_Band-if00' }, state: 'streaming' },
    counters: { linesOk: 0, linesLost: 0, linesCorrupt: 0, bytesDiscarded: 0, gaps: 0, samplesMissing: 0 },
    dsp: { highpassHz: 20, lowpassHz: 450, mains: 50, notchQ: 30, rmsWindowMs: 100, effectiveLowpassHz: 450, warnings: [] },
    displayRateHz: 200,
    recording: { active: true, sessionId: 's1', path: '/home/ann/.myocue/20261201-0745-s1.bdf', durationS: 12, error: 'Recording stopped: cannot write /home/ann/.myocue/x.bdf' },
    session: { phase: 'running', startedAt: '2026-12-01T07:45:00.000Z', durationS: 12, name: 'Free session · running', sessionId: 's1' },
  };
  override invoke<K extends CommandName>(command: K, arg: Commands[K]['arg']): Promise<Commands[K]['result']> {
    if (command === 'getStatus' || command === 'disconnect') return Promise.resolve(this.status as Commands[K]['result']);
    return super.invoke(command, arg);
  }
}

function staticDir(): string {
  const d = tmpDir('myocue-static-');
  fs.writeFileSync(path.join(d, 'index.html'), '<!doctype html><title>Myocue</title>');
  return d;
}

async function server(opts: Partial<Parameters<typeof startBrowserServer>[0]> = {}): Promise<{ s: BrowserServer; api: FakeApi }> {
  const api = new FakeApi();
  const s = await startBrowserServer({ api, staticDir: staticDir(), port: 0, ...opts });
  cleanups.push(() => s.close());
  return { s, api };
}

const lanAddress = firstLanAddress();

describe('the networked host: tokens, viewers, LAN binding', () => {
  it('refuses a multibyte or wrong token with the token close code, and stays up', async () => {
    // every peer counts as another machine here, so the token is checked on loopback too
    const { s } = await server({ host: '0.0.0.0', token: 'a'.repeat(32), isLocalPeer: () => false });
    const base = `ws://127.0.0.1:${s.port}/ws`;
    // 32 characters like the token, 64 bytes: timingSafeEqual used to throw here
    expect(await closeCode(`${base}?token=${encodeURIComponent('é'.repeat(32))}`)).toBe(CLOSE_TOKEN_REQUIRED);
    expect(await closeCode(`${base}?token=${'b'.repeat(32)}`)).toBe(CLOSE_TOKEN_REQUIRED);
    expect(await closeCode(base)).toBe(CLOSE_TOKEN_REQUIRED);
    const viewer = await openClient(`${base}?token=${'a'.repeat(32)}`);
    const r = await invoke(viewer, 'disconnect', null);
    expect(r.error).toMatch(/read-only viewer/);
  });

  it('shows viewers no absolute paths, in pushed and in fetched status', async () => {
    const { s, api } = await server({ host: '0.0.0.0', token: 't0k3n', isLocalPeer: () => false });
    const viewer = await openClient(`ws://127.0.0.1:${s.port}/ws?token=t0k3n`);
    const pushed = new Promise<string>((resolve) => viewer.once('message', (d) => resolve(String(d))));
    api.emit('status', { ...api.status });
    const text = await pushed;
    const fetched = JSON.stringify((await invoke(viewer, 'getStatus', null)).result);
    for (const t of [text, fetched]) {
      expect(t).toContain('"viewer":true');
      expect(t).not.toMatch(/\/home\/ann|\/dev\/serial/);
      expect(t).toContain('usb-Myocue_Band-if00');
    }
  });

  it.skipIf(!lanAddress)('--host <LAN address> keeps a controller URL on 127.0.0.1; the LAN address is a viewer', async () => {
    const { s } = await server({ host: lanAddress!, token: 'lan-token' });
    expect(s.localUrl).toBe(`http://127.0.0.1:${s.port}/`);
    expect(s.url).toBe(`http://${lanAddress}:${s.port}/?token=lan-token`);
    const controller = await openClient(`ws://127.0.0.1:${s.port}/ws`);
    expect((await invoke(controller, 'disconnect', null)).ok).toBe(true);
    expect(await closeCode(`ws://${lanAddress}:${s.port}/ws`)).toBe(CLOSE_TOKEN_REQUIRED);
    const viewer = await openClient(`ws://${lanAddress}:${s.port}/ws?token=lan-token`);
    expect((await invoke(viewer, 'disconnect', null)).error).toMatch(/read-only viewer/);
  });
});

describe('clients that stop reading', () => {
  it('keeps memory bounded, coalesces status to the latest, closes stalled clients, serves a normal one', async () => {
    const { s, api } = await server({ outboxLimits: { stallCloseMs: 1500, checkIntervalMs: 50 } });
    const stalled: Socket[] = [];
    for (let i = 0; i < 10; i++) stalled.push(await stalledWebSocket(s.port));
    cleanups.push(() => stalled.forEach((x) => x.destroy()));
    const normal = await openClient(`ws://127.0.0.1:${s.port}/ws`);
    let lastSeen = -1;
    normal.on('message', (d) => {
      const m = JSON.parse(String(d));
      if (m.type === 'event' && m.event === 'status') lastSeen = m.payload.counters.linesOk;
    });

    // 300 status events of ~64 KB to 11 clients: 190 MB queued for the stalled ones without limits
    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    const filler = 'x'.repeat(64 * 1024);
    const EVENTS = 300;
    for (let k = 0; k < EVENTS; k++) {
      api.emit('status', { ...api.status, counters: { ...api.status.counters, linesOk: k }, dsp: { ...api.status.dsp, warnings: [filler] } });
      if (k % 10 === 9) await new Promise((r) => setImmediate(r));
    }
    const rssGrowthMb = (process.memoryUsage().rss - rss0) / 2 ** 20;
    const queued = s.clientStats().map((c) => c.queuedBytes);
    console.log(`stalled clients: rss growth ${rssGrowthMb.toFixed(0)} MB, queued per client ${queued.map((q) => (q / 2 ** 20).toFixed(1)).join(' ')} MB`);
    expect(Math.max(...queued)).toBeLessThanOrEqual(2 * 2 ** 20);
    expect(rssGrowthMb).toBeLessThan(80);

    // the normal client ends with the latest state, and is answered
    await expect.poll(() => lastSeen, { timeout: 10_000 }).toBe(EVENTS - 1);
    const t0 = performance.now();
    expect((await invoke(normal, 'getStatus', null)).ok).toBe(true);
    console.log(`normal client answered in ${(performance.now() - t0).toFixed(0)} ms`);

    // the stalled ones are closed after stallCloseMs; the normal one stays
    await expect.poll(() => s.clientStats().length, { timeout: 10_000 }).toBe(1);
    expect(normal.readyState).toBe(WebSocket.OPEN);
  });
});
