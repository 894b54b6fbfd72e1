/**
 * The session library's in-process index (issue 10.5): a listing re-reads only the sessions whose
 * files changed (sidecar, journal, the recording's presence; the recording's size for a duration
 * read from the file), sees new and removed sessions, and lists the same as reading every sidecar.
 * Real files in a temporary folder; `index.builds` counts the summaries actually rebuilt.
 */
import { describe, expect, it, vi } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SessionStore } from '../../src/recording/session-store';
import { SESSION_META_SUFFIX } from '../../src/recording/session-meta';
import { SessionRecorder } from '../../src/host/session-recorder';
import { listSessionsForUi, progressForExercise } from '../../src/host/session-library';
import { DEFAULT_DSP_SETTINGS } from '../../src/dsp/defaults';
import type { StreamInfo } from '../../src/devices/sample-source';
import type { SetSummary } from '../../src/host/contract';
import { useCleanups, useTempDirs } from '../helpers/test-cleanups';

const INFO: StreamInfo = { deviceId: 'sim', firmware: 't', sampleRateHz: 500, channelCount: 2, adcBits: 24, microvoltsPerCount: 0.1, channelLabels: ['a', 'b'] };
// a store is closed before its folder goes
const cleanups = useCleanups();
const tmp = useTempDirs('myocue-index-', cleanups);

/** The folder's times set back a minute: as if it had not changed for a while (past the racy window). */
function settle(dir: string): void {
  const past = new Date(Date.now() - 60_000);
  fs.utimesSync(dir, past, past);
}

function sidecar(dir: string, id: string, extra: Record<string, unknown> = {}): void {
  fs.writeFileSync(path.join(dir, `${id}.bdf`), 'x');
  fs.writeFileSync(
    path.join(dir, `${id}${SESSION_META_SUFFIX}`),
    JSON.stringify({ version: 1, id, name: `Session ${id}`, created: `2026-01-${id.slice(-2)}T10:00:00.000Z`, recordingFile: `${id}.bdf`, channels: [], sets: [], durationS: 60, finished: true, ...extra }),
  );
}

function library(n: number): { dir: string; store: SessionStore } {
  const dir = tmp();
  for (let i = 1; i <= n; i++) sidecar(dir, `s${String(i).padStart(2, '0')}`);
  const store = new SessionStore(dir);
  cleanups.push(() => store.close());
  return { dir, store };
}

function set(number: number): SetSummary {
  return {
    number, tag: 'internal', exerciseId: 'hip-thrust', startS: number * 30, endS: number * 30 + 9,
    reps: [{ index: 1, startS: 0, endS: 2, tutS: 2, concentricS: 1, eccentricS: 1, targetPeakPct: 50, targetMeanPct: 40, assistPeakPct: 30, assistMeanPct: 20, targetShare: 0.66, coContractionPct: 30, medianFreqHz: 80 }],
    targetMeanPct: 40, assistMeanPct: 20, targetShare: 0.66, coContractionPct: 30, medianFreqSlopeHzPerRep: null, comparisons: [],
  } as SetSummary;
}

describe('SessionIndex', () => {
  it('reads each sidecar once; later listings rebuild only what changed', () => {
    const { dir, store } = library(20);
    expect(store.list().length).toBe(20);
    expect(store.index.builds).toBe(20);
    expect(store.list().length).toBe(20);
    listSessionsForUi(store);
    expect(store.index.builds).toBe(20); // nothing changed: nothing read

    store.rename('s05', 'Heavy day');
    const after = store.list();
    expect(store.index.builds).toBe(21);
    expect(after.find((s) => s.id === 's05')?.name).toBe('Heavy day');

    // the recording of one session disappears: that entry is rebuilt and says so
    fs.rmSync(path.join(dir, 's07.bdf'));
    expect(store.list().find((s) => s.id === 's07')?.problem).toMatch(/missing/);
    expect(store.index.builds).toBe(22);

    // a new session and a deleted one
    sidecar(dir, 's31');
    store.delete('s02');
    const ids = store.list().map((s) => s.id);
    expect(ids).toContain('s31');
    expect(ids).not.toContain('s02');
    expect(store.index.builds).toBe(23);

    // a sidecar damaged from outside the app (another process): seen at the next listing
    fs.writeFileSync(path.join(dir, `s10${SESSION_META_SUFFIX}`), '{ not json');
    expect(store.list().find((s) => s.id === 's10')?.problem).toMatch(/not valid JSON/);
  });

  it('lists exactly what a fresh store reads from the files', () => {
    const { dir, store } = library(12);
    store.list();
    store.rename('s03', 'Renamed');
    fs.rmSync(path.join(dir, `s04${SESSION_META_SUFFIX}`)); // orphan recording
    fs.writeFileSync(path.join(dir, `s06${SESSION_META_SUFFIX}`), JSON.stringify({ id: 's06', recordingFile: '../elsewhere.bdf' }));
    expect(store.list()).toEqual(new SessionStore(dir).list());
  });

  it('a recording in progress: each finished set (a journal line) refreshes its entry and the progress view', () => {
    const { store } = library(3);
    const rec = new SessionRecorder(store);
    rec.start(INFO, { setup: { exerciseId: 'hip-thrust', targetChannel: 0, assistingChannels: [1], muscles: ['', ''], person: 'me' }, dsp: DEFAULT_DSP_SETTINGS });
    const id = rec.status().sessionId!;
    rec.writeSamples(new Float64Array(1000), 500);
    expect(store.list().find((s) => s.id === id)?.sets).toBe(0);
    const builds = store.index.builds;
    rec.setEnded(set(1));
    expect(store.list().find((s) => s.id === id)?.sets).toBe(1);
    expect(progressForExercise(store, 'hip-thrust').map((p) => p.setNumber)).toEqual([1]);
    rec.setEnded(set(2));
    expect(progressForExercise(store, 'hip-thrust').map((p) => p.setNumber)).toEqual([1, 2]);
    expect(store.index.builds).toBe(builds + 2); // that one session, once per change
    // its duration comes from the growing file while it records: more samples, a new duration
    const d0 = store.list().find((s) => s.id === id)!.durationS;
    rec.writeSamples(new Float64Array(2000), 1000);
    rec.finish();
    const d1 = store.list().find((s) => s.id === id)!.durationS;
    expect(d1).toBeGreaterThan(d0);
    expect(d1).toBeCloseTo(3, 5);
  });

  it('an unchanged folder is listed from the last scan, without a stat per file', () => {
    const { store } = library(30);
    settle(store.dataDir);
    const first = store.list();
    const scans = store.index.scans;
    // scans: the full passes (a readdir and a stat per file); a reused scan stats the folder only
    for (let i = 0; i < 5; i++) expect(store.list()).toEqual(first);
    expect(store.index.scans).toBe(scans);
    expect(store.index.builds).toBe(30);
  });

  it('a folder changed within the racy window is scanned again (a change in the same tick would not move its mtime)', () => {
    const { store } = library(5);
    store.list(); // the files were just written: this folder's mtime is "now"
    const scans = store.index.scans;
    store.list();
    expect(store.index.scans).toBe(scans + 1);
  });

  it('changes made by the app (renames of sidecars) and journals written in place are seen at once, with a settled folder', () => {
    const { store } = library(8);
    settle(store.dataDir);
    store.list();
    store.rename('s03', 'Squat day'); // an atomic rewrite: the folder's mtime moves
    expect(store.list().find((s) => s.id === 's03')?.name).toBe('Squat day');

    const rec = new SessionRecorder(store);
    rec.start(INFO, { setup: { exerciseId: 'hip-thrust', targetChannel: 0, assistingChannels: [1], muscles: ['', ''], person: 'me' }, dsp: DEFAULT_DSP_SETTINGS });
    const id = rec.status().sessionId!;
    rec.setEnded(set(1)); // the journal is created: a new file in the folder
    expect(store.list().find((s) => s.id === id)?.sets).toBe(1);
    settle(store.dataDir);
    store.list();
    rec.setEnded(set(2)); // appended in place: the folder's times do not move
    expect(store.list().find((s) => s.id === id)?.sets).toBe(2);
    rec.finish();
  });

  it('a sidecar edited in place by another program in a settled folder is seen once the folder watcher reports it', async () => {
    const { dir, store } = library(6);
    settle(dir);
    store.list();
    const file = path.join(dir, `s04${SESSION_META_SUFFIX}`);
    const text = fs.readFileSync(file, 'utf8').replace('Session s04', 'Edited elsewhere');
    // same inode, no rename (an editor that writes in place)
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, text, 0);
    fs.ftruncateSync(fd, Buffer.byteLength(text));
    fs.closeSync(fd);
    settle(dir);
    await vi.waitFor(() => expect(store.list().find((s) => s.id === 's04')?.name).toBe('Edited elsewhere'), { timeout: 5000, interval: 20 });
  });

  it('listSessionsForUi gives the same listing as a fresh store, reusing unchanged entries', () => {
    const { store } = library(10);
    settle(store.dataDir);
    const a = listSessionsForUi(store);
    store.rename('s02', 'Renamed');
    const b = listSessionsForUi(store);
    const fresh = new SessionStore(store.dataDir);
    cleanups.push(() => fresh.close());
    expect(b).toEqual(listSessionsForUi(fresh));
    // the untouched sessions' objects are reused; the renamed one is new
    expect(b.find((s) => s.id === 's05')).toBe(a.find((s) => s.id === 's05'));
    expect(b.find((s) => s.id === 's02')).not.toBe(a.find((s) => s.id === 's02'));
  });
});
