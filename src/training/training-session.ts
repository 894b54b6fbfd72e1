/**
 * One training context: the live session the host drives, or a replay's or an analysis's own
 * (each builds its own TrainingSession from the same stages, so a replay never touches the live
 * sets). It coordinates the named stages:
 *
 *   EnvelopeDecimation (envelope-decimation.ts)  ProcessedBlock → ~100 Hz envelopes + rep history
 *   QualityMonitor (quality-monitor.ts)          raw µV → per-channel signal check, ~1 Hz
 *   CalibrationRun (calibration-run.ts)          the guided MVC of one channel
 *   NormalisationReferences                      MVC or session peak: what counts as 100 %
 *   SetBook (set-book.ts)                        the running set, finished sets and their summaries
 *
 * and keeps what binds them: channel roles (setup), cues, the live %MVC / target share and the
 * rep detector that starts and ends sets. No I/O except through the MVC store it is given; no DOM,
 * no Electron. Time is stream time (sample index / rate), so replays and tests behave exactly like
 * live streams.
 */
import type { Exercise } from '../exercises/exercise';
import type { SampleBlock } from '../devices/sample-source';
import type { CalibrationStep, TrainingSetup, TrainingState } from '../host/contract';
import type { MvcCalibration, SetSummary, SetTag } from '../metrics/types';
import { findExercise } from '../exercises/library';
import { RepDetector, type RepDetectorOptions } from '../metrics/rep-detector';
import { medianFrequencyHz } from '../metrics/median-frequency';
import { shareOf } from '../metrics/target-share';
import { symmetryIndexPct } from '../metrics/symmetry-index';
import type { BootstrapOptions } from '../metrics/bootstrap';
import type { MvcStoreLike } from './mvc-store';
import { Listeners } from '../util/listeners';
import type { RecordingEvent } from '../recording/events';
import { DECIMATION_DEFAULTS, EnvelopeDecimation, type ProcessedBlockLike } from './envelope-decimation';
import { QUALITY_DEFAULTS, QualityMonitor } from './quality-monitor';
import { CALIBRATION_DEFAULTS, CalibrationRun, type CalibrationTiming } from './calibration-run';
import { NormalisationReferences } from './normalisation-references';
import { SetBook, type Roles } from './set-book';
import { TakeoverAlarm, type TakeoverOptions } from './takeover-alarm';

export type { ProcessedBlockLike } from './envelope-decimation';

export const TRAINING_DEFAULTS = {
  /** rate of the envelopes the detector and live values run on, Hz */
  detectionRateHz: DECIMATION_DEFAULTS.detectionRateHz,
  /** a set ends by itself after this long without a rep, s */
  autoEndS: 8,
  /** live %MVC smoothing: exponential, time constant τ (≈ a 2τ = 250 ms moving average), s */
  liveTauS: 0.125,
  /** quality is assessed over the last this-many seconds of raw signal… */
  qualityWindowS: QUALITY_DEFAULTS.windowS,
  /** …every this-many seconds of stream */
  qualityIntervalS: QUALITY_DEFAULTS.intervalS,
  /** the resting noise shown is the lowest of the last this-many assessments (one per second) */
  restingNoiseHistory: QUALITY_DEFAULTS.restingNoiseHistory,
  /** calibration: rest, then trials of contract / relax (relax not waited for after the last) */
  calibration: CALIBRATION_DEFAULTS,
  /** history kept for rep metrics: decimated envelopes and the full-rate target, s */
  envelopeHistoryS: DECIMATION_DEFAULTS.envelopeHistoryS,
  filteredHistoryS: DECIMATION_DEFAULTS.filteredHistoryS,
  /**
   * the live context keeps the reps' envelopes of this many latest finished sets (plus each
   * exercise's first baseline set) for re-expressing them when the references move; older sets
   * keep their metrics only (set-book.ts): a two-hour session's memory stays flat (issue 10)
   */
  liveEnvelopeSetsKept: 20,
} as const;

export interface StreamConfig {
  sampleRateHz: number;
  channelCount: number;
  channelLabels: string[];
  mainsHz: 50 | 60 | null;
  fullScaleUv: number;
  /** mains harmonics the DSP chain notches (DspSettings.mainsHarmonics), so the signal check does not ask for them */
  mainsHarmonics?: number;
}

export type TrainingEventKind = 'set-start' | 'set-end' | 'rep' | 'cue' | 'calibration' | 'tag';
export interface TrainingEvent {
  kind: TrainingEventKind;
  /** stream time the event refers to, s */
  timeS: number;
  /** for a person (logs, tests) */
  text: string;
  /**
   * what the recording stores, built from the set itself when it happens (its own number, tag and
   * rep count): the host passes it to the recorder unchanged
   */
  record: RecordingEvent;
}

export interface TrainingSessionOptions {
  exercises: Exercise[];
  mvcStore: MvcStoreLike;
  person?: string;
  /** wall clock in ms (calibration dates); default Date.now */
  now?: () => number;
  autoEndS?: number;
  detector?: Partial<Omit<RepDetectorOptions, 'rateHz'>>;
  calibration?: Partial<CalibrationTiming>;
  bootstrap?: BootstrapOptions;
  /**
   * where sets come from: 'detector' (live, and files without set marks: reps start a set, a long
   * rest ends it) or 'recording' (a replay of a file with set marks: the recording's set, tag and
   * cue annotations, given through applyRecorded; reps are still measured from the signal)
   */
  setsFrom?: 'detector' | 'recording';
  /** what this context is, for the renderer */
  context?: 'live' | 'replay';
  /** the takeover alarm's margin, hold time and window (takeover-alarm.ts) */
  takeover?: Partial<TakeoverOptions>;
  /**
   * a replay: the tag saved for set `set` (starting at startS, s) after it was recorded (a
   * correction in the session's sidecar, or beside an imported file), or null. A saved tag wins
   * over the recording's "Set N … [tag=…]" annotations and over the detector's 'untagged'.
   */
  storedTag?: (set: number, startS: number) => SetTag | null;
  /**
   * true (the host's live context): sets are kept only between openSets() and closeSets(), i.e.
   * while a session runs (src/host/session-lifecycle.ts); before, live values and reps are shown
   * but no set is started or recorded. Default false: sets are always open (replays, analysis).
   */
  setsNeedSession?: boolean;
  /**
   * finished sets whose reps' envelopes are kept for re-expression (set-book.ts); older ones are
   * frozen. Default: every set (replays and analyses re-express all; the host's live context
   * passes TRAINING_DEFAULTS.liveEnvelopeSetsKept).
   */
  envelopeSetsKept?: number;
}

const SET_TAGS: readonly SetTag[] = ['baseline', 'internal', 'external', 'untagged'];
/** A tag read from a file: one of ours, else 'untagged' (never guessed). */
export function recordedTag(tag: string | undefined): SetTag {
  return SET_TAGS.includes(tag as SetTag) ? (tag as SetTag) : 'untagged';
}

/** The pair if both channels exist in a stream of n channels and differ, else null. */
function validPair(p: TrainingSetup['symmetryPair'], n: number): TrainingSetup['symmetryPair'] {
  if (!p) return null;
  if (p.left === p.right || p.left < 0 || p.right < 0 || p.left >= n || p.right >= n) return null;
  return { left: p.left, right: p.right };
}

type Cal =
  | { phase: 'idle' }
  | { phase: 'running'; run: CalibrationRun }
  | { phase: 'done'; channel: number; result: MvcCalibration }
  | { phase: 'failed'; channel: number; reason: string };

export class TrainingSession {
  private exercises: Exercise[];
  private readonly store: MvcStoreLike;
  private readonly now: () => number;
  private readonly autoEndS: number;
  private readonly detectorOpts: Partial<Omit<RepDetectorOptions, 'rateHz'>>;
  private readonly calOpts: CalibrationTiming;
  private setsFrom: 'detector' | 'recording';
  private readonly contextKind: 'live' | 'replay';
  /** the cue the recording says was given (setsFrom 'recording') */
  private recordedCue: string | null = null;
  private readonly storedTag: (set: number, startS: number) => SetTag | null;

  private stream: StreamConfig | null = null;
  private setupState: TrainingSetup;

  // ---- stages
  private decimation: EnvelopeDecimation | null = null;
  private qualityMonitor: QualityMonitor | null = null;
  private readonly refs = new NormalisationReferences();
  private book: SetBook;
  /** sets may start (a session runs, or this context needs none) */
  private setsOpen: boolean;
  private readonly bootstrapOpts: BootstrapOptions | undefined;
  private readonly envelopeSetsKept: number | undefined;
  private cal: Cal = { phase: 'idle' };

  // ---- live
  private detector: RepDetector | null = null;
  private liveT = 0;
  private liveA = 0;
  private liveShare: number | null = null;
  /** live left/right of the symmetry pair, % of each side's own reference */
  private liveL = 0;
  private liveR = 0;
  private liveAlpha = 1;
  private takeover = false;
  private readonly takeoverOpts: Partial<TakeoverOptions>;
  private takeoverAlarm: TakeoverAlarm | null = null;
  private lastTS = 0;

  // ---- cues and history
  private cueIndex = 0;
  private historyBaselineShare: number | null = null;

  private readonly setEnded = new Listeners<SetSummary>();
  private readonly setChanged = new Listeners<SetSummary>();
  private readonly events = new Listeners<TrainingEvent>();

  constructor(opts: TrainingSessionOptions) {
    this.exercises = opts.exercises;
    this.store = opts.mvcStore;
    this.now = opts.now ?? Date.now;
    this.autoEndS = opts.autoEndS ?? TRAINING_DEFAULTS.autoEndS;
    this.detectorOpts = opts.detector ?? {};
    this.takeoverOpts = opts.takeover ?? {};
    this.calOpts = { ...CALIBRATION_DEFAULTS, ...opts.calibration };
    this.setsFrom = opts.setsFrom ?? 'detector';
    this.contextKind = opts.context ?? 'live';
    this.storedTag = opts.storedTag ?? (() => null);
    this.setupState = { exerciseId: null, targetChannel: null, assistingChannels: [], muscles: [], person: opts.person ?? 'me' };
    this.bootstrapOpts = opts.bootstrap;
    this.envelopeSetsKept = opts.envelopeSetsKept;
    this.setsOpen = !opts.setsNeedSession;
    this.book = this.newBook();
  }

  private newBook(): SetBook {
    return new SetBook({
      roles: (): Roles => this.setupState,
      reference: (c) => this.refs.reference(c),
      decimatedRateHz: () => this.decRate,
      exerciseId: () => this.setupState.exerciseId,
      bootstrap: this.bootstrapOpts,
      normalisation: () => this.refs.normalisation,
      ...(this.envelopeSetsKept !== undefined ? { envelopeSetsKept: this.envelopeSetsKept } : {}),
    });
  }

  /** What the finished sets hold (memory bounds over a long session, issue 10): a test and bench figure. */
  retainedSetData(): { sets: number; setsWithEnvelopes: number; envelopeValues: number } {
    return { sets: this.book.records.length, setsWithEnvelopes: this.book.setsWithEnvelopes, envelopeValues: this.book.envelopeValuesHeld };
  }

  // ================================================================ the session's sets

  /** Sets may start now (a session runs); a fresh book: the new session's sets count from 1. */
  openSets(): void {
    if (this.book.active) this.endSet();
    // the tag chosen before the session ("2" then Start) is the first set's
    const nextTag = this.book.nextTag;
    this.book = this.newBook();
    this.book.nextTag = nextTag;
    this.cueIndex = 0;
    this.setsOpen = true;
  }

  /**
   * No more sets (the session ended): the running set is closed and kept (its set-end event and
   * summary go out as usual); the finished sets stay readable until the next openSets().
   */
  closeSets(): void {
    this.endSet();
    this.setsOpen = false;
  }

  /** true while sets may start (see TrainingSessionOptions.setsNeedSession). */
  get setsAreOpen(): boolean {
    return this.setsOpen;
  }

  private get decRate(): number {
    return this.decimation?.rateHz ?? TRAINING_DEFAULTS.detectionRateHz;
  }

  // ================================================================ configuration

  configureStream(info: StreamConfig): void {
    if (this.book.active) this.endSet();
    this.stream = { ...info, channelLabels: [...info.channelLabels] };
    const n = info.channelCount;
    this.decimation = new EnvelopeDecimation(info.sampleRateHz, n, (k, values) => this.onDecimated(k, values));
    this.refs.configure(n, this.decimation.rateHz);
    this.liveAlpha = 1 - Math.exp(-1 / (this.decRate * TRAINING_DEFAULTS.liveTauS));
    this.qualityMonitor = new QualityMonitor(info, {
      windowS: TRAINING_DEFAULTS.qualityWindowS,
      intervalS: TRAINING_DEFAULTS.qualityIntervalS,
      restingNoiseHistory: TRAINING_DEFAULTS.restingNoiseHistory,
    });
    this.cal = { phase: 'idle' };
    const muscles = this.setupState.muscles.slice(0, n);
    while (muscles.length < n) muscles.push('');
    this.setupState = {
      ...this.setupState,
      muscles,
      targetChannel: this.setupState.targetChannel !== null && this.setupState.targetChannel < n ? this.setupState.targetChannel : null,
      assistingChannels: this.setupState.assistingChannels.filter((c) => c < n),
      symmetryPair: validPair(this.setupState.symmetryPair, n),
    };
    this.refs.setRoles(this.roleChannels());
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
    if (patch.person !== undefined && patch.person !== this.setupState.person) this.startOverFor(patch.person);
    const prev = this.setupState;
    // before the stream is known (`serve --target 0 --assisting 1` is applied before the band
    // connects), every channel named is kept: configureStream drops those the stream lacks
    const pairNamed = patch.symmetryPair ?? (patch.symmetryPair === null ? null : prev.symmetryPair);
    const named = [patch.targetChannel ?? prev.targetChannel ?? -1, ...(patch.assistingChannels ?? prev.assistingChannels), ...(pairNamed ? [pairNamed.left, pairNamed.right] : [])];
    const n = this.stream?.channelCount ?? Math.max(prev.muscles.length, 1, ...named.map((c) => c + 1));
    const next: TrainingSetup = { ...prev, ...patch, assistingChannels: [...(patch.assistingChannels ?? prev.assistingChannels)], muscles: [...(patch.muscles ?? prev.muscles)] };
    while (next.muscles.length < n) next.muscles.push('');
    const exerciseChanged = patch.exerciseId !== undefined && patch.exerciseId !== prev.exerciseId;
    if (exerciseChanged) {
      if (this.book.active) this.endSet();
      this.cueIndex = 0;
      this.book.nextTag = 'untagged';
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
    next.symmetryPair = validPair(patch.symmetryPair !== undefined ? patch.symmetryPair : prev.symmetryPair, n);
    const pairChanged = (prev.symmetryPair?.left ?? -1) !== (next.symmetryPair?.left ?? -1) || (prev.symmetryPair?.right ?? -1) !== (next.symmetryPair?.right ?? -1);
    // a set measures one pair from start to end (its SI would mix two pairs otherwise)
    if (pairChanged && this.book.active) this.endSet();
    this.setupState = next;
    this.refs.setRoles(this.roleChannels());
    if (next.targetChannel !== prev.targetChannel) {
      if (this.book.active) this.endSet();
      this.resetDetector();
    }
    this.refreshMvc();
    this.book.referencesChanged();
  }

  /**
   * Another lifter trains from now. The running set ends (and is saved as the previous lifter's);
   * the finished sets, the session peaks (the reference without an MVC), a calibration in progress
   * and the baseline history are the previous lifter's and are put away, so no number of the new
   * lifter is ever expressed against another person's MVC or peak, nor compared with their sets.
   */
  private startOverFor(person: string): void {
    if (this.book.active) this.endSet();
    this.book.truncate(-Infinity);
    this.book.nextTag = 'untagged';
    this.refs.resetPeaks();
    this.cal = { phase: 'idle' };
    this.historyBaselineShare = null;
    this.cueIndex = 0;
    this.setupState = { ...this.setupState, person };
  }

  // ================================================================ sets, tags, cues

  startSet(tag?: SetTag): void {
    if (!this.setsOpen) throw new Error('No session is running: start a session first (sets are kept only inside a session).');
    this.beginSet(tag ?? this.book.nextTag, this.lastTS);
  }

  endSet(): void {
    const active = this.book.active;
    if (!active) return;
    const endEvent = this.detector?.flush(this.lastTS);
    if (endEvent?.kind === 'end') this.addRep(endEvent.startS, endEvent.endS);
    const last = this.book.lastRepEndS;
    this.finishSet(last !== null && active.reps.length ? Math.max(last, active.startS) : this.lastTS);
  }

  tagSet(tag: SetTag): void {
    const active = this.book.active;
    if (active) active.tag = tag;
    else this.book.nextTag = tag;
    const text = `set ${this.book.setNumber}: ${tag}`;
    this.emit('tag', this.lastTS, text, active ? { kind: 'set-tag', set: active.number, tag } : { kind: 'note', text: `next set: ${tag}` });
    this.emitCue(this.lastTS);
  }

  /** Corrects the tag of a set: the running one, or a finished one by its number. */
  retagSet(number: number, tag: SetTag): void {
    if (this.book.active?.number === number) {
      this.tagSet(tag);
      return;
    }
    const summary = this.book.retag(number, tag);
    if (!summary) throw new Error(`There is no finished set ${number} to tag.`);
    this.emit('tag', this.lastTS, `set ${number} retagged: ${tag}`, { kind: 'set-tag', set: number, tag });
    this.setChanged.emit(summary);
  }

  /**
   * An event of the recording being replayed, reached by playback at stream time timeS: the
   * recording's sets, tags and cues are shown as they were recorded (setsFrom 'recording').
   */
  applyRecorded(e: RecordingEvent, timeS: number): void {
    if (this.setsFrom !== 'recording') return;
    switch (e.kind) {
      case 'set-start':
        if (this.book.active) this.endSet();
        this.recordedCue = null;
        this.beginSet(recordedTag(e.tag), timeS, e.set);
        break;
      case 'set-end':
        if (this.book.active) {
          const a = this.book.active;
          if (e.tag !== undefined) a.tag = this.storedTag(a.number, a.startS) ?? recordedTag(e.tag);
          this.endSet();
        }
        break;
      case 'set-tag': {
        const active = this.book.active;
        if (active?.number === e.set) active.tag = this.storedTag(active.number, active.startS) ?? recordedTag(e.tag);
        else {
          const rec = this.book.records.find((r) => r.number === e.set);
          this.book.retag(e.set, (rec ? this.storedTag(rec.number, rec.startS) : null) ?? recordedTag(e.tag));
        }
        break;
      }
      case 'cue':
        this.recordedCue = e.text;
        break;
      default:
        break;
    }
  }

  /** A replay: sets from the recording's marks (true), or detected in its own context (false). */
  useRecordedSets(recorded: boolean): void {
    this.setsFrom = recorded ? 'recording' : 'detector';
  }

  /** Playback jumped to timeS: the running set and the sets from there on are rebuilt when reached again. */
  seekTo(timeS: number): void {
    this.book.truncate(timeS);
    this.recordedCue = null;
    this.resetDetector();
  }

  nextCue(): void {
    const ex = this.exercise();
    if (!ex || ex.internalCues.length === 0) return;
    this.cueIndex = (this.cueIndex + 1) % ex.internalCues.length;
    this.emitCue(this.lastTS);
  }

  private emitCue(timeS: number): void {
    const cue = this.currentCue();
    if (cue) this.emit('cue', timeS, cue, { kind: 'cue', text: cue });
  }

  // ================================================================ calibration

  calibrate(action: 'start' | 'cancel', channel: number): void {
    if (action === 'cancel') {
      this.cal = { phase: 'idle' };
      this.detector?.cancel(this.lastTS);
      return;
    }
    if (this.contextKind === 'replay') throw new Error('An MVC calibration needs a live band: connect it first (a replay is not measured again).');
    if (!this.stream || channel < 0 || channel >= this.stream.channelCount) throw new Error(`Cannot calibrate channel ${channel + 1}: no such channel in the stream`);
    if (this.book.active) this.endSet();
    this.cal = { phase: 'running', run: new CalibrationRun(channel, this.decRate, this.calOpts) };
    this.emitCalibration(this.lastTS, `MVC calibration of ${this.muscleName(channel)} started`);
  }

  private calibrationStep(): CalibrationStep {
    const cal = this.cal;
    if (cal.phase === 'idle') return { phase: 'idle' };
    if (cal.phase === 'done') return { phase: 'done', channel: cal.channel, result: cal.result };
    if (cal.phase === 'failed') return { phase: 'failed', channel: cal.channel, reason: cal.reason };
    return cal.run.step(this.lastTS);
  }

  private calibrationSample(run: CalibrationRun, value: number, tS: number): void {
    const outcome = run.push(value, tS);
    if (!outcome) return;
    const muscle = this.muscleName(run.channel);
    this.detector?.cancel(tS);
    if (!outcome.ok) {
      // say why, until the next run (a silent reset looked like "nothing happened")
      this.cal = { phase: 'failed', channel: run.channel, reason: outcome.reason };
      this.emitCalibration(tS, `MVC calibration of ${muscle} failed: ${outcome.reason}`);
      return;
    }
    const { mvcUv, rest } = outcome;
    const result: MvcCalibration = {
      person: this.setupState.person,
      muscle,
      mvcUv,
      restMeanUv: rest.mean,
      restSdUv: rest.sd,
      date: new Date(this.now()).toISOString(),
    };
    this.store.put(result);
    this.cal = { phase: 'done', channel: run.channel, result };
    this.refreshMvc();
    this.book.referencesChanged();
    this.emitCalibration(tS, `MVC ${muscle}: ${mvcUv.toFixed(0)} µV (rest ${rest.mean.toFixed(1)} ± ${rest.sd.toFixed(1)} µV)`);
  }

  // ================================================================ data in

  /** Raw µV blocks, for the signal-quality check (~1 Hz over the last ~2 s). */
  pushRaw(block: SampleBlock): void {
    this.qualityMonitor?.push(block);
  }

  /** Filtered signal and RMS envelope from the DSP runner. Cheap: one pass, no allocation. */
  pushProcessed(block: ProcessedBlockLike): void {
    this.decimation?.push(block, this.setupState.targetChannel);
  }

  private onDecimated(k: number, values: Float64Array): void {
    this.refs.push(values);
    const tS = k / this.decRate;
    this.lastTS = tS;
    if (this.cal.phase === 'running') {
      this.calibrationSample(this.cal.run, values[this.cal.run.channel], tS);
      return;
    }
    const target = this.setupState.targetChannel;
    if (target === null || !this.detector) return;
    const assisting = this.setupState.assistingChannels;
    // live values
    const t = (values[target] * 100) / this.refs.reference(target);
    let a = 0;
    for (const c of assisting) a += (values[c] * 100) / this.refs.reference(c);
    if (assisting.length) a /= assisting.length;
    this.liveT += this.liveAlpha * (t - this.liveT);
    this.liveA += this.liveAlpha * (a - this.liveA);
    this.liveShare = assisting.length ? shareOf(this.liveT, this.liveA) : null;
    const pair = this.setupState.symmetryPair;
    if (pair) {
      this.liveL += this.liveAlpha * ((values[pair.left] * 100) / this.refs.reference(pair.left) - this.liveL);
      this.liveR += this.liveAlpha * ((values[pair.right] * 100) / this.refs.reference(pair.right) - this.liveR);
    }

    const e = this.detector.push(values[target], tS);
    const auto = this.setsFrom === 'detector';
    if (e?.kind === 'start') {
      // outside a session a rep is shown live but starts no set (nothing is kept or recorded)
      if (!this.book.active && auto && this.setsOpen) this.beginSet(this.book.nextTag, e.startS);
    } else if (e?.kind === 'end') {
      this.addRep(e.startS, e.endS);
      this.takeover = false;
    }
    if (this.takeoverAlarm?.rateHz !== this.decRate) this.takeoverAlarm = new TakeoverAlarm(this.decRate, this.takeoverOpts);
    this.takeover = this.takeoverAlarm.push(tS, this.liveT, this.liveA, this.detector.inRep && assisting.length > 0, this.baselineShare());
    const active = this.book.active;
    if (active && auto && !this.detector.inRep) {
      const since = this.book.lastRepEndS ?? active.startS;
      if (tS - since >= this.autoEndS) this.finishSet(active.reps.length ? since : tS);
    }
  }

  // ================================================================ state out

  state(): TrainingState {
    const ex = this.exercise();
    const active = this.book.active;
    return {
      setup: {
        ...this.setupState,
        assistingChannels: [...this.setupState.assistingChannels],
        muscles: [...this.setupState.muscles],
        symmetryPair: this.setupState.symmetryPair ? { ...this.setupState.symmetryPair } : null,
      },
      exercise: ex,
      normalisation: this.refs.normalisation,
      mvc: [...this.refs.mvc],
      cue: this.currentCue(),
      setActive: active !== null,
      setNumber: this.book.setNumber,
      setTag: active ? active.tag : this.book.nextTag,
      repCount: active ? active.reps.length : 0,
      inRep: this.detector?.inRep ?? false,
      targetPct: this.liveT,
      assistPct: this.liveA,
      targetShare: this.liveShare,
      baselineShare: this.baselineShare(),
      assistTakeover: this.takeover,
      reps: active ? active.reps.map((r) => r.metrics) : [],
      symmetry: this.setupState.symmetryPair
        ? { leftPct: this.liveL, rightPct: this.liveR, symmetryPct: symmetryIndexPct(this.liveL, this.liveR) }
        : null,
      sets: [...this.book.summaries],
      quality: [...(this.qualityMonitor?.quality ?? [])],
      calibration: this.calibrationStep(),
      context: this.contextKind,
    };
  }

  /** Changes whenever a finished set's summary may have changed (set ended, retag, new references). */
  get setsRevision(): number {
    return this.book.revision;
  }

  onSetEnded(listener: (s: SetSummary) => void): () => void {
    return this.setEnded.add(listener);
  }

  /** A finished set was changed by the user (its tag corrected): its new summary. */
  onSetChanged(listener: (s: SetSummary) => void): () => void {
    return this.setChanged.add(listener);
  }

  onEvent(listener: (e: TrainingEvent) => void): () => void {
    return this.events.add(listener);
  }

  // ================================================================ internals

  private emit(kind: TrainingEventKind, timeS: number, text: string, record: RecordingEvent): void {
    this.events.emit({ kind, timeS, text, record });
  }

  private emitCalibration(timeS: number, text: string): void {
    this.emit('calibration', timeS, text, { kind: 'calibration', text });
  }

  private baselineShare(): number | null {
    return this.book.baselineShare ?? this.historyBaselineShare;
  }

  private exercise(): Exercise | null {
    return findExercise(this.exercises, this.setupState.exerciseId);
  }

  private currentCue(): string | null {
    if (this.setsFrom === 'recording') return this.book.active ? this.recordedCue : null;
    const ex = this.exercise();
    if (!ex) return null;
    const active = this.book.active;
    const tag = active ? active.tag : this.book.nextTag;
    if (tag === 'baseline' || tag === 'untagged') return null;
    if (tag === 'external') return ex.externalCue;
    return ex.internalCues.length ? ex.internalCues[this.cueIndex % ex.internalCues.length] : null;
  }

  private muscleName(channel: number): string {
    return this.setupState.muscles[channel]?.trim() || this.stream?.channelLabels[channel] || `channel ${channel + 1}`;
  }

  private refreshMvc(): void {
    const n = this.stream?.channelCount ?? this.setupState.muscles.length;
    this.refs.mvc = Array.from({ length: n }, (_, c) => this.store.get(this.setupState.person, this.muscleName(c)));
  }

  private roleChannels(): number[] {
    const t = this.setupState.targetChannel;
    const p = this.setupState.symmetryPair;
    // the pair's channels count too: "numbers are %MVC" only when every channel in use has an MVC
    return t === null ? [] : [...new Set([t, ...this.setupState.assistingChannels, ...(p ? [p.left, p.right] : [])])];
  }

  private resetDetector(): void {
    this.detector = this.stream ? new RepDetector({ rateHz: this.decRate, ...this.detectorOpts }) : null;
    this.liveT = 0;
    this.liveA = 0;
    this.liveShare = null;
    this.liveL = 0;
    this.liveR = 0;
    this.takeover = false;
    this.takeoverAlarm?.clear();
  }

  private beginSet(tag: SetTag, startS: number, number?: number): void {
    const stored = this.storedTag(number ?? this.book.setNumber, startS);
    const set = this.book.begin(stored ?? tag, startS, this.setupState.exerciseId, number);
    if (!set) return;
    this.emit('set-start', startS, `set ${set.number} (${set.tag}) started`, { kind: 'set-start', set: set.number, tag: set.tag });
    this.emitCue(startS);
  }

  private addRep(startS: number, endS: number): void {
    const target = this.setupState.targetChannel;
    const dec = this.decimation;
    if (!this.book.active || target === null || !dec) return;
    const r = dec.rateHz;
    const k0 = Math.round(startS * r);
    const k1 = Math.round(endS * r) + 1;
    const t = dec.envelope(target, k0, k1);
    const assist = this.setupState.assistingChannels.map((c) => dec.envelope(c, k0, k1).data);
    // median frequency of the filtered target over the rep (full rate)
    const rate = dec.sampleRateHz;
    const [filtered, fCount] = dec.filtered(Math.round(startS * rate), Math.round(endS * rate));
    const mdf = fCount > 0 ? medianFrequencyHz(filtered, rate, { from: 0, to: fCount }) : null;
    const set = this.book.active;
    const pair = this.setupState.symmetryPair;
    const pairEnv = pair ? { left: dec.envelope(pair.left, k0, k1).data, right: dec.envelope(pair.right, k0, k1).data } : null;
    const m = this.book.addRep(startS, endS, t.first / r, t.data, assist, mdf, pairEnv);
    if (m) {
      this.emit('rep', startS, `rep ${m.index}: target ${m.targetMeanPct.toFixed(0)}%, share ${(m.targetShare * 100).toFixed(0)}%`, {
        kind: 'rep',
        rep: m.index,
        set: set.number,
      });
    }
  }

  private finishSet(endS: number): void {
    this.takeover = false;
    const done = this.book.finish(endS);
    if (!done) return;
    const { set, summary } = done;
    const record: RecordingEvent = { kind: 'set-end', set: set.number, tag: set.tag, reps: set.reps.length };
    if (!summary) {
      this.emit('set-end', endS, `set ${set.number} ended without reps (not kept)`, record);
      return;
    }
    if (set.tag === 'internal') {
      const ex = this.exercise();
      if (ex && ex.internalCues.length) this.cueIndex = (this.cueIndex + 1) % ex.internalCues.length;
    }
    const headline = summary.comparisons[0]?.sentence ?? `${summary.reps.length} reps, target ${summary.targetMeanPct.toFixed(0)}%`;
    this.emit('set-end', endS, `set ${set.number} (${set.tag}) ended: ${headline}`, record);
    this.setEnded.emit(summary);
  }
}
