/**
 * The browser host's `GET /exports/<file>` (src/host/export-download.ts): which names it serves
 * (one plain export name: no `..` in any spelling, no separators, no temporary files), 400 for a
 * bad percent-encoding (it must not throw out of the handler: issue 9.1), only regular files in
 * the exports folder (a symlink out of it, a folder or a FIFO is 404), the download headers
 * (length, type, an RFC 6266/8187 attachment name), and who may fetch (the controller on this
 * machine; a viewer, a foreign Host, another site: 403). Against a real server on a port, raw
 * request lines (a browser would normalise `..` before sending).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useFileTempDir } from '../helpers/test-cleanups';
import { execFileSync } from 'node:child_process';
import { attachmentDisposition, openExportFile, resolveExportRequest } from '../../src/host/export-download';
import { startBrowserServer, type BrowserServer } from '../../src/host/browser-server';
import type { MyocueApi } from '../../src/host/contract';
import { rawExchange } from '../helpers/raw-http';

const root = useFileTempDir('myocue-export-route-');
let exportsDir: string;
const servers: BrowserServer[] = [];
const NAME = 'Hip thrust · 3 sets set 2.bdf';
const BYTES = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 131) & 255));

const api: MyocueApi = { invoke: async () => null as never, subscribe: () => () => undefined };

beforeAll(() => {
  const staticDir = path.join(root(), 'static');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Myocue</title>');
  exportsDir = path.join(root(), 'data', 'exports');
  fs.mkdirSync(exportsDir, { recursive: true });
  fs.writeFileSync(path.join(exportsDir, NAME), BYTES);
  fs.writeFileSync(path.join(exportsDir, 'a.csv'), 'time_s,x (uV)\n0.000000,1.000\n');
  fs.writeFileSync(path.join(root(), 'data', 'secret.bdf'), 'secret');
  fs.writeFileSync(path.join(exportsDir, '.a.bdf.tmp-123'), 'half');
  fs.writeFileSync(path.join(exportsDir, 'a.bdf.partial-1-1'), 'half');
  fs.symlinkSync(path.join(root(), 'data', 'secret.bdf'), path.join(exportsDir, 'link.bdf'));
  fs.mkdirSync(path.join(exportsDir, 'folder.bdf'));
  execFileSync('mkfifo', [path.join(exportsDir, 'fifo.bdf')]);
});
afterAll(async () => {
  for (const s of servers) await s.close();
});

async function serve(opts: { isLocalPeer?: (a: string | undefined) => boolean; host?: string; token?: string } = {}): Promise<BrowserServer> {
  const s = await startBrowserServer({ api, staticDir: path.join(root(), 'static'), port: 0, exportsDir, ...opts });
  servers.push(s);
  return s;
}

/** One raw HTTP/1.1 request to the server on `port` (the target exactly as given). */
const raw = (port: number, target: string, headers: Record<string, string> = {}, method = 'GET') => rawExchange(port, target, { headers, method });

describe('resolveExportRequest: the name asked for', () => {
  it('takes one plain export name, percent-decoded, query ignored', () => {
    expect(resolveExportRequest(`/exports/${encodeURIComponent(NAME)}?x=1`)).toEqual({ ok: true, fileName: NAME });
    expect(resolveExportRequest('/exports/a.CSV')).toEqual({ ok: true, fileName: 'a.CSV' });
  });
  it('400 for a bad percent-encoding, 404 for `..`, separators, hidden and temporary files, other types', () => {
    for (const t of ['/exports/%E0%A4%A.bdf', '/exports/%', '/exports/%ZZ.bdf', '/exports/%C3%28.bdf']) expect(resolveExportRequest(t)).toMatchObject({ ok: false, status: 400 });
    for (const t of [
      '/exports/../secret.bdf',
      '/exports/..%2Fsecret.bdf',
      '/exports/%2E%2E%2Fsecret.bdf',
      '/exports/..%5Csecret.bdf',
      '/exports/a%2Fb.bdf',
      '/exports/',
      '/exports/..',
      '/exports/.a.bdf.tmp-123',
      '/exports/a.bdf.partial-1-1',
      '/exports/a.bdf%00.csv',
      '/exports/notes.txt',
      `/exports/${'é'.repeat(130)}.bdf`,
    ]) {
      expect(resolveExportRequest(t)).toMatchObject({ ok: false, status: 404 });
    }
  });
  it('names the file for the browser as ASCII and whole as UTF-8', () => {
    expect(attachmentDisposition(NAME)).toBe(`attachment; filename="Hip thrust _ 3 sets set 2.bdf"; filename*=UTF-8''Hip%20thrust%20%C2%B7%203%20sets%20set%202.bdf`);
    expect(attachmentDisposition('a"b\\c%.csv')).toBe(`attachment; filename="a_b_c_.csv"; filename*=UTF-8''a%22b%5Cc%25.csv`);
  });
});

describe('openExportFile: only regular files in the folder', () => {
  it('opens a file there; a symlink out, a folder, a FIFO, a missing file are null (the FIFO without blocking)', async () => {
    const f = await openExportFile(exportsDir, NAME);
    expect(f).toMatchObject({ size: BYTES.length, fileName: NAME });
    await f!.handle.close();
    for (const n of ['link.bdf', 'folder.bdf', 'fifo.bdf', 'missing.bdf']) expect(await openExportFile(exportsDir, n)).toBeNull();
  });
});

describe('GET /exports/<file> on the browser host', () => {
  it('streams the file to the controller with its length, type and attachment name; HEAD gives the headers alone', async () => {
    const s = await serve();
    const r = await raw(s.port, `/exports/${encodeURIComponent(NAME)}`);
    expect(r.status).toBe(200);
    expect(r.body.equals(BYTES)).toBe(true);
    expect(r.headers['content-length']).toBe(String(BYTES.length));
    expect(r.headers['content-type']).toBe('application/octet-stream');
    expect(r.headers['content-disposition']).toBe(attachmentDisposition(NAME));
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['cross-origin-resource-policy']).toBe('same-origin');
    const csv = await raw(s.port, '/exports/a.csv', { 'Sec-Fetch-Site': 'same-origin', Origin: `http://127.0.0.1:${s.port}` });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const head = await raw(s.port, `/exports/${encodeURIComponent(NAME)}`, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(BYTES.length));
    expect(head.body.length).toBe(0);
    expect((await raw(s.port, '/exports/a.csv', {}, 'POST')).status).toBe(405);
  });

  it('400 for bad encoding, 404 for `..`, a symlink out, a folder, a FIFO, temporary files; the host stays up', async () => {
    const s = await serve();
    for (const t of ['/exports/%E0%A4%A.bdf', '/exports/%']) expect((await raw(s.port, t)).status).toBe(400);
    for (const t of ['/exports/../secret.bdf', '/exports/..%2Fsecret.bdf', '/exports/link.bdf', '/exports/folder.bdf', '/exports/fifo.bdf', '/exports/.a.bdf.tmp-123', '/exports/a.bdf.partial-1-1', '/exports/missing.bdf']) {
      const r = await raw(s.port, t);
      expect(r.status, t).toBe(404);
      expect(r.body.toString()).not.toContain('secret');
    }
    expect((await raw(s.port, '/exports/a.csv')).status).toBe(200);
  });

  it('403 for a viewer (with or without the token), a foreign Host (DNS rebinding), another site', async () => {
    const viewerHost = await serve({ host: '0.0.0.0', token: 't'.repeat(32), isLocalPeer: () => false });
    expect((await raw(viewerHost.port, `/exports/a.csv?token=${'t'.repeat(32)}`)).status).toBe(403);
    expect((await raw(viewerHost.port, '/exports/a.csv')).status).toBe(403);
    expect((await raw(viewerHost.port, `/exports/a.csv?token=${'x'.repeat(32)}`)).status).toBe(403);
    const s = await serve();
    expect((await raw(s.port, '/exports/a.csv', { Host: `evil.example:${s.port}` })).status).toBe(403);
    expect((await raw(s.port, '/exports/a.csv', { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await raw(s.port, '/exports/a.csv', { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await raw(s.port, '/exports/a.csv', { 'Sec-Fetch-Site': 'same-site' })).status).toBe(403);
    expect((await raw(s.port, '/exports/a.csv', { 'Sec-Fetch-Site': 'none' })).status).toBe(200);
  });

  it('without an exports folder (a host started without one) the route is 404', async () => {
    const s = await startBrowserServer({ api, staticDir: path.join(root(), 'static'), port: 0 });
    servers.push(s);
    expect((await raw(s.port, '/exports/a.csv')).status).toBe(404);
  });
});
