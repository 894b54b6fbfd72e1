/**
 * Muscle onset / offset detection on an sEMG envelope or rectified signal.
 *
 * Hodges & Bui 1996 (Electroencephalogr Clin Neurophysiol 101:511): the muscle is "on" when the
 * moving mean of the rectified signal over a short window exceeds the rest mean + h·SD of a rest
 * period. Defaults: window 25 ms, h = 3, and the condition must hold for ≥ 25 ms (SCIENCE.md: a
 * minimum active duration of ~25-50 ms rejects blips).
 *
 * TKEO-conditioned variant (Li, Zhou & Aruin 2007, Ann Biomed Eng 35:1532; Solnik et al. 2010,
 * Eur J Appl Physiol 110:489): the Teager-Kaiser energy operator ψ[n] = x[n]² − x[n−1]·x[n+1]
 * applied to the filtered signal first emphasises the sharp, high-frequency bursts of motor unit
 * action potentials over background noise, which greatly lowers onset error. The same threshold
 * rule is then applied to |ψ|.
 */

export const HODGES_BUI_DEFAULTS = {
  /** moving-mean window, ms (Hodges & Bui 1996: 25 ms) */
  windowMs: 25,
  /** threshold = rest mean + h · rest SD (Hodges & Bui 1996: h ≈ 3) */
  h: 3,
  /** the window mean must stay above threshold this long to count, ms */
  minDurationMs: 25,
} as const;

export interface RestStats {
  mean: number;
  sd: number;
}

/** Mean and (population) SD of x[from, to). */
export function restStats(x: ArrayLike<number>, from = 0, to = x.length): RestStats {
  const n = Math.max(0, to - from);
  if (n === 0) return { mean: 0, sd: 0 };
  let s = 0;
  for (let i = from; i < to; i++) s += x[i];
  const mean = s / n;
  let v = 0;
  for (let i = from; i < to; i++) v += (x[i] - mean) * (x[i] - mean);
  return { mean, sd: Math.sqrt(v / n) };
}

/**
 * Teager-Kaiser energy operator: out[n] = x[n]² − x[n−1]·x[n+1]; the end samples copy their
 * neighbours. `out` may be preallocated (length ≥ x.length) to avoid allocation; it is returned.
 */
export function tkeo(x: ArrayLike<number>, out: Float64Array = new Float64Array(x.length)): Float64Array {
  const n = x.length;
  if (n === 0) return out;
  if (n < 3) {
    for (let i = 0; i < n; i++) out[i] = x[i] * x[i];
    return out;
  }
  for (let i = 1; i < n - 1; i++) out[i] = x[i] * x[i] - x[i - 1] * x[i + 1];
  out[0] = out[1];
  out[n - 1] = out[n - 2];
  return out;
}

export interface ActiveSegment {
  /** first sample of the active period */
  startIndex: number;
  /** one past the last active sample */
  endIndex: number;
}

export interface OnsetOptions {
  /** rest statistics; default: from `restRange` */
  rest?: RestStats;
  /** sample range [from, to) known to be at rest; default: the first 500 ms */
  restRange?: [number, number];
  h?: number;
  windowMs?: number;
  minDurationMs?: number;
  /** the input is already ≥ 0 (an envelope); otherwise it is rectified. Default false */
  nonNegative?: boolean;
}

/**
 * Hodges & Bui onsets/offsets of x (sampled at rateHz). Onset is the first sample of the first
 * window whose mean crosses the threshold (the window "sees" the activity from its start); offset
 * is the last sample of the last supra-threshold window. Periods shorter than minDurationMs (after
 * removing the window's smearing) are dropped. O(n), no allocation beyond the result.
 */
export function detectOnsets(x: ArrayLike<number>, rateHz: number, opts: OnsetOptions = {}): ActiveSegment[] {
  const h = opts.h ?? HODGES_BUI_DEFAULTS.h;
  const w = Math.max(1, Math.round(((opts.windowMs ?? HODGES_BUI_DEFAULTS.windowMs) * rateHz) / 1000));
  const minLen = Math.max(1, Math.round(((opts.minDurationMs ?? HODGES_BUI_DEFAULTS.minDurationMs) * rateHz) / 1000));
  const abs = opts.nonNegative ? (v: number) => v : Math.abs;
  const n = x.length;
  let rest = opts.rest;
  if (!rest) {
    const [a, b] = opts.restRange ?? [0, Math.min(n, Math.round(rateHz * 0.5))];
    let s = 0;
    for (let i = a; i < b; i++) s += abs(x[i]);
    const m = b > a ? s / (b - a) : 0;
    let v = 0;
    for (let i = a; i < b; i++) v += (abs(x[i]) - m) ** 2;
    rest = { mean: m, sd: b > a ? Math.sqrt(v / (b - a)) : 0 };
  }
  const thr = rest.mean + h * rest.sd;
  const out: ActiveSegment[] = [];
  let sum = 0;
  let runStart = -1; // index of the window end where the current run began
  for (let i = 0; i < n; i++) {
    sum += abs(x[i]);
    if (i >= w) sum -= abs(x[i - w]);
    if (i < w - 1) continue;
    const above = sum / w > thr;
    if (above && runStart < 0) runStart = i;
    if ((!above || i === n - 1) && runStart >= 0) {
      const lastAbove = above ? i : i - 1;
      // run of window ends [runStart, lastAbove]; activity spans from the first window's start.
      // A burst of L samples keeps the window mean high for about L + w − 1 window ends, so the
      // smearing (w − 1) is taken off before comparing with the minimum duration.
      if (lastAbove - runStart + 1 - (w - 1) >= minLen) out.push({ startIndex: runStart - w + 1, endIndex: lastAbove + 1 });
      runStart = -1;
    }
  }
  return out;
}

/** TKEO-conditioned onsets (Li et al. 2007; Solnik et al. 2010) of a filtered (zero-mean) signal. */
export function detectOnsetsTkeo(filtered: ArrayLike<number>, rateHz: number, opts: OnsetOptions = {}): ActiveSegment[] {
  const psi = tkeo(filtered);
  for (let i = 0; i < psi.length; i++) psi[i] = Math.abs(psi[i]);
  return detectOnsets(psi, rateHz, { ...opts, nonNegative: true });
}

export const ONSET_REFINE_DEFAULTS = {
  /** the moving mean must stay at or below the threshold this long to count as rest, ms */
  quietMs: 50,
  /** how far back from the anchor the rest may lie, ms */
  maxLookBackMs: 1000,
} as const;

export interface OnsetBeforeOptions {
  h?: number;
  windowMs?: number;
  quietMs?: number;
}

/**
 * Hodges & Bui onset of the burst that is active at `anchor` (an index inside the rep, e.g. where
 * the RMS envelope crossed the rep detector's threshold), looking back no further than `from`.
 * Batch analysis can look back: it walks back from the anchor over the moving mean of |x|
 * (window `windowMs`, threshold rest.mean + h·rest.sd of |x| at rest) to the latest stretch of
 * `quietMs` at or below the threshold; the onset is the first sample of the first window after
 * that stretch whose mean crosses the threshold (as detectOnsets defines it). Returns null when
 * the signal is not above the threshold at the anchor or no quiet stretch lies within range
 * (the caller keeps its own estimate). O(anchor − from), no allocation.
 */
export function hodgesBuiOnsetBefore(x: ArrayLike<number>, rateHz: number, anchor: number, from: number, rest: RestStats, opts: OnsetBeforeOptions = {}): number | null {
  const h = opts.h ?? HODGES_BUI_DEFAULTS.h;
  const w = Math.max(1, Math.round(((opts.windowMs ?? HODGES_BUI_DEFAULTS.windowMs) * rateHz) / 1000));
  const quiet = Math.max(1, Math.round(((opts.quietMs ?? ONSET_REFINE_DEFAULTS.quietMs) * rateHz) / 1000));
  const thr = rest.mean + h * rest.sd;
  const lo = Math.max(0, from);
  const hi = Math.min(x.length - 1, anchor);
  if (hi - lo + 1 < w + quiet) return null;
  // moving sum of |x| over the window ending at i, walked backwards from the anchor
  let sum = 0;
  for (let j = hi - w + 1; j <= hi; j++) sum += Math.abs(x[j]);
  // the burst must be under way somewhere near the anchor: step back to the last supra-threshold window
  let i = hi;
  let quietRun = 0;
  let lastAbove = -1; // window end of the earliest supra-threshold window seen so far (walking back)
  for (; i - w + 1 >= lo; i--) {
    if (i < hi) {
      // window [i − w + 1, i] from [i − w + 2, i + 1]
      sum += Math.abs(x[i - w + 1]) - Math.abs(x[i + 1]);
    }
    if (sum / w > thr) {
      lastAbove = i;
      quietRun = 0;
    } else if (lastAbove >= 0 && ++quietRun >= quiet) {
      return lastAbove - w + 1;
    }
  }
  return null;
}
