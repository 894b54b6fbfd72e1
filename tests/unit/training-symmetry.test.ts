/**
 * The left/right pair through the live training context: rep SI and the set's statement from
 * both sides' envelopes, each in % of its own MVC; the live read-out; the pair validated.
 */
import { describe, it, expect } from 'vitest';
import { TrainingSession } from '../../src/training/training-session';
import { MemoryMvcStore } from '../../src/training/mvc-store';
import { EXERCISE_LIBRARY } from '../../src/exercises/library';
import type { SetSummary } from '../../src/metrics/types';
import { analyzeSignals } from '../../src/metrics/analyze-signals';

const RATE = 1000;
const BLOCK = 100;
const MUSCLES = ['Gluteus maximus (left)', 'Biceps femoris (hamstrings)', 'Gluteus maximus (right)'];

/** 3 channels: left glute (target), hamstrings, right glute; `reps` raised-cosine reps of peak µV per channel. */
function feed(s: TrainingSession, from: { index: number }, seconds: number, level: (tS: number) => [number, number, number]): void {
  const frames = Math.round(seconds * RATE);
  for (let done = 0; done < frames; done += BLOCK) {
    const n = Math.min(BLOCK, frames - done);
    const env = new Float64Array(n * 3);
    const filt = new Float64Array(n * 3);
    for (let i = 0; i < n; i++) {
      const t = (from.index + i) / RATE;
      const v = level(t);
      for (let c = 0; c < 3; c++) {
        env[3 * i + c] = v[c];
        filt[3 * i + c] = v[c] * Math.SQRT2 * Math.sin(2 * Math.PI * (80 + 20 * c) * t);
      }
    }
    s.pushProcessed({ filtered: filt, envelope: env, frames: n, channelCount: 3, firstSampleIndex: from.index });
    from.index += n;
  }
}

function reps(count: number, left: number, hams: number, right: (k: number) => number): (t: number, start: number) => [number, number, number] {
  return (time, start) => {
    const x = time - start;
    const k = Math.floor(x / 3.5);
    const w = k < count && x - k * 3.5 < 2 ? 0.5 * (1 - Math.cos((2 * Math.PI * (x - k * 3.5)) / 2)) : 0;
    const scatter = 1 + 0.05 * Math.sin(1.3 * k + 0.2);
    return [3 + left * scatter * w, 3 + hams * w, 3 + right(k) * scatter * w];
  };
}

function make() {
  const store = new MemoryMvcStore();
  for (const muscle of MUSCLES) store.put({ person: 'ana', muscle, mvcUv: 200, restMeanUv: 3, restSdUv: 0.5, date: '2025-01-01T00:00:00Z' });
  const s = new TrainingSession({ exercises: [...EXERCISE_LIBRARY], mvcStore: store, person: 'ana' });
  s.configureStream({ sampleRateHz: RATE, channelCount: 3, channelLabels: ['ch1', 'ch2', 'ch3'], mainsHz: 50, fullScaleUv: 187500 });
  s.setup({ exerciseId: 'hip-thrust', targetChannel: 0, assistingChannels: [1], muscles: MUSCLES, symmetryPair: { left: 0, right: 2 } });
  const ended: SetSummary[] = [];
  s.onSetEnded((x) => ended.push(x));
  return { s, ended, at: { index: 0 } };
}

describe('left/right symmetry in the training context', () => {
  it('a right side at 80 % of the left (same MVC) gives SI ≈ −22 % per rep and "Right works less" for the set', () => {
    const { s, ended, at } = make();
    expect(s.state().setup.symmetryPair).toEqual({ left: 0, right: 2 });
    expect(s.state().normalisation).toBe('mvc');
    feed(s, at, 3, () => [3, 3, 3]);
    const start = at.index / RATE;
    const f = reps(6, 100, 40, () => 80);
    feed(s, at, 6 * 3.5, (t) => f(t, start));
    // live: both sides shown in % of their own MVC
    const live = s.state();
    expect(live.symmetry).not.toBeNull();
    expect(live.reps.length).toBeGreaterThanOrEqual(5);
    for (const r of live.reps) expect(r.symmetryPct!).toBeCloseTo((-0.2 / 0.9) * 100, -0.5);
    feed(s, at, 10, () => [3, 3, 3]);
    expect(ended).toHaveLength(1);
    const sym = ended[0].symmetry!;
    expect(sym.reps).toBe(ended[0].reps.length);
    expect(sym.lessActive).toBe('right');
    expect(sym.symmetryPct.high).toBeLessThan(0);
    expect(sym.sentence).toMatch(/^Right works less/);
    expect(sym.leftMeanPct).toBeGreaterThan(sym.rightMeanPct);
  });

  it('equal sides are "alike within noise"; no pair, no symmetry', () => {
    const { s, ended, at } = make();
    feed(s, at, 3, () => [3, 3, 3]);
    const start = at.index / RATE;
    // right scatters around the left by ±4 % (a symmetric lifter)
    const f = reps(6, 100, 40, (k) => 100 * (1 + 0.04 * Math.sin(2.1 * k + 1)));
    feed(s, at, 6 * 3.5 + 10, (t) => f(t, start));
    expect(ended).toHaveLength(1);
    expect(ended[0].symmetry!.lessActive).toBeNull();
    expect(ended[0].symmetry!.sentence).toMatch(/alike within noise/);

    s.setup({ symmetryPair: null });
    expect(s.state().symmetry).toBeNull();
    const start2 = at.index / RATE;
    feed(s, at, 6 * 3.5 + 10, (t) => f(t, start2));
    expect(ended).toHaveLength(2);
    expect(ended[1].symmetry).toBeUndefined();
    expect(ended[1].reps[0].symmetryPct).toBeUndefined();
  });

  it('drops a pair the stream cannot have, or with one channel twice', () => {
    const { s } = make();
    s.setup({ symmetryPair: { left: 0, right: 7 } });
    expect(s.state().setup.symmetryPair).toBeNull();
    s.setup({ symmetryPair: { left: 2, right: 2 } });
    expect(s.state().setup.symmetryPair).toBeNull();
    s.setup({ symmetryPair: { left: 2, right: 0 } });
    expect(s.state().setup.symmetryPair).toEqual({ left: 2, right: 0 });
    // a smaller stream drops it
    s.configureStream({ sampleRateHz: RATE, channelCount: 2, channelLabels: ['ch1', 'ch2'], mainsHz: 50, fullScaleUv: 187500 });
    expect(s.state().setup.symmetryPair).toBeNull();
  });

  it('batch analysis (analyze --left/--right) gives the same statement', () => {
    const rate = 1000;
    const n = rate * 30;
    const env = [0, 1, 2].map(() => new Float64Array(n));
    const f = reps(6, 100, 40, () => 80);
    for (let i = 0; i < n; i++) {
      const v = f(i / rate, 3);
      for (let c = 0; c < 3; c++) env[c][i] = i / rate < 3 ? 3 : v[c];
    }
    const r = analyzeSignals({ sampleRateHz: rate, filtered: [null, null, null], envelope: env, targetChannel: 0, assistingChannels: [1], symmetryPair: { left: 0, right: 2 }, mvcUv: [200, 200, 200] });
    expect(r.normalisation).toBe('mvc');
    expect(r.sets).toHaveLength(1);
    expect(r.sets[0].symmetry!.lessActive).toBe('right');
    for (const rep of r.sets[0].reps) expect(rep.symmetryPct!).toBeCloseTo((-0.2 / 0.9) * 100, -0.5);
    const none = analyzeSignals({ sampleRateHz: rate, filtered: [null, null, null], envelope: env, targetChannel: 0, assistingChannels: [1] });
    expect(none.sets[0].symmetry).toBeUndefined();
  });
});
