/**
 * THE contract between the host (Node: the Electron main process or the browser host) and every
 * renderer. The renderer imports only this file from src/; it reaches the host through one object
 * implementing `MyocueApi` (Electron: the preload bridge; browser: the WebSocket client).
 *
 * Pure types and constants: no Node, no DOM, no Electron.
 */
import type { LinkCounters, SourceState, StreamInfo } from '../devices/sample-source';
import type { SimulatorOptions } from '../devices/simulator-options';
import type { BandChoice } from '../devices/families/family-decoder';
import type { UsbHint } from '../devices/families/usb-hints';

export type { BandChoice } from '../devices/families/family-decoder';
import type { Exercise } from '../exercises/exercise';
import type { ChannelQuality, MvcCalibration, Normalisation, RepMetrics, SetSummary, SetTag } from '../metrics/types';

export type { Exercise } from '../exercises/exercise';
import type { ImportFormat } from '../formats/imported-recording';
import type { ImportInspection } from '../formats/inspect-import';
export type { ImportFormat } from '../formats/imported-recording';
export type { ImportInspection } from '../formats/inspect-import';
export type { Lifter, LifterList } from '../lifters/lifter';
import type { LifterList } from '../lifters/lifter';
export type { ChannelQuality, MvcCalibration, Normalisation, RepMetrics, SetSummary, SetTag, Estimate, SetComparison, SetSymmetry } from '../metrics/types';

export type MainsSetting = 50 | 60 | 'off';

/** DSP chain settings. Defaults and sources in src/dsp/defaults.ts. */
export interface DspSettings {
  /** high-pass corner, Hz (De Luca 2010: 20 Hz) */
  highpassHz: number;
  /** low-pass corner, Hz (De Luca 2010 / SENIAM: ~450 Hz) */
  lowpassHz: number;
  /** mains notch: 50 Hz, 60 Hz or off */
  mains: MainsSetting;
  /**
   * how many mains harmonics are notched: 1 = the fundamental only (default), 2 = also 100/120 Hz,
   * 3 = also 150/180 Hz (harmonics at or above Nyquist are skipped, with a warning)
   */
  mainsHarmonics?: number;
  /** notch quality factor (bandwidth = f0 / Q) */
  notchQ: number;
  /** RMS envelope window, ms (100 ms typical; 25-250 ms used) */
  rmsWindowMs: number;
}

export type DeviceSpec =
  | { kind: 'sim'; options?: Partial<SimulatorOptions> }
  | {
      kind: 'serial';
      path: string;
      baudRate?: number;
      /** the device family; 'auto' detects it; absent: the Myocue band */
      band?: BandChoice;
      /** text stream (and SpikerShield override): samples per second, when the estimate should not be used */
      rateHz?: number;
      /** text stream: unit preset, e.g. 'myoware-raw:10bit-5v' (src/devices/families/analog-scale.ts) */
      scale?: string;
      /** BITalino: analog inputs streamed, 0..5 = A1..A6 */
      inputs?: number[];
      /** SpikerShield: channels (1..6) */
      channels?: number;
      /** Cyton: channel settings sent after the defaults, e.g. 'x1060100X' (gains followed for µV) */
      cytonCommands?: string;
    };

export interface PortListing {
  path: string;
  manufacturer?: string;
  vendorId?: string;
  productId?: string;
  serialNumber?: string;
  /** what the USB ids suggest (a hint; detection decides) */
  hint?: UsbHint;
}

export interface DeviceListing {
  ports: PortListing[];
  /** set when the OS could not be asked (e.g. no udev): the user can still type a path */
  error?: string;
}

export interface HostStatus {
  device: { spec: DeviceSpec | null; state: SourceState; message?: string; info?: StreamInfo };
  counters: LinkCounters;
  dsp: DspSettings & {
    /** the low-pass corner actually used (adapted when the rate is too low for the setting) */
    effectiveLowpassHz: number;
    /** plain-language warnings about the signal chain (rate under 1000 Hz, corner moved, ...) */
    warnings: string[];
  };
  /** points per second per channel in LiveFrame (decimated for display) */
  displayRateHz: number;
  /** the session being recorded, if any; `error` says why recording stopped (the live view goes on) */
  recording: { active: boolean; sessionId?: string; path?: string; durationS?: number; error?: string };
  /** the live session: none yet, running (recorded, sets kept), or ended (its summary is ready) */
  session: LiveSessionStatus;
  /** set while a recording is replayed as the source */
  replay?: ReplayStatus;
  /** true when this client is a read-only viewer (coach TV / tablet) */
  viewer?: boolean;
}

/** Where the live session is in its lifecycle (src/host/session-lifecycle.ts). */
export type SessionPhase = 'idle' | 'running' | 'ended';

/** The live session, as the status says it (small: pushed with every status). */
export interface LiveSessionStatus {
  phase: SessionPhase;
  /** ISO date-time the running or last session started */
  startedAt?: string;
  /** seconds it has run (running) or ran (ended), wall clock */
  durationS?: number;
  /** its name now: "Hip thrust · running" while it runs, the saved name once ended */
  name?: string;
  /** the recording's session id (absent: not recorded, e.g. `--no-record`) */
  sessionId?: string;
  /** recorded from the simulated band: a demo, not training (kept out of progress) */
  demo?: boolean;
}

/** One set of an ended session, as its summary shows it. */
export interface SessionSummarySet {
  number: number;
  tag: SetTag;
  exerciseId: string | null;
  /** the exercise's name, null for a set without exercise */
  exerciseName: string | null;
  reps: number;
  targetMeanPct: number;
  assistMeanPct: number;
  /** null when the set had no assisting channel */
  targetShare: number | null;
  normalisation?: Normalisation;
  /** the set's comparison sentences ("Target +14% vs baseline, assisting −9%: the cue is working") */
  sentences: string[];
}

/** What an ended session was: shown when the lifter presses "End session". */
export interface SessionSummary {
  name: string;
  startedAt: string;
  endedAt: string;
  /** wall clock, s */
  durationS: number;
  demo: boolean;
  /**
   * where it was saved: one recording per stream (usually one; a band switched within the session
   * starts another), each with its session id, file name (e.g. "20261201-074512-a1b2.bdf") and
   * path; empty when not recorded (`--no-record`, a disk error)
   */
  recordings: { sessionId: string; fileName: string; path: string }[];
  /** why the session is not (completely) saved, in plain words */
  saveProblem?: string;
  /** the exercises trained, in order, each once */
  exerciseNames: string[];
  sets: SessionSummarySet[];
  /** reps over all kept sets */
  reps: number;
}

export interface ReplayStatus {
  sessionId?: string;
  path: string;
  title: string;
  positionS: number;
  durationS: number;
  speed: number;
  playing: boolean;
  /** set and rep marks to jump to */
  marks: { timeS: number; label: string; kind: 'set' | 'rep' | 'other' }[];
  /**
   * whether a set tag corrected during this replay is written back (a library session: its
   * sidecar; an import: beside the host's copy in the data folder) or only shown; `note` says it
   * in plain words (src/host/replay-corrections.ts)
   */
  corrections?: { saved: boolean; note: string };
}

/** openReplay of a file by path (see Commands.openReplay). */
export interface ReplayFileArg {
  path: string;
  rateHz?: number;
  format?: ImportFormat;
  target?: number;
  assisting?: number[];
}

/** Channel roles for training. Channel numbers from 0. */
export interface TrainingSetup {
  exerciseId: string | null;
  targetChannel: number | null;
  assistingChannels: number[];
  /** muscle name per channel (from the exercise, editable) */
  muscles: string[];
  /** whose MVCs are used */
  person: string;
  /**
   * a left/right pair of channels on one muscle (e.g. left and right gluteus maximus), for the
   * symmetry index (src/metrics/symmetry-index.ts); absent or null: none
   */
  symmetryPair?: SymmetryPair | null;
}

/** Two channels on the same muscle of both sides of the body. */
export interface SymmetryPair {
  left: number;
  right: number;
}

/** Live left/right read-out of the symmetry pair (smoothed like targetPct). */
export interface LiveSymmetry {
  /** % of each side's own reference (MVC or session peak) */
  leftPct: number;
  rightPct: number;
  /** Robinson SI of the two, %, > 0: right works more; null when both rest */
  symmetryPct: number | null;
}

export type CalibrationStep =
  | { phase: 'idle' }
  | { phase: 'rest'; channel: number; remainingS: number }
  | { phase: 'mvc'; channel: number; trial: number; trials: number; remainingS: number; contract: boolean }
  | { phase: 'done'; channel: number; result: MvcCalibration }
  /** the last run gave no MVC: why, in plain words (the stored MVC, if any, is unchanged) */
  | { phase: 'failed'; channel: number; reason: string };

/** Live training state, pushed a few times per second while streaming. */
export interface TrainingState {
  setup: TrainingSetup;
  exercise: Exercise | null;
  normalisation: Normalisation;
  /** per channel: the MVC in use, or null (then numbers are relative to the session's peak) */
  mvc: (MvcCalibration | null)[];
  /** the internal/external cue shown now */
  cue: string | null;
  setActive: boolean;
  /** number of the current (or next) set, 1-based */
  setNumber: number;
  setTag: SetTag;
  repCount: number;
  /** a rep is in progress */
  inRep: boolean;
  /** live %MVC (smoothed over ~250 ms) */
  targetPct: number;
  assistPct: number;
  /** live target share T / (T + A), 0..1, null when nothing is active */
  targetShare: number | null;
  /** the person's baseline share for this exercise (from baseline sets), null until known */
  baselineShare: number | null;
  /** the assisting muscle is taking over: share below baseline during a rep */
  assistTakeover: boolean;
  /** reps of the current set so far */
  reps: RepMetrics[];
  /** live left/right read-out while a symmetry pair is set (absent or null: no pair) */
  symmetry?: LiveSymmetry | null;
  /** finished sets of this session, newest last */
  sets: SetSummary[];
  quality: ChannelQuality[];
  calibration: CalibrationStep;
  /**
   * whose training this is: the live session, or the replay open now (its own sets, tags, cues,
   * baseline and set numbers, from the recording; the live session is untouched meanwhile)
   */
  context?: 'live' | 'replay';
  /**
   * pushed `training` events only (src/host/training-push.ts): `sets` is then empty and this says
   * which finished sets are new or changed, so a message stays small however long the session.
   * Absent (getTraining, command results): `sets` is complete.
   */
  setsDelta?: TrainingSetsDelta;
  /**
   * pushed events only: `reps` holds the current set's reps from this index (1-based) on; the
   * earlier ones were pushed before. Absent: `reps` is complete.
   */
  repsFrom?: number;
  /** live context while recording: the notes of this session's sets, by set number (absent: none) */
  setNotes?: Record<string, string>;
}

/** What changed in the finished sets since the previous push (see TrainingState.setsDelta). */
export interface TrainingSetsDelta {
  /** finished sets the full state holds now */
  total: number;
  /** finished sets new or changed since the previous push, in set order */
  changed: SetSummary[];
  /** sets still queued for the next pushes (0: after this push the receiver has them all) */
  pending: number;
  /** true: forget the sets held so far (the training context changed: a replay opened or closed) */
  reset: boolean;
}

/** No pushed message (training, status, frame) is larger than this, bytes of JSON. */
export const MAX_PUSHED_MESSAGE_BYTES = 16 * 1024;

export interface SessionListing {
  id: string;
  name: string;
  /** ISO date-time of the start */
  startedAt: string;
  durationS: number;
  exerciseId: string | null;
  sets: number;
  /** headline numbers, null when the session has no sets */
  targetMeanPct: number | null;
  /**
   * what the % values are of: 'mvc' (%MVC), 'session-peak' (% of the session's own peak), 'mixed'
   * (sets of both), null when unknown (no sets, or recorded before this was stored)
   */
  normalisation: Normalisation | 'mixed' | null;
  targetShare: number | null;
  path: string;
  /** the lifter who trained (Lifter.id); null: recorded before lifters, by no one known */
  lifterId?: string | null;
  /** the session's note */
  notes?: string;
  /** per set number ("2"), its note */
  setNotes?: Record<string, string>;
  /** each set's tag, in set order (set 1 first) */
  setTags?: SetTag[];
  /** true: recorded from the simulated band (`--device sim`), a demo, not training; progress leaves it out */
  demo?: boolean;
}

/** A change to a stored session from the Sessions page (or to the one recording now). */
export interface SessionUpdate {
  id: string;
  /** the session's note ("" removes it) */
  notes?: string;
  /** one set's note ("" removes it) */
  setNote?: { set: number; note: string };
  /** a finished set's corrected tag */
  retag?: { set: number; tag: SetTag };
}

/** Deleted sessions stay in the data folder's bin this many days (then removed at start). */
export const BIN_KEEP_DAYS = 30;

/** A session report: one self-contained HTML file (no network, inline SVG charts). */
export interface SessionReport {
  /** a file name to save it under, e.g. "Hip thrust 2026-12-01.html" */
  fileName: string;
  html: string;
}

/** An exported recording: the file's bytes for the renderer to save, and where the host kept it. */
/**
 * An exported session or set, kept in the data folder's exports/ (the file's content is not in
 * the answer: a two-hour session is hundreds of MB). The browser host serves it at `downloadPath`
 * to the controller; the desktop app saves it with `saveExport`.
 */
export interface SessionExport {
  /** the file's name in exports/ (what the user's copy is called) */
  fileName: string;
  sizeBytes: number;
  /** URL path on the browser host, `/exports/<encoded file name>` */
  downloadPath: string;
}

/** One point of the progress chart: one set of one session. */
export interface ProgressPoint {
  sessionId: string;
  date: string;
  setNumber: number;
  tag: SetTag;
  /**
   * %MVC, or null when the set was not normalised to an MVC: a % of each session's own peak is
   * not comparable across days (the peak changes with the day's effort), so such sets count in
   * the progress view only by their target share, which needs no reference
   */
  targetMeanPct: number | null;
  assistMeanPct: number | null;
  targetShare: number;
  /** how the set was normalised ('unknown': recorded before this was stored) */
  normalisation: Normalisation | 'unknown';
  /** true: from a demo session (the simulated band); the progress view leaves it out and says so */
  demo?: boolean;
}

/** Live data for display: decimated filtered signal and RMS envelope of every channel. */
export interface LiveFrame {
  /** increases by one per frame */
  seq: number;
  /** stream time of the first point, seconds since the stream started */
  t0: number;
  /** points per second per channel */
  displayRateHz: number;
  channelCount: number;
  pointCount: number;
  /**
   * per channel: filtered signal, µV, the extreme (by |x|) of each decimation bucket (arrays from
   * the host; Float32Array views when the page received the binary form, live-frame-codec.ts)
   */
  raw: (number[] | Float32Array)[];
  /** per channel: RMS envelope, µV, at the end of each bucket */
  envelope: (number[] | Float32Array)[];
  /** host clock (ms, performance.now of the host) when the newest samples of the frame arrived */
  receivedAtMs: number;
}

/** Every command a renderer may send: name → argument and result. */
export interface Commands {
  getStatus: { arg: null; result: HostStatus };
  listDevices: { arg: null; result: DeviceListing };
  connect: { arg: DeviceSpec; result: HostStatus };
  disconnect: { arg: null; result: HostStatus };
  updateDsp: { arg: Partial<DspSettings>; result: HostStatus };
  // ---- the live session ----
  /** starts a session: recording and kept sets from now (a running one is left as it is) */
  startSession: { arg: null; result: HostStatus };
  /** ends the running session: its running set is closed, the recording saved; its summary */
  endSession: { arg: null; result: SessionSummary };
  /** the last ended session's summary, null when none (or a new session runs) */
  getSessionSummary: { arg: null; result: SessionSummary | null };
  // ---- training (MMC) ----
  listExercises: { arg: null; result: Exercise[] };
  saveExercise: { arg: Exercise; result: Exercise[] };
  getTraining: { arg: null; result: TrainingState };
  setupTraining: { arg: Partial<TrainingSetup>; result: TrainingState };
  startSet: { arg: { tag?: SetTag } | null; result: TrainingState };
  endSet: { arg: null; result: TrainingState };
  tagSet: { arg: { tag: SetTag }; result: TrainingState };
  /** corrects the tag of a set of this session (running or finished) by its number */
  retagSet: { arg: { set: number; tag: SetTag }; result: TrainingState };
  nextCue: { arg: null; result: TrainingState };
  calibrate: { arg: { action: 'start' | 'cancel'; channel: number }; result: TrainingState };
  // ---- sessions, replay ----
  listSessions: { arg: null; result: SessionListing[] };
  renameSession: { arg: { id: string; name: string }; result: SessionListing[] };
  /** moves the session to the bin (kept BIN_KEEP_DAYS days): `restoreSession` undoes it */
  deleteSession: { arg: { id: string }; result: SessionListing[] };
  restoreSession: { arg: { id: string }; result: SessionListing[] };
  /** notes, a set's note, a set's tag of a stored session (or of the one recording now) */
  updateSession: { arg: SessionUpdate; result: SessionListing[] };
  /** `lifterId`: only that lifter's sessions */
  getProgress: { arg: { exerciseId: string; lifterId?: string }; result: ProgressPoint[] };
  // ---- lifters ----
  listLifters: { arg: null; result: LifterList };
  /** adds a lifter by name (an existing name chooses that lifter) and makes them current */
  addLifter: { arg: { name: string }; result: LifterList };
  /** the lifter who trains now: their MVCs are used, new sessions are theirs */
  selectLifter: { arg: { id: string }; result: LifterList };
  /** the session's self-contained HTML report (src/report/), to save or print */
  sessionReport: { arg: { sessionId: string }; result: SessionReport };
  /** a file of another tool: `rateHz` when the file does not say its sample rate */
  /**
   * a file of another tool: `rateHz` when the file does not say its sample rate, `format` to read
   * it as (default: detected from its content), `target` / `assisting` its channel roles (0-based;
   * default channel 1 target, channel 2 assisting)
   */
  openReplay: { arg: { sessionId: string } | ReplayFileArg; result: HostStatus };
  /** what the import form must ask before a file is opened: its format, rate and channel roles when the file does not say them */
  inspectImport: { arg: { path: string; format?: ImportFormat }; result: ImportInspection };
  /**
   * the desktop app's native file dialog (Electron main answers it; the browser host has none and
   * says so): the file picked, copied into the data folder's imports/ like an upload, or null when
   * the dialog was cancelled
   */
  chooseFile: { arg: null; result: { path: string; fileName: string } | null };
  /** a file sent from the renderer (picker, drag-and-drop), in chunks; kept in the data folder's imports/ */
  /** a session, or one of its sets (1-based), as CSV / EDF+ / BDF+ (also kept in the data folder's exports/) */
  exportSession: { arg: { sessionId: string; to: 'csv' | 'edf' | 'bdf'; set?: number }; result: SessionExport };
  /**
   * the desktop app's native "Save as" for a file `exportSession` wrote (Electron main answers it
   * and copies the file from exports/ where the user chose; the browser host has no dialog and
   * says so: its page downloads `downloadPath`): where it was saved, or null when cancelled
   */
  saveExport: { arg: { fileName: string }; result: { savedTo: string } | null };
  uploadImport: {
    arg: { uploadId: string; fileName: string; totalBytes: number; offset: number; dataBase64: string };
    result: { receivedBytes: number; path: string | null };
  };
  replayControl: {
    arg: { action: 'play' | 'pause' } | { action: 'speed'; speed: number } | { action: 'seek'; timeS: number };
    result: HostStatus;
  };
}

/** Everything the host pushes to renderers. */
export interface HostEvents {
  frame: LiveFrame;
  status: HostStatus;
  training: TrainingState;
}

export type CommandName = keyof Commands;
export type EventName = keyof HostEvents;

export interface MyocueApi {
  invoke<K extends CommandName>(command: K, arg: Commands[K]['arg']): Promise<Commands[K]['result']>;
  subscribe<E extends EventName>(event: E, listener: (payload: HostEvents[E]) => void): () => void;
}

/**
 * The events as Electron's preload hands them to the page: as HostEvents, except that a live frame
 * comes in its binary encoding (src/host/live-frame-codec.ts), one Uint8Array per frame, which the
 * page decodes (renderer/src/api/connect-api.ts).
 */
export type BridgeEvents = { [E in EventName]: E extends 'frame' ? Uint8Array : HostEvents[E] };

/** What the preload exposes as `window.myocue`. */
export interface BridgeApi {
  invoke: MyocueApi['invoke'];
  subscribe<E extends EventName>(event: E, listener: (payload: BridgeEvents[E]) => void): () => void;
}

export const COMMAND_NAMES: readonly CommandName[] = [
  'getStatus',
  'listDevices',
  'connect',
  'disconnect',
  'updateDsp',
  'startSession',
  'endSession',
  'getSessionSummary',
  'listExercises',
  'saveExercise',
  'getTraining',
  'setupTraining',
  'startSet',
  'endSet',
  'tagSet',
  'retagSet',
  'nextCue',
  'calibrate',
  'listSessions',
  'renameSession',
  'deleteSession',
  'restoreSession',
  'updateSession',
  'getProgress',
  'listLifters',
  'addLifter',
  'selectLifter',
  'sessionReport',
  'uploadImport',
  'inspectImport',
  'chooseFile',
  'exportSession',
  'saveExport',
  'openReplay',
  'replayControl',
] as const;
/**
 * Read-only commands without an argument that the browser host also answers over plain HTTP,
 * `GET /api/early/<command>` (src/host/early-answers.ts), with the body `EarlyAnswer`: the
 * Sessions page asks for them while its script is evaluated, before its WebSocket is open.
 */
export const EARLY_ROUTE_PREFIX = '/api/early/';
export const EARLY_COMMANDS = ['listLifters', 'listExercises', 'listSessions'] as const satisfies readonly CommandName[];
export type EarlyCommand = (typeof EARLY_COMMANDS)[number];
export type EarlyAnswer = { ok: true; result: unknown } | { ok: false; error: string };

/** Commands a read-only viewer (coach TV over the network) may send. */
export const VIEWER_COMMAND_NAMES: readonly CommandName[] = ['getStatus', 'getTraining', 'listExercises'] as const;
export const EVENT_NAMES: readonly EventName[] = ['frame', 'status', 'training'] as const;

/** Wire messages of the browser host's WebSocket (and the Electron IPC payloads). */
export type ClientMessage =
  | { type: 'invoke'; id: number; command: CommandName; arg: unknown };
export type ServerMessage =
  | { type: 'result'; id: number; ok: true; result: unknown }
  | { type: 'result'; id: number; ok: false; error: string }
  | { type: 'event'; event: EventName; payload: unknown };
