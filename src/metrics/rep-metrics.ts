/**
 * Metrics of one rep from normalised envelopes (% of MVC or of the session peak) of the target and
 * the assisting muscle(s) over [startS, endS], plus the median frequency of the filtered target.
 *
 * Concentric / eccentric split: time from the start to the target envelope peak (the lifting
 * phase usually carries the highest activation) and from the peak to the end. When the peak sits
 * within `splitMarginFraction` (10 %) of either end the split is not clear and both are null.
 */
import type { RepMetrics } from './types';
import { coContractionPct } from './co-contraction';
import { medianFrequencyHz } from './median-frequency';
import { SHARE_FLOOR_PCT, targetShare } from './target-share';

export const REP_METRICS_DEFAULTS = {
  /** a peak closer than this fraction of the rep to either end gives no concentric/eccentric split */
  splitMarginFraction: 0.1,
  shareFloorPct: SHARE_FLOOR_PCT,
} as const;

export interface RepMetricsInput {
  /** 1-based index within the set */
  index: number;
  startS: number;
  endS: number;
  /** rate of the envelope arrays, Hz */
  rateHz: number;
  /** stream time of element 0 of the envelope arrays, s */
  t0S: number;
  /** normalised target envelope, % */
  targetPct: ArrayLike<number>;
  /** normalised assisting envelope (mean of the assisting channels), %; null when none */
  assistPct: ArrayLike<number> | null;
  /** filtered target signal for the median frequency (µV), with its own rate and time origin */
  targetFiltered?: { samples: ArrayLike<number>; rateHz: number; t0S: number } | null;
  splitMarginFraction?: number;
  shareFloorPct?: number;
}

export function computeRepMetrics(input: RepMetricsInput): RepMetrics {
  const { rateHz, t0S, targetPct: t, assistPct: a } = input;
  const n = a ? Math.min(t.length, a.length) : t.length;
  const i0 = Math.max(0, Math.min(n, Math.round((input.startS - t0S) * rateHz)));
  const i1 = Math.max(i0, Math.min(n, Math.round((input.endS - t0S) * rateHz) + 1));
  let tPeak = 0;
  let tPeakI = i0;
  let tSum = 0;
  let aPeak = 0;
  let aSum = 0;
  for (let i = i0; i < i1; i++) {
    if (t[i] > tPeak) {
      tPeak = t[i];
      tPeakI = i;
    }
    tSum += t[i];
    if (a) {
      if (a[i] > aPeak) aPeak = a[i];
      aSum += a[i];
    }
  }
  const len = i1 - i0;
  const tutS = input.endS - input.startS;
  const peakS = t0S + tPeakI / rateHz;
  const margin = (input.splitMarginFraction ?? REP_METRICS_DEFAULTS.splitMarginFraction) * tutS;
  const clear = len > 0 && tutS > 0 && peakS - input.startS > margin && input.endS - peakS > margin;
  let mdf: number | null = null;
  const f = input.targetFiltered;
  if (f) {
    const from = Math.max(0, Math.round((input.startS - f.t0S) * f.rateHz));
    const to = Math.min(f.samples.length, Math.round((input.endS - f.t0S) * f.rateHz));
    if (to > from) mdf = medianFrequencyHz(f.samples, f.rateHz, { from, to });
  }
  return {
    index: input.index,
    startS: input.startS,
    endS: input.endS,
    tutS,
    concentricS: clear ? peakS - input.startS : null,
    eccentricS: clear ? input.endS - peakS : null,
    targetPeakPct: tPeak,
    targetMeanPct: len > 0 ? tSum / len : 0,
    assistPeakPct: aPeak,
    assistMeanPct: len > 0 && a ? aSum / len : 0,
    // without an assisting channel everything is on the target
    // no assisting channel: there is no share (T/(T+0) would read 100 %) and no co-contraction
    targetShare: a ? targetShare(t, a, i0, i1, input.shareFloorPct ?? REP_METRICS_DEFAULTS.shareFloorPct) ?? 1 : NaN,
    coContractionPct: a ? coContractionPct(t, a, i0, i1) : NaN,
    medianFreqHz: mdf,
  };
}
