/**
 * The Sessions page's first answers over plain HTTP (`GET /api/early/<command>`, issue 10.5),
 * through the real browser host (`myocue serve`): the controller on this machine gets the same
 * answer as over the WebSocket (the listing of a real recorded session, the lifters, the
 * exercises), as JSON never cached; only those read-only commands are answered (anything else
 * 404, another method 405); a request of another site (Origin, Sec-Fetch-Site) or addressed to
 * another name (Host) is 403, and so is a viewer on the network, with the link's token or without.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BdfPlusWriter } from '../../src/recording/bdf-writer';
import { formatEvent } from '../../src/recording/events';
import { SESSION_META_SUFFIX } from '../../src/recording/session-meta';
import { firstLanAddress, startControllerServe, type ControllerServe } from '../helpers/controller-serve';
import type { WireClient } from '../helpers/wire-client';
import { rawExchange } from '../helpers/raw-http';

const ID = '20261201-090000-ea01';
const NAME = 'Hip thrust · 1 set';

let dir: string;
let host: ControllerServe;
let wire: WireClient;
let port: number;
let token: string;
const lanAddress = firstLanAddress();

function writeSession(): void {
  const rate = 1000;
  const w = BdfPlusWriter.open(path.join(dir, `${ID}.bdf`), {
    channels: [{ label: 'EMG 1' }, { label: 'EMG 2' }],
    sampleRateHz: rate,
    startTime: new Date(Date.UTC(2026, 11, 1, 9, 0, 0)),
  });
  w.addAnnotation(1, null, formatEvent({ kind: 'set-start', set: 1, tag: 'baseline' }));
  w.addAnnotation(4, null, formatEvent({ kind: 'set-end', set: 1, tag: 'baseline', reps: 3 }));
  const block = new Float64Array(rate * 2);
  for (let s = 0; s < 6; s++) {
    for (let k = 0; k < rate; k++) for (let c = 0; c < 2; c++) block[k * 2 + c] = Math.sin((s * rate + k) * 0.05 * (c + 1)) * 200;
    w.writeSamples(block, rate);
  }
  w.close();
  fs.writeFileSync(
    path.join(dir, `${ID}${SESSION_META_SUFFIX}`),
    JSON.stringify({ version: 1, id: ID, name: NAME, created: '2026-12-01T09:00:00.000Z', recordingFile: `${ID}.bdf`, channels: [], sets: [], durationS: 6, finished: true }),
  );
}

/** One raw HTTP/1.1 request to `address` with the headers given (Host defaults to the address asked); the body as text. */
const rawRequest = async (address: string, target: string, opts: { method?: string; headers?: Record<string, string> } = {}) => {
  const r = await rawExchange(port, target, { host: address, ...opts });
  return { ...r, body: r.body.toString('utf8') };
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'myocue-early-http-'));
  writeSession();
  host = await startControllerServe(dir);
  ({ wire, port, token } = host);
}, 30_000);
afterAll(async () => {
  await host?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/early/<command> on the browser host', () => {
  it('answers the controller what the WebSocket answers, as JSON never cached', async () => {
    for (const command of ['listSessions', 'listLifters', 'listExercises'] as const) {
      const r = await rawRequest('127.0.0.1', `/api/early/${command}`, { headers: { 'Sec-Fetch-Site': 'same-origin', Origin: `http://127.0.0.1:${port}` } });
      expect(r.status, command).toBe(200);
      expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(r.headers['cache-control']).toBe('no-store');
      expect(JSON.parse(r.body)).toEqual({ ok: true, result: await wire.invoke(command, null) });
    }
    const listed = JSON.parse((await rawRequest('127.0.0.1', '/api/early/listSessions')).body) as { result: { id: string; name: string; sets: number }[] };
    expect(listed.result.map((s) => [s.id, s.name])).toEqual([[ID, NAME]]);
  });

  it('answers only the read-only commands, only to GET', async () => {
    for (const t of ['/api/early/deleteSession', '/api/early/', '/api/early/listSessions/x', '/api/early/__proto__', '/api/early/%6CistSessions']) {
      expect((await rawRequest('127.0.0.1', t)).status, t).toBe(404);
    }
    expect((await rawRequest('127.0.0.1', '/api/early/listSessions', { method: 'POST', headers: { 'Content-Length': '0' } })).status).toBe(405);
    expect((await rawRequest('127.0.0.1', '/api/early/listSessions?x=1')).status).toBe(200);
    // the session is still there: nothing was deleted
    expect((await wire.invoke('listSessions', null)).map((s) => s.id)).toEqual([ID]);
  });

  it('refuses another site and another host name', async () => {
    expect((await rawRequest('127.0.0.1', '/api/early/listSessions', { headers: { 'Sec-Fetch-Site': 'cross-site' } })).status).toBe(403);
    expect((await rawRequest('127.0.0.1', '/api/early/listSessions', { headers: { 'Sec-Fetch-Site': 'same-site' } })).status).toBe(403);
    expect((await rawRequest('127.0.0.1', '/api/early/listSessions', { headers: { Origin: 'http://evil.example' } })).status).toBe(403);
    expect((await rawRequest('127.0.0.1', '/api/early/listSessions', { headers: { Host: `evil.example:${port}` } })).status).toBe(403);
    await expect(wire.invoke('getStatus', null)).resolves.toBeTruthy();
  });

  it.skipIf(!lanAddress)('a viewer on the network gets 403, with the link’s token or without', async () => {
    expect((await rawRequest(lanAddress!, `/api/early/listSessions?token=${token}`)).status).toBe(403);
    expect((await rawRequest(lanAddress!, '/api/early/listSessions')).status).toBe(403);
    expect((await rawRequest(lanAddress!, '/api/early/listExercises')).status).toBe(403);
  });
});
