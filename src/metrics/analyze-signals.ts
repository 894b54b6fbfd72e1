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
import { hodgesBuiOnsetBefore, ONSET_REFINE_DEFAULTS, restStats, type RestStats } from './onset';
import { quietestStretch } from './rest-estimate';
import { computeRepMetrics } from './rep-metrics';
import { summariseSet, type SetLike } from './set-comparison';
import { medianFrequencyHz } from './median-frequency';
import type { WelchSpectrumFn } from './spectrum';
import type { ChannelLevelValues } from './channel-levels';
import { asWindows, type SignalWindows } from './signal-windows';
import { repSymmetry } from './symmetry-index';

export const ANALYZE_DEFAULTS = {
  /** envelope rate for rep detection, Hz */
  detectionRateHz: 100,
  /** a rest at least this long between reps splits sets (when no set marks are given), s */
  setSplitRestS: 5,
  /** window for the channel noise floor: the quietest window mean of the envelope, s */
  noiseWindowS: 1,
  /**
   * window of the rest statistics that seed the rep detector: the quietest 0.5 s (50 envelope
   * samples: a stable SD), shorter than the noise-floor window so that a file with under a second
   * of rest before its first contraction (a 6 s gesture recording) still has a stretch of pure rest
   */
  restWindowS: 0.5,
  /**
   * seed the rep detector's activation level with the recording's best 500 ms envelope mean, so
   * its level-scaled thresholds hold from the first rep (batch analysis may look ahead)
   */
  seedLevel: true,
  /**
   * half-life of the detector's activation level between reps, s. Live uses 30 s (it learns the
   * level from the reps it has seen). Batch seeds the level with the recording's own peak, so it
   * relaxes more slowly: 2 min, about one rest between sets, so a set at half the effort after a
   * rest is still counted (its reps exceed the 22 % of the level that makes a rep), while a twitch
   * in the rest before a set (a 15 µV blip among 65-95 µV grasps) does not become a rep.
   */
  levelHalfLifeS: 120,
  /** refine rep onsets with Hodges & Bui on the full-rate filtered signal (batch: may look back) */
  refineOnsets: true,
  /** window of the local rest before each rep (onset refinement), ms */
  localRestMs: 250,
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
   * frequency, onset refinement), so the others may be null (streamed analysis keeps the
   * target's alone, read back by windows: signal-windows.ts)
   */
  filtered: (Float64Array | SignalWindows | null)[];
  /** RMS envelope per channel, µV, same rate (or give decimatedEnvelope instead) */
  envelope?: Float64Array[];
  /**
   * the envelope already decimated by block means of `factor` samples (the factor used here:
   * round(rate / detectionRateHz)), e.g. by a streaming reader; `frames` = full-rate length.
   * A streaming reader may keep only the channels with a role (target, assisting: null for the
   * others) and give every channel's `levels`, measured as the envelope streamed by
   * (channel-levels.ts: the same numbers as computed here from the whole envelope).
   */
  decimatedEnvelope?: { factor: number; frames: number; data: (Float64Array | null)[]; levels?: ChannelLevelValues[] };
  targetChannel?: number | null;
  assistingChannels?: number[];
  /** a left/right pair on one muscle: each rep's and set's symmetry index (symmetry-index.ts) */
  symmetryPair?: { left: number; right: number } | null;
  setMarks?: SetMark[];
  /** MVC per channel, µV (null: none) */
  mvcUv?: (number | null)[];
  detector?: Partial<Omit<RepDetectorOptions, 'rateHz'>>;
  setSplitRestS?: number;
  /**
   * the Welch spectrum of the reps' median frequency (default spectrum.ts welchSpectrum; the CLI
   * gives its WebAssembly twin src/dsp/welch-kernel.ts, bit-identical and faster)
   */
  spectrum?: WelchSpectrumFn;
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

/**
 * Rep onsets from the envelope detector are late: the trailing RMS window (100 ms) lags the
 * signal by about half its length, and the start is where the envelope left the off band. Batch
 * analysis refines each onset on the full-rate filtered signal with Hodges & Bui (onset.ts),
 * looking back from where the envelope crossed the on threshold, with rest statistics of |x|
 * from the recording's quietest stretch. Kept when no quiet stretch precedes the rep in range.
 */
function refinedOnsetS(
  filtered: SignalWindows,
  rateHz: number,
  onS: number,
  detectedStartS: number,
  notBeforeS: number,
  globalRest: RestStats,
): number {
  const anchor = Math.min(filtered.length - 1, Math.round(onS * rateHz));
  const from = Math.max(0, Math.round(notBeforeS * rateHz), anchor - Math.round((ONSET_REFINE_DEFAULTS.maxLookBackMs * rateHz) / 1000));
  // the samples [from, anchor] (index j of x is sample from + j)
  const x = filtered.window(from, anchor + 1);
  // the rest right before the rep, when it is higher than the recording's quietest (a limb held
  // between reps): the onset is where activity rises above that, as Hodges & Bui take the rest
  // from the period before the movement
  const local = localRestStats(x, 0, anchor - from, Math.round((ANALYZE_DEFAULTS.localRestMs * rateHz) / 1000));
  const h = 3;
  const rest = local && local.mean + h * local.sd > globalRest.mean + h * globalRest.sd ? local : globalRest;
  const i = hodgesBuiOnsetBefore(x, rateHz, anchor - from, 0, rest, { h });
  return i === null ? detectedStartS : Math.max(notBeforeS, (from + i) / rateHz);
}

/**
 * Median frequency of the filtered target over a rep [startS, endS] (computeRepMetrics' window:
 * samples round(startS·rate) to round(endS·rate)), read as one window.
 */
function repMedianFrequencyHz(filtered: SignalWindows, rateHz: number, startS: number, endS: number, spectrum?: WelchSpectrumFn): number | null {
  const from = Math.max(0, Math.round(startS * rateHz));
  const to = Math.min(filtered.length, Math.round(endS * rateHz));
  if (!(to > from)) return null;
  const x = filtered.window(from, to);
  return medianFrequencyHz(x, rateHz, { from: 0, to: to - from, ...(spectrum ? { spectrum } : {}) });
}

/** Mean and SD of |x| over the quietest window of w samples in [from, to) (by mean |x|); null when too short. */
function localRestStats(x: Float64Array, from: number, to: number, w: number): RestStats | null {
  if (w < 2 || to - from < 2 * w) return null;
  let s = 0;
  for (let i = from; i < from + w; i++) s += Math.abs(x[i]);
  let best = s;
  let at = from;
  for (let i = from + w; i < to; i++) {
    s += Math.abs(x[i]) - Math.abs(x[i - w]);
    if (s < best) {
      best = s;
      at = i - w + 1;
    }
  }
  return rectifiedRestStats(x, at, at + w);
}

/** Mean and SD of |x| over [from, to). */
function rectifiedRestStats(x: Float64Array, from: number, to: number): RestStats | null {
  const a = Math.max(0, from);
  const b = Math.min(x.length, to);
  if (b - a < 2) return null;
  const abs = new Float64Array(b - a);
  for (let i = a; i < b; i++) abs[i - a] = Math.abs(x[i]);
  const r = restStats(abs);
  return r.sd > 0 ? r : null;
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

  const quietWindow = Math.max(1, Math.round(ANALYZE_DEFAULTS.noiseWindowS * decRate));
  const levels = given?.levels;
  const quiet = levels ? [] : dec.map((d) => quietestStretch(d!, quietWindow));
  const channels: ChannelLevels[] = dec.map((d, index) => {
    if (levels) return { index, ...levels[index] };
    if (!d) throw new Error(`analyzeSignals: no envelope and no levels for channel ${index}`);
    let s = 0;
    for (let i = 0; i < d.length; i++) s += d[i];
    return {
      index,
      noiseFloorUv: quiet[index].mean,
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

  const pairIn = input.symmetryPair ?? null;
  const pair = pairIn && pairIn.left !== pairIn.right && [pairIn.left, pairIn.right].every((c) => c >= 0 && c < nCh) ? pairIn : null;
  // normalisation: MVC when every role channel has one, else each channel's own peak
  const roles = [activity, ...assisting, ...(pair ? [pair.left, pair.right] : [])];
  const mvc = input.mvcUv ?? [];
  const useMvc = roles.every((c) => (mvc[c] ?? 0) > 0);
  result.normalisation = useMvc ? 'mvc' : 'session-peak';
  const ref = (c: number) => (useMvc ? (mvc[c] as number) : channels[c].peakEnvelopeUv);
  const envelopeOf = (c: number): Float64Array => {
    const d = dec[c];
    if (!d) throw new Error(`analyzeSignals: the envelope of channel ${c} was not kept (a streamed analysis keeps the role channels' only)`);
    return d;
  };

  // reps on the decimated activity envelope; rest (mean and SD) from its quietest stretch
  const a = envelopeOf(activity);
  const assistingEnvelopes = assisting.map(envelopeOf);
  const q = quietestStretch(a, Math.max(2, Math.round(ANALYZE_DEFAULTS.restWindowS * decRate)));
  const det = new RepDetector({
    rateHz: decRate,
    rest: { mean: q.mean, sd: q.sd },
    ...(ANALYZE_DEFAULTS.seedLevel ? { level: channels[activity].peakEnvelopeUv, levelHalfLifeS: ANALYZE_DEFAULTS.levelHalfLifeS } : {}),
    ...input.detector,
  });
  // per rep its median frequency too, while its window of the filtered target is at hand
  const reps: { startS: number; endS: number; medianFreqHz: number | null }[] = [];
  const filteredActivity = asWindows(input.filtered[activity]);
  // Hodges & Bui rest statistics of |filtered| over the same quiet stretch (full-rate samples)
  const absRest = filteredActivity && ANALYZE_DEFAULTS.refineOnsets ? rectifiedRestStats(filteredActivity.window(q.start * factor, q.end * factor), 0, Infinity) : null;
  const addRep = (e: { startS: number; endS: number; onS: number }) => {
    const notBefore = reps.length ? reps[reps.length - 1].endS : 0;
    const startS = absRest && filteredActivity ? refinedOnsetS(filteredActivity, rate, e.onS, e.startS, notBefore, absRest) : e.startS;
    const medianFreqHz = filteredActivity ? repMedianFrequencyHz(filteredActivity, rate, startS, e.endS, input.spectrum) : null;
    reps.push({ startS, endS: e.endS, medianFreqHz });
  };
  for (let i = 0; i < a.length; i++) {
    const e = det.push(a[i], i / decRate);
    if (e?.kind === 'end') addRep(e);
  }
  const last = det.flush(a.length / decRate);
  if (last?.kind === 'end') addRep(last);

  // sets: from the marks, else split at long rests
  type Rep = (typeof reps)[number];
  const groups: { startS: number; endS: number; tag: SetTag; reps: Rep[] }[] = [];
  if (input.setMarks && input.setMarks.length) {
    // a rep belongs to the set it overlaps: a set that starts by itself is marked when its first
    // rep is detected, i.e. after that rep's onset (requiring onset ≥ mark dropped the first rep
    // of every such set); each rep goes to one set only (the first it overlaps)
    const taken = new Set<number>();
    for (const m of input.setMarks) {
      const mine: Rep[] = [];
      reps.forEach((r, i) => {
        if (taken.has(i) || !(r.endS > m.startS && r.startS < m.endS)) return;
        taken.add(i);
        mine.push(r);
      });
      groups.push({ startS: m.startS, endS: m.endS, tag: m.tag ?? 'untagged', reps: mine });
    }
  } else {
    const split = input.setSplitRestS ?? ANALYZE_DEFAULTS.setSplitRestS;
    for (const r of reps) {
      const g = groups[groups.length - 1];
      // without marks the tag is unknown: the set is 'untagged' (compared with the previous set only, never taken as a baseline)
      if (!g || r.startS - g.endS >= split) groups.push({ startS: r.startS, endS: r.endS, tag: 'untagged', reps: [r] });
      else {
        g.reps.push(r);
        g.endS = r.endS;
      }
    }
  }

  const tBuf = new Float64Array(Math.ceil(decRate * 60));
  const aBuf = new Float64Array(tBuf.length);
  const lBuf = new Float64Array(tBuf.length);
  const rBuf = new Float64Array(tBuf.length);
  const pairEnvelopes = pair ? { left: envelopeOf(pair.left), right: envelopeOf(pair.right) } : null;
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
          for (let j = 0; j < assisting.length; j++) s += (assistingEnvelopes[j][i] * 100) / (ref(assisting[j]) || 1);
          aBuf[i - i0] = s / assisting.length;
        }
      }
      const len = i1 - i0;
      const rm: RepMetrics = {
        ...computeRepMetrics({
        index: k + 1,
        startS: r.startS,
        endS: r.endS,
        rateHz: decRate,
        t0S: i0 / decRate,
        targetPct: tBuf.subarray(0, len),
        assistPct: assisting.length ? aBuf.subarray(0, len) : null,
          // the median frequency was measured with the onset (repMedianFrequencyHz: the same window)
          targetFiltered: null,
        }),
        medianFreqHz: r.medianFreqHz,
      };
      if (rm.medianFreqHz !== null) result.medianFrequencyTrend.push({ timeS: r.startS, setNumber: number, rep: k + 1, medianFreqHz: rm.medianFreqHz });
      if (!pair || !pairEnvelopes) return rm;
      // each side in % of its own reference over the same rep window
      const kl = 100 / (ref(pair.left) || 1);
      const kr = 100 / (ref(pair.right) || 1);
      for (let i = i0; i < i1; i++) {
        lBuf[i - i0] = pairEnvelopes.left[i] * kl;
        rBuf[i - i0] = pairEnvelopes.right[i] * kr;
      }
      const sym = repSymmetry(lBuf, rBuf, 0, len);
      return { ...rm, leftMeanPct: sym.leftMeanPct, rightMeanPct: sym.rightMeanPct, symmetryPct: sym.symmetryPct };
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
