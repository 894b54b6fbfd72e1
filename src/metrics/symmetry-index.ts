/**
 * Left/right symmetry of one muscle measured on both sides (e.g. left and right gluteus maximus on
 * a hip thrust): do both sides work alike? A question coaches ask on return from injury.
 *
 * Definition: the symmetry index of Robinson, Herzog & Nigg (1987, J Manipulative Physiol Ther
 * 10(4):172-176), SI = (R − L) / (½ (R + L)) × 100 %, signed: 0 = equal, > 0 = the right side works
 * more, < 0 = the left side works more. For non-negative L, R it is bounded to −200 … +200 %
 * (one side silent), so it needs no separate bounded form; |SI| of 10 % means one side is ~10 %
 * below the other (R/L = 0.9 gives SI = −10.5 %).
 *
 * What goes in: each side's rep mean of its RMS envelope (the same amplitude the rest of a rep's
 * metrics use), expressed in % of THAT SIDE'S OWN reference (its MVC, or its own session peak when
 * no MVC exists), never raw µV. Raw amplitudes of two electrode sites differ by skin and fat
 * thickness, electrode-to-muscle distance and impedance by tens of percent even in a symmetric
 * person (De Luca 1997, J Appl Biomech 13:135; Besomi et al. 2020 ISEK CEDE), so an SI on µV would
 * mostly measure the electrodes. Normalised per side, SI compares each side's share of its own
 * capacity: at equal load a weaker side works at a higher %MVC, and a side that is spared works
 * at a lower %MVC. The unit of the SI is % (of the mean of both sides).
 *
 * The statement about a set ("left works less") is a one-sample (paired) Student t interval of the
 * mean rep SI (student-t.ts): mean ± t_{n−1, 0.975} · s/√n over the set's reps. Pairing per rep
 * removes the rep-to-rep effort both sides share. With equal sides, SI is symmetric around 0
 * (swapping sides flips its sign), so the interval's level holds; the false-alarm rate and the
 * power are measured by simulation in tests/unit/metrics-symmetry-simulation.test.ts. Fewer than
 * MIN_REPS_FOR_SYMMETRY reps give no statement.
 */
import type { Estimate, SetSymmetry } from './types';
import { studentTQuantile } from './student-t';

export const SYMMETRY_DEFAULTS = {
  /** two-sided confidence level of the set's interval */
  confidence: 0.95,
  /**
   * a side below this (% of its reference) in a rep on both sides is rest: no SI (0/0). 2 %, the
   * floor the target share uses (target-share.ts SHARE_FLOOR_PCT)
   */
  floorPct: 2,
} as const;

/**
 * Fewest reps for a statement. 3, as for the set comparison (set-comparison.ts MIN_REPS_TO_COMPARE):
 * with 2 reps the t interval has 1 degree of freedom (t₀.₉₇₅ = 12.7) and says nothing.
 */
export const MIN_REPS_FOR_SYMMETRY = 3;

/**
 * Robinson's symmetry index of one pair of amplitudes (same unit, e.g. %MVC of each side), %.
 * Null when both are below `floorPct` (nothing to compare) or not finite. Negative values count as 0.
 */
export function symmetryIndexPct(leftPct: number, rightPct: number, floorPct: number = SYMMETRY_DEFAULTS.floorPct): number | null {
  if (!Number.isFinite(leftPct) || !Number.isFinite(rightPct)) return null;
  const l = leftPct > 0 ? leftPct : 0;
  const r = rightPct > 0 ? rightPct : 0;
  if (l < floorPct && r < floorPct) return null;
  return ((r - l) / (0.5 * (r + l))) * 100;
}

/** Mean of x[from, to) (0 when empty). */
function windowMean(x: ArrayLike<number>, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i];
  return to > from ? s / (to - from) : 0;
}

export interface RepSymmetry {
  /** rep mean of each side's normalised envelope, % of its own reference */
  leftMeanPct: number;
  rightMeanPct: number;
  /** Robinson SI of the rep means, %; null when both sides rest */
  symmetryPct: number | null;
}

/** The rep's symmetry from both sides' normalised envelopes over samples [from, to). */
export function repSymmetry(leftPct: ArrayLike<number>, rightPct: ArrayLike<number>, from: number, to: number, floorPct: number = SYMMETRY_DEFAULTS.floorPct): RepSymmetry {
  const end = Math.min(to, leftPct.length, rightPct.length);
  const l = windowMean(leftPct, from, end);
  const r = windowMean(rightPct, from, end);
  return { leftMeanPct: l, rightMeanPct: r, symmetryPct: symmetryIndexPct(l, r, floorPct) };
}

/** One-sample Student t interval of the mean of x (the point value alone with < 2 values or no spread). */
export function meanTInterval(x: readonly number[], confidence: number = SYMMETRY_DEFAULTS.confidence): Estimate & { df: number } {
  const n = x.length;
  let s = 0;
  for (const v of x) s += v;
  const m = n ? s / n : NaN;
  if (n < 2) return { value: m, low: m, high: m, df: NaN };
  let q = 0;
  for (const v of x) q += (v - m) * (v - m);
  const se = Math.sqrt(q / (n - 1) / n);
  if (!(se > 0)) return { value: m, low: m, high: m, df: n - 1 };
  const half = studentTQuantile(1 - (1 - confidence) / 2, n - 1) * se;
  return { value: m, low: m - half, high: m + half, df: n - 1 };
}

export interface SetSymmetryOptions {
  confidence?: number;
}

/** "12 %" with a true minus sign, whole percent. */
function pctText(v: number): string {
  const r = Math.round(Math.abs(v));
  return `${r} %`;
}

/**
 * The set's symmetry from its reps (each with a left and a right rep mean, % of each side's own
 * reference): the mean rep SI with its t interval, and a plain sentence. A side "works less" only
 * when the interval excludes 0 and the set has at least MIN_REPS_FOR_SYMMETRY reps with an SI.
 */
export function setSymmetry(reps: readonly RepSymmetry[], options: SetSymmetryOptions = {}): SetSymmetry {
  const sis = reps.map((r) => r.symmetryPct).filter((v): v is number => v !== null);
  const ci = meanTInterval(sis, options.confidence ?? SYMMETRY_DEFAULTS.confidence);
  const leftMeanPct = reps.length ? reps.reduce((s, r) => s + r.leftMeanPct, 0) / reps.length : 0;
  const rightMeanPct = reps.length ? reps.reduce((s, r) => s + r.rightMeanPct, 0) / reps.length : 0;
  const enough = sis.length >= MIN_REPS_FOR_SYMMETRY;
  const significant = enough && (ci.low > 0 || ci.high < 0);
  const lessActive: SetSymmetry['lessActive'] = significant ? (ci.value > 0 ? 'left' : 'right') : null;
  const interval = `95 % interval ${signed(ci.low)} to ${signed(ci.high)}`;
  let sentence: string;
  if (!enough) sentence = `Too few reps to tell left from right (need ${MIN_REPS_FOR_SYMMETRY} with both sides active)`;
  else if (lessActive) sentence = `${lessActive === 'left' ? 'Left' : 'Right'} works less: SI ${signed(ci.value)} (${interval})`;
  else sentence = `Left and right alike within noise: SI ${signed(ci.value)} (${interval})`;
  return {
    symmetryPct: { value: ci.value, low: ci.low, high: ci.high },
    reps: sis.length,
    leftMeanPct,
    rightMeanPct,
    significant,
    lessActive,
    sentence,
  };
}

/** "+12 %", "−4 %", "0 %" (true minus sign). */
export function signed(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const r = Math.round(v);
  if (r === 0) return '0 %';
  return `${r > 0 ? '+' : '\u2212'}${pctText(r)}`;
}
