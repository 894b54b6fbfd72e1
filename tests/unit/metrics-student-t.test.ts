import { describe, it, expect } from 'vitest';
import { studentTCdf, studentTQuantile } from '../../src/metrics/student-t';
import { welchDifference, welchRelativeChange } from '../../src/metrics/welch-interval';

// reference values: scipy.stats.t.ppf / t.cdf and scipy.stats.ttest_ind(equal_var=False) (scipy 1.x)
describe('Student t distribution', () => {
  it('quantiles equal scipy.stats.t.ppf, also for non-integer (Welch) df', () => {
    const cases: [number, number, number][] = [
      [0.975, 1, 12.706204736174694],
      [0.975, 2, 4.302652729749462],
      [0.975, 3.7, 2.8675207071911895],
      [0.975, 14, 2.144786687917804],
      [0.95, 30.5, 1.6963751158527451],
      [0.995, 5, 4.032142983555228],
      [0.975, 1000, 1.9623390808264083],
    ];
    for (const [p, df, q] of cases) {
      expect(studentTQuantile(p, df)).toBeCloseTo(q, 9);
      expect(studentTQuantile(1 - p, df)).toBeCloseTo(-q, 9);
    }
  });
  it('CDF equals scipy.stats.t.cdf', () => {
    expect(studentTCdf(2.0, 3)).toBeCloseTo(0.9303370157205785, 12);
    expect(studentTCdf(-1.3, 7.5)).toBeCloseTo(0.11606338940780439, 12);
    expect(studentTCdf(0.4, 2)).toBeCloseTo(0.6360827634879543, 12);
    expect(studentTCdf(0, 4)).toBe(0.5);
  });
});

describe('Welch t interval', () => {
  const ref = [40, 42, 38, 41, 39];
  const cur = [48, 50, 47, 52, 46];
  it('on log values equals scipy ttest_ind(log cur, log ref, equal_var=False).confidence_interval()', () => {
    const w = welchDifference(cur.map(Math.log), ref.map(Math.log));
    expect(w.df).toBeCloseTo(7.649187244841652, 9);
    expect(w.difference.low).toBeCloseTo(0.12878831882778174, 9);
    expect(w.difference.high).toBeCloseTo(0.26000679643580804, 9);
    const r = welchRelativeChange(cur, ref);
    expect(r.logScale).toBe(true);
    expect(r.relativePct.low).toBeCloseTo(13.744932207416083, 6);
    expect(r.relativePct.high).toBeCloseTo(29.693890119780697, 6);
  });
  it('fewer than 2 values: no interval, only the point value', () => {
    const r = welchDifference([5], [4, 4]);
    expect(r.estimated).toBe(false);
    expect(r.difference).toEqual({ value: 1, low: 1, high: 1 });
  });
  it('a zero rep (silent channel) falls back to the linear scale', () => {
    const r = welchRelativeChange([0, 10, 12], [10, 11, 9]);
    expect(r.logScale).toBe(false);
    expect(r.relativePct.value).toBeCloseTo((100 * (22 / 3 - 10)) / 10, 9);
    expect(r.relativePct.low).toBeLessThan(r.relativePct.value);
  });
});
