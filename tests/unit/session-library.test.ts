/**
 * The session library as the renderer sees it: sets finished during a session are saved in the
 * sidecar (`setDetails`, by SessionRecorder), and progressForExercise / listSessionsForUi read
 * them back: progress points in date order (then set order), headline numbers per session.
 * Recordings are real (BDF+ file + sidecar in a temporary folder); dates come from a fake clock.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SessionStore } from '../../src/recording/session-store';
import { SessionRecorder } from '../../src/host/session-recorder';
import { listSessionsForUi, progressForExercise } from '../../src/host/session-library';
import { DEFAULT_DSP_SETTINGS } from '../../src/dsp/defaults';
import type { StreamInfo } from '../../src/devices/sample-source';
import type { RepMetrics, SetSummary, SetTag, TrainingSetup } from '../../src/host/contract';
import { useTempDirs } from '../helpers/test-cleanups';

const INFO: StreamInfo = {
  deviceId: 'sim-1',
  firmware: 'test',
  sampleRateHz: 500,
  channelCount: 2,
  adcBits: 24,
  microvoltsPerCount: 0.1,
  channelLabels: ['ch1', 'ch2'],
};
const SETUP: TrainingSetup = { exerciseId: 'hip-thrust', targetChannel: 0, assistingChannels: [1], muscles: ['gluteus maximus', 'hamstrings'], person: 'me' };

function rep(index: number, startS: number, targetMeanPct: number, assistMeanPct: number): RepMetrics {
  const share = targetMeanPct / (targetMeanPct + assistMeanPct);
  return {
    index,
    startS,
    endS: startS + 2,
    tutS: 2,
    concentricS: 1,
    eccentricS: 1,
    targetPeakPct: targetMeanPct * 1.5,
    targetMeanPct,
    assistPeakPct: assistMeanPct * 1.5,
    assistMeanPct,
    targetShare: share,
    coContractionPct: 30,
    medianFreqHz: 80,
  };
}

function set(number: number, tag: SetTag, targetMeanPct: number, assistMeanPct: number, reps = 3, exerciseId: string | null = 'hip-thrust', normalisation: 'mvc' | 'session-peak' = 'mvc'): SetSummary {
  const r = Array.from({ length: reps }, (_, k) => rep(k + 1, number * 30 + k * 3, targetMeanPct, assistMeanPct));
  return {
    number,
    tag,
    exerciseId,
    startS: number * 30,
    endS: number * 30 + reps * 3,
    reps: r,
    targetMeanPct,
    assistMeanPct,
    targetShare: targetMeanPct / (targetMeanPct + assistMeanPct),
    coContractionPct: 30,
    medianFreqSlopeHzPerRep: null,
    comparisons: [],
    normalisation,
  };
}

const tmp = useTempDirs('myocue-library-');
let dir: string;
let store: SessionStore;
beforeEach(() => {
  dir = tmp();
  store = new SessionStore(dir);
});
afterEach(() => {
  vi.useRealTimers();
});

/** records `seconds` of zeros on `date` through the recorder, ending the given sets on the way */
function recordSession(date: string, sets: SetSummary[], setup: TrainingSetup | null = SETUP, seconds = 2): string {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(date));
  const rec = new SessionRecorder(store);
  rec.start(INFO, { setup, dsp: DEFAULT_DSP_SETTINGS });
  const id = rec.status().sessionId!;
  const frames = INFO.sampleRateHz * seconds;
  rec.writeSamples(new Float64Array(frames * INFO.channelCount), frames);
  for (const s of sets) rec.setEnded(s);
  rec.finish();
  vi.useRealTimers();
  expect(rec.status().error).toBeUndefined();
  return id;
}

describe('progressForExercise', () => {
  it('compares %MVC only between MVC-normalised sets; sets normalised to their session peak count by share alone', () => {
    const mvcDay = recordSession('2025-03-01T18:00:00.000Z', [set(1, 'baseline', 40, 30), set(2, 'internal', 50, 25)]);
    const peakDay = recordSession('2025-03-08T18:00:00.000Z', [set(1, 'baseline', 70, 60, 3, 'hip-thrust', 'session-peak'), set(2, 'internal', 80, 50, 3, 'hip-thrust', 'session-peak')]);
    const points = progressForExercise(store, 'hip-thrust');
    const byDay = (id: string) => points.filter((p) => p.sessionId === id);
    expect(byDay(mvcDay).map((p) => [p.targetMeanPct, p.assistMeanPct, p.normalisation])).toEqual([[40, 30, 'mvc'], [50, 25, 'mvc']]);
    expect(byDay(peakDay).map((p) => [p.targetMeanPct, p.assistMeanPct, p.normalisation])).toEqual([[null, null, 'session-peak'], [null, null, 'session-peak']]);
    expect(byDay(peakDay)[1].targetShare).toBeCloseTo(80 / 130, 12);
    // the list says which unit a session's numbers are in
    const listed = new Map(listSessionsForUi(store).map((l) => [l.id, l.normalisation]));
    expect(listed.get(mvcDay)).toBe('mvc');
    expect(listed.get(peakDay)).toBe('session-peak');
  });

  it('returns one point per finished set, oldest session first, sets in order', () => {
    // recorded out of date order on purpose: the later session first
    const later = recordSession('2025-03-08T18:00:00.000Z', [set(1, 'baseline', 40, 30), set(2, 'internal', 55, 25), set(3, 'internal', 60, 20)]);
    const earlier = recordSession('2025-03-01T18:00:00.000Z', [set(1, 'baseline', 35, 35), set(2, 'internal', 45, 30)]);

    const points = progressForExercise(store, 'hip-thrust');
    expect(points.map((p) => [p.sessionId, p.setNumber, p.tag])).toEqual([
      [earlier, 1, 'baseline'],
      [earlier, 2, 'internal'],
      [later, 1, 'baseline'],
      [later, 2, 'internal'],
      [later, 3, 'internal'],
    ]);
    expect(points[0].date).toBe('2025-03-01T18:00:00.000Z');
    expect(points[4].date).toBe('2025-03-08T18:00:00.000Z');
    expect(points[3]).toMatchObject({ targetMeanPct: 55, assistMeanPct: 25, normalisation: 'mvc' });
    expect(points[3].targetShare).toBeCloseTo(55 / 80, 12);
    // dates never go backwards
    for (let i = 1; i < points.length; i++) expect(points[i].date >= points[i - 1].date).toBe(true);
    // a rename rewrites the sidecar: the set details stay (they used to be dropped on read)
    store.rename(later, 'Week 2');
    expect(progressForExercise(store, 'hip-thrust')).toEqual(points);
  });

  it('leaves out other exercises, sets without reps, and damaged sidecars', () => {
    const a = recordSession('2025-03-01T18:00:00.000Z', [set(1, 'baseline', 35, 35), set(2, 'internal', 45, 30, 0), set(3, 'internal', 50, 30, 3, 'squat')]);
    // a set without its own exercise id belongs to the session's exercise
    recordSession('2025-03-02T18:00:00.000Z', [set(1, 'baseline', 30, 30, 3, null)], { ...SETUP, exerciseId: 'squat' });
    const broken = recordSession('2025-03-03T18:00:00.000Z', [set(1, 'internal', 70, 10)]);
    fs.writeFileSync(path.join(dir, `${broken}.session.json`), '{ "version": 1, "id": ');

    const hip = progressForExercise(store, 'hip-thrust');
    expect(hip.map((p) => [p.sessionId, p.setNumber])).toEqual([[a, 1]]);
    const squat = progressForExercise(store, 'squat');
    expect(squat.map((p) => p.setNumber)).toEqual([3, 1]);
    expect(progressForExercise(store, 'bench-press')).toEqual([]);
    expect(progressForExercise(new SessionStore(path.join(dir, 'missing')), 'hip-thrust')).toEqual([]);
  });
});

describe('listSessionsForUi', () => {
  it('lists every session with its headline numbers (means over its sets) and its recording path', () => {
    const a = recordSession('2025-03-01T18:00:00.000Z', [set(1, 'baseline', 40, 40), set(2, 'internal', 60, 20)]);
    const b = recordSession('2025-03-08T18:00:00.000Z', [], SETUP, 3);

    const list = listSessionsForUi(store);
    expect(list.map((s) => s.id).sort()).toEqual([a, b].sort());
    const la = list.find((s) => s.id === a)!;
    expect(la).toMatchObject({ startedAt: '2025-03-01T18:00:00.000Z', exerciseId: 'hip-thrust', sets: 2, targetMeanPct: 50, path: path.join(dir, `${a}.bdf`) });
    expect(la.targetShare).toBeCloseTo((0.5 + 0.75) / 2, 12);
    expect(la.durationS).toBeCloseTo(2, 6);
    expect(la.name).toMatch(/^hip-thrust /);
    const lb = list.find((s) => s.id === b)!;
    expect(lb).toMatchObject({ sets: 0, targetMeanPct: null, targetShare: null });
    expect(lb.durationS).toBeCloseTo(3, 6);

    // rename shows at once; a damaged sidecar stays listed, with its problem in the name
    store.rename(a, 'Glute cue week 1');
    fs.writeFileSync(path.join(dir, `${b}.session.json`), 'not json');
    const again = listSessionsForUi(store);
    expect(again.find((s) => s.id === a)!.name).toBe('Glute cue week 1');
    const damaged = again.find((s) => s.id === b)!;
    expect(damaged.name).toMatch(/\(.+\)$/);
    expect(damaged.sets).toBe(0);
    expect(damaged.targetShare).toBeNull();
  });
});
