/**
 * The session library's in-process index (issue 10.5): a listing re-reads only the sessions whose
 * files changed (sidecar, journal, the recording's presence; the recording's size for a duration
 * read from the file), sees new and removed sessions, and lists the same as reading every sidecar.
 * Real files in a temporary folder; `index.builds` counts the summaries actually rebuilt.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SessionStore } from '../../src/recording/session-store';
import { SESSION_META_SUFFIX } from '../../src/recording/session-meta';
import { SessionRecorder } from '../../src/host/session-recorder';
import { listSessionsForUi, progressForExercise } from '../../src/host/session-library';
import { DEFAULT_DSP_SETTINGS } from '../../src/dsp/defaults';
import type { StreamInfo } from '../../src/devices/sample-source';
import type { SetSummary } from '../../src/host/contract';

const INFO: StreamInfo = { deviceId: 'sim', firmware: 't', sampleRateHz: 500, channelCount: 2, adcBits: 24, microvoltsPerCount: 0.1, channelLabels: ['a', 'b'] };
const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) fs.rmSync(dirs.pop()!, { recursive: true, force: true });
});

function sidecar(dir: string, id: string, extra: Record<string, unknown> = {}): void {
  fs.writeFileSync(path.join(dir, `${id}.bdf`), 'x');
  fs.writeFileSync(
    path.join(dir, `${id}${SESSION_META_SUFFIX}`),
    JSON.stringify({ version: 1, id, name: `Session ${id}`, created: `2026-01-${id.slice(-2)}T10:00:00.000Z`, recordingFile: `${id}.bdf`, channels: [], sets: [], durationS: 60, finished: true, ...extra }),
  );
}

function library(n: number): { dir: string; store: SessionStore } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'myocue-index-'));
  dirs.push(dir);
  for (let i = 1; i <= n; i++) sidecar(dir, `s${String(i).padStart(2, '0')}`);
  return { dir, store: new SessionStore(dir) };
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
});
