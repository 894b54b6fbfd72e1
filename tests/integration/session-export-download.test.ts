/**
 * The Sessions page's export through the real browser host (`myocue serve`, issue 9.13): the
 * controller asks `exportSession` over the WebSocket, gets the file's name, size and download
 * path (no content), and fetches the file over HTTP from `/exports/<name>`, streamed from the data
 * folder: byte for byte what `myocue export` writes of the same session. One set as CSV is cut at
 * its marks. The route is the controller's: a viewer on the network gets 403 with or without the
 * link's token; `..` is 404, a bad percent-encoding 400, and the host keeps answering.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { BdfPlusWriter } from '../../src/recording/bdf-writer';
import { formatEvent } from '../../src/recording/events';
import { SESSION_META_SUFFIX } from '../../src/recording/session-meta';
import { CLI } from '../helpers/cli-process';
import { firstLanAddress, startControllerServe, type ControllerServe } from '../helpers/controller-serve';
import type { WireClient } from '../helpers/wire-client';
import { rawExchange } from '../helpers/raw-http';
import { putAgedFile } from '../helpers/aged-file';

const RATE = 1000;
const NC = 4;
const ID = '20261201-090000-dl01';
const NAME = 'Squat · 2 sets';
const SETS = [
  { startS: 3, endS: 9 },
  { startS: 14.25, endS: 21.5 },
];
const TOTAL_S = 30;

let dir: string;
let host: ControllerServe;
let wire: WireClient;
let port: number;
let token: string;
const lanAddress = firstLanAddress();

function writeSession(): void {
  const w = BdfPlusWriter.open(path.join(dir, `${ID}.bdf`), {
    channels: Array.from({ length: NC }, (_, c) => ({ label: `EMG ${c + 1}` })),
    sampleRateHz: RATE,
    startTime: new Date(Date.UTC(2026, 11, 1, 9, 0, 0)),
  });
  SETS.forEach((s, i) => {
    w.addAnnotation(s.startS, null, formatEvent({ kind: 'set-start', set: i + 1, tag: i === 0 ? 'baseline' : 'internal' }));
    w.addAnnotation(s.endS, null, formatEvent({ kind: 'set-end', set: i + 1, tag: i === 0 ? 'baseline' : 'internal', reps: 3 }));
  });
  const block = new Float64Array(RATE * NC);
  for (let s = 0; s < TOTAL_S; s++) {
    for (let k = 0; k < RATE; k++) for (let c = 0; c < NC; c++) block[k * NC + c] = Math.sin((s * RATE + k) * 0.05 * (c + 1)) * 300 + c * 10;
    w.writeSamples(block, RATE);
  }
  w.close();
  fs.writeFileSync(
    path.join(dir, `${ID}${SESSION_META_SUFFIX}`),
    JSON.stringify({ version: 1, id: ID, name: NAME, created: '2026-12-01T09:00:00.000Z', recordingFile: `${ID}.bdf`, channels: [], sets: [], durationS: TOTAL_S, finished: true }),
  );
}

/** One raw HTTP/1.1 GET to `host` with the target exactly as given (a browser would normalise `..`). */
const rawGet = (host: string, target: string) => rawExchange(port, target, { host });

/** what an earlier run left in exports/: one export 2 h old, one 10 min old */
function leaveEarlierExports(): void {
  const exportsDir = path.join(dir, 'exports');
  fs.mkdirSync(exportsDir, { recursive: true });
  for (const [name, ageMin] of [['Earlier run.bdf', 120], ['Ten minutes ago.csv', 10]] as const) putAgedFile(exportsDir, name, 4096, ageMin);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'myocue-export-dl-'));
  writeSession();
  leaveEarlierExports();
  host = await startControllerServe(dir);
  ({ wire, port, token } = host);
}, 30_000);
afterAll(async () => {
  await host?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the Sessions page export through `myocue serve`', () => {
  it('exports/ is staging: the host removed what an earlier run left there over an hour ago, at start', () => {
    expect(fs.readdirSync(path.join(dir, 'exports'))).toEqual(['Ten minutes ago.csv']);
  });

  it('answers name, size and path; GET of the path is the file, byte for byte what `myocue export` writes', async () => {
    const r = await wire.invoke('exportSession', { sessionId: ID, to: 'bdf' });
    expect(r).toEqual({ fileName: `${NAME}.bdf`, sizeBytes: expect.any(Number), downloadPath: `/exports/${encodeURIComponent(`${NAME}.bdf`)}` });
    const got = await fetch(`http://127.0.0.1:${port}${r.downloadPath}`);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(`${NAME}.bdf`)}`);
    expect(Number(got.headers.get('content-length'))).toBe(r.sizeBytes);
    const bytes = Buffer.from(await got.arrayBuffer());
    expect(bytes.length).toBe(r.sizeBytes);
    const cliOut = path.join(dir, 'cli.bdf');
    const cli = spawnSync(process.execPath, [CLI, 'export', path.join(dir, `${ID}.bdf`), '--to', 'bdf', '--out', cliOut], { encoding: 'utf8' });
    expect(cli.status, cli.stderr).toBe(0);
    expect(bytes.equals(fs.readFileSync(cliOut))).toBe(true);
  });

  it('one set as CSV: the rows from its start mark to its end mark, on its own clock', async () => {
    const r = await wire.invoke('exportSession', { sessionId: ID, to: 'csv', set: 2 });
    expect(r.fileName).toBe(`${NAME} set 2.csv`);
    const got = await fetch(`http://127.0.0.1:${port}${r.downloadPath}`);
    expect(got.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await got.text()).trimEnd().split('\n');
    const rows = lines.slice(1);
    expect(rows).toHaveLength(Math.ceil(SETS[1].endS * RATE) - Math.floor(SETS[1].startS * RATE));
    expect(rows[0]).toMatch(/^0\.000000,.*Set 2 start/);
    expect(Number(rows.at(-1)!.split(',')[0])).toBeCloseTo(SETS[1].endS - SETS[1].startS - 1 / RATE, 5);
  });

  it('`..` is 404, a bad percent-encoding 400, and the host keeps answering', async () => {
    for (const t of [`/exports/../${ID}.bdf`, `/exports/..%2F${ID}.bdf`, '/exports/..%2F..%2F..%2Fetc%2Fpasswd.csv', '/exports/no-such.bdf']) {
      const r = await rawGet('127.0.0.1', t);
      expect(r.status, t).toBe(404);
    }
    expect((await rawGet('127.0.0.1', '/exports/%E0%A4%A.bdf')).status).toBe(400);
    expect((await rawGet('127.0.0.1', '/exports/%')).status).toBe(400);
    await expect(wire.invoke('getStatus', null)).resolves.toBeTruthy();
  });

  it.skipIf(!lanAddress)('a viewer on the network gets 403, with the link’s token or without', async () => {
    const file = `/exports/${encodeURIComponent(`${NAME}.bdf`)}`;
    expect((await rawGet(lanAddress!, `${file}?token=${token}`)).status).toBe(403);
    expect((await rawGet(lanAddress!, file)).status).toBe(403);
    expect((await rawGet(lanAddress!, `${file}?token=wrong`)).status).toBe(403);
    // the same file from this machine (the controller) is served
    expect((await rawGet('127.0.0.1', file)).status).toBe(200);
  });
});
