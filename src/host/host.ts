/**
 * The host: wires a sample source → the DSP worker → display decimation → subscribers, and
 * exposes the one typed contract (`MyocueApi`) to renderers. Both shells use it: the Electron main
 * process (through the preload bridge) and the browser host (through the WebSocket server).
 *
 * Path of a sample, for newcomers:
 *   SerialBand (src/devices/serial-band.ts: port → ReadlineParser → BandStreamDecoder → µV block)
 *   → host.onSourceEvent → DspRunner.process (worker thread: src/dsp/dsp-worker.ts, EmgChain)
 *   → host.onProcessed → DisplayDecimator → 'frame' event → WebSocket / IPC → renderer ring
 *   buffers → uPlot on requestAnimationFrame.
 */
import type {
  Commands,
  CommandName,
  DeviceListing,
  DeviceSpec,
  DspSettings,
  EventName,
  Exercise,
  HostEvents,
  HostStatus,
  MyocueApi,
  ReplayStatus,
  TrainingState,
} from './contract';
import { emptyCounters, type LinkCounters, type SampleBlock, type SampleSource, type SourceEvent, type StreamInfo } from '../devices/sample-source';
import { SimulatedBand } from '../devices/simulated-band';
import { SerialBand, listSerialPorts } from '../devices/serial-band';
import { DEFAULT_DSP_SETTINGS } from '../dsp/defaults';
import { InlineDspRunner, WorkerDspRunner, type DspRunner, type ProcessedBlock } from '../dsp/dsp-runner';
import { DisplayDecimator, DEFAULT_DISPLAY_RATE_HZ } from './display-decimator';
import { resolveDistFile } from '../util/package-paths';
import { Listeners } from '../util/listeners';
import { RecordingPlayer } from '../devices/recording-player';
import { SessionStore } from '../recording/session-store';
import { parseEvent } from '../recording/events';
import { SessionRecorder } from './session-recorder';
import { listSessionsForUi, progressForExercise } from './session-library';
import { TrainingSession } from '../training/training-session';
import { MvcStore } from '../training/mvc-store';
import { loadExercises, saveCustomExercise } from '../exercises/exercise-store';
import type { TrainingSetup } from './contract';

export interface HostOptions {
  /** where sessions and settings live (Electron userData, or ~/.myocue in the browser host) */
  dataDir: string;
  /** device to connect at start; none: wait for a connect command */
  device?: DeviceSpec;
  /** built worker file; default dist/dsp-worker.js of this package. 'inline' runs DSP on this thread */
  dspWorkerPath?: string | 'inline';
  dsp?: Partial<DspSettings>;
  displayRateHz?: number;
  /** record every live session into dataDir (default true) */
  record?: boolean;
  /** preselected exercise and channel roles (`serve --exercise --target --assisting`) */
  training?: Partial<TrainingSetup>;
}

export interface HostHandle extends MyocueApi {
  close(): Promise<void>;
  /** current status, synchronously (for CLIs and tests) */
  status(): HostStatus;
}

export async function createHost(options: HostOptions): Promise<HostHandle> {
  const { exercises, warning } = await loadExercises(options.dataDir);
  if (warning) console.error(`myocue: ${warning}`);
  const mvcStore = await MvcStore.open(options.dataDir);
  const host = new Host(options, exercises, mvcStore);
  if (options.training) host.training.setup(options.training);
  if (options.device) await host.connect(options.device);
  return host;
}

/** At most this much signal waits for the DSP chain to start (it takes milliseconds). */
const MAX_QUEUED_SECONDS = 5;
/** How often the live training state is pushed to renderers. */
const TRAINING_PUSH_INTERVAL_MS = 100;
/** How often the replay position is pushed (as a status event). */
const REPLAY_STATUS_INTERVAL_MS = 250;

/** How often counters may trigger a status event (they change with every line). */
const COUNTER_STATUS_INTERVAL_MS = 250;

class Host implements HostHandle {
  private readonly events: { [E in EventName]: Listeners<HostEvents[E]> } = {
    frame: new Listeners(),
    status: new Listeners(),
    training: new Listeners(),
  };
  readonly training: TrainingSession;
  private readonly store: SessionStore;
  private readonly recorder: SessionRecorder;
  private exercises: Exercise[];
  private player: RecordingPlayer | null = null;
  private replayInfo: { sessionId?: string; path: string; title: string } | null = null;
  private trainingTimer: ReturnType<typeof setInterval> | null = null;
  private replayTimer: ReturnType<typeof setInterval> | null = null;
  private dspSettings: DspSettings;
  private dsp: DspRunner | null = null;
  private source: SampleSource | null = null;
  private sourceOff: (() => void) | null = null;
  private spec: DeviceSpec | null = null;
  private state: HostStatus['device']['state'] = 'idle';
  private stateMessage: string | undefined;
  private info: StreamInfo | undefined;
  private counters: LinkCounters = emptyCounters();
  private effectiveLowpassHz: number;
  private dspWarnings: string[] = [];
  private decimator: DisplayDecimator | null = null;
  private configuring = false;
  private waiting: SampleBlock[] = [];
  private waitingFrames = 0;
  private lastCounterStatusMs = 0;
  /** incremented on every (re)configuration; results of an older configuration are dropped */
  private generation = 0;
  private closed = false;

  constructor(
    private readonly options: HostOptions,
    exercises: Exercise[],
    mvcStore: MvcStore,
  ) {
    this.dspSettings = { ...DEFAULT_DSP_SETTINGS, ...options.dsp };
    this.effectiveLowpassHz = this.dspSettings.lowpassHz;
    this.exercises = exercises;
    this.store = new SessionStore(options.dataDir);
    this.recorder = new SessionRecorder(this.store);
    this.training = new TrainingSession({ exercises, mvcStore });
    this.training.onSetEnded((summary) => {
      this.recorder.setEnded(summary);
      this.pushTraining();
    });
    this.training.onEvent((e) => this.recordTrainingEvent(e));
    this.trainingTimer = setInterval(() => {
      if (this.state === 'streaming') this.pushTraining();
    }, TRAINING_PUSH_INTERVAL_MS);
    this.trainingTimer.unref?.();
  }

  // ---- MyocueApi ---------------------------------------------------------------------------

  invoke<K extends CommandName>(command: K, arg: Commands[K]['arg']): Promise<Commands[K]['result']> {
    const table: { [C in CommandName]: (a: Commands[C]['arg']) => Promise<Commands[C]['result']> } = {
      getStatus: async () => this.status(),
      listDevices: () => this.listDevices(),
      connect: async (spec) => {
        await this.connect(spec);
        return this.status();
      },
      disconnect: async () => {
        await this.disconnect();
        return this.status();
      },
      updateDsp: async (patch) => {
        await this.updateDsp(patch);
        return this.status();
      },
      listExercises: async () => [...this.exercises],
      saveExercise: async (exercise) => {
        this.exercises = await saveCustomExercise(this.options.dataDir, exercise);
        this.training.setExercises(this.exercises);
        return [...this.exercises];
      },
      getTraining: async () => this.training.state(),
      setupTraining: async (patch) => this.trainingCommand(() => this.training.setup(patch)),
      startSet: async (a) => this.trainingCommand(() => this.training.startSet(a?.tag)),
      endSet: async () => this.trainingCommand(() => this.training.endSet()),
      tagSet: async (a) => this.trainingCommand(() => this.training.tagSet(a.tag)),
      nextCue: async () => this.trainingCommand(() => this.training.nextCue()),
      calibrate: async (a) => this.trainingCommand(() => this.training.calibrate(a.action, a.channel)),
      listSessions: async () => listSessionsForUi(this.store),
      renameSession: async (a) => {
        this.store.rename(a.id, a.name);
        return listSessionsForUi(this.store);
      },
      deleteSession: async (a) => {
        if (this.recorder.status().sessionId === a.id) throw new Error('This session is being recorded now: disconnect first.');
        if (this.replayInfo?.sessionId === a.id) await this.disconnect();
        this.store.delete(a.id);
        return listSessionsForUi(this.store);
      },
      getProgress: async (a) => progressForExercise(this.store, a.exerciseId),
      openReplay: async (a) => {
        await this.openReplay(a);
        return this.status();
      },
      replayControl: async (a) => {
        this.replayControl(a);
        return this.status();
      },
    };
    return (table[command] as (a: Commands[K]['arg']) => Promise<Commands[K]['result']>)(arg);
  }

  subscribe<E extends EventName>(event: E, listener: (payload: HostEvents[E]) => void): () => void {
    return (this.events[event] as Listeners<HostEvents[E]>).add(listener);
  }

  status(): HostStatus {
    return {
      device: { spec: this.spec, state: this.state, message: this.stateMessage, info: this.info },
      counters: { ...this.counters },
      dsp: { ...this.dspSettings, effectiveLowpassHz: this.effectiveLowpassHz, warnings: [...this.dspWarnings] },
      displayRateHz: this.decimator?.displayRateHz ?? this.options.displayRateHz ?? DEFAULT_DISPLAY_RATE_HZ,
      recording: this.recorder.status(),
      ...(this.replayStatus() ? { replay: this.replayStatus()! } : {}),
    };
  }

  private replayStatus(): ReplayStatus | null {
    const p = this.player;
    const r = this.replayInfo;
    if (!p || !r) return null;
    return {
      ...r,
      positionS: p.position(),
      durationS: p.durationS,
      speed: p.speed,
      playing: p.state === 'streaming',
      marks: p.marks().map((m) => ({
        timeS: m.timeS,
        label: m.text,
        kind: m.event.kind === 'set-start' || m.event.kind === 'set-end' ? 'set' : m.event.kind === 'rep' ? 'rep' : 'other',
      })),
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.trainingTimer) clearInterval(this.trainingTimer);
    await this.disconnect();
    await this.dsp?.close();
    this.dsp = null;
  }

  // ---- commands ----------------------------------------------------------------------------

  async listDevices(): Promise<DeviceListing> {
    return listSerialPorts();
  }

  async connect(spec: DeviceSpec): Promise<void> {
    const source: SampleSource =
      spec.kind === 'sim' ? new SimulatedBand(spec.options ?? {}) : new SerialBand({ path: spec.path, baudRate: spec.baudRate });
    await this.attach(source, spec);
  }

  /** Replays a stored session or a file of another tool through the same path as live data. */
  async openReplay(arg: { sessionId: string } | { path: string }): Promise<void> {
    let path: string;
    let title: string;
    let sessionId: string | undefined;
    if ('sessionId' in arg) {
      const opened = this.store.openRecording(arg.sessionId);
      path = opened.bdfPath;
      title = opened.meta.name;
      sessionId = arg.sessionId;
      if (opened.meta.exerciseId) {
        const target = opened.meta.channels.find((c) => c.role === 'target')?.index ?? null;
        const assisting = opened.meta.channels.filter((c) => c.role === 'assisting').map((c) => c.index);
        this.training.setup({ exerciseId: opened.meta.exerciseId, ...(target !== null ? { targetChannel: target, assistingChannels: assisting } : {}) });
      }
    } else {
      path = arg.path;
      title = path.split(/[\\/]/).pop() ?? path;
    }
    const player = new RecordingPlayer(path);
    await this.attach(player, null);
    if (this.state === 'error') {
      // a foreign, truncated or unreadable file: say so to the caller, in the file's own words
      const why = this.stateMessage ?? `${title} could not be opened`;
      await this.disconnect();
      throw new Error(why);
    }
    this.player = player;
    this.replayInfo = { ...(sessionId ? { sessionId } : {}), path, title };
    this.replayTimer = setInterval(() => this.emitStatus(), REPLAY_STATUS_INTERVAL_MS);
    this.replayTimer.unref?.();
    this.emitStatus();
  }

  replayControl(a: Commands['replayControl']['arg']): void {
    const p = this.player;
    if (!p) throw new Error('Nothing is being replayed: open a session first.');
    switch (a.action) {
      case 'play':
        p.play();
        break;
      case 'pause':
        p.pause();
        break;
      case 'speed':
        p.setSpeed(a.speed);
        break;
      case 'seek':
        p.seek(a.timeS);
        break;
    }
    this.emitStatus();
  }

  private async attach(source: SampleSource, spec: DeviceSpec | null): Promise<void> {
    await this.disconnect();
    this.spec = spec;
    this.counters = emptyCounters();
    this.info = undefined;
    this.source = source;
    this.sourceOff = source.on((e) => this.onSourceEvent(e));
    this.setState('connecting', undefined);
    try {
      await source.start();
    } catch (err) {
      // the source reports its own state; make sure the user sees why, without crashing the host
      this.setState('error', errorMessage(err));
    }
  }

  async disconnect(): Promise<void> {
    const source = this.source;
    this.source = null;
    this.sourceOff?.();
    this.sourceOff = null;
    this.generation++;
    this.configuring = false;
    this.waiting = [];
    this.waitingFrames = 0;
    this.recorder.finish();
    this.player = null;
    this.replayInfo = null;
    if (this.replayTimer) clearInterval(this.replayTimer);
    this.replayTimer = null;
    if (source) {
      try {
        await source.stop();
      } catch (err) {
        console.error('myocue: stopping the device failed:', errorMessage(err));
      }
      this.setState('idle', undefined);
    }
  }

  async updateDsp(patch: Partial<DspSettings>): Promise<void> {
    this.dspSettings = { ...this.dspSettings, ...patch };
    if (this.info) await this.configureDsp(this.info);
    else this.emitStatus();
  }

  // ---- the stream ---------------------------------------------------------------------------

  private onSourceEvent(e: SourceEvent): void {
    switch (e.type) {
      case 'info':
        this.info = e.info;
        this.training.configureStream({
          sampleRateHz: e.info.sampleRateHz,
          channelCount: e.info.channelCount,
          channelLabels: e.info.channelLabels,
          mainsHz: this.dspSettings.mains === 'off' ? null : this.dspSettings.mains,
          fullScaleUv: e.info.microvoltsPerCount * 2 ** (e.info.adcBits - 1),
        });
        {
          // no roles chosen yet: the band's first channel is the target, the second assisting
          // (what the dashboard shows by default), until the user picks an exercise and roles
          const setup = this.training.state().setup;
          if (setup.targetChannel === null && e.info.channelCount >= 1) {
            this.training.setup({ targetChannel: 0, assistingChannels: e.info.channelCount >= 2 ? [1] : [] });
          }
        }
        if (this.player === null && this.source?.kind !== 'replay' && this.options.record !== false) {
          this.recorder.start(e.info, { setup: this.training.state().setup, dsp: this.dspSettings });
        }
        void this.configureDsp(e.info);
        break;
      case 'samples':
        this.recorder.writeSamples(e.block.samples, e.block.frameCount);
        this.training.pushRaw(e.block);
        if (this.dsp && this.decimator) this.dsp.process(e.block);
        else if (this.configuring) this.queueWhileConfiguring(e.block);
        break;
      case 'gap':
        // the decimated display restarts at the new position; DSP state is kept for lost lines
        // (a short hole) and reset on a disconnect or seek (the signal before is unrelated)
        // (the decimator realigns by itself on the next block's sample index)
        if (e.reason !== 'lost-lines') this.dsp?.reset();
        if (e.reason !== 'seek' && e.durationMs > 0) this.recorder.markGap(e.durationMs / 1000, e.reason === 'disconnect' ? 'disconnect' : 'lost lines');
        break;
      case 'state':
        this.setState(e.state, e.message);
        break;
      case 'counters': {
        this.counters = e.counters;
        const now = performance.now();
        if (now - this.lastCounterStatusMs >= COUNTER_STATUS_INTERVAL_MS) {
          this.lastCounterStatusMs = now;
          this.emitStatus();
        }
        break;
      }
      case 'annotation':
        break;
    }
  }

  /**
   * Blocks that arrive while the DSP chain is being (re)configured wait here and are processed
   * in order once it is ready: no sample is skipped, so live, replayed and offline envelopes of
   * the same stream are identical from its first sample.
   */
  private queueWhileConfiguring(block: SampleBlock): void {
    this.waiting.push(block);
    this.waitingFrames += block.frameCount;
    const max = (this.info?.sampleRateHz ?? 2000) * MAX_QUEUED_SECONDS;
    while (this.waitingFrames > max && this.waiting.length > 1) this.waitingFrames -= this.waiting.shift()!.frameCount;
  }

  private async configureDsp(info: StreamInfo): Promise<void> {
    const generation = ++this.generation;
    this.decimator = null;
    this.configuring = true;
    if (!this.dsp) this.dsp = this.createDspRunner();
    try {
      const result = await this.dsp.configure(this.dspSettings, info.sampleRateHz, info.channelCount);
      if (generation !== this.generation) return;
      this.effectiveLowpassHz = result.effectiveLowpassHz;
      this.dspWarnings = result.warnings;
      this.decimator = new DisplayDecimator(
        info.sampleRateHz,
        info.channelCount,
        this.options.displayRateHz ?? DEFAULT_DISPLAY_RATE_HZ,
      );
      for (const b of this.waiting) if (b.channelCount === info.channelCount) this.dsp.process(b);
    } catch (err) {
      this.dspWarnings = [`Signal processing could not start: ${errorMessage(err)}`];
    } finally {
      if (generation === this.generation) {
        this.configuring = false;
        this.waiting = [];
        this.waitingFrames = 0;
      }
    }
    this.emitStatus();
  }

  private createDspRunner(): DspRunner {
    const path = this.options.dspWorkerPath ?? resolveDistFile('dsp-worker.js');
    const runner = path === 'inline' || path === null ? new InlineDspRunner() : new WorkerDspRunner(path);
    runner.onProcessed((block) => this.onProcessed(block));
    return runner;
  }

  private onProcessed(block: ProcessedBlock): void {
    const decimator = this.decimator;
    if (!decimator || decimator.channelCount * block.frames !== block.filtered.length) return;
    this.training.pushProcessed(block);
    const frame = decimator.push(block.filtered, block.envelope, block.frames, block.firstSampleIndex, block.receivedAtMs);
    if (frame) this.events.frame.emit(frame);
  }

  // ---- training -----------------------------------------------------------------------------

  private trainingCommand(run: () => void): TrainingState {
    run();
    this.recorder.setExercise(this.training.state().setup.exerciseId);
    const state = this.training.state();
    this.events.training.emit(state);
    return state;
  }

  private pushTraining(): void {
    if (this.events.training.size === 0) return;
    this.events.training.emit(this.training.state());
  }

  /** Training events become annotations of the recording (sets, tags, reps, cues, calibration). */
  private recordTrainingEvent(e: { kind: string; timeS: number; text: string }): void {
    const st = this.training.state();
    switch (e.kind) {
      case 'set-start':
        this.recorder.addEvent({ kind: 'set-start', set: st.setNumber, tag: st.setTag });
        break;
      case 'set-end':
        this.recorder.addEvent({ kind: 'set-end', set: Math.max(1, st.sets.at(-1)?.number ?? st.setNumber), tag: st.sets.at(-1)?.tag ?? st.setTag });
        break;
      case 'rep':
        this.recorder.addEvent({ kind: 'rep', rep: st.repCount, set: st.setNumber });
        break;
      case 'cue':
        this.recorder.addEvent({ kind: 'cue', text: e.text });
        break;
      case 'calibration':
        this.recorder.addEvent({ kind: 'calibration', text: e.text });
        break;
      default:
        this.recorder.addEvent(parseEvent(e.text));
    }
  }

  private setState(state: HostStatus['device']['state'], message: string | undefined): void {
    this.state = state;
    this.stateMessage = message;
    this.emitStatus();
  }

  private emitStatus(): void {
    this.events.status.emit(this.status());
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
