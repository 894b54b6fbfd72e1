/**
 * Records the live stream of the host: every session is recorded by default (issue "sessions").
 * Owns one `ActiveRecording` at a time (BDF+ file + sidecar, src/recording/session-store.ts).
 *
 * Failure policy: a full disk or an unwritable folder stops the recording with a plain message
 * (shown in the status); the live view keeps running and everything already written stays on disk
 * (the writer never rewrites what it wrote; the file is recovered on open).
 */
import type { StreamInfo } from '../devices/sample-source';
import type { DspSettings, TrainingSetup } from './contract';
import type { SetSummary } from '../metrics/types';
import { SessionStore, type ActiveRecording } from '../recording/session-store';
import type { RecordingEvent } from '../recording/events';
import type { SessionChannel } from '../recording/session-meta';
import { StreamTimeline } from './stream-timeline';

export interface RecorderStatus {
  active: boolean;
  sessionId?: string;
  path?: string;
  durationS?: number;
  error?: string;
}

export class SessionRecorder {
  private recording: ActiveRecording | null = null;
  private rateHz = 0;
  private framesWritten = 0;
  private error: string | undefined;
  private sets: SetSummary[] = [];
  /** what the recording was started with (a new lifter continues the stream in a new session) */
  private started: { info: StreamInfo; opts: { setup: TrainingSetup | null; dsp: DspSettings; name?: string; demo?: boolean } } | null = null;
  /**
   * Stream time → the recording's timeline. A session starts when the lifter starts it, not with
   * the stream, and gaps move the file's clock: set times and training events (stream time) are
   * placed by this on the recording's own timeline, which the annotations, the sidecar, the export
   * of a set and the report read. Empty until the first sample is written.
   */
  private timeline = new StreamTimeline(0);
  /** stream index after the last block written (where a block given without one starts) */
  private nextSampleIndex = 0;

  constructor(readonly store: SessionStore) {}

  /**
   * Starts a new recording for this stream (finishing any previous one). Never throws.
   * `name` is the session's default name (the host's, session-name.ts); `demo`: from the simulated band.
   */
  start(info: StreamInfo, opts: { setup: TrainingSetup | null; dsp: DspSettings; name?: string; demo?: boolean }): void {
    this.finish();
    this.started = { info, opts };
    this.error = undefined;
    this.sets = [];
    this.framesWritten = 0;
    this.nextSampleIndex = 0;
    this.rateHz = info.sampleRateHz;
    // half a sample period: a block that lands within it continues the stretch before it
    this.timeline = new StreamTimeline(0.5 / info.sampleRateHz);
    const setup = opts.setup;
    const roleOf = (i: number): SessionChannel['role'] =>
      setup?.targetChannel === i ? 'target' : setup?.assistingChannels.includes(i) ? 'assisting' : 'other';
    try {
      this.recording = this.store.createRecording({
        name: opts.name ?? fallbackSessionName(new Date(), setup?.exerciseId ?? null),
        ...(opts.demo ? { demo: true } : {}),
        sampleRateHz: info.sampleRateHz,
        channels: info.channelLabels.map((label, i) => ({
          label: (setup?.muscles[i] || label).slice(0, 16),
          microvoltsPerCount: info.microvoltsPerCount,
          prefilter: 'none',
          transducer: 'sEMG',
          ...(setup?.muscles[i] ? { muscle: setup.muscles[i] } : {}),
          role: roleOf(i),
          ...(setup?.symmetryPair?.left === i ? { side: 'left' as const } : setup?.symmetryPair?.right === i ? { side: 'right' as const } : {}),
        })),
        device: {
          deviceId: info.deviceId,
          firmware: info.firmware,
          sampleRateHz: info.sampleRateHz,
          channelCount: info.channelCount,
          adcBits: info.adcBits,
          microvoltsPerCount: info.microvoltsPerCount,
          ...(info.family ? { family: info.family } : {}),
          ...(info.scale ? { scale: info.scale } : {}),
          ...(info.unit ? { unit: info.unit } : {}),
          ...(info.rateSource ? { rateSource: info.rateSource } : {}),
        },
        ...(setup?.exerciseId ? { exerciseId: setup.exerciseId } : {}),
        // whose MVCs the session is normalised with: a replay opens in that person's context
        ...(setup?.person ? { person: setup.person, lifterId: setup.person } : {}),
        dsp: opts.dsp,
      });
    } catch (err) {
      this.fail(err);
    }
  }

  /**
   * Seconds since the first sample of the recording, on the recording's timeline: disconnect gaps
   * included, so an event of "now" is annotated where it happened. (Counting only the samples
   * written put every annotation after a gap early by the gaps before it: a note made 1 s after a
   * 5 s gap landed before the gap.)
   */
  get timeS(): number {
    const rec = this.recording;
    if (rec) return rec.timelineS;
    return this.rateHz ? this.framesWritten / this.rateHz : 0;
  }

  /**
   * `firstSampleIndex`: the block's stream sample index (gaps count), which places the stream's
   * times on the recording's timeline (the first block's is the recording's start). Omitted: the
   * block follows the last one without a hole.
   */
  writeSamples(samples: Float64Array, frames: number, firstSampleIndex = this.nextSampleIndex): void {
    const rec = this.recording;
    if (!rec) return;
    this.nextSampleIndex = firstSampleIndex + frames;
    try {
      // where this block's first sample falls on the file (read before writing it)
      this.timeline.note(firstSampleIndex / this.rateHz, rec.timelineS);
      rec.writeSamples(samples, frames);
      this.framesWritten += frames;
    } catch (err) {
      this.fail(err);
    }
  }

  /**
   * Annotates an event that refers to stream time `streamS` (training's set and rep marks, tags,
   * cues, calibration) at that time on the recording's timeline, not at "now": the raw samples are
   * written before the DSP worker has processed them, so "now" runs ahead of what training decides
   * at by the DSP latency (a set's marks were 0.16 s longer than its sidecar times).
   */
  addEventAt(event: RecordingEvent, streamS: number): void {
    this.addEvent(event, this.onTimeline(streamS));
  }

  /** Annotates an event of "now" (a note, a lost link), or at `onsetS` on the recording's timeline. */
  addEvent(event: RecordingEvent, onsetS = this.timeS): void {
    const rec = this.recording;
    if (!rec) return;
    try {
      rec.addEvent(onsetS, event);
    } catch (err) {
      this.fail(err);
    }
  }

  markGap(durationS: number, reason: string): void {
    const rec = this.recording;
    if (!rec) return;
    try {
      rec.markGap(durationS, reason);
    } catch (err) {
      this.fail(err);
    }
  }

  /**
   * A set finished: saved at once (one line appended to the session's journal, O(1) per set), so a
   * crash keeps the summaries too.
   */
  setEnded(streamSummary: SetSummary): void {
    const summary = this.inRecordingTime(streamSummary);
    this.sets.push(summary);
    this.saveSet(summary);
  }

  /** A finished set was changed (its tag corrected): its saved summary is replaced. */
  setChanged(streamSummary: SetSummary): void {
    const summary = this.inRecordingTime(streamSummary);
    const i = this.sets.findIndex((s) => s.number === summary.number);
    if (i < 0) return;
    this.sets[i] = summary;
    this.saveSet(summary);
  }

  /** One journal line for a set (a later line for the same number replaces it); a failed write stops the recording cleanly. */
  private saveSet(summary: SetSummary): void {
    const rec = this.recording;
    if (!rec) return;
    try {
      rec.saveSet(toMetaSet(summary), summary);
    } catch (err) {
      this.fail(err);
    }
  }

  /**
   * Another lifter trains from now (`setup` is the training setup with their id as `person`). A
   * recording without finished sets becomes theirs (one journal line); one with sets is finished
   * as the previous lifter's and a new session starts for the new lifter on the same stream (its
   * time restarts at 0 from here). Never throws.
   */
  handOver(setup: TrainingSetup): void {
    const rec = this.recording;
    if (!rec || rec.details.lifterId === setup.person) return;
    if (this.sets.length === 0) {
      try {
        rec.updateDetails({ lifterId: setup.person, person: setup.person });
      } catch (err) {
        this.fail(err);
      }
      return;
    }
    if (this.started) this.start(this.started.info, { ...this.started.opts, setup, name: undefined });
  }

  /** Notes of the recording now (session and sets), one journal line; false when none is recording. */
  updateNotes(patch: { notes?: string; setNotes?: Record<string, string> }): boolean {
    const rec = this.recording;
    if (!rec) return false;
    try {
      rec.updateDetails(patch);
    } catch (err) {
      this.fail(err);
      throw err;
    }
    return true;
  }

  /** The notes of the sets of the recording now (empty when none is recording). */
  setNotes(): Record<string, string> {
    return this.recording?.details.setNotes ?? {};
  }

  setExercise(exerciseId: string | null): void {
    const rec = this.recording;
    if (!rec || !exerciseId || rec.details.exerciseId === exerciseId) return;
    try {
      rec.updateDetails({ exerciseId });
    } catch (err) {
      this.fail(err);
    }
  }

  /**
   * The name the user gave the session being recorded (null: none, the default name is used).
   * Saved through the journal, so the sidecar's compaction at the end keeps it.
   */
  get userName(): string | null {
    const rec = this.recording;
    return rec?.details.nameByUser ? rec.details.name : null;
  }

  /** Numbers of the sets saved in the file recorded now (or last). */
  setNumbers(): ReadonlySet<number> {
    return new Set(this.sets.map((s) => s.number));
  }

  /** The user renamed the session being recorded: their name wins over every default. */
  rename(name: string): void {
    const trimmed = name.trim();
    if (!trimmed) throw new Error('A session name cannot be empty');
    const rec = this.recording;
    if (!rec) return;
    try {
      rec.updateDetails({ name: trimmed, nameByUser: true });
    } catch (err) {
      this.fail(err);
    }
  }

  /** The default name moved on (a set ended): saved, unless the user named the session. */
  setDefaultName(name: string): void {
    const rec = this.recording;
    if (!rec || rec.details.nameByUser || rec.details.name === name) return;
    try {
      rec.updateDetails({ name });
    } catch (err) {
      this.fail(err);
    }
  }

  /**
   * Closes the recording (the sidecar compacted). `defaultName`: the session's final default name,
   * used unless the user named it. Returns the name it was saved under (null: nothing recorded).
   */
  finish(opts: { defaultName?: string } = {}): string | null {
    const rec = this.recording;
    this.recording = null;
    if (!rec) return null;
    try {
      if (opts.defaultName && !rec.details.nameByUser && rec.details.name !== opts.defaultName) rec.updateDetails({ name: opts.defaultName });
      return rec.finish(this.sets.map(toMetaSet), this.sets).name;
    } catch (err) {
      this.error = errorText(err);
      return rec.details.name;
    }
  }

  status(): RecorderStatus {
    const rec = this.recording;
    return {
      active: rec !== null,
      ...(rec ? { sessionId: rec.id, path: rec.bdfPath, durationS: this.timeS } : {}),
      ...(this.error ? { error: this.error } : {}),
    };
  }

  /**
   * Stream time → seconds on the recording's timeline, not before its first sample (a rep already
   * under way when the session started begins at the recording's start).
   */
  private toTimeline(streamS: number): number {
    return Math.max(0, this.timeline.at(streamS) ?? 0);
  }

  /** Where a mark of stream time `streamS` goes: on the timeline, never ahead of the data written. */
  private onTimeline(streamS: number): number {
    return Math.min(this.toTimeline(streamS), this.timeS);
  }

  /**
   * A set's times (stream time) in the recording's time: placed like its marks (a set's times are
   * never ahead of the samples written live, so the marks' clamp to "now" does not apply here).
   */
  private inRecordingTime(s: SetSummary): SetSummary {
    const t = (x: number) => this.toTimeline(x);
    return { ...s, startS: t(s.startS), endS: t(s.endS), reps: s.reps.map((r) => ({ ...r, startS: t(r.startS), endS: t(r.endS) })) };
  }

  private fail(err: unknown): void {
    const rec = this.recording;
    this.recording = null;
    const saved = rec ? ` Everything up to ${this.timeS.toFixed(1)} s is saved in ${rec.bdfPath}.` : '';
    this.error = `Recording stopped: ${errorText(err)}${saved} The live view goes on.`;
    if (rec) {
      try {
        rec.finish(this.sets.map(toMetaSet), this.sets);
      } catch {
        /* the disk refuses: the file stays as written and is recovered when opened */
      }
    }
  }
}

function toMetaSet(s: SetSummary) {
  return {
    set: s.number,
    tag: s.tag,
    startS: s.startS,
    endS: s.endS,
    reps: s.reps.length,
    // normalisedToMvc: 1 = %MVC, 0 = % of the session peak (numbers only in a headline)
    headline: {
      targetMeanPct: s.targetMeanPct,
      assistMeanPct: s.assistMeanPct,
      targetShare: s.targetShare,
      ...(s.normalisation ? { normalisedToMvc: s.normalisation === 'mvc' ? 1 : 0 } : {}),
    },
  };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A name for a recording started without one (the host always gives one). */
function fallbackSessionName(d: Date, exerciseId: string | null): string {
  const day = d.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short' });
  const time = d.toTimeString().slice(0, 5);
  return `${exerciseId ?? 'Session'} ${day} ${time}`;
}
