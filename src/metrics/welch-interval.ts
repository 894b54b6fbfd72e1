/**
 * Confidence intervals for "is this set different from that one?" from a handful of reps.
 *
 * Why not the bootstrap: a percentile bootstrap over 3-8 rep means is too narrow (it resamples
 * the few reps there are, so it underestimates the spread by the factor √((n−1)/n) and ignores
 * the uncertainty of the SD itself); by simulation it called equal sets different in ~33 % of
 * pairs at 2 reps, 13 % at 5 and 9-10 % at 8 (nominal 5 %). The t interval accounts for both.
 *
 * Relative change (target, assisting activation): Welch's t interval on the LOG rep means
 * (Welch 1947, Biometrika 34:28; Satterthwaite 1946 degrees of freedom), back-transformed:
 *   d = mean(ln c) − mean(ln r),  se = √(s²_c/n_c + s²_r/n_r),
 *   ν = se⁴ / ((s²_c/n_c)²/(n_c−1) + (s²_r/n_r)²/(n_r−1)),
 *   change = 100·(e^d − 1) %, interval 100·(e^{d ± t_{ν,1−α/2}·se} − 1) %.
 * The log makes the change multiplicative (a +20 % cue effect is +20 % whatever the level, and
 * rep-to-rep variation of EMG amplitude scales with the level, i.e. a constant CV), so the
 * interval is the ratio of geometric means; Welch does not assume equal spread in both sets
 * (a fatigued set scatters more). Share changes (percentage points) use Welch on the raw values.
 * The level holds for small sets: tests/unit/metrics-set-comparison-simulation.test.ts.
 */
import { studentTQuantile } from './student-t';

export const WELCH_DEFAULTS = {
  /** two-sided confidence level of the interval */
  confidence: 0.95,
} as const;

export interface IntervalOptions {
  confidence?: number;
}

export interface Interval {
  value: number;
  low: number;
  high: number;
}

function meanVar(x: readonly number[]): { m: number; v: number } {
  let s = 0;
  for (const v of x) s += v;
  const m = x.length ? s / x.length : 0;
  let q = 0;
  for (const v of x) q += (v - m) * (v - m);
  return { m, v: x.length > 1 ? q / (x.length - 1) : 0 };
}

export interface WelchResult {
  /** mean(current) − mean(reference), with the Welch t interval */
  difference: Interval;
  /** Welch-Satterthwaite degrees of freedom (NaN when both samples have no spread) */
  df: number;
  /** false when a sample has < 2 values: the interval is then just the point value */
  estimated: boolean;
}

/** Welch's t interval of mean(current) − mean(reference). */
export function welchDifference(current: readonly number[], reference: readonly number[], options: IntervalOptions = {}): WelchResult {
  const conf = options.confidence ?? WELCH_DEFAULTS.confidence;
  const c = meanVar(current);
  const r = meanVar(reference);
  const d = c.m - r.m;
  if (current.length < 2 || reference.length < 2) return { difference: { value: d, low: d, high: d }, df: NaN, estimated: false };
  const qc = c.v / current.length;
  const qr = r.v / reference.length;
  const se2 = qc + qr;
  if (!(se2 > 0)) return { difference: { value: d, low: d, high: d }, df: NaN, estimated: true };
  const df = (se2 * se2) / ((qc * qc) / (current.length - 1) + (qr * qr) / (reference.length - 1));
  const half = studentTQuantile(1 - (1 - conf) / 2, df) * Math.sqrt(se2);
  return { difference: { value: d, low: d - half, high: d + half }, df, estimated: true };
}

export interface RelativeChange {
  /** 100·(current / reference − 1), %, with interval */
  relativePct: Interval;
  df: number;
  estimated: boolean;
  /** true: ratio of geometric means (log scale); false: some value ≤ 0, difference of means over the reference mean */
  logScale: boolean;
}

/** Relative change of current vs reference, %, from Welch's t interval on the log values. */
export function welchRelativeChange(current: readonly number[], reference: readonly number[], options: IntervalOptions = {}): RelativeChange {
  const positive = current.every((v) => v > 0) && reference.every((v) => v > 0);
  if (positive) {
    const w = welchDifference(current.map(Math.log), reference.map(Math.log), options);
    const pct = (l: number) => 100 * (Math.exp(l) - 1);
    const { value, low, high } = w.difference;
    return { relativePct: { value: pct(value), low: pct(low), high: pct(high) }, df: w.df, estimated: w.estimated, logScale: true };
  }
  // a zero (silent channel) has no log: fall back to the difference of means relative to the
  // reference mean, treating that mean as known (an approximation; it only arises for silent reps)
  const w = welchDifference(current, reference, options);
  const rm = meanVar(reference).m;
  const pct = (d: number) => (rm !== 0 ? (100 * d) / rm : 0);
  const { value, low, high } = w.difference;
  return { relativePct: { value: pct(value), low: pct(low), high: pct(high) }, df: w.df, estimated: w.estimated, logScale: false };
}
