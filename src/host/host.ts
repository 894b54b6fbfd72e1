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
  SessionListing,
  SessionSummary,
  TrainingState,
} from './contract';
import { emptyCounters, type LinkCounters, type SampleSource, type SourceEvent, type StreamInfo } from '../devices/sample-source';
import { SimulatedBand } from '../devices/simulated-band';
import { serialSourceFromSpec, listSerialPorts } from '../devices/serial-band';
import { DEFAULT_DSP_SETTINGS } from '../dsp/defaults';
import { DspPipeline } from './dsp-pipeline';
import { ReplayController } from './replay-controller';
import { resolveDistFile } from '../util/package-paths';
import { Listeners } from '../util/listeners';
import { SessionStore } from '../recording/session-store';
import { SessionRecorder } from './session-recorder';
import { listSessionsForUi, progressForExercise } from './session-library';
import { sessionReport } from '../report/session-report';
import { ImportUploads } from './import-uploads';
import { replayPlayerFor } from './replay-player';
import { inspectImport } from '../formats/inspect-import';
import { exportSession, exportsDirOf } from './session-export';
import { cleanExportStaging, type ExportStagingLimits } from './export-staging';
import { TRAINING_DEFAULTS, TrainingSession, type TrainingEvent } from '../training/training-session';
import { buildReplayTraining } from './replay-training';
import { TrainingPushPlanner } from './training-push';
import { parseEvent } from '../recording/events';
import type { SessionMeta } from '../recording/session-meta';
import { MvcStore } from '../training/mvc-store';
import { loadExercises, saveCustomExercise } from '../exercises/exercise-store';
import type { ReplayFileArg, TrainingSetup } from './contract';
import { ReplayFilePolicy } from './replay-file-policy';
import { ReplayCorrections } from './replay-corrections';
import { LifterStore } from '../lifters/lifter-store';
import { applySessionUpdate } from './session-edits';
import { SessionLifecycle } from './session-lifecycle';
import { buildSessionSummary } from './session-summary';
import { defaultSessionName } from '../recording/session-name';
import { findExercise } from '../exercises/library';

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
  /**
   * start a session as soon as the first live stream arrives, as before sessions had a beginning
   * (`serve --record-from-start`, for scripts and tests). Default false: the lifter starts it
   * ("Start session", or the first set).
   */
  sessionAtStart?: boolean;
  /** wall clock, ms (session start and length); default Date.now */
  now?: () => number;
  /**
   * sessions on the simulated band: 'keep' (default) records them, marked `demo` (a badge in the
   * Sessions list, left out of progress); 'skip' records none of them (`serve --demo-sessions skip`)
   */
  demoSessions?: 'keep' | 'skip';
  /** preselected exercise and channel roles (`serve --exercise --target --assisting`) */
  training?: Partial<TrainingSetup>;
  /** cleaning limits of the data folder's exports/ (`serve --exports-max-age-min …`); default EXPORT_STAGING_DEFAULTS */
  exportStaging?: Partial<ExportStagingLimits>;
}

export interface HostHandle extends MyocueApi {
  close(): Promise<void>;
  /** current status, synchronously (for CLIs and tests) */
  status(): HostStatus;
  /** a file the user chose in a native file dialog may be replayed by path (replay-file-policy.ts) */
  allowReplayFile(path: string): void;
  /** a file the user chose in a native file dialog, copied into <data>/imports/ (as an upload is): the copy's path */
  keepImportCopy(path: string): Promise<string>;
}

export async function createHost(options: HostOptions): Promise<HostHandle> {
  const { exercises, warning } = await loadExercises(options.dataDir);
  if (warning) console.error(`myocue: ${warning}`);
  const mvcStore = await MvcStore.open(options.dataDir);
  const lifters = LifterStore.open(options.dataDir);
  if (lifters.warning) console.error(`myocue: ${lifters.warning}`);
  const host = new Host(options, exercises, mvcStore, lifters);
  if (options.training) host.training.setup(options.training);
  if (options.device) await host.connect(options.device);
  return host;
}

/** How often the live training state is pushed to renderers. */
const TRAINING_PUSH_INTERVAL_MS = 100;

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
  private readonly replayFiles: ReplayFilePolicy;
  private readonly imports: ImportUploads;
  private exercises: Exercise[];
  private readonly replay: ReplayController;
  private readonly trainingPush = new TrainingPushPlanner();
  /** the open replay's own training context (null: live) */
  private replayTraining: TrainingSession | null = null;
  private trainingTimer: ReturnType<typeof setInterval> | null = null;
  private dspSettings: DspSettings;
  private readonly dsp: DspPipeline;
  private source: SampleSource | null = null;
  private sourceOff: (() => void) | null = null;
  private spec: DeviceSpec | null = null;
  private state: HostStatus['device']['state'] = 'idle';
  private stateMessage: string | undefined;
  private info: StreamInfo | undefined;
  private counters: LinkCounters = emptyCounters();
  private lastCounterStatusMs = 0;
  private closed = false;
  /** the live session: idle, running (recorded, sets kept) or ended (summary held) */
  private readonly lifecycle = new SessionLifecycle();
  /** the running (or last) session is on the simulated band */
  private sessionDemo = false;
  /** the files of the running (or last) session: one per stream (a band switched within it starts another) */
  private sessionRecordings: { sessionId: string; path: string }[] = [];
  private readonly now: () => number;

  constructor(
    private readonly options: HostOptions,
    exercises: Exercise[],
    private readonly mvcStore: MvcStore,
    private readonly lifters: LifterStore,
  ) {
    this.now = options.now ?? Date.now;
    this.dspSettings = { ...DEFAULT_DSP_SETTINGS, ...options.dsp };
    this.dsp = new DspPipeline({
      // resolved when the first stream starts (a missing build is then a DSP warning, not a crash)
      workerPath: () => options.dspWorkerPath ?? resolveDistFile('dsp-worker.js'),
      displayRateHz: options.displayRateHz,
      onProcessed: (block) => this.ctx.pushProcessed(block),
      onFrame: (frame) => this.events.frame.emit(frame),
      onChanged: () => this.emitStatus(),
      // the raw recording has no hole (samples are written before DSP); the live analysis has one
      onGap: (_durationS, message) => this.recorder.addEvent({ kind: 'note', text: message }),
      onStopped: (message) => {
        this.ctx.endSet();
        this.recorder.addEvent({ kind: 'note', text: message });
        this.setState('error', message);
      },
    });
    this.dsp.effectiveLowpassHz = this.dspSettings.lowpassHz;
    this.replay = new ReplayController(() => this.emitStatus());
    this.exercises = exercises;
    this.store = new SessionStore(options.dataDir);
    this.recorder = new SessionRecorder(this.store);
    this.replayFiles = new ReplayFilePolicy(options.dataDir);
    this.imports = new ImportUploads(options.dataDir);
    // live sets are kept only inside a session (session-lifecycle.ts)
    this.training = new TrainingSession({ exercises, mvcStore, person: lifters.current().id, setsNeedSession: true, envelopeSetsKept: TRAINING_DEFAULTS.liveEnvelopeSetsKept });
    try {
      // deleted sessions older than BIN_KEEP_DAYS days are removed for good
      this.store.bin.purge();
    } catch (err) {
      console.error(`myocue: could not empty the bin of old sessions: ${errorMessage(err)}`);
    }
    // exports/ is download staging: what an earlier run left there is removed by age and size
    // (export-staging.ts; never throws, a file it cannot remove stays)
    cleanExportStaging(exportsDirOf(options.dataDir), options.exportStaging);
    this.training.onSetEnded((summary) => {
      this.recorder.setEnded(summary);
      // the saved name follows the set count, so a session cut short by a crash is named right too
      this.recorder.setDefaultName(this.fileName());
      this.pushTraining();
    });
    this.training.onSetChanged((summary) => this.recorder.setChanged(summary));
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
      startSession: async () => {
        this.startSession();
        return this.status();
      },
      endSession: async () => this.endSession(),
      getSessionSummary: async () => this.lifecycle.summary,
      listExercises: async () => [...this.exercises],
      saveExercise: async (exercise) => {
        this.exercises = await saveCustomExercise(this.options.dataDir, exercise);
        this.training.setExercises(this.exercises);
        this.replayTraining?.setExercises(this.exercises);
        return [...this.exercises];
      },
      getTraining: async () => this.trainingState(),
      setupTraining: async (patch) => this.trainingCommand(() => this.setupTraining(patch)),
      startSet: async (a) => {
        // starting the first set starts the session (a replay's sets are its own)
        if (!this.replayTraining && !this.lifecycle.running) this.startSession();
        return this.trainingCommand(() => this.ctx.startSet(a?.tag));
      },
      endSet: async () => this.trainingCommand(() => this.ctx.endSet()),
      tagSet: async (a) => this.trainingCommand(() => this.ctx.tagSet(a.tag)),
      retagSet: async (a) => this.trainingCommand(() => this.ctx.retagSet(a.set, a.tag)),
      nextCue: async () => this.trainingCommand(() => this.ctx.nextCue()),
      calibrate: async (a) => this.trainingCommand(() => this.ctx.calibrate(a.action, a.channel)),
      listSessions: async () => this.listSessions(),
      renameSession: async (a) => {
        // the session being recorded: through its recording, so the name survives its compaction
        if (this.recorder.status().sessionId === a.id) this.recorder.rename(a.name);
        else this.store.rename(a.id, a.name);
        return this.listSessions();
      },
      deleteSession: async (a) => {
        if (this.recorder.status().sessionId === a.id) throw new Error('This session is being recorded now: disconnect first.');
        if (this.replay.sessionId === a.id) await this.disconnect();
        this.store.delete(a.id);
        return this.listSessions();
      },
      restoreSession: async (a) => {
        this.store.restore(a.id);
        return this.listSessions();
      },
      updateSession: async (a) => {
        applySessionUpdate(this.store, this.recorder, this.training, a);
        if (!this.replayTraining) this.emitTraining();
        return this.listSessions();
      },
      getProgress: async (a) => progressForExercise(this.store, a.exerciseId, a.lifterId),
      listLifters: async () => this.lifters.list(),
      addLifter: async (a) => {
        const lifter = this.lifters.add(a.name);
        this.trainingCommand(() => this.setupTraining({ person: lifter.id }));
        return this.lifters.list();
      },
      selectLifter: async (a) => {
        this.lifters.select(a.id);
        this.trainingCommand(() => this.setupTraining({ person: a.id }));
        return this.lifters.list();
      },
      uploadImport: async (a) => this.imports.receive(a),
      // only the data folder and files the user picked, as for openReplay
      inspectImport: async (a) => inspectImport(this.replayFiles.check(a.path), a.format ? { format: a.format } : {}),
      chooseFile: async () => {
        throw new Error('There is no file dialog here (it is in the desktop app): drop the file on the Sessions page or use "Choose a file…" to send it.');
      },
      exportSession: async (a) => exportSession(this.store, a, this.options.exportStaging),
      saveExport: async () => {
        throw new Error('There is no save dialog here (it is in the desktop app): the page downloads the exported file.');
      },
      sessionReport: async (a) => sessionReport(this.store, a.sessionId, { mains: this.dspSettings.mains }),
      openReplay: async (a) => {
        await this.openReplay(a);
        return this.status();
      },
      replayControl: async (a) => {
        this.replay.control(a);
        return this.status();
      },
    };
    return (table[command] as (a: Commands[K]['arg']) => Promise<Commands[K]['result']>)(arg);
  }

  subscribe<E extends EventName>(event: E, listener: (payload: HostEvents[E]) => void): () => void {
    return (this.events[event] as Listeners<HostEvents[E]>).add(listener);
  }

  allowReplayFile(path: string): void {
    this.replayFiles.allow(path);
  }

  keepImportCopy(path: string): Promise<string> {
    return this.imports.keepCopy(path);
  }

  status(): HostStatus {
    return {
      device: { spec: this.spec, state: this.state, message: this.stateMessage, info: this.info },
      counters: { ...this.counters },
      dsp: { ...this.dspSettings, effectiveLowpassHz: this.dsp.effectiveLowpassHz, warnings: [...this.dsp.warnings] },
      displayRateHz: this.dsp.displayRateHz,
      recording: this.recorder.status(),
      session: this.sessionStatus(),
      ...(this.replay.status() ? { replay: this.replay.status()! } : {}),
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.trainingTimer) clearInterval(this.trainingTimer);
    // the host stops: a running session ends and is saved as if "End session" was pressed
    if (this.lifecycle.running) this.endSession();
    await this.disconnect();
    await this.dsp.close();
    this.store.close();
  }

  // ---- commands ----------------------------------------------------------------------------

  async listDevices(): Promise<DeviceListing> {
    return listSerialPorts();
  }

  async connect(spec: DeviceSpec): Promise<void> {
    const source: SampleSource =
      spec.kind === 'sim'
        ? new SimulatedBand(spec.options ?? {})
        : serialSourceFromSpec(spec);
    // a band: back to the live training context (a replay open now is closed)
    await this.disconnect();
    await this.attach(source, spec);
  }

  /** Replays a stored session or a file of another tool through the same path as live data. */
  async openReplay(arg: { sessionId: string } | ReplayFileArg): Promise<void> {
    let path: string;
    let title: string;
    let sessionId: string | undefined;
    let meta: SessionMeta | null = null;
    let corrections: ReplayCorrections;
    if ('sessionId' in arg) {
      const opened = this.store.openRecording(arg.sessionId);
      path = opened.bdfPath;
      title = opened.meta.name;
      sessionId = arg.sessionId;
      meta = opened.meta;
      corrections = ReplayCorrections.forSession(this.store, arg.sessionId, opened.meta);
    } else {
      // only the data folder and files the user picked: never a path a page made up
      path = this.replayFiles.check(arg.path);
      title = path.split(/[\\/]/).pop() ?? path;
      corrections = ReplayCorrections.forFile(this.options.dataDir, path);
    }
    const fileArg: ReplayFileArg | null = 'path' in arg ? arg : null;
    const player = await replayPlayerFor(path, this.options.dataDir, {
      ...(fileArg?.rateHz ? { rateHz: fileArg.rateHz } : {}),
      ...(fileArg?.format ? { format: fileArg.format } : {}),
    });
    // the live stream stops (its running set is saved); the replay gets a training context of its
    // own, so the live one stays exactly as it was until the replay is closed
    await this.disconnect();
    this.replayTraining = buildReplayTraining({
      exercises: this.exercises,
      mvcStore: this.mvcStore,
      meta,
      livePerson: this.training.state().setup.person,
      storedTag: (set, startS) => corrections.tagFor(set, startS),
    });
    // the roles the user gave in the import form (a file of another tool does not say them)
    if (fileArg?.target !== undefined) this.replayTraining.setup({ targetChannel: fileArg.target, assistingChannels: fileArg.assisting ?? [] });
    this.replayTraining.onSetEnded(() => this.pushTraining());
    // a set corrected in the replay is written back to the file's sidecar (or said to be not saved)
    this.replayTraining.onSetChanged((summary) => {
      corrections.save(summary);
      this.emitStatus();
    });
    await this.attach(player, null);
    // the marks are known once the file is open: sets from the recording when it has set marks
    this.replayTraining.useRecordedSets(player.marks().some((m) => m.event.kind === 'set-start'));
    if (this.state === 'error') {
      // a foreign, truncated or unreadable file: say so to the caller, in the file's own words
      const why = this.stateMessage ?? `${title} could not be opened`;
      await this.disconnect();
      throw new Error(why);
    }
    this.replay.begin(player, { ...(sessionId ? { sessionId } : {}), path, title, corrections });
    this.emitStatus();
    this.emitTraining();
  }

  /** The training context shown now: the open replay's, else the live session. */
  private get ctx(): TrainingSession {
    return this.replayTraining ?? this.training;
  }

  private async attach(source: SampleSource, spec: DeviceSpec | null): Promise<void> {
    await this.detach();
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

  /** Stops the source; a replay's training context is dropped and the live one shown again. */
  async disconnect(): Promise<void> {
    await this.detach();
    if (this.replayTraining) {
      this.replayTraining = null;
      this.emitTraining();
    }
  }

  /** Stops the source (the stream's running set is closed and saved; a live session ends). */
  private async detach(): Promise<void> {
    const source = this.source;
    this.source = null;
    this.sourceOff?.();
    this.sourceOff = null;
    this.dsp.stop();
    // a set running now is closed and saved with the recording, not dropped. The live session goes
    // on (it is the lifter's, not the band's: a device switch or an unplug does not end it); its
    // recording of this stream is finished, and a new stream opens the next file of the session
    this.ctx.endSet();
    this.recorder.finish({ defaultName: this.fileName() });
    this.replay.end();
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
    if (this.info) await this.dsp.configure(this.dspSettings, this.info);
    else this.emitStatus();
  }

  // ---- the stream ---------------------------------------------------------------------------

  private onSourceEvent(e: SourceEvent): void {
    switch (e.type) {
      case 'info':
        this.info = e.info;
        this.ctx.configureStream({
          sampleRateHz: e.info.sampleRateHz,
          channelCount: e.info.channelCount,
          channelLabels: e.info.channelLabels,
          mainsHz: this.dspSettings.mains === 'off' ? null : this.dspSettings.mains,
          mainsHarmonics: this.dspSettings.mainsHarmonics ?? 1,
          fullScaleUv: e.info.microvoltsPerCount * 2 ** (e.info.adcBits - 1),
        });
        {
          // no roles chosen yet: the band's first channel is the target, the second assisting
          // (what the dashboard shows by default), until the user picks an exercise and roles
          const setup = this.ctx.state().setup;
          if (setup.targetChannel === null && e.info.channelCount >= 1) {
            this.ctx.setup({ targetChannel: 0, assistingChannels: e.info.channelCount >= 2 ? [1] : [] });
          }
        }
        if (this.isLive()) {
          // `--record-from-start`: the first stream starts a session; a stream that changed its
          // rate or channels within a running session starts a new file of the same session
          if (this.options.sessionAtStart && this.lifecycle.phase === 'idle') this.startSession();
          else if (this.lifecycle.running) this.startRecorder(e.info);
        }
        void this.dsp.configure(this.dspSettings, e.info);
        break;
      case 'samples':
        this.recorder.writeSamples(e.block.samples, e.block.frameCount, e.block.firstSampleIndex);
        this.ctx.pushRaw(e.block);
        this.dsp.process(e.block);
        break;
      case 'gap':
        // the decimated display restarts at the new position; DSP state is kept for lost lines
        // (a short hole) and reset on a disconnect or seek (the signal before is unrelated)
        // (the decimator realigns by itself on the next block's sample index)
        if (e.reason !== 'lost-lines') this.dsp.reset();
        if (e.reason === 'seek' && this.info) this.replayTraining?.seekTo(e.firstSampleIndex / this.info.sampleRateHz);
        if (e.reason !== 'seek' && e.durationMs > 0) this.recorder.markGap(e.durationMs / 1000, e.reason === 'disconnect' ? 'disconnect' : 'lost lines');
        break;
      case 'state':
        // the band went away mid-set: the set ends here, with the reps it had (saved, not dropped)
        // (and a replayed file ended: its last set is closed like a live session's)
        if (e.state === 'reconnecting' || e.state === 'error' || e.state === 'ended') this.ctx.endSet();
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
        // a replayed recording's sets, tags and cues, as they were recorded
        if (this.replayTraining && this.info) this.replayTraining.applyRecorded(parseEvent(e.text), e.sampleIndex / this.info.sampleRateHz);
        break;
    }
  }

  // ---- the live session ----------------------------------------------------------------------

  /** A live source is attached (not a replay). */
  private isLive(): boolean {
    return this.source !== null && this.source.kind !== 'replay' && this.replayTraining === null;
  }

  /**
   * Starts a live session (a running one is left as it is). Without a band it runs unrecorded
   * until one streams (its recording opens with the stream); refused while a replay is open (the
   * views show the replay's own training context).
   */
  private startSession(): void {
    if (this.lifecycle.running) return;
    if (this.replayTraining || this.source?.kind === 'replay') throw new Error('A replay is open: connect the band (or the simulated band) to start a live session.');
    this.lifecycle.start(this.now());
    this.sessionDemo = this.spec?.kind === 'sim';
    this.sessionRecordings = [];
    this.training.openSets();
    // the new session's sets count from 1: the renderer forgets the last session's
    this.trainingPush.resend();
    // the stream may not be known yet (a band still connecting): the recording opens with it
    if (this.info) this.startRecorder(this.info);
    this.emitStatus();
    this.emitTraining();
  }

  private startRecorder(info: StreamInfo): void {
    if (this.options.record === false) return;
    // a demo is a session on the simulated band only (a real band's file within it is training)
    const demo = this.spec?.kind === 'sim';
    if (demo && this.options.demoSessions === 'skip') return;
    if (this.sessionRecordings.length === 0) this.sessionDemo = demo;
    else this.sessionDemo &&= demo;
    this.recorder.start(info, { setup: this.training.state().setup, dsp: this.dspSettings, name: this.fileName(), demo });
    const st = this.recorder.status();
    if (st.active && st.sessionId && st.path) this.sessionRecordings.push({ sessionId: st.sessionId, path: st.path });
  }

  /**
   * Ends the running session: its running set is closed and saved, the recording finished (the
   * sidecar compacted) under its default name unless the user named it; returns the summary.
   */
  private endSession(): SessionSummary {
    if (!this.lifecycle.running) throw new Error('No session is running: start one first.');
    this.training.closeSets();
    const userName = this.recorder.userName;
    const savedName = this.recorder.finish({ defaultName: this.fileName() });
    const afterFinish = this.recorder.status();
    const sets = this.training.state().sets;
    // one file (the usual case): the session is called what its file is called; several (the
    // band was switched within the session): the session's default name over all its sets
    const name = this.sessionRecordings.length === 1 && savedName !== null ? savedName : (userName ?? this.sessionName(false));
    const summary = this.lifecycle.end(this.now(), (durationS) =>
      buildSessionSummary({
        sets,
        exercises: this.exercises,
        name,
        startedAtMs: this.lifecycle.startedAt ?? this.now(),
        durationS,
        demo: this.sessionDemo,
        recordings: this.sessionRecordings,
        saveProblem:
          afterFinish.error ??
          (this.options.record === false
            ? 'Recording is off (--no-record): this session was not saved.'
            : this.sessionRecordings.length > 0
              ? undefined
              : this.sessionDemo && this.options.demoSessions === 'skip'
                ? 'A demo on the simulated band: not saved (--demo-sessions skip).'
                : 'No band streamed during this session: nothing was recorded.'),
      }),
    );
    this.emitStatus();
    this.emitTraining();
    return summary;
  }

  /**
   * The session's default name: its exercises (of its sets, else the one chosen now), set count and
   * start time; "… · running" while it runs (session-name.ts).
   */
  private sessionName(running: boolean, only?: ReadonlySet<number>): string {
    const state = this.training.state();
    const sets = only ? state.sets.filter((s) => only.has(s.number)) : state.sets;
    const names = sets.map((s) => findExercise(this.exercises, s.exerciseId)?.name ?? '');
    if (!names.some((n) => n !== '')) names.push(state.exercise?.name ?? '');
    return defaultSessionName({ exerciseNames: names, setCount: sets.length, startedAt: new Date(this.lifecycle.startedAt ?? this.now()), running });
  }

  /** The default name of the file recorded now: the session's, over the sets in this file. */
  private fileName(): string {
    return this.sessionName(false, this.recorder.setNumbers());
  }

  private sessionStatus(): HostStatus['session'] {
    const phase = this.lifecycle.phase;
    if (phase === 'idle') return { phase };
    const rec = this.recorder.status();
    const summary = this.lifecycle.summary;
    return {
      phase,
      startedAt: new Date(this.lifecycle.startedAt ?? this.now()).toISOString(),
      durationS: this.lifecycle.durationS(this.now()),
      name: phase === 'running' ? (this.recorder.userName ?? this.sessionName(true)) : (summary?.name ?? ''),
      ...(phase === 'running' && rec.sessionId ? { sessionId: rec.sessionId } : summary?.recordings.length ? { sessionId: summary.recordings.at(-1)!.sessionId } : {}),
      demo: this.sessionDemo,
    };
  }

  /** The library; the session recorded now is listed under its running name (unless renamed). */
  private listSessions(): SessionListing[] {
    const list = listSessionsForUi(this.store);
    const id = this.recorder.status().sessionId;
    if (!id || this.recorder.userName !== null) return list;
    const running = this.sessionName(true);
    return list.map((s) => (s.id === id ? { ...s, name: running } : s));
  }

  // ---- training -----------------------------------------------------------------------------

  /** A setup change; another lifter on the live context also hands the recording over (a new session when it has sets). */
  private setupTraining(patch: Partial<TrainingSetup>): void {
    const before = this.ctx.state().setup.person;
    const switching = !this.replayTraining && patch.person !== undefined && patch.person !== before;
    // another lifter within a session that has sets: that session was the previous lifter's. It
    // ends (saved, named) and the new lifter's session starts on the same stream
    const live = this.training.state();
    const restart = switching && this.lifecycle.running && (live.sets.length > 0 || live.setActive);
    if (restart) this.endSession();
    this.ctx.setup(patch);
    if (restart) this.startSession();
    else if (switching) {
      // no set yet: the session (and its recording) simply becomes the new lifter's
      this.recorder.handOver(this.training.state().setup);
      this.trainingPush.resend();
      // the recording may be a new session now: renderers write notes to the one it names
      this.emitStatus();
    }
  }

  /** The shown context's state; the live one carries the notes of the recording's sets. */
  private trainingState(): TrainingState {
    const state = this.ctx.state();
    if (this.replayTraining) return state;
    const setNotes = this.recorder.setNotes();
    return Object.keys(setNotes).length ? { ...state, setNotes } : state;
  }

  private trainingCommand(run: () => void): TrainingState {
    run();
    if (!this.replayTraining) this.recorder.setExercise(this.training.state().setup.exerciseId);
    const state = this.trainingState();
    this.emitTraining(state);
    return state;
  }

  /** Pushes the training context's state: what changed since the last push (training-push.ts). */
  private emitTraining(state: TrainingState = this.trainingState()): void {
    if (this.events.training.size === 0) return;
    this.events.training.emit(this.trainingPush.plan(state, this.ctx.setsRevision, this.ctx));
  }

  private pushTraining(): void {
    if (this.events.training.size === 0) return;
    this.emitTraining();
  }

  /**
   * Training events become annotations of the recording (sets, tags, reps, cues, calibration) as
   * training built them, at the stream time each refers to (placed on the recording's timeline by
   * the recorder): never rebuilt from a later state.
   */
  private recordTrainingEvent(e: TrainingEvent): void {
    this.recorder.addEventAt(e.record, e.timeS);
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
