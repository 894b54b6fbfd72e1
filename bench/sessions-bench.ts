/**
 * Session library listing (issue 10.5): `listSessions` as the host answers it, in-process, on a
 * library of 1,000 generated sessions, each a sidecar of 12 finished sets with their full details
 * (8 reps each, ~25 kB of JSON, like the recorder writes) beside a small placeholder recording.
 * Cold: the first listing of a fresh store (every sidecar read and parsed: what every listing cost
 * before the index). Scanned: a listing that checks every file (one readdir + one stat per
 * sidecar: what an index listing cost before it watched the folder, and what a listing costs right
 * after the folder changed). Warm: later listings of the unchanged folder, served from the last
 * scan (session-index.ts; the folder left alone for longer than the index's racy window first, as
 * a library is between sessions); median of 21. The progress view of one exercise is timed the same way.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SessionStore } from '../src/recording/session-store';
import { RACY_WINDOW_MS } from '../src/recording/session-index';
import { SESSION_META_SUFFIX } from '../src/recording/session-meta';
import { listSessionsForUi, progressForExercise } from '../src/host/session-library';

export interface SessionsBenchResult {
  workload: string;
  coldMs: number;
  warmMs: number;
  /** a listing that stats every file (the folder just changed), median, ms */
  scannedMs: number;
  progressWarmMs: number;
  sidecarMb: number;
}

/** One generated sidecar (~25 kB of JSON, 12 sets with full details), of one of three lifters. */
export function sidecar(i: number): string {
  const created = new Date(Date.UTC(2024, 0, 1) + i * 8.64e7).toISOString();
  const setDetails = Array.from({ length: 12 }, (_, s) => ({
    number: s + 1,
    tag: s % 3 === 0 ? 'baseline' : 'internal',
    exerciseId: i % 4 === 0 ? 'hip-thrust' : 'squat',
    startS: s * 90,
    endS: s * 90 + 30,
    reps: Array.from({ length: 8 }, (_, r) => ({
      index: r + 1, startS: s * 90 + r * 3.5, endS: s * 90 + r * 3.5 + 3, tutS: 3.0123, concentricS: 1.4567, eccentricS: 1.5556,
      targetPeakPct: 61.234567, targetMeanPct: 41.234567, assistPeakPct: 33.345678, assistMeanPct: 21.456789, targetShare: 0.657891,
      coContractionPct: 28.123456, medianFreqHz: 81.234567,
    })),
    targetMeanPct: 41.2345, assistMeanPct: 21.4567, targetShare: 0.6578, coContractionPct: 28.1234, medianFreqSlopeHzPerRep: -0.4123, comparisons: [],
  }));
  return JSON.stringify(
    {
      version: 1, id: `s${i}`, name: `Session ${i}`, created, recordingFile: `s${i}.bdf`, exerciseId: i % 4 === 0 ? 'hip-thrust' : 'squat', lifterId: BENCH_LIFTERS[i % 3].id,
      channels: [{ index: 0, label: 'glute', role: 'target' }, { index: 1, label: 'ham', role: 'assisting' }],
      sets: setDetails.map((d) => ({ set: d.number, tag: d.tag, startS: d.startS, endS: d.endS, reps: 8, headline: { targetMeanPct: 41.2, assistMeanPct: 21.4, targetShare: 0.66 } })),
      setDetails, durationS: 1800, finished: true,
    },
    null,
    2,
  );
}

/** the lifters the generated sessions belong to */
export const BENCH_LIFTERS = [
  { id: 'me', name: 'Me', created: '2024-01-01T00:00:00.000Z' },
  { id: 'anna-0001', name: 'Anna', created: '2024-01-01T00:00:00.000Z' },
  { id: 'bo-0002', name: 'Bo', created: '2024-01-01T00:00:00.000Z' },
];

/** Writes `count` generated sessions (sidecar + empty recording) and the lifters file into dir; returns the bytes of JSON. */
export function writeBenchLibrary(dir: string, count: number): number {
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const text = sidecar(i);
    bytes += text.length;
    writeFileSync(join(dir, `s${i}${SESSION_META_SUFFIX}`), text);
    writeFileSync(join(dir, `s${i}.bdf`), '');
  }
  writeFileSync(join(dir, 'lifters.json'), JSON.stringify({ version: 1, lifters: BENCH_LIFTERS, currentId: 'me' }));
  return bytes;
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function benchSessions(count = 1000): Promise<SessionsBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'myocue-sessions-bench-'));
  let store: SessionStore | null = null;
  try {
    const bytes = writeBenchLibrary(dir, count);
    store = new SessionStore(dir);
    let t0 = performance.now();
    const first = listSessionsForUi(store);
    const coldMs = performance.now() - t0;
    if (first.length !== count) throw new Error(`listed ${first.length} of ${count} sessions`);
    // every file stat'ed: the index's scan (the folder's times are "now" right after writing)
    const scanned: number[] = [];
    for (let r = 0; r < 11; r++) {
      store.index.clearLastScan();
      t0 = performance.now();
      listSessionsForUi(store);
      scanned.push(performance.now() - t0);
    }
    // a library between sessions: the folder has not changed for longer than the racy window
    await new Promise((r) => setTimeout(r, RACY_WINDOW_MS + 200));
    listSessionsForUi(store);
    const warm: number[] = [];
    const progress: number[] = [];
    for (let r = 0; r < 21; r++) {
      t0 = performance.now();
      listSessionsForUi(store);
      warm.push(performance.now() - t0);
      t0 = performance.now();
      progressForExercise(store, 'hip-thrust');
      progress.push(performance.now() - t0);
    }
    return {
      workload: `${count} sessions × 12 sets with full set details (${(bytes / count / 1000).toFixed(0)} kB sidecar each, ${(bytes / 1e6).toFixed(0)} MB in all), listSessions in-process (listSessionsForUi)`,
      coldMs,
      warmMs: median(warm),
      scannedMs: median(scanned),
      progressWarmMs: median(progress),
      sidecarMb: bytes / 1e6,
    };
  } finally {
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
