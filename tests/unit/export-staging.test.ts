/**
 * The data folder's exports/ is download staging (src/host/export-staging.ts): exports older than
 * an hour go, the oldest go beyond the size cap, and a file in use (a download streaming through
 * the real browser host's route, a temporary file being written by a real export) never goes.
 * Real files in a temp folder, their ages set with utimes; a real server for the download.
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { cleanExportStaging, EXPORT_STAGING_DEFAULTS, holdExportFile, isExportFileInUse, tempExportName } from '../../src/host/export-staging';
import { startBrowserServer } from '../../src/host/browser-server';
import { exportSession, exportsDirOf } from '../../src/host/session-export';
import { SessionStore } from '../../src/recording/session-store';
import { BdfPlusWriter } from '../../src/recording/bdf-writer';
import { SESSION_META_SUFFIX } from '../../src/recording/session-meta';
import type { MyocueApi } from '../../src/host/contract';
import { waitFor } from '../helpers/wait-for';
import { useTempDirs } from '../helpers/test-cleanups';
import { putAgedFile } from '../helpers/aged-file';

const NOW = Date.UTC(2026, 11, 1, 23, 0, 0);
const tempDir = useTempDirs('myocue-exports-');

/** a file of `bytes` bytes last modified `ageMin` minutes before NOW */
const put = (dir: string, name: string, bytes: number, ageMin: number): string => putAgedFile(dir, name, bytes, ageMin, NOW);

const left = (dir: string) => fs.readdirSync(dir).sort();

describe('cleanExportStaging', () => {
  it('the defaults: 1 h, 2 GiB, 5 min of grace', () => {
    expect(EXPORT_STAGING_DEFAULTS).toEqual({ maxAgeMs: 3_600_000, maxTotalBytes: 2 * 1024 ** 3, capGraceMs: 300_000 });
  });

  it('removes exports older than the age limit, keeps younger ones and anything that is not an export', () => {
    const dir = tempDir();
    put(dir, 'Squat · 3 sets.bdf', 1000, 61);
    put(dir, 'Squat · 3 sets set 2.csv', 500, 120);
    put(dir, 'Bench.edf', 800, 59);
    put(dir, 'notes.txt', 10, 600);
    put(dir, '.hidden.bdf', 10, 600);
    fs.mkdirSync(path.join(dir, 'old.bdf'));
    fs.symlinkSync(path.join(dir, 'notes.txt'), path.join(dir, 'link.bdf'));
    const r = cleanExportStaging(dir, {}, NOW);
    expect(r.removed).toEqual(['Squat · 3 sets set 2.csv', 'Squat · 3 sets.bdf']);
    expect(r.freedBytes).toBe(1500);
    expect(r.keptBytes).toBe(800);
    expect(r.failed).toEqual([]);
    expect(left(dir)).toEqual(['.hidden.bdf', 'Bench.edf', 'link.bdf', 'notes.txt', 'old.bdf']);
  });

  it('beyond the size cap removes the oldest first, down to the cap, but not an export younger than the grace', () => {
    const dir = tempDir();
    put(dir, 'a.bdf', 400, 50);
    put(dir, 'b.bdf', 400, 40);
    put(dir, 'c.bdf', 400, 30);
    put(dir, 'd.bdf', 400, 2); // just made: about to be fetched
    put(dir, 'e.bdf', 400, 1);
    const r = cleanExportStaging(dir, { maxTotalBytes: 1000 }, NOW);
    expect(r.removed).toEqual(['a.bdf', 'b.bdf', 'c.bdf']);
    expect(r.keptBytes).toBe(800);
    expect(left(dir)).toEqual(['d.bdf', 'e.bdf']);
    // over the cap with only young exports: they stay
    put(dir, 'f.bdf', 400, 0);
    expect(cleanExportStaging(dir, { maxTotalBytes: 1000 }, NOW).removed).toEqual([]);
  });

  it('never removes a file in use; once released it goes', () => {
    const dir = tempDir();
    const p = put(dir, 'old.bdf', 100, 300);
    const release = holdExportFile(p);
    const again = holdExportFile(path.join(dir, '.', 'old.bdf')); // a second reader, another spelling
    expect(cleanExportStaging(dir, {}, NOW).removed).toEqual([]);
    release();
    release(); // twice: no effect on the other hold
    expect(isExportFileInUse(p)).toBe(true);
    expect(cleanExportStaging(dir, { maxTotalBytes: 0 }, NOW).removed).toEqual([]);
    again();
    expect(isExportFileInUse(p)).toBe(false);
    expect(cleanExportStaging(dir, {}, NOW).removed).toEqual(['old.bdf']);
  });

  it("a temporary file: kept while held or young, removed by age when orphaned (a crash's), never counted in the cap", () => {
    const dir = tempDir();
    const writing = put(dir, tempExportName('a.bdf', 123, 1), 5000, 90);
    // the exporter's own file of a held partial (what is really being written), and of an orphan
    put(dir, `.${tempExportName('a.bdf', 123, 1)}.tmp-123`, 5000, 90);
    put(dir, `.${tempExportName('g.edf', 99, 3)}.tmp-99`, 5000, 90);
    put(dir, tempExportName('b.bdf', 99, 4), 5000, 90);
    put(dir, tempExportName('c.csv', 99, 5), 5000, 10);
    put(dir, 'd.bdf', 100, 10);
    const release = holdExportFile(writing);
    const r = cleanExportStaging(dir, { maxTotalBytes: 1000 }, NOW);
    release();
    expect(r.removed.sort()).toEqual(['.g.edf.partial-99-3.tmp-99', 'b.bdf.partial-99-4']);
    expect(r.keptBytes).toBe(100);
    expect(left(dir)).toEqual(['.a.bdf.partial-123-1.tmp-123', 'a.bdf.partial-123-1', 'c.csv.partial-99-5', 'd.bdf']);
  });

  it('a missing folder is nothing to clean', () => {
    expect(cleanExportStaging(path.join(tempDir(), 'none'), {}, NOW)).toEqual({ removed: [], freedBytes: 0, keptBytes: 0, failed: [] });
  });
});

describe('exports/ in use through the real paths', () => {
  it('a download still streaming from the browser host keeps its file; after the response it can go', async () => {
    const root = tempDir();
    const staticDir = path.join(root, 'static');
    fs.mkdirSync(staticDir);
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Myocue</title>');
    const exportsDir = path.join(root, 'exports');
    fs.mkdirSync(exportsDir);
    // 32 MB: more than the socket buffers hold, so the stream waits for a reader that does not read
    const name = 'Long session.bdf';
    const file = put(exportsDir, name, 32 * 1024 * 1024, 120);
    const api: MyocueApi = { invoke: async () => null as never, subscribe: () => () => undefined };
    const server = await startBrowserServer({ api, staticDir, port: 0, exportsDir });
    try {
      const sock = net.connect(server.port, '127.0.0.1');
      let received = 0;
      const firstBytes = new Promise<void>((resolve) => sock.once('data', (d) => ((received += d.length), resolve())));
      sock.write(`GET /exports/${encodeURIComponent(name)} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`);
      await firstBytes;
      sock.pause();
      expect(isExportFileInUse(file)).toBe(true);
      expect(cleanExportStaging(exportsDir, {}, Date.now()).removed).toEqual([]);
      expect(fs.existsSync(file)).toBe(true);
      // the rest of the download, then the file is no longer in use
      const ended = new Promise<void>((resolve) => sock.on('end', resolve));
      sock.on('data', (d) => (received += d.length));
      sock.resume();
      await ended;
      expect(received).toBeGreaterThan(32 * 1024 * 1024);
      // released at the response's 'close', after its last byte
      await waitFor(() => !isExportFileInUse(file), 5000, 'the download to be released');
      expect(cleanExportStaging(exportsDir, {}, Date.now()).removed).toEqual([name]);
    } finally {
      await server.close();
    }
  });

  it("exportSession cleans before it writes: an hour-old export goes, a held one stays, the new one is there", async () => {
    const dataDir = tempDir();
    const id = '20261201-090000-stg1';
    const w = BdfPlusWriter.open(path.join(dataDir, `${id}.bdf`), { channels: [{ label: 'EMG 1' }], sampleRateHz: 1000, startTime: new Date(Date.UTC(2026, 11, 1, 9)) });
    w.writeSamples(new Float64Array(2000).map((_, i) => Math.sin(i / 10) * 100), 2000);
    w.close();
    fs.writeFileSync(
      path.join(dataDir, `${id}${SESSION_META_SUFFIX}`),
      JSON.stringify({ version: 1, id, name: 'Curl', created: '2026-12-01T09:00:00.000Z', recordingFile: `${id}.bdf`, channels: [], sets: [], durationS: 2, finished: true }),
    );
    const exportsDir = exportsDirOf(dataDir);
    fs.mkdirSync(exportsDir);
    const hour = 3_600_000;
    const aged = (name: string) => {
      const p = path.join(exportsDir, name);
      fs.writeFileSync(p, 'old export');
      const t = (Date.now() - 2 * hour) / 1000;
      fs.utimesSync(p, t, t);
      return p;
    };
    aged('Old.csv');
    const downloading = aged('Downloading.bdf');
    const release = holdExportFile(downloading);
    try {
      const r = await exportSession(new SessionStore(dataDir), { sessionId: id, to: 'csv' });
      expect(r.fileName).toBe('Curl.csv');
      expect(left(exportsDir)).toEqual(['Curl.csv', 'Downloading.bdf']);
    } finally {
      release();
    }
    // the next export, with the download over: that one goes too, the fresh export stays
    await exportSession(new SessionStore(dataDir), { sessionId: id, to: 'edf' });
    expect(left(exportsDir)).toEqual(['Curl.csv', 'Curl.edf']);
  });

  it('a real export still being written: the cleaning of another export (everything looks hours old) leaves its temporary file', async () => {
    const dataDir = tempDir();
    const id = '20261201-090000-stg2';
    const w = BdfPlusWriter.open(path.join(dataDir, `${id}.bdf`), { channels: [0, 1, 2, 3].map((c) => ({ label: `EMG ${c + 1}` })), sampleRateHz: 1000, startTime: new Date(Date.UTC(2026, 11, 1, 9)) });
    const block = new Float64Array(1000 * 4).map((_, i) => Math.sin(i / 10) * 100);
    for (let s = 0; s < 120; s++) w.writeSamples(block, 1000);
    w.close();
    fs.writeFileSync(
      path.join(dataDir, `${id}${SESSION_META_SUFFIX}`),
      JSON.stringify({ version: 1, id, name: 'Row', created: '2026-12-01T09:00:00.000Z', recordingFile: `${id}.bdf`, channels: [], sets: [], durationS: 120, finished: true }),
    );
    const exportsDir = exportsDirOf(dataDir);
    const running = exportSession(new SessionStore(dataDir), { sessionId: id, to: 'csv' });
    // the export yields between slices: wait until its temporary file is on disk
    await waitFor(() => fs.existsSync(exportsDir) && fs.readdirSync(exportsDir).some((n) => n.includes('.partial-')), 10_000, 'the export to be under way');
    const during = cleanExportStaging(exportsDir, { maxTotalBytes: 0 }, Date.now() + 5 * 3_600_000);
    expect(during.removed).toEqual([]);
    const r = await running;
    expect(left(exportsDir)).toEqual(['Row.csv']);
    expect(fs.readFileSync(path.join(exportsDir, 'Row.csv'), 'utf8').trimEnd().split('\n')).toHaveLength(120_000 + 1);
    expect(r.sizeBytes).toBe(fs.statSync(path.join(exportsDir, 'Row.csv')).size);
  });
});
