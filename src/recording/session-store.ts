/**
 * The session library on disk: one folder (the data directory) holding `<id>.bdf` recordings and
 * their `<id>.session.json` sidecars. A session is created with its sidecar at once, so even a
 * crashed session is listed (and its recording recovered when opened).
 *
 * Failure policy: an unwritable or full data directory is reported when a recording is created
 * (a probe write) and on every write, with a plain message; whatever is on disk stays readable.
 *
 * Confinement: a sidecar is data, possibly written by someone else (a copied library, a hostile
 * file). Every path read from it must name a file directly inside the data folder (no separators,
 * no "..", not a symlink leading out); otherwise the session is listed as damaged and left alone:
 * openRecording and delete refuse it and touch nothing (before, `recordingFile:
 * "../victim/important.bdf"` made delete remove that file and open "repair" it in place).
 */
import { sessionIdSchema } from './session-id-schema';
import * as fs from 'node:fs';
import * as pathMod from 'node:path';
import { randomBytes } from 'node:crypto';
import { BdfPlusWriter, type BdfWriterOptions, type RecordingChannel } from './bdf-writer';
import { openEdfRecording, repairRecordingFile, type EdfRecordingInfo } from './bdf-reader';
import { formatEvent, type RecordingEvent } from './events';
import { describeFsError, RecordingFsError } from './fs-errors';
import type { SetSummary as TrainingSetSummary } from '../metrics/types';
import {
  SESSION_META_SUFFIX,
  SESSION_META_VERSION,
  appendSessionJournal,
  applySessionJournal,
  compactSessionMeta,
  readSessionMeta,
  sessionJournalPath,
  writeSessionMeta,
  type SessionJournalEntry,
  type SessionMetaPatch,
  type SessionChannel,
  type SessionDevice,
  type SessionMeta,
  type SetSummary,
} from './session-meta';
import type { DspSettings } from '../host/contract';
import { SessionIndex, type IndexedSession } from './session-index';
import { SessionBin } from './session-bin';

export interface SessionListing {
  id: string;
  name: string;
  /** ISO 8601 */
  created: string;
  exerciseId?: string;
  sets: number;
  reps: number;
  /** seconds of signal (from the sidecar, or from the file when the session crashed) */
  durationS: number;
  /** headline numbers of the sets (from the sidecar), in set order */
  headlines: Record<string, number>[];
  /** false when the recording was not closed normally (it will be recovered when opened) */
  finished: boolean;
  /** the lifter who trained (from the sidecar; before lifters existed: the person whose MVCs were used) */
  lifterId?: string;
  /** the session's note, and per set number its note */
  notes?: string;
  setNotes?: Record<string, string>;
  /** the tag of each set, in set order */
  setTags?: string[];
  /** a problem reading this entry (damaged sidecar, missing recording), shown instead of hiding it */
  problem?: string;
  /** recorded from the simulated band (session-meta.ts `demo`) */
  demo?: boolean;
}

export interface CreateRecordingOptions {
  name: string;
  channels: (RecordingChannel & { muscle?: string; role?: SessionChannel['role']; side?: SessionChannel['side'] })[];
  sampleRateHz: number;
  startTime?: Date;
  device?: SessionDevice;
  exerciseId?: string;
  /** whose session it is (whose MVCs normalise it) */
  person?: string;
  /** the lifter who trains (src/lifters/) */
  lifterId?: string;
  /** from the simulated band: a demo session */
  demo?: boolean;
  dsp?: DspSettings;
  /** passed through to the writer (record duration, fs injection, onError) */
  writer?: Pick<BdfWriterOptions, 'recordDurationS' | 'fsyncIntervalMs' | 'onError' | 'fs'>;
}

/** A recording in progress: the writer plus its sidecar. */
export class ActiveRecording {
  readonly id: string;
  readonly bdfPath: string;
  readonly metaPath: string;
  readonly writer: BdfPlusWriter;
  private meta: SessionMeta;
  private gapCount = 0;
  private gapTotalS = 0;

  constructor(id: string, bdfPath: string, metaPath: string, writer: BdfPlusWriter, meta: SessionMeta) {
    this.id = id;
    this.bdfPath = bdfPath;
    this.metaPath = metaPath;
    this.writer = writer;
    this.meta = meta;
  }

  get details(): SessionMeta {
    return this.meta;
  }

  /** Interleaved µV, see BdfPlusWriter.writeSamples. */
  writeSamples(interleavedMicrovolts: Float64Array, frames: number): void {
    this.writer.writeSamples(interleavedMicrovolts, frames);
  }

  /** Stores a structured event as a BDF annotation at `onsetS` (seconds since the first sample). */
  addEvent(onsetS: number, event: RecordingEvent, durationS: number | null = null): void {
    this.writer.addAnnotation(onsetS, durationS, formatEvent(event));
  }

  /** Where the next sample falls on the recording's timeline (s, gaps included). */
  get timelineS(): number {
    return this.writer.timelineS;
  }

  markGap(durationS: number, reason = 'disconnect'): void {
    this.writer.markGap(durationS, reason);
    this.gapCount++;
    this.gapTotalS += durationS;
  }

  /**
   * Saves a finished (or corrected) set now: one journal line, fsynced (session-meta.ts), replacing
   * the set of the same number. O(the set), whatever the number of sets before it.
   */
  saveSet(set: SetSummary, detail?: TrainingSetSummary): void {
    this.journal({ t: 'set', set, ...(detail ? { detail } : {}) });
  }

  /** Saves small detail changes now (exercise, name, notes): one journal line. */
  updateDetails(patch: SessionMetaPatch): void {
    this.journal({ t: 'patch', patch });
  }

  private journal(entry: SessionJournalEntry): void {
    appendSessionJournal(this.metaPath, entry);
    this.meta = applySessionJournal(this.meta, [entry]);
  }

  /** Closes the recording and writes the final sidecar (compacting the journal). Returns the final details. */
  finish(sets?: SetSummary[], setDetails?: TrainingSetSummary[]): SessionMeta {
    let closeError: unknown = null;
    try {
      this.writer.close();
    } catch (err) {
      closeError = err;
    }
    this.meta = {
      ...this.meta,
      ...(sets ? { sets } : {}),
      ...(setDetails ? { setDetails } : {}),
      durationS: this.writer.durationS,
      finished: closeError === null,
      gaps: { count: this.gapCount, totalS: this.gapTotalS },
    };
    compactSessionMeta(this.metaPath, this.meta);
    if (closeError) throw closeError;
    return this.meta;
  }
}

export class SessionStore {
  readonly dataDir: string;
  /** summaries of the sessions, rebuilt per session when its files change */
  readonly index: SessionIndex<SessionListing>;
  /** deleted sessions, kept for a while (Undo) */
  readonly bin: SessionBin;
  /** the last listing, newest first, and the index array it was made from */
  private sorted: { from: IndexedSession<SessionListing>[]; list: SessionListing[] } | null = null;

  constructor(dataDir: string) {
    this.dataDir = pathMod.resolve(dataDir);
    this.bin = new SessionBin(this.dataDir);
    this.index = new SessionIndex(this.dataDir, (id, kind, name) => this.summarise(id, kind, name));
  }

  /** Creates the folder if needed and proves it is writable (probe file). Throws a clear error. */
  ensureWritable(): void {
    try {
      fs.mkdirSync(this.dataDir, { recursive: true });
    } catch (err) {
      throw describeFsError(err, 'create the session folder', this.dataDir);
    }
    const probe = pathMod.join(this.dataDir, `.write-test-${process.pid}`);
    try {
      fs.writeFileSync(probe, 'ok');
      fs.rmSync(probe, { force: true });
    } catch (err) {
      throw describeFsError(err, 'write to the session folder', this.dataDir, 'Choose another folder for recordings.');
    }
  }

  private pathsFor(id: string): { bdfPath: string; metaPath: string } {
    if (!sessionIdSchema.safeParse(id).success) throw new Error(`Not a session id: "${id.slice(0, 40)}"`);
    return { bdfPath: pathMod.join(this.dataDir, `${id}.bdf`), metaPath: pathMod.join(this.dataDir, `${id}${SESSION_META_SUFFIX}`) };
  }

  /**
   * The recording a sidecar names, when it lies directly inside the data folder; null when it does
   * not (then the session is damaged and left alone). A missing file is fine here (it is reported
   * as missing by the caller).
   */
  recordingPathOf(recordingFile: unknown): string | null {
    if (typeof recordingFile !== 'string' || recordingFile === '' || recordingFile === '.' || recordingFile === '..') return null;
    if (/[\\/\0]/.test(recordingFile) || pathMod.basename(recordingFile) !== recordingFile || pathMod.isAbsolute(recordingFile)) return null;
    const p = pathMod.join(this.dataDir, recordingFile);
    if (pathMod.dirname(p) !== this.dataDir) return null;
    let real: string;
    try {
      real = fs.realpathSync(p);
    } catch {
      return p; // not there (yet): nothing to follow
    }
    try {
      // a symlink in the folder leading elsewhere is outside too (a repair would write through it)
      if (pathMod.dirname(real) !== fs.realpathSync(this.dataDir)) return null;
    } catch {
      return null;
    }
    return p;
  }

  /** The recording of a parsed sidecar, or the plain refusal for one that points outside. */
  private confinedRecording(id: string, recordingFile: string): string {
    const p = this.recordingPathOf(recordingFile);
    if (p === null) throw new Error(`${OUTSIDE_PROBLEM} (session ${id}); it was left alone.`);
    return p;
  }

  /**
   * All sessions, newest first. Damaged entries are listed with `problem`, never dropped.
   * Served from the in-process index (session-index.ts): only sessions whose files changed since
   * the last listing are read again.
   */
  list(): SessionListing[] {
    const indexed = this.indexed();
    // the index hands back the same array while nothing changed: so is the sorted list
    if (this.sorted?.from !== indexed) {
      const out = indexed.map((s) => s.listing);
      out.sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : a.id < b.id ? 1 : -1));
      this.sorted = { from: indexed, list: out };
    }
    return this.sorted.list.slice();
  }

  /** Stops watching the folder (the index's watcher); the store still works, listing by stat. */
  close(): void {
    this.index.close();
    this.sorted = null;
  }

  /** Per session: exercise, date and compact set figures, for the progress view (from the index). */
  progressSources(): IndexedSession<SessionListing>['progress'][] {
    return this.indexed().map((s) => s.progress);
  }

  private indexed(): IndexedSession<SessionListing>[] {
    try {
      return this.index.sessions();
    } catch (err) {
      throw describeFsError(err, 'read the session folder', this.dataDir);
    }
  }

  private fileDuration(bdfPath: string): number {
    try {
      return openEdfRecording(bdfPath).durationS;
    } catch {
      return 0;
    }
  }

  /** A session's summary from its files (the index calls this when they changed). */
  private summarise(id: string, kind: 'sidecar' | 'orphan', fileName: string): IndexedSession<SessionListing> {
    if (kind === 'orphan') {
      const listing: SessionListing = {
        id, name: id, created: '', sets: 0, reps: 0, durationS: this.fileDuration(pathMod.join(this.dataDir, fileName)), headlines: [], finished: false,
        problem: 'session details file is missing',
      };
      return { listing, recordingFile: null, durationFromFile: true, progress: { sessionId: id, created: '', sets: [] } };
    }
    const { bdfPath, metaPath } = this.pathsFor(id);
    let m: SessionMeta;
    try {
      m = readSessionMeta(metaPath);
    } catch (err) {
      const listing: SessionListing = { id, name: id, created: '', sets: 0, reps: 0, durationS: this.fileDuration(bdfPath), headlines: [], finished: false, problem: (err as Error).message };
      return { listing, recordingFile: pathMod.basename(bdfPath), durationFromFile: true, progress: { sessionId: id, created: '', sets: [] } };
    }
    const progress = {
      sessionId: m.id,
      created: m.created,
      ...(m.demo ? { demo: true } : {}),
      ...(m.exerciseId ? { exerciseId: m.exerciseId } : {}),
      ...(m.lifterId || m.person ? { lifterId: m.lifterId ?? m.person } : {}),
      sets: (m.setDetails ?? []).map((d) => ({
        number: d.number,
        tag: d.tag,
        ...(d.exerciseId !== undefined ? { exerciseId: d.exerciseId } : {}),
        repCount: d.reps.length,
        targetMeanPct: d.targetMeanPct,
        assistMeanPct: d.assistMeanPct,
        targetShare: d.targetShare,
        ...(d.normalisation ? { normalisation: d.normalisation } : {}),
      })),
    };
    const file = this.recordingPathOf(m.recordingFile);
    if (file === null) {
      const listing: SessionListing = { id, name: m.name, created: m.created, sets: 0, reps: 0, durationS: 0, headlines: [], finished: false, problem: `${OUTSIDE_PROBLEM}; it is left alone` };
      return { listing, recordingFile: null, durationFromFile: false, progress: { sessionId: m.id, created: m.created, sets: [] } };
    }
    const exists = fs.existsSync(file);
    const durationFromFile = m.durationS === undefined;
    const listing: SessionListing = {
      id,
      name: m.name,
      created: m.created,
      ...(m.exerciseId ? { exerciseId: m.exerciseId } : {}),
      sets: m.sets.length,
      reps: m.sets.reduce((a, s) => a + (s.reps || 0), 0),
      durationS: m.durationS ?? (exists ? this.fileDuration(file) : 0),
      headlines: m.sets.map((s) => s.headline ?? {}),
      finished: m.finished === true,
      ...(m.lifterId || m.person ? { lifterId: m.lifterId ?? m.person } : {}),
      ...(m.notes ? { notes: m.notes } : {}),
      ...(m.setNotes && Object.keys(m.setNotes).length ? { setNotes: m.setNotes } : {}),
      setTags: m.sets.map((x) => x.tag ?? 'untagged'),
      ...(m.demo ? { demo: true } : {}),
      ...(exists ? {} : { problem: `recording file ${m.recordingFile} is missing` }),
    };
    return { listing, recordingFile: m.recordingFile, durationFromFile, progress };
  }

  /** Starts a new recording: sidecar first (so a crash is still listed), then the .bdf header. */
  createRecording(opts: CreateRecordingOptions): ActiveRecording {
    this.ensureWritable();
    const start = opts.startTime ?? new Date();
    const id = newSessionId(start);
    const { bdfPath, metaPath } = this.pathsFor(id);
    const meta: SessionMeta = {
      version: SESSION_META_VERSION,
      id,
      name: opts.name,
      created: start.toISOString(),
      recordingFile: pathMod.basename(bdfPath),
      ...(opts.device ? { device: opts.device } : {}),
      ...(opts.exerciseId ? { exerciseId: opts.exerciseId } : {}),
      ...(opts.person ? { person: opts.person } : {}),
      ...(opts.lifterId ? { lifterId: opts.lifterId } : {}),
      ...(opts.demo ? { demo: true } : {}),
      channels: opts.channels.map((c, index) => ({ index, label: c.label, ...(c.muscle ? { muscle: c.muscle } : {}), ...(c.role ? { role: c.role } : {}), ...(c.side ? { side: c.side } : {}) })),
      ...(opts.dsp ? { dsp: opts.dsp } : {}),
      sets: [],
      finished: false,
    };
    writeSessionMeta(metaPath, meta);
    let writer: BdfPlusWriter;
    try {
      writer = BdfPlusWriter.open(bdfPath, {
        channels: opts.channels.map(({ muscle: _m, role: _r, side: _s, ...c }) => c),
        sampleRateHz: opts.sampleRateHz,
        startTime: start,
        recordingId: id,
        equipment: opts.device?.deviceId ?? 'Myocue',
        ...(opts.writer ?? {}),
      });
    } catch (err) {
      fs.rmSync(metaPath, { force: true });
      throw err;
    }
    return new ActiveRecording(id, bdfPath, metaPath, writer, meta);
  }

  /**
   * Opens a stored session for replay or analysis. A crashed recording is repaired in place
   * (record count patched, incomplete last record cut) and `recoveryMessage` says so.
   */
  openRecording(id: string): { meta: SessionMeta; info: EdfRecordingInfo; bdfPath: string; recoveryMessage?: string } {
    const { bdfPath, metaPath } = this.pathsFor(id);
    const meta = fs.existsSync(metaPath)
      ? readSessionMeta(metaPath)
      : { version: SESSION_META_VERSION, id, name: id, created: '', recordingFile: pathMod.basename(bdfPath), channels: [], sets: [] };
    const file = this.confinedRecording(id, meta.recordingFile);
    let info = openEdfRecording(file);
    let recoveryMessage: string | undefined;
    if (info.recovered) {
      recoveryMessage = info.recoveryMessage;
      try {
        repairRecordingFile(file);
        info = openEdfRecording(file);
      } catch (err) {
        // a read-only library still replays: the recovered view is used as it is
        recoveryMessage += ` (could not repair the file: ${(err as Error).message})`;
      }
    }
    return { meta, info, bdfPath: file, ...(recoveryMessage ? { recoveryMessage } : {}) };
  }

  rename(id: string, name: string): SessionMeta {
    const { metaPath } = this.pathsFor(id);
    const trimmed = name.trim();
    if (!trimmed) throw new Error('A session name cannot be empty');
    const meta = readSessionMeta(metaPath);
    this.confinedRecording(id, meta.recordingFile);
    // the user's name wins over the default name from now on (session-name.ts)
    const next = { ...meta, name: trimmed, nameByUser: true };
    writeSessionMeta(metaPath, next);
    return next;
  }

  /**
   * Corrects the tag of finished set `set` of a stored session (a set retagged while its replay is
   * open): the sidecar is rewritten atomically with the new tag in its set list and set details,
   * and the journal folded in (compactSessionMeta). The recording's own "Set N … [tag=…]"
   * annotations are left as recorded; readers take the sidecar's tag over them
   * (session-marks.ts sessionSetTags, the replay's stored tags). Refuses a sidecar that points
   * outside the data folder, and a set the session does not have.
   */
  correctSetTag(id: string, set: number, tag: string): SessionMeta {
    const { metaPath } = this.pathsFor(id);
    const meta = readSessionMeta(metaPath);
    this.confinedRecording(id, meta.recordingFile);
    if (!meta.sets.some((s) => s.set === set)) throw new Error(`Session ${meta.name} has no saved set ${set}: nothing to correct.`);
    // the file as written, so that nothing the reader does not check is lost in the rewrite
    // (fields of newer versions, set details the reader leaves out, e.g. a one-channel set's)
    const raw = readJsonObject(metaPath);
    const details = new Map<number, unknown>();
    for (const d of Array.isArray(raw.setDetails) ? raw.setDetails : []) {
      const n = (d as { number?: unknown } | null)?.number;
      if (typeof n === 'number') details.set(n, d);
    }
    for (const d of meta.setDetails ?? []) details.set(d.number, d); // the journal's win (a crashed session)
    const setDetails = [...details.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([n, d]) => (n === set ? { ...(d as object), tag } : d)) as TrainingSetSummary[];
    const next: SessionMeta = {
      ...(raw as Partial<SessionMeta>),
      ...meta,
      sets: meta.sets.map((s) => (s.set === set ? { ...s, tag } : s)),
      ...(setDetails.length ? { setDetails } : {}),
    };
    compactSessionMeta(metaPath, next);
    return next;
  }

  /**
   * Deletes a session: its recording, sidecar and journal move to the bin (`<dataDir>/bin/<id>/`,
   * session-bin.ts), from where `restore` puts them back. Refuses (touching nothing) a sidecar
   * that points outside the data folder.
   */
  delete(id: string, now: Date = new Date()): void {
    const { bdfPath, metaPath } = this.pathsFor(id);
    let recording = bdfPath;
    let meta: SessionMeta | null = null;
    try {
      meta = readSessionMeta(metaPath);
    } catch {
      /* sidecar missing or damaged: delete the default name */
    }
    if (meta) recording = this.confinedRecording(id, meta.recordingFile);
    this.bin.put(id, [recording, sessionJournalPath(metaPath), metaPath], now);
  }

  /** Puts a deleted session back from the bin (Undo). */
  restore(id: string): void {
    this.pathsFor(id);
    this.bin.restore(id);
  }

  /**
   * Changes the details of a stored (finished or crashed) session: notes, a set's note, a set's
   * tag, the lifter. Written whole and atomically (the journal compacted into it). Not for the
   * session being recorded: its changes go through its ActiveRecording's journal.
   */
  updateStored(id: string, change: StoredSessionChange): SessionMeta {
    const { metaPath } = this.pathsFor(id);
    let meta = readSessionMeta(metaPath);
    this.confinedRecording(id, meta.recordingFile);
    if (change.retag) meta = this.correctSetTag(id, change.retag.set, change.retag.tag);
    if (!change.patch || Object.keys(change.patch).length === 0) return meta;
    // the file as written, so that fields the reader does not check survive (as correctSetTag)
    const next: SessionMeta = { ...(readJsonObject(metaPath) as Partial<SessionMeta>), ...applySessionJournal(meta, [{ t: 'patch', patch: change.patch }]) };
    compactSessionMeta(metaPath, next);
    return next;
  }
}

/** What `updateStored` may change. */
export interface StoredSessionChange {
  patch?: SessionMetaPatch;
  retag?: { set: number; tag: TrainingSetSummary['tag'] };
}

/** A JSON object file as it is ({} when it is not an object). */
function readJsonObject(path: string): Record<string, unknown> {
  const v: unknown = JSON.parse(fs.readFileSync(path, 'utf8'));
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** The listing's problem for a sidecar whose paths lead out of the data folder. */
const OUTSIDE_PROBLEM = 'its session details point to a file outside the data folder';

/** e.g. "20240517-103015-a1b2": sortable, unique, safe as a file name. */
export function newSessionId(d: Date): string {
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p2(d.getMonth() + 1)}${p2(d.getDate())}-${p2(d.getHours())}${p2(d.getMinutes())}${p2(d.getSeconds())}-${randomBytes(2).toString('hex')}`;
}

export { RecordingFsError };
