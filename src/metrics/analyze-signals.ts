/**
 * Batch analysis of a whole recording (`myocue analyze`): per-channel levels, reps, sets and the
 * per-set metrics and comparisons of the live trainer, from the already filtered signals and RMS
 * envelopes. Pure (no I/O).
 *
 * Speed: envelopes are first decimated to ~100 Hz by block means (a rep lasts seconds; 10 ms
 * resolution is plenty), the rep detector runs on that, and the median frequency is computed only
 * over reps. One pass per channel over the full-rate data, so an hour of 8 ch × 2000 Hz costs
 * well under a second beyond the filtering.
 */
import type { Normalisation, RepMetrics, SetSummary, SetTag } from './types';
import { bestWindowMean } from './mvc';
import { RepDetector, type RepDetectorOptions } from './rep-detector';
import { computeRepMetrics } from './rep-metrics';
import { summariseSet, type SetLike } from './set-comparison';

export const ANALYZE_DEFAULTS = {
  /** envelope rate for rep detection, Hz */
  detectionRateHz: 100,
  /** a rest at least this long between reps splits sets (when no set marks are given), s */
  setSplitRestS: 5,
  /** window for the channel noise floor: the quietest window mean of the envelope, s */
  noiseWindowS: 1,
} as const;

export interface SetMark {
  startS: number;
  endS: number;
  tag?: SetTag;
}

export interface AnalyzeInput {
  sampleRateHz: number;
  /**
   * band-passed (and notched) signal per channel, µV; only the activity channel's is used (median
   * frequency), so the others may be null (streamed analysis keeps the target's alone)
   */
  filtered: (Float64Array | null)[];
  /** RMS envelope per channel, µV, same rate (or give decimatedEnvelope instead) */
  envelope?: Float64Array[];
  /**
   * the envelope already decimated by block means of `factor` samples (the factor used here:
   * round(rate / detectionRateHz)), e.g. by a streaming reader; `frames` = full-rate length
   */
  decimatedEnvelope?: { factor: number; frames: number; data: Float64Array[] };
  targetChannel?: number | null;
  assistingChannels?: number[];
  setMarks?: SetMark[];
  /** MVC per channel, µV (null: none) */
  mvcUv?: (number | null)[];
  detector?: Partial<Omit<RepDetectorOptions, 'rateHz'>>;
  setSplitRestS?: number;
}

export interface ChannelLevels {
  index: number;
  /** mean of the quietest 1 s of the envelope, µV */
  noiseFloorUv: number;
  /** best 500 ms mean of the envelope, µV */
  peakEnvelopeUv: number;
  meanEnvelopeUv: number;
}

/** A set as SetSummary, but share and co-contraction are null when no assisting channel is known. */
export interface AnalyzedSet extends Omit<SetSummary, 'targetShare' | 'coContractionPct'> {
  targetShare: number | null;
  coContractionPct: number | null;
}

export interface AnalyzeResult {
  channels: ChannelLevels[];
  /** the channel whose envelope defined reps (the target, or the most active channel) */
  activityChannel: number | null;
  normalisation: Normalisation;
  sets: AnalyzedSet[];
  /** median frequency of the target per rep, in time order (fatigue trend) */
  medianFrequencyTrend: { timeS: number; setNumber: number; rep: number; medianFreqHz: number }[];
  durationS: number;
}

function decimate(x: Float64Array, factor: number): Float64Array {
  const m = Math.floor(x.length / factor);
  const out = new Float64Array(m);
  let j = 0;
  for (let k = 0; k < m; k++) {
    let s = 0;
    const end = j + factor;
    for (; j < end; j++) s += x[j];
    out[k] = s / factor;
  }
  return out;
}

function minWindowMean(x: Float64Array, w: number): number {
  if (x.length === 0) return 0;
  if (x.length <= w) return x.reduce((s, v) => s + v, 0) / x.length;
  let s = 0;
  for (let i = 0; i < w; i++) s += x[i];
  let best = s;
  for (let i = w; i < x.length; i++) {
    s += x[i] - x[i - w];
    if (s < best) best = s;
  }
  return best / w;
}

export function analyzeSignals(input: AnalyzeInput): AnalyzeResult {
  const rate = input.sampleRateHz;
  const factor = Math.max(1, Math.round(rate / ANALYZE_DEFAULTS.detectionRateHz));
  const decRate = rate / factor;
  const given = input.decimatedEnvelope;
  if (given && given.factor !== factor) throw new Error(`analyzeSignals: envelope decimated by ${given.factor}, expected ${factor}`);
  if (!given && !input.envelope) throw new Error('analyzeSignals: no envelope given');
  const dec = given ? given.data : input.envelope!.map((e) => decimate(e, factor));
  const nCh = dec.length;
  const durationS = nCh ? (given ? given.frames : input.envelope![0].length) / rate : 0;

  const channels: ChannelLevels[] = dec.map((d, index) => {
    let s = 0;
    for (let i = 0; i < d.length; i++) s += d[i];
    return {
      index,
      noiseFloorUv: minWindowMean(d, Math.max(1, Math.round(ANALYZE_DEFAULTS.noiseWindowS * decRate))),
      peakEnvelopeUv: bestWindowMean(d, decRate),
      meanEnvelopeUv: d.length ? s / d.length : 0,
    };
  });

  const target = input.targetChannel ?? null;
  const assisting = (input.assistingChannels ?? []).filter((c) => c !== target && c >= 0 && c < nCh);
  let activity = target !== null && target >= 0 && target < nCh ? target : null;
  if (activity === null && nCh > 0) {
    let best = -Infinity;
    for (const c of channels) {
      const a = c.peakEnvelopeUv - c.noiseFloorUv;
      if (a > best) {
        best = a;
        activity = c.index;
      }
    }
  }
  const result: AnalyzeResult = { channels, activityChannel: activity, normalisation: 'session-peak', sets: [], medianFrequencyTrend: [], durationS };
  if (activity === null) return result;

  // normalisation: MVC when every role channel has one, else each channel's own peak
  const roles = [activity, ...assisting];
  const mvc = input.mvcUv ?? [];
  const useMvc = roles.every((c) => (mvc[c] ?? 0) > 0);
  result.normalisation = useMvc ? 'mvc' : 'session-peak';
  const ref = (c: number) => (useMvc ? (mvc[c] as number) : channels[c].peakEnvelopeUv);

  // reps on the decimated activity envelope
  const det = new RepDetector({ rateHz: decRate, ...input.detector, rest: { mean: channels[activity].noiseFloorUv, sd: 0 } });
  const reps: { startS: number; endS: number }[] = [];
  const a = dec[activity];
  for (let i = 0; i < a.length; i++) {
    const e = det.push(a[i], i / decRate);
    if (e?.kind === 'end') reps.push({ startS: e.startS, endS: e.endS });
  }
  const last = det.flush(a.length / decRate);
  if (last?.kind === 'end') reps.push({ startS: last.startS, endS: last.endS });

  // sets: from the marks, else split at long rests
  const groups: { startS: number; endS: number; tag: SetTag; reps: { startS: number; endS: number }[] }[] = [];
  if (input.setMarks && input.setMarks.length) {
    for (const m of input.setMarks) groups.push({ startS: m.startS, endS: m.endS, tag: m.tag ?? 'baseline', reps: reps.filter((r) => r.startS >= m.startS && r.startS < m.endS) });
  } else {
    const split = input.setSplitRestS ?? ANALYZE_DEFAULTS.setSplitRestS;
    for (const r of reps) {
      const g = groups[groups.length - 1];
      // without marks the tag is unknown; 'baseline' means "no cue recorded"
      if (!g || r.startS - g.endS >= split) groups.push({ startS: r.startS, endS: r.endS, tag: 'baseline', reps: [r] });
      else {
        g.reps.push(r);
        g.endS = r.endS;
      }
    }
  }

  const tBuf = new Float64Array(Math.ceil(decRate * 60));
  const aBuf = new Float64Array(tBuf.length);
  const filteredTarget = input.filtered[activity];
  let baseline: SetLike | null = null;
  let previous: SetLike | null = null;
  let number = 0;
  for (const g of groups) {
    if (g.reps.length === 0) continue;
    number++;
    const repMetrics: RepMetrics[] = g.reps.map((r, k) => {
      // normalised slices of the rep (plus one sample), at most 60 s
      const i0 = Math.max(0, Math.floor(r.startS * decRate));
      const i1 = Math.min(a.length, Math.min(i0 + tBuf.length, Math.ceil(r.endS * decRate) + 1));
      const kt = 100 / (ref(activity) || 1);
      for (let i = i0; i < i1; i++) {
        tBuf[i - i0] = a[i] * kt;
        if (assisting.length) {
          let s = 0;
          for (const c of assisting) s += (dec[c][i] * 100) / (ref(c) || 1);
          aBuf[i - i0] = s / assisting.length;
        }
      }
      const len = i1 - i0;
      const rm = computeRepMetrics({
        index: k + 1,
        startS: r.startS,
        endS: r.endS,
        rateHz: decRate,
        t0S: i0 / decRate,
        targetPct: tBuf.subarray(0, len),
        assistPct: assisting.length ? aBuf.subarray(0, len) : null,
        targetFiltered: filteredTarget ? { samples: filteredTarget, rateHz: rate, t0S: 0 } : null,
      });
      if (rm.medianFreqHz !== null) result.medianFrequencyTrend.push({ timeS: r.startS, setNumber: number, rep: k + 1, medianFreqHz: rm.medianFreqHz });
      return rm;
    });
    const summary = summariseSet({
      number,
      tag: g.tag,
      exerciseId: null,
      startS: g.startS,
      endS: g.endS,
      reps: repMetrics,
      baseline,
      previous,
    });
    const self: SetLike = { number, tag: g.tag, reps: repMetrics };
    if (!baseline && g.tag === 'baseline') baseline = self;
    previous = self;
    result.sets.push({
      ...summary,
      targetShare: assisting.length ? summary.targetShare : null,
      coContractionPct: assisting.length ? summary.coContractionPct : null,
    });
  }
  return result;
}
