/**
 * The session library on disk: one folder (the data directory) holding `<id>.bdf` recordings and
 * their `<id>.session.json` sidecars. A session is created with its sidecar at once, so even a
 * crashed session is listed (and its recording recovered when opened).
 *
 * Failure policy: an unwritable or full data directory is reported when a recording is created
 * (a probe write) and on every write, with a plain message; whatever is on disk stays readable.
 */
import { sessionIdSchema } from './session-id-schema';
import * as fs from 'node:fs';
import * as pathMod from 'node:path';
import { randomBytes } from 'node:crypto';
import { BdfPlusWriter, type BdfWriterOptions, type RecordingChannel } from './bdf-writer';
import { openEdfRecording, repairRecordingFile, type EdfRecordingInfo } from './bdf-reader';
import { formatEvent, type RecordingEvent } from './events';
import { describeFsError, RecordingFsError } from './fs-errors';
import {
  SESSION_META_SUFFIX,
  SESSION_META_VERSION,
  readSessionMeta,
  writeSessionMeta,
  type SessionChannel,
  type SessionDevice,
  type SessionMeta,
  type SetSummary,
} from './session-meta';
import type { DspSettings } from '../host/contract';

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
  /** a problem reading this entry (damaged sidecar, missing recording), shown instead of hiding it */
  problem?: string;
}

export interface CreateRecordingOptions {
  name: string;
  channels: (RecordingChannel & { muscle?: string; role?: SessionChannel['role'] })[];
  sampleRateHz: number;
  startTime?: Date;
  device?: SessionDevice;
  exerciseId?: string;
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

  markGap(durationS: number, reason = 'disconnect'): void {
    this.writer.markGap(durationS, reason);
    this.gapCount++;
    this.gapTotalS += durationS;
  }

  /** Saves set summaries and other details now (atomic), e.g. after each set. */
  updateDetails(patch: Partial<Omit<SessionMeta, 'id' | 'recordingFile' | 'version'>>): void {
    this.meta = { ...this.meta, ...patch };
    writeSessionMeta(this.metaPath, this.meta);
  }

  /** Closes the recording and writes the final sidecar. Returns the final details. */
  finish(sets?: SetSummary[]): SessionMeta {
    let closeError: unknown = null;
    try {
      this.writer.close();
    } catch (err) {
      closeError = err;
    }
    this.meta = {
      ...this.meta,
      ...(sets ? { sets } : {}),
      durationS: this.writer.durationS,
      finished: closeError === null,
      gaps: { count: this.gapCount, totalS: this.gapTotalS },
    };
    writeSessionMeta(this.metaPath, this.meta);
    if (closeError) throw closeError;
    return this.meta;
  }
}

export class SessionStore {
  readonly dataDir: string;

  constructor(dataDir: string) {
    this.dataDir = pathMod.resolve(dataDir);
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

  /** All sessions, newest first. Damaged entries are listed with `problem`, never dropped. */
  list(): SessionListing[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.dataDir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw describeFsError(err, 'read the session folder', this.dataDir);
    }
    const out: SessionListing[] = [];
    const withMeta = new Set<string>();
    for (const n of names) {
      if (!n.endsWith(SESSION_META_SUFFIX)) continue;
      const id = n.slice(0, -SESSION_META_SUFFIX.length);
      withMeta.add(id);
      out.push(this.listing(id));
    }
    // a recording whose sidecar is missing is still a session the user owns
    for (const n of names) {
      if (!/\.bdf$/i.test(n)) continue;
      const id = n.replace(/\.bdf$/i, '');
      if (withMeta.has(id)) continue;
      out.push({ id, name: id, created: '', sets: 0, reps: 0, durationS: this.fileDuration(pathMod.join(this.dataDir, n)), headlines: [], finished: false, problem: 'session details file is missing' });
    }
    out.sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : a.id < b.id ? 1 : -1));
    return out;
  }

  private fileDuration(bdfPath: string): number {
    try {
      return openEdfRecording(bdfPath).durationS;
    } catch {
      return 0;
    }
  }

  private listing(id: string): SessionListing {
    const { bdfPath, metaPath } = this.pathsFor(id);
    try {
      const m = readSessionMeta(metaPath);
      const exists = fs.existsSync(pathMod.join(this.dataDir, m.recordingFile));
      return {
        id,
        name: m.name,
        created: m.created,
        ...(m.exerciseId ? { exerciseId: m.exerciseId } : {}),
        sets: m.sets.length,
        reps: m.sets.reduce((a, s) => a + (s.reps || 0), 0),
        durationS: m.durationS ?? (exists ? this.fileDuration(pathMod.join(this.dataDir, m.recordingFile)) : 0),
        headlines: m.sets.map((s) => s.headline ?? {}),
        finished: m.finished === true,
        ...(exists ? {} : { problem: `recording file ${m.recordingFile} is missing` }),
      };
    } catch (err) {
      return { id, name: id, created: '', sets: 0, reps: 0, durationS: this.fileDuration(bdfPath), headlines: [], finished: false, problem: (err as Error).message };
    }
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
      channels: opts.channels.map((c, index) => ({ index, label: c.label, ...(c.muscle ? { muscle: c.muscle } : {}), ...(c.role ? { role: c.role } : {}) })),
      ...(opts.dsp ? { dsp: opts.dsp } : {}),
      sets: [],
      finished: false,
    };
    writeSessionMeta(metaPath, meta);
    let writer: BdfPlusWriter;
    try {
      writer = BdfPlusWriter.open(bdfPath, {
        channels: opts.channels.map(({ muscle: _m, role: _r, ...c }) => c),
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
    const file = pathMod.join(this.dataDir, meta.recordingFile);
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
    const next = { ...meta, name: trimmed };
    writeSessionMeta(metaPath, next);
    return next;
  }

  /** Deletes the recording and its sidecar. */
  delete(id: string): void {
    const { bdfPath, metaPath } = this.pathsFor(id);
    let recording = bdfPath;
    try {
      recording = pathMod.join(this.dataDir, readSessionMeta(metaPath).recordingFile);
    } catch {
      /* sidecar missing or damaged: delete the default name */
    }
    for (const p of [recording, metaPath]) {
      try {
        fs.rmSync(p, { force: true });
      } catch (err) {
        throw describeFsError(err, 'delete', p);
      }
    }
  }
}

/** e.g. "20240517-103015-a1b2": sortable, unique, safe as a file name. */
export function newSessionId(d: Date): string {
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p2(d.getMonth() + 1)}${p2(d.getDate())}-${p2(d.getHours())}${p2(d.getMinutes())}${p2(d.getSeconds())}-${randomBytes(2).toString('hex')}`;
}

export { RecordingFsError };
