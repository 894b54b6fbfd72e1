import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { bootstrapMeanDifference } from '../../src/metrics/bootstrap';
import { mulberry32 } from '../../src/util/seeded-random';
import { compareSets, formatSignedPct, summariseSet, type SetLike } from '../../src/metrics/set-comparison';
import type { RepMetrics, SetTag } from '../../src/metrics/types';
import { gaussian } from './metrics-helpers';

function rep(i: number, t: number, a: number, mdf: number | null = null): RepMetrics {
  return {
    index: i + 1, startS: i * 3, endS: i * 3 + 2, tutS: 2, concentricS: 0.8, eccentricS: 1.2,
    targetPeakPct: t * 1.6, targetMeanPct: t, assistPeakPct: a * 1.6, assistMeanPct: a,
    targetShare: t / (t + a), coContractionPct: (200 * Math.min(t, a)) / (t + a), medianFreqHz: mdf,
  };
}
function set(number: number, tag: SetTag, t: number[], a: number[]): SetLike {
  return { number, tag, reps: t.map((v, i) => rep(i, v, a[i])) };
}

describe('bootstrap', () => {
  it('is deterministic for a seed', () => {
    const a = bootstrapMeanDifference([1, 2, 3, 4], [2, 3, 4, 5], { seed: 3 });
    const b = bootstrapMeanDifference([1, 2, 3, 4], [2, 3, 4, 5], { seed: 3 });
    expect(a).toEqual(b);
  });
  it('point values: means 12 vs 10 → diff 2, +20 %', () => {
    const r = bootstrapMeanDifference([11, 12, 13], [9, 10, 11]);
    expect(r.difference.value).toBeCloseTo(2, 12);
    expect(r.relativePct.value).toBeCloseTo(20, 12);
    expect(r.resampled).toBe(true);
  });
  it('a clear effect: interval covers the true difference and excludes 0', () => {
    const g = gaussian(mulberry32(1));
    const ref = Array.from({ length: 10 }, () => 40 + 3 * g());
    const cur = Array.from({ length: 10 }, () => 48.8 + 3 * g()); // +22 %
    const r = bootstrapMeanDifference(cur, ref);
    expect(r.relativePct.low).toBeGreaterThan(0);
    expect(r.relativePct.low).toBeLessThan(22);
    expect(r.relativePct.high).toBeGreaterThan(22);
    expect(r.difference.low).toBeLessThan(8.8);
    expect(r.difference.high).toBeGreaterThan(8.8);
  });
  it('covers the true difference in ≥ 85 % of random trials (nominal 95 %)', () => {
    let covered = 0;
    let trials = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), (seed) => {
        const g = gaussian(mulberry32(seed));
        const ref = Array.from({ length: 12 }, () => 40 + 4 * g());
        const cur = Array.from({ length: 12 }, () => 44 + 4 * g());
        const r = bootstrapMeanDifference(cur, ref, { resamples: 500 });
        trials++;
        if (r.difference.low <= 4 && r.difference.high >= 4) covered++;
      }),
      { numRuns: 100, seed: 1 },
    );
    expect(covered / trials).toBeGreaterThan(0.85);
  });
  it('fewer than 2 values: no interval, only the point value', () => {
    const r = bootstrapMeanDifference([5], [4, 4]);
    expect(r.resampled).toBe(false);
    expect(r.difference).toEqual({ value: 1, low: 1, high: 1 });
  });
});

describe('set comparison sentences', () => {
  const base = set(1, 'baseline', [40, 42, 38, 41, 39, 40, 41, 39], [30, 31, 29, 30, 31, 29, 30, 30]);
  it('formats signs with a true minus', () => {
    expect(formatSignedPct(14.4)).toBe('+14%');
    expect(formatSignedPct(-9.2)).toBe('\u22129%');
    expect(formatSignedPct(0.3)).toBe('0%');
  });
  it('"the cue is working": target +22 %, assisting −10 %', () => {
    const cur = set(2, 'internal', base.reps.map((r) => r.targetMeanPct * 1.22), base.reps.map((r) => r.assistMeanPct * 0.9));
    const c = compareSets(cur, base, 'baseline');
    expect(c.significant).toBe(true);
    expect(c.targetChangePct.value).toBeCloseTo(22, 6);
    expect(c.targetChangePct.low).toBeGreaterThan(0);
    expect(c.shareChangePts.value).toBeGreaterThan(0);
    expect(c.sentence).toBe('Target +22% vs baseline, assisting \u221210%: the cue is working');
    expect(c.againstSetNumber).toBe(1);
  });
  it('"within noise" for +3 % with rep-to-rep scatter of ±5 %', () => {
    const t = [42, 38, 44, 40, 37, 43, 39, 47]; // mean 41.25 vs 40 → +3 %
    const cur = set(2, 'internal', t, base.reps.map((r) => r.assistMeanPct));
    const c = compareSets(cur, base, 'baseline');
    expect(c.significant).toBe(false);
    expect(c.sentence).toBe('Target +3% vs baseline (within noise)');
  });
  it('"Assisting took over"', () => {
    const cur = set(2, 'internal', base.reps.map((r) => r.targetMeanPct * 0.88), base.reps.map((r) => r.assistMeanPct * 1.18));
    const c = compareSets(cur, base, 'baseline');
    expect(c.sentence).toBe('Assisting took over: target \u221212%, assisting +18% vs baseline');
  });
  it('vs previous set, and too few reps', () => {
    const prev = set(2, 'internal', [40, 41, 39], [30, 30, 30]);
    const cur = set(3, 'internal', [50, 51, 49], [29, 30, 28]);
    expect(compareSets(cur, prev, 'previous').sentence).toBe('Target +25% vs previous set, assisting \u22123%: more on the target');
    expect(compareSets(set(4, 'internal', [50], [30]), prev, 'previous').sentence).toMatch(/^Too few reps/);
  });
  it('without an assisting channel only the target is reported', () => {
    const b = set(1, 'baseline', [40, 41, 39], [0, 0, 0]);
    const cur = set(2, 'external', [50, 51, 49], [0, 0, 0]);
    expect(compareSets(cur, b, 'baseline').sentence).toBe('Target +25% vs baseline: the cue is working');
  });
});

describe('summariseSet', () => {
  it('means, fatigue slope, comparisons with baseline and previous', () => {
    const b = set(1, 'baseline', [40, 40, 40], [20, 20, 20]);
    const p = set(2, 'internal', [44, 44, 45], [20, 20, 20]);
    const reps = [rep(0, 50, 20, 100), rep(1, 52, 20, 98), rep(2, 48, 20, 96), rep(3, 50, 20, 94), rep(4, 50, 20, 92)];
    const s = summariseSet({ number: 3, tag: 'internal', exerciseId: 'hip-thrust', startS: 0, endS: 12, reps, baseline: b, previous: p });
    expect(s.targetMeanPct).toBe(50);
    expect(s.assistMeanPct).toBe(20);
    expect(s.targetShare).toBeCloseTo(50 / 70, 2);
    expect(s.medianFreqSlopeHzPerRep).toBeCloseTo(-2, 12);
    expect(s.comparisons.map((c) => c.against)).toEqual(['baseline', 'previous']);
    // the baseline set itself gets no comparison; previous == baseline is said once
    expect(summariseSet({ number: 1, tag: 'baseline', exerciseId: null, startS: 0, endS: 1, reps: b.reps as RepMetrics[], baseline: b }).comparisons).toEqual([]);
    expect(summariseSet({ number: 2, tag: 'internal', exerciseId: null, startS: 0, endS: 1, reps: p.reps as RepMetrics[], baseline: b, previous: b }).comparisons.length).toBe(1);
  });
});

describe('summariseSet: what is not measured shows as not measured', () => {
  it('a median-frequency slope needs 5 reps (4 give null: "—"; the 5.8 s Vicon lift read −85.86 Hz/rep)', () => {
    const four = [rep(0, 50, 20, 100), rep(1, 52, 20, 60), rep(2, 48, 20, 96), rep(3, 50, 20, 30)];
    expect(summariseSet({ number: 1, tag: 'baseline', exerciseId: null, startS: 0, endS: 12, reps: four }).medianFreqSlopeHzPerRep).toBeNull();
  });
  it('a one-channel set has no target share or co-contraction (NaN → "—"), not 100 %', () => {
    const one = [rep(0, 50, 0), rep(1, 52, 0), rep(2, 48, 0)].map((r) => ({ ...r, targetShare: 1, coContractionPct: 0 }));
    const s = summariseSet({ number: 1, tag: 'baseline', exerciseId: null, startS: 0, endS: 9, reps: one, normalisation: 'session-peak' });
    expect(s.targetShare).toBeNaN();
    expect(s.coContractionPct).toBeNaN();
    expect(s.normalisation).toBe('session-peak');
  });
});
