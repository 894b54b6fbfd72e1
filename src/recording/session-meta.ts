/**
 * The sidecar JSON next to a recording (`<id>.session.json` beside `<id>.bdf`): what the BDF
 * header cannot hold — session name, device, exercise, channel roles, DSP settings, set summaries.
 * Events with a time (sets, reps, cues, gaps) live in the BDF annotations (events.ts), so the
 * .bdf alone is still a complete recording for other tools.
 *
 * Written atomically (write a temp file, fsync, rename) so a crash leaves the old or the new
 * version, never half a JSON.
 *
 * While recording, changes are not rewritten into the sidecar: each event (a finished or corrected
 * set, a new exercise) is one line appended to the journal `<id>.session.journal` beside it and
 * fsynced, so the cost of an event is its own size, whatever the session length (the sidecar was
 * rewritten whole after every set: quadratic writes over a long session). Finishing the recording
 * compacts: the full sidecar is written atomically, then the journal removed. Reading applies the
 * journal over the sidecar; replaying is idempotent (a set replaces the set of the same number), so
 * a crash at any point (mid-line, between compaction and removal) reads back every complete event.
 */
import * as fs from 'node:fs';
import * as pathMod from 'node:path';
import type { DspSettings } from '../host/contract';
import { describeFsError } from './fs-errors';
import type { SetSummary as TrainingSetSummary } from '../metrics/types';

export const SESSION_META_VERSION = 1;
export const SESSION_META_SUFFIX = '.session.json';
export const SESSION_JOURNAL_SUFFIX = '.session.journal';

/** One line of the journal. */
export type SessionJournalEntry =
  /** a set finished or was corrected: replaces the set (and its details) of the same number */
  | { t: 'set'; set: SetSummary; detail?: TrainingSetSummary }
  /** small detail changes (exercise, name, notes, lifter); `setNotes` merges per set ("" removes one) */
  | { t: 'patch'; patch: SessionMetaPatch };

export type SessionMetaPatch = Partial<Pick<SessionMeta, 'exerciseId' | 'name' | 'nameByUser' | 'notes' | 'person' | 'lifterId' | 'setNotes'>>;

/** A session or set note: kept to this many characters. */
export const MAX_NOTE_CHARS = 4000;

export type ChannelRole = 'target' | 'assisting' | 'antagonist' | 'other';

export interface SessionChannel {
  /** 0-based channel index in the recording */
  index: number;
  label: string;
  /** e.g. "biceps brachii (long head)" */
  muscle?: string;
  role?: ChannelRole;
  /** the side of the body, when the channel is one of a left/right pair (symmetry index) */
  side?: 'left' | 'right';
}

export interface SetSummary {
  /** 1-based set number */
  set: number;
  /** e.g. "internal" / "external" focus cue */
  tag?: string;
  /** seconds since the first sample */
  startS: number;
  endS: number;
  reps: number;
  /** headline numbers shown in the library, e.g. { targetPeakPctMvc: 63.2, targetShare: 0.58 } */
  headline?: Record<string, number>;
}

export interface SessionDevice {
  deviceId: string;
  firmware?: string;
  sampleRateHz: number;
  channelCount: number;
  adcBits?: number;
  microvoltsPerCount?: number;
  /** device family (myocue, cyton, arduino, bitalino, spiker), how counts became the unit, the unit */
  family?: string;
  scale?: string;
  unit?: string;
  /** where the sample rate came from: the device, an estimate from arrival times, or the user */
  rateSource?: 'device' | 'estimated' | 'user';
}

export interface SessionMeta {
  version: number;
  id: string;
  name: string;
  /** true once the user renamed the session: the default name (session-name.ts) no longer replaces it */
  nameByUser?: boolean;
  /** recorded from the simulated band (`--device sim`): a demo, not training; progress leaves it out */
  demo?: boolean;
  /** ISO 8601 */
  created: string;
  /** base name of the recording file in the same folder */
  recordingFile: string;
  device?: SessionDevice;
  exerciseId?: string;
  /** whose session it is (whose MVCs normalised it) */
  person?: string;
  /** the lifter who trained (src/lifters/): the Sessions and Progress views filter by it */
  lifterId?: string;
  channels: SessionChannel[];
  dsp?: DspSettings;
  sets: SetSummary[];
  /** full training metrics of each set (reps, shares, comparisons), for history and progress */
  setDetails?: TrainingSetSummary[];
  /** seconds of signal; set when the recording is finished */
  durationS?: number;
  /** true once the recording was closed normally (false/absent: crashed or still recording) */
  finished?: boolean;
  /** disconnect gaps during the session */
  gaps?: { count: number; totalS: number };
  notes?: string;
  /** a note per set, by set number ("2": "left knee felt off"); shown in the report */
  setNotes?: Record<string, string>;
}

export function sessionMetaPath(recordingPath: string): string {
  return recordingPath.replace(/\.(bdf|edf)$/i, '') + SESSION_META_SUFFIX;
}

/**
 * Writes JSON atomically: temp file in the same folder, fsync, rename over the target. `action`
 * words the error ("save the session details", "save the lifters").
 */
export function writeJsonAtomic(path: string, value: unknown, action = 'save the session details'): void {
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  const text = JSON.stringify(value, null, 2) + '\n';
  let fd: number | null = null;
  try {
    fd = fs.openSync(tmp, 'w', 0o644);
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(tmp, path);
  } catch (err) {
    if (fd !== null) {
      try {
        fs.closeSync(fd);
      } catch {
        /* ignore */
      }
    }
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      /* ignore */
    }
    throw describeFsError(err, action, path, 'The previous version of the file is unchanged.');
  }
}

export function writeSessionMeta(path: string, meta: SessionMeta): void {
  writeJsonAtomic(path, meta);
}

/** The journal beside a sidecar. */
export function sessionJournalPath(metaPath: string): string {
  return metaPath.endsWith(SESSION_META_SUFFIX) ? metaPath.slice(0, -SESSION_META_SUFFIX.length) + SESSION_JOURNAL_SUFFIX : metaPath + '.journal';
}

/**
 * Appends one event to the sidecar's journal and fsyncs it: O(size of the event). A crash mid-write
 * leaves at most a torn last line, which reading ignores.
 */
export function appendSessionJournal(metaPath: string, entry: SessionJournalEntry): void {
  const path = sessionJournalPath(metaPath);
  let fd: number | null = null;
  try {
    fd = fs.openSync(path, 'a+', 0o644);
    // a line of its own even if the previous append was torn by a crash
    const size = fs.fstatSync(fd).size;
    const lead = size > 0 && !endsWithNewline(fd, size) ? '\n' : '';
    fs.writeSync(fd, lead + JSON.stringify(entry) + '\n');
    fs.fsyncSync(fd);
  } catch (err) {
    throw describeFsError(err, 'save the session details', path, 'What was saved before is unchanged.');
  } finally {
    if (fd !== null) {
      try {
        fs.closeSync(fd);
      } catch {
        /* ignore */
      }
    }
  }
}

function endsWithNewline(fd: number, size: number): boolean {
  const b = Buffer.alloc(1);
  fs.readSync(fd, b, 0, 1, size - 1);
  return b[0] === 0x0a;
}

/**
 * Compaction: the sidecar with every event written whole (atomic), then the journal removed.
 * A crash between the two leaves both; reading replays the journal over a sidecar that already
 * holds it, which changes nothing.
 */
export function compactSessionMeta(metaPath: string, meta: SessionMeta): void {
  writeSessionMeta(metaPath, meta);
  try {
    fs.rmSync(sessionJournalPath(metaPath), { force: true });
  } catch {
    /* left behind: harmless (idempotent replay), removed by the next compaction */
  }
}

/** Applies journal entries to a sidecar's contents (pure; the reading side of the journal). */
export function applySessionJournal(meta: SessionMeta, entries: SessionJournalEntry[]): SessionMeta {
  let m = meta;
  for (const e of entries) {
    if (e.t === 'set' && isMetaSet(e.set)) {
      const sets = m.sets.filter((s) => s.set !== e.set.set);
      sets.push(e.set);
      sets.sort((a, b) => a.set - b.set);
      let setDetails = m.setDetails;
      if (e.detail && isSetDetail(e.detail)) {
        setDetails = (m.setDetails ?? []).filter((d) => d.number !== e.detail!.number);
        setDetails.push(e.detail);
        setDetails.sort((a, b) => a.number - b.number);
      }
      m = { ...m, sets, ...(setDetails ? { setDetails } : {}) };
    } else if (e.t === 'patch' && typeof e.patch === 'object' && e.patch !== null) {
      const p = e.patch;
      m = {
        ...m,
        ...(typeof p.exerciseId === 'string' ? { exerciseId: p.exerciseId } : {}),
        ...(typeof p.name === 'string' ? { name: p.name } : {}),
        ...(p.nameByUser === true ? { nameByUser: true } : {}),
        ...(typeof p.notes === 'string' ? { notes: p.notes } : {}),
        ...(typeof p.person === 'string' && p.person ? { person: p.person } : {}),
        ...(typeof p.lifterId === 'string' && p.lifterId ? { lifterId: p.lifterId } : {}),
        ...(p.setNotes && typeof p.setNotes === 'object' ? { setNotes: mergeSetNotes(m.setNotes, p.setNotes) } : {}),
      };
    }
  }
  return m;
}

/** Per-set notes with a patch merged in: an empty note removes the set's note. */
export function mergeSetNotes(prev: Record<string, string> | undefined, patch: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = { ...(prev ?? {}) };
  for (const [k, v] of Object.entries(patch)) {
    if (!/^[1-9][0-9]{0,5}$/.test(k) || typeof v !== 'string') continue;
    if (v.trim()) out[k] = v.slice(0, MAX_NOTE_CHARS);
    else delete out[k];
  }
  return out;
}

/** The complete lines of a journal; a torn or garbled line (a crash mid-append) is skipped. */
export function readSessionJournal(metaPath: string): SessionJournalEntry[] {
  let text: string;
  try {
    text = fs.readFileSync(sessionJournalPath(metaPath), 'utf8');
  } catch {
    return [];
  }
  const out: SessionJournalEntry[] = [];
  const lines = text.split('\n');
  // the part after the last newline was never completed
  for (let i = 0; i < lines.length - 1; i++) {
    if (!lines[i]) continue;
    try {
      const v = JSON.parse(lines[i]) as SessionJournalEntry;
      if (v && (v.t === 'set' || v.t === 'patch')) out.push(v);
    } catch {
      /* a line damaged by a crash: skipped, the others still count */
    }
  }
  return out;
}

function isMetaSet(v: unknown): v is SetSummary {
  const s = v as Partial<SetSummary> | null;
  return typeof s === 'object' && s !== null && typeof s.set === 'number' && typeof s.startS === 'number' && typeof s.endS === 'number' && typeof s.reps === 'number';
}

/**
 * Reads and checks a sidecar, with its journal applied (a recording in progress or one that
 * crashed); throws an Error naming the file when it is unreadable.
 */
export function readSessionMeta(path: string): SessionMeta {
  const base = readSessionMetaFile(path);
  const entries = readSessionJournal(path);
  return entries.length ? applySessionJournal(base, entries) : base;
}

/** The sidecar file alone, without its journal. */
export function readSessionMetaFile(path: string): SessionMeta {
  const name = pathMod.basename(path);
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`${name}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new Error(`${name}: not valid JSON (damaged session details)`);
  }
  const m = v as Partial<SessionMeta>;
  if (typeof m !== 'object' || m === null || typeof m.id !== 'string' || typeof m.recordingFile !== 'string') {
    throw new Error(`${name}: not a Myocue session file (missing id or recordingFile)`);
  }
  if (typeof m.version === 'number' && m.version > SESSION_META_VERSION) {
    throw new Error(`${name}: written by a newer Myocue (format version ${m.version}); update the app to open it`);
  }
  return {
    version: m.version ?? SESSION_META_VERSION,
    id: m.id,
    name: typeof m.name === 'string' ? m.name : m.id,
    ...(m.nameByUser === true ? { nameByUser: true } : {}),
    ...(m.demo === true ? { demo: true } : {}),
    created: typeof m.created === 'string' ? m.created : '',
    recordingFile: m.recordingFile,
    channels: Array.isArray(m.channels) ? m.channels : [],
    sets: Array.isArray(m.sets) ? m.sets : [],
    // the full set metrics (progress, history): dropping them here emptied the progress chart
    // and a rename rewrote the sidecar without them
    ...(Array.isArray(m.setDetails) ? { setDetails: m.setDetails.filter(isSetDetail) } : {}),
    ...(m.device ? { device: m.device } : {}),
    ...(m.exerciseId ? { exerciseId: m.exerciseId } : {}),
    ...(typeof m.person === 'string' && m.person ? { person: m.person } : {}),
    ...(m.dsp ? { dsp: m.dsp } : {}),
    ...(m.durationS !== undefined ? { durationS: m.durationS } : {}),
    ...(m.finished !== undefined ? { finished: m.finished } : {}),
    ...(m.gaps ? { gaps: m.gaps } : {}),
    ...(m.notes ? { notes: m.notes } : {}),
    ...(typeof m.lifterId === 'string' && m.lifterId ? { lifterId: m.lifterId } : {}),
    ...(m.setNotes && typeof m.setNotes === 'object' && !Array.isArray(m.setNotes) ? { setNotes: mergeSetNotes(undefined, m.setNotes) } : {}),
  };
}

/** A set summary as the recorder writes it (the fields progress and history read). */
function isSetDetail(v: unknown): v is TrainingSetSummary {
  const s = v as Partial<TrainingSetSummary> | null;
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.number === 'number' &&
    typeof s.tag === 'string' &&
    Array.isArray(s.reps) &&
    typeof s.targetMeanPct === 'number' &&
    typeof s.assistMeanPct === 'number' &&
    typeof s.targetShare === 'number'
  );
}
