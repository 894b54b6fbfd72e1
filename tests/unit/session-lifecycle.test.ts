/**
 * Issue 11: a session has a beginning and an end. The lifecycle state machine, the default session
 * name, the summary, and the live training context that keeps no set outside a session.
 */
import { describe, it, expect } from 'vitest';
import { SessionLifecycle } from '../../src/host/session-lifecycle';
import { defaultSessionName, sessionExerciseLabel, sessionStartLabel } from '../../src/recording/session-name';
import { buildSessionSummary } from '../../src/host/session-summary';
import { TrainingSession } from '../../src/training/training-session';
import { MemoryMvcStore } from '../../src/training/mvc-store';
import { EXERCISE_LIBRARY } from '../../src/exercises/library';
import type { SessionSummary, SetSummary } from '../../src/host/contract';

const T0 = new Date(2026, 11, 1, 7, 45, 12).getTime(); // Tue 1 Dec 2026 07:45:12, local time

function summaryOf(durationS: number): SessionSummary {
  return buildSessionSummary({ sets: [], exercises: EXERCISE_LIBRARY, name: 'x', startedAtMs: T0, durationS, demo: false, recordings: [] });
}

describe('SessionLifecycle', () => {
  it('idle → running → ended → running: start and end, with the length in wall-clock seconds', () => {
    const l = new SessionLifecycle();
    expect(l.phase).toBe('idle');
    expect(l.durationS(T0)).toBe(0);
    expect(l.summary).toBeNull();
    expect(l.start(T0)).toBe(true);
    expect(l.phase).toBe('running');
    expect(l.number).toBe(1);
    expect(l.durationS(T0 + 32_000)).toBe(32);
    let seen = -1;
    const s = l.end(T0 + 95_500, (d) => {
      seen = d;
      return summaryOf(d);
    });
    expect(seen).toBe(95.5);
    expect(l.phase).toBe('ended');
    expect(l.summary).toBe(s);
    // an ended session's length stays what it was
    expect(l.durationS(T0 + 999_000)).toBe(95.5);
    expect(l.start(T0 + 200_000)).toBe(true);
    expect(l.number).toBe(2);
    expect(l.summary).toBeNull(); // the new session drops the last summary
    expect(l.durationS(T0 + 210_000)).toBe(10);
  });

  it('start while running changes nothing (Start pressed twice, a set inside a session)', () => {
    const l = new SessionLifecycle();
    l.start(T0);
    expect(l.start(T0 + 5000)).toBe(false);
    expect(l.startedAt).toBe(T0);
    expect(l.number).toBe(1);
  });

  it('end without a running session is refused with a plain message, idle and ended alike', () => {
    const l = new SessionLifecycle();
    expect(() => l.end(T0, summaryOf)).toThrow(/No session is running/);
    l.start(T0);
    l.end(T0 + 1000, summaryOf);
    expect(() => l.end(T0 + 2000, summaryOf)).toThrow(/No session is running/);
    expect(l.phase).toBe('ended');
  });

  it('a summariser that throws still leaves the session ended (nothing records it any more)', () => {
    const l = new SessionLifecycle();
    l.start(T0);
    expect(() =>
      l.end(T0 + 1000, () => {
        throw new Error('disk');
      }),
    ).toThrow('disk');
    expect(l.phase).toBe('ended');
    expect(l.running).toBe(false);
  });
});

describe('default session names', () => {
  it('say the exercise, the set count and the local start time', () => {
    const start = new Date(T0);
    expect(sessionStartLabel(start)).toBe('Tue 1 Dec 07:45');
    expect(defaultSessionName({ exerciseNames: ['Hip thrust', 'Hip thrust', 'Hip thrust'], setCount: 3, startedAt: start })).toBe('Hip thrust · 3 sets · Tue 1 Dec 07:45');
    expect(defaultSessionName({ exerciseNames: ['Hip thrust'], setCount: 1, startedAt: start })).toBe('Hip thrust · 1 set · Tue 1 Dec 07:45');
    expect(defaultSessionName({ exerciseNames: ['Hip thrust'], setCount: 0, startedAt: start })).toBe('Hip thrust · 0 sets · Tue 1 Dec 07:45');
  });

  it('"… · running" while it runs; "Free session" without an exercise', () => {
    const start = new Date(T0);
    expect(defaultSessionName({ exerciseNames: ['Hip thrust'], setCount: 2, startedAt: start, running: true })).toBe('Hip thrust · running');
    expect(defaultSessionName({ exerciseNames: [], setCount: 0, startedAt: start, running: true })).toBe('Free session · running');
    expect(defaultSessionName({ exerciseNames: ['', '  '], setCount: 2, startedAt: new Date(2027, 0, 3, 18, 5) })).toBe('Free session · 2 sets · Sun 3 Jan 18:05');
  });

  it('several exercises: in the order trained, each once, at most two by name', () => {
    expect(sessionExerciseLabel(['Hip thrust', 'Back squat', 'Hip thrust'])).toBe('Hip thrust + Back squat');
    expect(sessionExerciseLabel(['Hip thrust', 'Back squat', 'Bench press', 'Push-up', 'Bench press'])).toBe('Hip thrust + Back squat + 2 more');
  });

  it('midnight and single-digit days are written in full', () => {
    expect(sessionStartLabel(new Date(2026, 1, 9, 0, 3))).toBe('Mon 9 Feb 00:03');
  });
});

describe('session summary', () => {
  it('lists each set with its tag, reps, numbers and comparison sentences; the file name from the path', () => {
    const set = (number: number, tag: SetSummary['tag'], reps: number, sentence: string | null): SetSummary => ({
      number,
      tag,
      exerciseId: 'hip-thrust',
      startS: number * 60,
      endS: number * 60 + 30,
      reps: Array.from({ length: reps }, () => ({}) as SetSummary['reps'][number]),
      targetMeanPct: 40 + number,
      assistMeanPct: 20,
      targetShare: number === 2 ? Number.NaN : 0.6,
      coContractionPct: 30,
      medianFreqSlopeHzPerRep: null,
      normalisation: 'mvc',
      comparisons: sentence ? [{ sentence } as SetSummary['comparisons'][number]] : [],
    });
    const s = buildSessionSummary({
      sets: [set(1, 'baseline', 8, null), set(2, 'internal', 6, 'Target +14% vs baseline, assisting −9%: the cue is working')],
      exercises: EXERCISE_LIBRARY,
      name: 'Hip thrust · 2 sets · Tue 1 Dec 07:45',
      startedAtMs: T0,
      durationS: 600,
      demo: true,
      recordings: [{ sessionId: '20261201-074512-a1b2', path: '/data/20261201-074512-a1b2.bdf' }],
    });
    expect(s.sets.map((x) => [x.number, x.tag, x.reps, x.exerciseName])).toEqual([
      [1, 'baseline', 8, 'Hip thrust'],
      [2, 'internal', 6, 'Hip thrust'],
    ]);
    expect(s.sets[1].sentences).toEqual(['Target +14% vs baseline, assisting −9%: the cue is working']);
    expect(s.sets[1].targetShare).toBeNull(); // NaN (no assisting) said as null, not lost in JSON
    expect(s.reps).toBe(14);
    expect(s.recordings).toEqual([{ sessionId: '20261201-074512-a1b2', fileName: '20261201-074512-a1b2.bdf', path: '/data/20261201-074512-a1b2.bdf' }]);
    expect(s.exerciseNames).toEqual(['Hip thrust']);
    expect(s.demo).toBe(true);
    expect(new Date(s.endedAt).getTime() - new Date(s.startedAt).getTime()).toBe(600_000);
  });
});

// ---- the live training context: no set outside a session -----------------------------------

const RATE = 1000;

/** 2 channels; reps of 2 s every 3.5 s (target 60 µV, assisting 20 µV above a 3 µV rest). */
function feedReps(s: TrainingSession, from: number, count: number): number {
  const frames = Math.round(count * 3.5 * RATE);
  for (let done = 0; done < frames; done += 100) {
    const env = new Float64Array(200);
    const filt = new Float64Array(200);
    for (let i = 0; i < 100; i++) {
      const x = (done + i) / RATE;
      const p = x % 3.5;
      const w = p < 2 ? 0.5 * (1 - Math.cos(Math.PI * p)) : 0;
      env[2 * i] = 3 + 60 * w;
      env[2 * i + 1] = 3 + 20 * w;
      filt[2 * i] = env[2 * i] * Math.SQRT2 * Math.sin(2 * Math.PI * 100 * ((from + done + i) / RATE));
      filt[2 * i + 1] = env[2 * i + 1] * Math.SQRT2 * Math.sin(2 * Math.PI * 80 * ((from + done + i) / RATE));
    }
    s.pushProcessed({ filtered: filt, envelope: env, frames: 100, channelCount: 2, firstSampleIndex: from + done });
  }
  return from + frames;
}

function rest(s: TrainingSession, from: number, seconds: number): number {
  const frames = Math.round(seconds * RATE);
  for (let done = 0; done < frames; done += 100) {
    const env = new Float64Array(200).fill(3);
    s.pushProcessed({ filtered: new Float64Array(200), envelope: env, frames: 100, channelCount: 2, firstSampleIndex: from + done });
  }
  return from + frames;
}

function liveContext(): TrainingSession {
  const s = new TrainingSession({ exercises: [...EXERCISE_LIBRARY], mvcStore: new MemoryMvcStore(), setsNeedSession: true });
  s.configureStream({ sampleRateHz: RATE, channelCount: 2, channelLabels: ['ch1', 'ch2'], mainsHz: 50, fullScaleUv: 187500 });
  s.setup({ exerciseId: 'hip-thrust' });
  return s;
}

describe('the live training context outside a session', () => {
  it('shows live values and reps in progress but keeps no set; inside a session reps start sets', () => {
    const s = liveContext();
    const ended: SetSummary[] = [];
    const starts: number[] = [];
    s.onSetEnded((x) => ended.push(x));
    s.onEvent((e) => e.kind === 'set-start' && starts.push(e.timeS));
    let k = rest(s, 0, 2);
    k = feedReps(s, k, 4);
    // the live numbers move (the dashboard is alive)…
    let sawRep = false;
    for (let i = 0; i < 3; i++) {
      k = feedReps(s, k, 1);
      sawRep ||= s.state().targetPct > 0;
    }
    expect(sawRep).toBe(true);
    // …but no set started, none was kept
    expect(s.state().setActive).toBe(false);
    expect(s.state().sets).toEqual([]);
    expect(starts).toEqual([]);
    expect(() => s.startSet()).toThrow(/start a session first/);

    s.openSets();
    k = feedReps(s, k, 5);
    expect(s.state().setActive).toBe(true);
    expect(s.state().setNumber).toBe(1);
    s.closeSets(); // "End session": the running set is closed and kept
    expect(s.state().setActive).toBe(false);
    expect(ended).toHaveLength(1);
    expect(ended[0].reps.length).toBeGreaterThanOrEqual(4);
    expect(s.state().sets).toHaveLength(1); // still shown after the end, for the summary

    // after the session: reps again start nothing
    k = rest(s, k, 1);
    k = feedReps(s, k, 4);
    expect(s.state().setActive).toBe(false);
    expect(ended).toHaveLength(1);

    // a new session counts its sets from 1 again, keeping the tag chosen before it
    s.tagSet('internal');
    s.openSets();
    expect(s.state().sets).toEqual([]);
    expect(s.state().setNumber).toBe(1);
    k = feedReps(s, k, 4);
    expect(s.state().setActive).toBe(true);
    expect(s.state().setTag).toBe('internal');
    rest(s, k, 10);
    expect(s.state().sets).toHaveLength(1);
  });

  it('a replay or analysis context (default) needs no session', () => {
    const s = new TrainingSession({ exercises: [...EXERCISE_LIBRARY], mvcStore: new MemoryMvcStore() });
    s.configureStream({ sampleRateHz: RATE, channelCount: 2, channelLabels: ['ch1', 'ch2'], mainsHz: 50, fullScaleUv: 187500 });
    s.setup({ exerciseId: 'hip-thrust' });
    feedReps(s, rest(s, 0, 2), 4);
    expect(s.state().setActive).toBe(true);
  });
});
