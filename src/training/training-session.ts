/**
 * The live MMC trainer the host drives: channel roles, signal quality, MVC calibration, live
 * %MVC / target share, rep detection, sets with tags and cues, set summaries with comparisons.
 * No I/O except through the MVC store it is given; no DOM, no Electron. Time is stream time
 * (sample index / rate), so replays and tests behave exactly like live streams.
 *
 * Cost per ProcessedBlock: one pass over the frames accumulating ~100 Hz block means per channel
 * (the envelope is already smooth), plus one copy of the target's filtered sample (for the median
 * frequency of each rep). Everything else runs at ~100 Hz on preallocated buffers.
 */
import type { Exercise } from '../exercises/exercise';
import type { SampleBlock } from '../devices/sample-source';
import type { CalibrationStep, TrainingSetup, TrainingState } from '../host/contract';
import type { ChannelQuality, MvcCalibration, Normalisation, RepMetrics, SetSummary, SetTag } from '../metrics/types';
import { findExercise } from '../exercises/library';
import { bestWindowMean, RunningBestWindowMean } from '../metrics/mvc';
import { restStats } from '../metrics/onset';
import { RepDetector, type RepDetectorOptions } from '../metrics/rep-detector';
import { computeRepMetrics } from '../metrics/rep-metrics';
import { medianFrequencyHz } from '../metrics/median-frequency';
import { assessChannelQuality, quietestNoiseUv } from '../metrics/signal-quality';
import { summariseSet, type SetLike } from '../metrics/set-comparison';
import { shareOf } from '../metrics/target-share';
import type { BootstrapOptions } from '../metrics/bootstrap';
import type { MvcStoreLike } from './mvc-store';
import { Listeners } from '../util/listeners';

export const TRAINING_DEFAULTS = {
  /** rate of the envelopes the detector and live values run on, Hz */
  detectionRateHz: 100,
  /** a set ends by itself after this long without a rep, s */
  autoEndS: 8,
  /** live %MVC smoothing: exponential, time constant τ (≈ a 2τ = 250 ms moving average), s */
  liveTauS: 0.125,
  /** "assisting takes over" when the live share is this far below the baseline share */
  takeoverMargin: 0.05,
  /** quality is assessed over the last this-many seconds of raw signal… */
  qualityWindowS: 2,
  /** …every this-many seconds of stream */
  qualityIntervalS: 1,
  /**
   * the resting noise shown is the lowest of the last this-many assessments (one per second): a
   * set of continuous reps has no rest in a 2 s window, and its activity is not electrode noise
   */
  restingNoiseHistory: 60,
  /** calibration: rest, then trials of contract / relax (relax not waited for after the last) */
  calibration: { restS: 5, trials: 3, contractS: 4, relaxS: 5 },
  /** history kept for rep metrics: decimated envelopes and the full-rate target, s */
  envelopeHistoryS: 60,
  filteredHistoryS: 20,
} as const;

export interface StreamConfig {
  sampleRateHz: number;
  channelCount: number;
  channelLabels: string[];
  mainsHz: 50 | 60 | null;
  fullScaleUv: number;
}

/** What the session needs of the DSP runner's ProcessedBlock. */
export interface ProcessedBlockLike {
  filtered: Float64Array;
  envelope: Float64Array;
  frames: number;
  channelCount: number;
  firstSampleIndex: number;
}

export type TrainingEventKind = 'set-start' | 'set-end' | 'rep' | 'cue' | 'calibration' | 'tag';
export interface TrainingEvent {
  kind: TrainingEventKind;
  timeS: number;
  text: string;
}

export interface TrainingSessionOptions {
  exercises: Exercise[];
  mvcStore: MvcStoreLike;
  person?: string;
  /** wall clock in ms (calibration dates); default Date.now */
  now?: () => number;
  autoEndS?: number;
  detector?: Partial<Omit<RepDetectorOptions, 'rateHz'>>;
  calibration?: Partial<(typeof TRAINING_DEFAULTS)['calibration']>;
  bootstrap?: BootstrapOptions;
}

/** A ring buffer addressed by absolute sample index; gaps are filled with the last value. */
class IndexedRing {
  readonly buf: Float64Array;
  next = 0;
  constructor(capacity: number) {
    this.buf = new Float64Array(Math.max(1, capacity));
  }
  write(abs: number, v: number): void {
    const cap = this.buf.length;
    if (abs > this.next && this.next > 0) {
      const last = this.buf[(this.next - 1) % cap];
      for (let i = Math.max(this.next, abs - cap); i < abs; i++) this.buf[i % cap] = last;
    }
    this.buf[abs % cap] = v;
    this.next = abs + 1;
  }
  get oldest(): number {
    return Math.max(0, this.next - this.buf.length);
  }
  /** Copies [from, to) (clamped to what is held) into out; returns [first index copied, count]. */
  copy(from: number, to: number, out: Float64Array): [number, number] {
    const a = Math.max(from, this.oldest);
    const b = Math.min(to, this.next, a + out.length);
    const cap = this.buf.length;
    for (let i = a; i < b; i++) out[i - a] = this.buf[i % cap];
    return [a, Math.max(0, b - a)];
  }
  reset(): void {
    this.next = 0;
  }
}

interface RepRecord {
  metrics: RepMetrics;
  /** decimated µV envelopes of the rep: target, and each assisting channel */
  t0S: number;
  target: Float64Array;
  assist: Float64Array[];
}

interface SetRecord {
  number: number;
  tag: SetTag;
  exerciseId: string | null;
  startS: number;
  endS: number;
  reps: RepRecord[];
  /** channel roles while the set ran: its reps are re-expressed only while they are unchanged */
  targetChannel: number | null;
  assistingChannels: number[];
}

type Cal =
  | { phase: 'idle' }
  | { phase: 'running'; channel: number; startS: number | null; values: Float64Array; n: number }
  | { phase: 'done'; channel: number; result: MvcCalibration };

export class TrainingSession {
  private exercises: Exercise[];
  private readonly store: MvcStoreLike;
  private readonly now: () => number;
  private readonly autoEndS: number;
  private readonly detectorOpts: Partial<Omit<RepDetectorOptions, 'rateHz'>>;
  private readonly calOpts: (typeof TRAINING_DEFAULTS)['calibration'];
  private readonly bootstrap: BootstrapOptions | undefined;

  private stream: StreamConfig | null = null;
  private decFactor = 1;
  private decRate: number = TRAINING_DEFAULTS.detectionRateHz;
  private setupState: TrainingSetup;
  private mvc: (MvcCalibration | null)[] = [];

  // ---- buffers (allocated in configureStream)
  private envRings: IndexedRing[] = [];
  private filteredRing = new IndexedRing(1);
  private rawRings: IndexedRing[] = [];
  private decSums = new Float64Array(0);
  private decCount = 0;
  private decBucket = -1;
  private decValues = new Float64Array(0);
  private peaks: RunningBestWindowMean[] = [];
  private scratchT = new Float64Array(0);
  private scratchF = new Float64Array(0);
  private scratchRaw = new Float64Array(0);
  private rawSinceQuality = 0;
  /** per channel: the quietest-window noise of the recent assessments, µV, oldest first */
  private noiseHistory: number[][] = [];
  private lastFrameIndex = 0;

  // ---- live
  private detector: RepDetector | null = null;
  private liveT = 0;
  private liveA = 0;
  private liveShare: number | null = null;
  private liveAlpha = 1;
  private takeover = false;
  private quality: ChannelQuality[] = [];
  private lastTS = 0;

  // ---- sets
  private active: SetRecord | null = null;
  private lastRepEndS: number | null = null;
  private nextTag: SetTag = 'baseline';
  private records: SetRecord[] = [];
  private summaries: SetSummary[] = [];
  private cueIndex = 0;
  private historyBaselineShare: number | null = null;
  private baselineShareCache: number | null = null;

  private cal: Cal = { phase: 'idle' };

  private readonly setEnded = new Listeners<SetSummary>();
  private readonly events = new Listeners<TrainingEvent>();

  constructor(opts: TrainingSessionOptions) {
    this.exercises = opts.exercises;
    this.store = opts.mvcStore;
    this.now = opts.now ?? Date.now;
    this.autoEndS = opts.autoEndS ?? TRAINING_DEFAULTS.autoEndS;
    this.detectorOpts = opts.detector ?? {};
    this.calOpts = { ...TRAINING_DEFAULTS.calibration, ...opts.calibration };
    this.bootstrap = opts.bootstrap;
    this.setupState = { exerciseId: null, targetChannel: null, assistingChannels: [], muscles: [], person: opts.person ?? 'me' };
  }

  // ================================================================ configuration

  configureStream(info: StreamConfig): void {
    if (this.active) this.endSet();
    const prevStream = this.stream;
    const prevDecRate = this.decRate;
    this.stream = { ...info, channelLabels: [...info.channelLabels] };
    const rate = info.sampleRateHz;
    const n = info.channelCount;
    this.decFactor = Math.max(1, Math.round(rate / TRAINING_DEFAULTS.detectionRateHz));
    this.decRate = rate / this.decFactor;
    // the same band reconnected (same channels, same rate): the session peaks stay, so the sets
    // before and after the reconnect are expressed against one reference
    const samePeaks = prevStream !== null && prevStream.channelCount === n && prevDecRate === this.decRate && this.peaks.length === n;
    const envCap = Math.ceil(this.decRate * TRAINING_DEFAULTS.envelopeHistoryS);
    this.envRings = Array.from({ length: n }, () => new IndexedRing(envCap));
    this.filteredRing = new IndexedRing(Math.ceil(rate * TRAINING_DEFAULTS.filteredHistoryS));
    const rawCap = Math.max(16, Math.ceil(rate * TRAINING_DEFAULTS.qualityWindowS));
    this.rawRings = Array.from({ length: n }, () => new IndexedRing(rawCap));
    this.scratchRaw = new Float64Array(rawCap);
    this.scratchT = new Float64Array(envCap);
    this.scratchF = new Float64Array(this.filteredRing.buf.length);
    this.decSums = new Float64Array(n);
    this.decValues = new Float64Array(n);
    this.decCount = 0;
    this.decBucket = -1;
    if (!samePeaks) this.peaks = Array.from({ length: n }, () => new RunningBestWindowMean(this.decRate));
    this.liveAlpha = 1 - Math.exp(-1 / (this.decRate * TRAINING_DEFAULTS.liveTauS));
    this.quality = [];
    this.rawSinceQuality = 0;
    this.noiseHistory = Array.from({ length: n }, () => []);
    this.cal = { phase: 'idle' };
    const muscles = this.setupState.muscles.slice(0, n);
    while (muscles.length < n) muscles.push('');
    this.setupState = {
      ...this.setupState,
      muscles,
      targetChannel: this.setupState.targetChannel !== null && this.setupState.targetChannel < n ? this.setupState.targetChannel : null,
      assistingChannels: this.setupState.assistingChannels.filter((c) => c < n),
    };
    this.resetDetector();
    this.refreshMvc();
  }

  setExercises(list: Exercise[]): void {
    this.exercises = list;
  }

  /** The person's baseline share for this exercise from earlier sessions (used until a baseline set exists). */
  setBaselineHistory(share: number | null): void {
    this.historyBaselineShare = share;
  }

  setup(patch: Partial<TrainingSetup>): void {
    const prev = this.setupState;
    // before the stream is known (`serve --target 0 --assisting 1` is applied before the band
    // connects), every channel named is kept: configureStream drops those the stream lacks
    const named = [patch.targetChannel ?? prev.targetChannel ?? -1, ...(patch.assistingChannels ?? prev.assistingChannels)];
    const n = this.stream?.channelCount ?? Math.max(prev.muscles.length, 1, ...named.map((c) => c + 1));
    const next: TrainingSetup = { ...prev, ...patch, assistingChannels: [...(patch.assistingChannels ?? prev.assistingChannels)], muscles: [...(patch.muscles ?? prev.muscles)] };
    while (next.muscles.length < n) next.muscles.push('');
    const exerciseChanged = patch.exerciseId !== undefined && patch.exerciseId !== prev.exerciseId;
    if (exerciseChanged) {
      if (this.active) this.endSet();
      this.cueIndex = 0;
      this.nextTag = 'baseline';
      const ex = findExercise(this.exercises, next.exerciseId);
      if (ex) {
        // a sensible first guess the user can change: target on channel 1, assisting on the next ones
        if (patch.targetChannel === undefined && next.targetChannel === null && n > 0) next.targetChannel = 0;
        if (patch.assistingChannels === undefined && next.assistingChannels.length === 0 && next.targetChannel !== null) {
          for (let c = 0, k = 0; c < n && k < ex.assisting.length; c++) {
            if (c === next.targetChannel) continue;
            next.assistingChannels.push(c);
            k++;
          }
        }
        if (patch.muscles === undefined) {
          if (next.targetChannel !== null) next.muscles[next.targetChannel] = ex.target[0]?.muscle ?? '';
          next.assistingChannels.forEach((c, i) => {
            next.muscles[c] = ex.assisting[Math.min(i, ex.assisting.length - 1)]?.muscle ?? next.muscles[c];
          });
        }
      }
    }
    next.assistingChannels = [...new Set(next.assistingChannels)].filter((c) => c !== next.targetChannel && c >= 0 && c < n);
    if (next.targetChannel !== null && (next.targetChannel < 0 || next.targetChannel >= n)) next.targetChannel = null;
    this.setupState = next;
    if (next.targetChannel !== prev.targetChannel) {
      if (this.active) this.endSet();
      this.resetDetector();
    }
    this.refreshMvc();
    this.referencesChanged();
  }

  // ================================================================ sets, tags, cues

  startSet(tag?: SetTag): void {
    this.beginSet(tag ?? this.nextTag, this.lastTS);
  }

  endSet(): void {
    if (!this.active) return;
    const endEvent = this.detector?.flush(this.lastTS);
    if (endEvent?.kind === 'end') this.addRep(endEvent.startS, endEvent.endS);
    this.finishSet(this.lastRepEndS !== null && this.active.reps.length ? Math.max(this.lastRepEndS, this.active.startS) : this.lastTS);
  }

  tagSet(tag: SetTag): void {
    if (this.active) this.active.tag = tag;
    else this.nextTag = tag;
    this.emit('tag', this.lastTS, `set ${this.setNumber()}: ${tag}`);
    const cue = this.currentCue();
    if (cue) this.emit('cue', this.lastTS, cue);
  }

  nextCue(): void {
    const ex = this.exercise();
    if (!ex || ex.internalCues.length === 0) return;
    this.cueIndex = (this.cueIndex + 1) % ex.internalCues.length;
    const cue = this.currentCue();
    if (cue) this.emit('cue', this.lastTS, cue);
  }

  // ================================================================ calibration

  calibrate(action: 'start' | 'cancel', channel: number): void {
    if (action === 'cancel') {
      this.cal = { phase: 'idle' };
      this.detector?.cancel(this.lastTS);
      return;
    }
    if (!this.stream || channel < 0 || channel >= this.stream.channelCount) throw new Error(`Cannot calibrate channel ${channel + 1}: no such channel in the stream`);
    if (this.active) this.endSet();
    const c = this.calOpts;
    const totalS = c.restS + c.trials * (c.contractS + c.relaxS);
    this.cal = { phase: 'running', channel, startS: null, values: new Float64Array(Math.ceil(totalS * this.decRate) + 2), n: 0 };
    this.emit('calibration', this.lastTS, `MVC calibration of ${this.muscleName(channel)} started`);
  }

  private calibrationStep(): CalibrationStep {
    const cal = this.cal;
    if (cal.phase === 'idle') return { phase: 'idle' };
    if (cal.phase === 'done') return { phase: 'done', channel: cal.channel, result: cal.result };
    const c = this.calOpts;
    const elapsed = cal.startS === null ? 0 : this.lastTS - cal.startS;
    if (elapsed < c.restS) return { phase: 'rest', channel: cal.channel, remainingS: c.restS - elapsed };
    const cycle = c.contractS + c.relaxS;
    const inTrials = elapsed - c.restS;
    const trial = Math.min(c.trials - 1, Math.floor(inTrials / cycle));
    const within = inTrials - trial * cycle;
    const contract = within < c.contractS;
    return {
      phase: 'mvc',
      channel: cal.channel,
      trial: trial + 1,
      trials: c.trials,
      contract,
      remainingS: contract ? c.contractS - within : cycle - within,
    };
  }

  private calibrationSample(value: number, tS: number): void {
    const cal = this.cal;
    if (cal.phase !== 'running') return;
    if (cal.startS === null) cal.startS = tS;
    if (cal.n < cal.values.length) cal.values[cal.n++] = value;
    const c = this.calOpts;
    const endS = c.restS + (c.trials - 1) * (c.contractS + c.relaxS) + c.contractS;
    if (tS - cal.startS + 1 / this.decRate < endS) return;
    // rest: skip the first second (the lifter settles), MVC: best 500 ms over each contraction
    const r = this.decRate;
    const rest = restStats(cal.values, Math.min(Math.round(r), Math.round(c.restS * r) - 1), Math.round(c.restS * r));
    let mvcUv = 0;
    for (let t = 0; t < c.trials; t++) {
      const a = Math.round((c.restS + t * (c.contractS + c.relaxS)) * r);
      const b = Math.min(cal.n, a + Math.round(c.contractS * r));
      mvcUv = Math.max(mvcUv, bestWindowMean(cal.values, r, 500, a, b));
    }
    const muscle = this.muscleName(cal.channel);
    this.detector?.cancel(tS);
    if (!(mvcUv > rest.mean + 3 * rest.sd) || !(mvcUv > 0)) {
      this.cal = { phase: 'idle' };
      this.emit('calibration', tS, `MVC calibration of ${muscle} failed: no contraction above the resting level was seen`);
      return;
    }
    const result: MvcCalibration = {
      person: this.setupState.person,
      muscle,
      mvcUv,
      restMeanUv: rest.mean,
      restSdUv: rest.sd,
      date: new Date(this.now()).toISOString(),
    };
    this.store.put(result);
    this.cal = { phase: 'done', channel: cal.channel, result };
    this.refreshMvc();
    this.referencesChanged();
    this.emit('calibration', tS, `MVC ${muscle}: ${mvcUv.toFixed(0)} µV (rest ${rest.mean.toFixed(1)} ± ${rest.sd.toFixed(1)} µV)`);
  }

  // ================================================================ data in

  /** Raw µV blocks, for the signal-quality check (~1 Hz over the last ~2 s). */
  pushRaw(block: SampleBlock): void {
    const s = this.stream;
    if (!s || block.channelCount !== s.channelCount) return;
    const n = s.channelCount;
    for (let i = 0; i < block.frameCount; i++) {
      const abs = block.firstSampleIndex + i;
      for (let c = 0; c < n; c++) this.rawRings[c].write(abs, block.samples[i * n + c]);
    }
    this.rawSinceQuality += block.frameCount;
    if (this.rawSinceQuality >= s.sampleRateHz * TRAINING_DEFAULTS.qualityIntervalS) {
      this.rawSinceQuality = 0;
      this.quality = this.rawRings.map((ring, c) => {
        const [, count] = ring.copy(ring.oldest, ring.next, this.scratchRaw);
        const history = this.noiseHistory[c];
        const now = quietestNoiseUv(this.scratchRaw, s.sampleRateHz, s.mainsHz, 0, count);
        if (Number.isFinite(now)) {
          history.push(now);
          if (history.length > TRAINING_DEFAULTS.restingNoiseHistory) history.shift();
        }
        const resting = history.length ? Math.min(...history) : undefined;
        return assessChannelQuality(this.scratchRaw, s.sampleRateHz, s.mainsHz, s.fullScaleUv, c, {}, 0, count, resting);
      });
    }
  }

  /** Filtered signal and RMS envelope from the DSP runner. Cheap: one pass, no allocation. */
  pushProcessed(block: ProcessedBlockLike): void {
    const s = this.stream;
    if (!s || block.channelCount !== s.channelCount) return;
    const n = s.channelCount;
    const D = this.decFactor;
    const target = this.setupState.targetChannel;
    const env = block.envelope;
    for (let i = 0; i < block.frames; i++) {
      const abs = block.firstSampleIndex + i;
      if (target !== null) this.filteredRing.write(abs, block.filtered[i * n + target]);
      const bucket = Math.floor(abs / D);
      if (bucket !== this.decBucket) {
        if (this.decCount > 0) this.emitDecimated();
        this.decBucket = bucket;
      }
      const o = i * n;
      for (let c = 0; c < n; c++) this.decSums[c] += env[o + c];
      this.decCount++;
      if (abs % D === D - 1) {
        this.emitDecimated();
        this.decBucket = bucket + 1;
      }
      this.lastFrameIndex = abs;
    }
  }

  private emitDecimated(): void {
    const n = this.decSums.length;
    const k = this.decBucket;
    for (let c = 0; c < n; c++) {
      const v = this.decSums[c] / this.decCount;
      this.decValues[c] = v;
      this.decSums[c] = 0;
      this.envRings[c].write(k, v);
      this.peaks[c].push(v);
    }
    this.decCount = 0;
    this.onDecimated(k);
  }

  private onDecimated(k: number): void {
    const tS = k / this.decRate;
    this.lastTS = tS;
    if (this.cal.phase === 'running') {
      this.calibrationSample(this.decValues[this.cal.channel], tS);
      return;
    }
    const target = this.setupState.targetChannel;
    if (target === null || !this.detector) return;
    const assisting = this.setupState.assistingChannels;
    // live values
    const t = (this.decValues[target] * 100) / this.reference(target);
    let a = 0;
    for (const c of assisting) a += (this.decValues[c] * 100) / this.reference(c);
    if (assisting.length) a /= assisting.length;
    this.liveT += this.liveAlpha * (t - this.liveT);
    this.liveA += this.liveAlpha * (a - this.liveA);
    this.liveShare = assisting.length ? shareOf(this.liveT, this.liveA) : null;

    const e = this.detector.push(this.decValues[target], tS);
    if (e?.kind === 'start') {
      if (!this.active) this.beginSet(this.nextTag, e.startS);
    } else if (e?.kind === 'end') {
      this.addRep(e.startS, e.endS);
      this.takeover = false;
    }
    if (this.detector.inRep) {
      const base = this.baselineShareCache ?? this.historyBaselineShare;
      if (base !== null && this.liveShare !== null && this.liveShare < base - TRAINING_DEFAULTS.takeoverMargin) this.takeover = true;
    } else this.takeover = false;
    if (this.active && !this.detector.inRep) {
      const since = this.lastRepEndS ?? this.active.startS;
      if (tS - since >= this.autoEndS) this.finishSet(this.active.reps.length ? since : tS);
    }
  }

  // ================================================================ state out

  state(): TrainingState {
    const ex = this.exercise();
    const active = this.active;
    return {
      setup: { ...this.setupState, assistingChannels: [...this.setupState.assistingChannels], muscles: [...this.setupState.muscles] },
      exercise: ex,
      normalisation: this.normalisation(),
      mvc: [...this.mvc],
      cue: this.currentCue(),
      setActive: active !== null,
      setNumber: this.setNumber(),
      setTag: active ? active.tag : this.nextTag,
      repCount: active ? active.reps.length : 0,
      inRep: this.detector?.inRep ?? false,
      targetPct: this.liveT,
      assistPct: this.liveA,
      targetShare: this.liveShare,
      baselineShare: this.baselineShareCache ?? this.historyBaselineShare,
      assistTakeover: this.takeover,
      reps: active ? active.reps.map((r) => r.metrics) : [],
      sets: [...this.summaries],
      quality: [...this.quality],
      calibration: this.calibrationStep(),
    };
  }

  onSetEnded(listener: (s: SetSummary) => void): () => void {
    return this.setEnded.add(listener);
  }

  onEvent(listener: (e: TrainingEvent) => void): () => void {
    return this.events.add(listener);
  }

  // ================================================================ internals

  private emit(kind: TrainingEventKind, timeS: number, text: string): void {
    this.events.emit({ kind, timeS, text });
  }

  private exercise(): Exercise | null {
    return findExercise(this.exercises, this.setupState.exerciseId);
  }

  private setNumber(): number {
    return this.active ? this.active.number : this.records.length + 1;
  }

  private currentCue(): string | null {
    const ex = this.exercise();
    if (!ex) return null;
    const tag = this.active ? this.active.tag : this.nextTag;
    if (tag === 'baseline') return null;
    if (tag === 'external') return ex.externalCue;
    return ex.internalCues.length ? ex.internalCues[this.cueIndex % ex.internalCues.length] : null;
  }

  private muscleName(channel: number): string {
    return this.setupState.muscles[channel]?.trim() || this.stream?.channelLabels[channel] || `channel ${channel + 1}`;
  }

  private refreshMvc(): void {
    const n = this.stream?.channelCount ?? this.setupState.muscles.length;
    this.mvc = Array.from({ length: n }, (_, c) => this.store.get(this.setupState.person, this.muscleName(c)));
  }

  private roleChannels(): number[] {
    const t = this.setupState.targetChannel;
    return t === null ? [] : [t, ...this.setupState.assistingChannels];
  }

  private normalisation(): Normalisation {
    const roles = this.roleChannels();
    return roles.length > 0 && roles.every((c) => (this.mvc[c]?.mvcUv ?? 0) > 0) ? 'mvc' : 'session-peak';
  }

  /** µV that counts as 100 % on channel c now. */
  private reference(c: number): number {
    const r = this.normalisation() === 'mvc' ? this.mvc[c]?.mvcUv ?? 0 : this.peaks[c]?.value ?? 0;
    // before any activity the session peak is 0: dividing by Infinity shows 0 % instead of NaN
    return r > 0 ? r : Infinity;
  }

  private resetDetector(): void {
    this.detector = this.stream ? new RepDetector({ rateHz: this.decRate, ...this.detectorOpts }) : null;
    this.liveT = 0;
    this.liveA = 0;
    this.liveShare = null;
    this.takeover = false;
  }

  private beginSet(tag: SetTag, startS: number): void {
    if (this.active) return;
    this.active = {
      number: this.records.length + 1,
      tag,
      exerciseId: this.setupState.exerciseId,
      startS,
      endS: startS,
      reps: [],
      targetChannel: this.setupState.targetChannel,
      assistingChannels: [...this.setupState.assistingChannels],
    };
    this.lastRepEndS = null;
    this.emit('set-start', startS, `set ${this.active.number} (${tag}) started`);
    const cue = this.currentCue();
    if (cue) this.emit('cue', startS, cue);
  }

  private addRep(startS: number, endS: number): void {
    const set = this.active;
    const target = this.setupState.targetChannel;
    if (!set || target === null) return;
    const r = this.decRate;
    const k0 = Math.round(startS * r);
    const k1 = Math.round(endS * r) + 1;
    const copyEnv = (c: number) => {
      const [first, count] = this.envRings[c].copy(k0, k1, this.scratchT);
      return { first, data: this.scratchT.slice(0, count) };
    };
    const t = copyEnv(target);
    const assist = this.setupState.assistingChannels.map((c) => copyEnv(c).data);
    const t0S = t.first / r;
    // median frequency of the filtered target over the rep (full rate)
    const rate = this.stream!.sampleRateHz;
    const [, fCount] = this.filteredRing.copy(Math.round(startS * rate), Math.round(endS * rate), this.scratchF);
    const mdf = fCount > 0 ? medianFrequencyHz(this.scratchF, rate, { from: 0, to: fCount }) : null;
    const rec: RepRecord = { metrics: null as unknown as RepMetrics, t0S, target: t.data, assist };
    rec.metrics = { ...this.repMetrics(rec, set.reps.length + 1, startS, endS), medianFreqHz: mdf };
    set.reps.push(rec);
    set.endS = endS;
    this.lastRepEndS = endS;
    const m = rec.metrics;
    this.emit('rep', startS, `rep ${m.index}: target ${m.targetMeanPct.toFixed(0)}%, share ${(m.targetShare * 100).toFixed(0)}%`);
  }

  /** Rep metrics of a stored rep with the current normalisation references. */
  private repMetrics(rec: RepRecord, index: number, startS: number, endS: number, mdf: number | null = null): RepMetrics {
    const target = this.setupState.targetChannel!;
    const tPct = new Float64Array(rec.target.length);
    const kt = 100 / this.reference(target);
    for (let i = 0; i < tPct.length; i++) tPct[i] = rec.target[i] * kt;
    let aPct: Float64Array | null = null;
    const assisting = this.setupState.assistingChannels;
    if (rec.assist.length && rec.assist.length === assisting.length) {
      aPct = new Float64Array(tPct.length);
      rec.assist.forEach((arr, j) => {
        const ka = 100 / this.reference(assisting[j]) / rec.assist.length;
        for (let i = 0; i < Math.min(arr.length, aPct!.length); i++) aPct![i] += arr[i] * ka;
      });
    }
    const m = computeRepMetrics({ index, startS, endS, rateHz: this.decRate, t0S: rec.t0S, targetPct: tPct, assistPct: aPct });
    return { ...m, medianFreqHz: mdf };
  }

  /** A set's reps re-expressed with today's references (session peak grows; an MVC may arrive). */
  private renormalised(rec: SetRecord): SetLike {
    return {
      number: rec.number,
      tag: rec.tag,
      reps: rec.reps.map((r) => this.repMetrics(r, r.metrics.index, r.metrics.startS, r.metrics.endS, r.metrics.medianFreqHz)),
    };
  }

  private baselineRecord(exerciseId: string | null): SetRecord | null {
    return this.records.find((r) => r.tag === 'baseline' && r.exerciseId === exerciseId && r.reps.length > 0) ?? null;
  }

  /** Summary of records[i]: compared with the exercise's first baseline set and the set before it, in today's references. */
  private summarise(i: number): SetSummary {
    const set = this.records[i];
    const earlier = this.records.slice(0, i + 1).filter((r) => r.exerciseId === set.exerciseId && r.reps.length > 0);
    const baseline = earlier.find((r) => r.tag === 'baseline') ?? null;
    const previous = earlier.length > 1 ? earlier[earlier.length - 2] : null;
    return summariseSet({
      number: set.number,
      tag: set.tag,
      exerciseId: set.exerciseId,
      startS: set.startS,
      endS: set.endS,
      reps: this.renormalised(set).reps as RepMetrics[],
      baseline: baseline ? this.renormalised(baseline) : null,
      previous: previous ? this.renormalised(previous) : null,
      bootstrap: this.bootstrap,
    });
  }

  private hasCurrentRoles(r: SetRecord): boolean {
    const a = this.setupState.assistingChannels;
    return r.targetChannel === this.setupState.targetChannel && r.assistingChannels.length === a.length && r.assistingChannels.every((c, k) => c === a[k]);
  }

  /**
   * Finished sets in today's references. A summary frozen at its set's end would be in that
   * moment's references (the session peak grows, an MVC may arrive), so set 1 and set 2 could both
   * read "63 %" while their comparison says +22 %: every finished set is re-expressed together.
   */
  private reexpressSets(): void {
    for (let i = 0; i < this.records.length; i++) {
      if (this.hasCurrentRoles(this.records[i])) this.summaries[i] = this.summarise(i);
    }
  }

  /** The normalisation references may have moved (a set ended, an MVC arrived, the setup changed). */
  private referencesChanged(): void {
    this.reexpressSets();
    this.refreshBaselineShare();
  }

  private refreshBaselineShare(): void {
    const b = this.setupState.targetChannel !== null ? this.baselineRecord(this.setupState.exerciseId) : null;
    if (!b || b.reps[0].assist.length !== this.setupState.assistingChannels.length || b.reps[0].assist.length === 0) {
      this.baselineShareCache = null;
      return;
    }
    const reps = this.renormalised(b).reps;
    this.baselineShareCache = reps.reduce((s, r) => s + r.targetShare, 0) / reps.length;
  }

  private finishSet(endS: number): void {
    const set = this.active;
    if (!set) return;
    this.active = null;
    this.takeover = false;
    if (set.reps.length === 0) {
      this.emit('set-end', endS, `set ${set.number} ended without reps (not kept)`);
      return;
    }
    set.endS = endS;
    this.records.push(set);
    this.summaries.push(this.summarise(this.records.length - 1));
    if (set.tag === 'internal') {
      const ex = this.exercise();
      if (ex && ex.internalCues.length) this.cueIndex = (this.cueIndex + 1) % ex.internalCues.length;
    }
    if (set.tag === 'baseline') this.nextTag = 'internal';
    this.referencesChanged();
    const summary = this.summaries[this.summaries.length - 1];
    const headline = summary.comparisons[0]?.sentence ?? `${summary.reps.length} reps, target ${summary.targetMeanPct.toFixed(0)}%`;
    this.emit('set-end', endS, `set ${set.number} (${set.tag}) ended: ${headline}`);
    this.setEnded.emit(summary);
  }
}
