/**
 * Student's t distribution for any (also non-integer, Welch) degrees of freedom: the CDF through
 * the regularised incomplete beta function, and its quantile by Newton steps guarded by bisection.
 *
 * I_x(a, b) by the continued fraction of Numerical Recipes (Press et al. 2007, 3rd ed., §6.4,
 * modified Lentz); ln Γ by Lanczos (g = 7, 9 terms; Godfrey's coefficients), relative error
 * < 1e-13 over the range used here. The CDF of t with ν degrees of freedom:
 *   F(t) = 1 − ½·I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0, symmetric below.
 * Checked against scipy.stats.t in tests/unit/metrics-student-t.test.ts.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos approximation). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of I_x(a, b) (Numerical Recipes betacf). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const TINY = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** Regularised incomplete beta function I_x(a, b), 0 ≤ x ≤ 1. */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  return incompleteBetaWith(x, a, b, lnBetaFront(a, b));
}

/** ln Γ(a + b) − ln Γ(a) − ln Γ(b): the part of I_x(a, b)'s front factor that does not depend on x. */
function lnBetaFront(a: number, b: number): number {
  return logGamma(a + b) - logGamma(a) - logGamma(b);
}

/** I_x(a, b) with lnBetaFront(a, b) given (the same operations in the same order as computing it here). */
function incompleteBetaWith(x: number, a: number, b: number, lnGammas: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = lnGammas + a * Math.log(x) + b * Math.log(1 - x);
  const front = Math.exp(lnFront);
  // the continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T ≤ t) for Student's t with `df` (> 0) degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0)) return NaN;
  return tCdfWith(t, df, lnBetaFront(df / 2, 0.5));
}

/** studentTCdf with lnBetaFront(df / 2, ½) given. */
function tCdfWith(t: number, df: number, lnGammas: number): number {
  if (t === 0) return 0.5;
  const tail = 0.5 * incompleteBetaWith(df / (df + t * t), df / 2, 0.5, lnGammas);
  return t > 0 ? 1 - tail : tail;
}

/**
 * Density of Student's t with `df` degrees of freedom; `lnNorm` = ln Γ((ν+1)/2) − ln Γ(ν/2) −
 * ½ ln(νπ) (tPdfNorm), the part that does not depend on t.
 */
function studentTPdf(t: number, df: number, lnNorm: number): number {
  const ln = lnNorm - ((df + 1) / 2) * Math.log(1 + (t * t) / df);
  return Math.exp(ln);
}

function tPdfNorm(df: number): number {
  return logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
}

/** Quantiles computed, per p, by degrees of freedom (a set's comparisons ask for the same ones again). */
const quantileMemo = new Map<number, Map<number, number>>();
/** entries kept per p before the memo starts over (a long session's Welch ν are all different) */
const QUANTILE_MEMO_MAX = 4096;

/**
 * The p-quantile of Student's t with `df` degrees of freedom (e.g. p = 0.975, df = 4 → 2.776):
 * studentTQuantileDirect, memoised per (p, df) (the same value for the same arguments; a
 * comparison's three intervals and a symmetry interval often share ν).
 */
export function studentTQuantile(p: number, df: number): number {
  let byDf = quantileMemo.get(p);
  if (!byDf) quantileMemo.set(p, (byDf = new Map()));
  const known = byDf.get(df);
  if (known !== undefined) return known;
  const q = studentTQuantileDirect(p, df);
  if (byDf.size >= QUANTILE_MEMO_MAX) byDf.clear();
  byDf.set(df, q);
  return q;
}

/**
 * The p-quantile of Student's t with `df` degrees of freedom, computed: Newton's method on the
 * CDF from a normal start, kept inside a bisection bracket. The ln Γ terms that depend on ν only
 * are computed once per call instead of at every CDF and density evaluation (the same numbers:
 * tests/unit/metrics-student-t.test.ts compares with the former code bit for bit).
 */
export function studentTQuantileDirect(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return NaN;
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantileDirect(1 - p, df);
  const lnGammas = lnBetaFront(df / 2, 0.5);
  const lnNorm = tPdfNorm(df);
  let lo = 0;
  let hi = 1;
  while (tCdfWith(hi, df, lnGammas) < p) {
    lo = hi;
    hi *= 2;
    if (hi > 1e12) return Infinity;
  }
  let t = Math.min(hi, Math.max(lo, normalQuantile(p)));
  for (let i = 0; i < 100; i++) {
    const f = tCdfWith(t, df, lnGammas) - p;
    if (f > 0) hi = t;
    else lo = t;
    const step = f / studentTPdf(t, df, lnNorm);
    let next = t - step;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - t) <= 1e-12 * Math.max(1, Math.abs(t))) return next;
    t = next;
  }
  return t;
}

/** Standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9): a start value. */
export function normalQuantile(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - pl) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}
