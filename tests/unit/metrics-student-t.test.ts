import { describe, it, expect } from 'vitest';
import { logGamma, regularizedIncompleteBeta, studentTCdf, studentTQuantile, studentTQuantileDirect } from '../../src/metrics/student-t';
import { mulberry32 } from '../../src/util/seeded-random';
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

describe('Student t quantile: memoised and with the ν-only terms hoisted', () => {
  // the quantile as it was computed before (ln Γ terms at every CDF and density evaluation)
  const cdf0 = (t: number, df: number) => {
    if (t === 0) return 0.5;
    const tail = 0.5 * regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
    return t > 0 ? 1 - tail : tail;
  };
  const pdf0 = (t: number, df: number) => Math.exp(logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI) - ((df + 1) / 2) * Math.log(1 + (t * t) / df));
  const quantile0 = (p: number, df: number): number => {
    if (!(p > 0 && p < 1) || !(df > 0)) return NaN;
    if (p === 0.5) return 0;
    if (p < 0.5) return -quantile0(1 - p, df);
    let lo = 0;
    let hi = 1;
    while (cdf0(hi, df) < p) {
      lo = hi;
      hi *= 2;
      if (hi > 1e12) return Infinity;
    }
    let t = Math.min(hi, Math.max(lo, normalStart(p)));
    for (let i = 0; i < 100; i++) {
      const f = cdf0(t, df) - p;
      if (f > 0) hi = t;
      else lo = t;
      let next = t - f / pdf0(t, df);
      if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
      if (Math.abs(next - t) <= 1e-12 * Math.max(1, Math.abs(t))) return next;
      t = next;
    }
    return t;
  };
  const same = (a: number, b: number) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

  it('equals the former computation bit for bit for many ν (integer and Welch), p and both tails, first call and memoised', () => {
    const rand = mulberry32(3);
    const dfs = [...Array.from({ length: 120 }, (_, i) => i + 1), ...Array.from({ length: 300 }, () => 1 + 60 * rand()), 0.3, 0.9, 2.5, 500, 1e4, 0, -1, NaN];
    const ps = [0.975, 0.95, 0.995, 0.9, 0.6, 0.025, 0.5, 0, 1];
    let compared = 0;
    for (const p of ps) {
      for (const df of dfs) {
        const ref = quantile0(p, df);
        const first = studentTQuantile(p, df);
        const again = studentTQuantile(p, df);
        if (!same(first, ref) || !same(again, ref) || !same(studentTQuantileDirect(p, df), ref)) throw new Error(`p ${p}, df ${df}: ${first} / ${again} vs ${ref}`);
        compared++;
      }
    }
    expect(compared).toBe(ps.length * dfs.length);
  });

  it('the CDF equals I_x(ν/2, ½) computed directly', () => {
    for (const df of [1, 2.7, 9, 40.2]) for (const t of [-3, -0.2, 0.7, 2.5, 8]) expect(Object.is(studentTCdf(t, df), cdf0(t, df))).toBe(true);
  });
});

/** Acklam's normal quantile, as student-t.ts starts Newton's method from (copied: it is not the code under test). */
function normalStart(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - pl) return -normalStart(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

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
