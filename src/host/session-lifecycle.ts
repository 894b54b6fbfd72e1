/**
 * The live session's lifecycle (issue 11): a session has a beginning and an end. Before, the
 * host recorded from its first sample block: the first page load showed "REC 00:32" and a running
 * Set 1 before an exercise was chosen. Now:
 *
 *   idle ──start──▶ running ──end──▶ ended ──start──▶ running …
 *
 * - idle: live envelopes, %MVC, the signal check and calibration work; nothing is recorded and no
 *   set is kept (the rep detector still runs, for the live values).
 * - running: the recording is open; sets start by themselves (reps) or by hand, are kept and saved.
 * - ended: the recording is closed and saved; the summary of the session is held until the next
 *   session starts.
 *
 * Pure: time comes in as wall-clock milliseconds (the caller's Date.now), so tests drive it.
 * The host decides what each transition does (open/close the recorder, open/close the set book).
 */
import type { SessionPhase, SessionSummary } from './contract';

export type { SessionPhase } from './contract';

export class SessionLifecycle {
  private phaseNow: SessionPhase = 'idle';
  private startedAtMs: number | null = null;
  private endedAtMs: number | null = null;
  private summaryNow: SessionSummary | null = null;
  /** sessions started since the host started (1-based number of the current or last one) */
  private count = 0;

  get phase(): SessionPhase {
    return this.phaseNow;
  }

  get running(): boolean {
    return this.phaseNow === 'running';
  }

  /** Number of the current (or last) session since the host started; 0 before the first. */
  get number(): number {
    return this.count;
  }

  /** Wall-clock start of the running or last session, ms; null before the first. */
  get startedAt(): number | null {
    return this.startedAtMs;
  }

  /**
   * Starts a session at nowMs. Returns false (and changes nothing) when one is running already:
   * "Start session" pressed twice, or a set started inside a running session.
   * The previous session's summary is dropped.
   */
  start(nowMs: number): boolean {
    if (this.phaseNow === 'running') return false;
    this.phaseNow = 'running';
    this.startedAtMs = nowMs;
    this.endedAtMs = null;
    this.summaryNow = null;
    this.count++;
    return true;
  }

  /**
   * Ends the running session at nowMs with its summary (built by the caller from what was saved,
   * given the session's wall-clock length in s). Throws when no session is running.
   */
  end(nowMs: number, summarise: (durationS: number) => SessionSummary): SessionSummary {
    if (this.phaseNow !== 'running' || this.startedAtMs === null) throw new Error('No session is running: start one first.');
    const durationS = Math.max(0, (nowMs - this.startedAtMs) / 1000);
    // the phase moves first: a summariser that throws must not leave a session "running" that
    // nothing records any more
    this.phaseNow = 'ended';
    this.endedAtMs = nowMs;
    this.summaryNow = summarise(durationS);
    return this.summaryNow;
  }

  /** The last session's summary while the phase is 'ended', else null. */
  get summary(): SessionSummary | null {
    return this.phaseNow === 'ended' ? this.summaryNow : null;
  }

  /** Seconds the session has run (running) or ran (ended); 0 when idle. */
  durationS(nowMs: number): number {
    if (this.startedAtMs === null || this.phaseNow === 'idle') return 0;
    const end = this.phaseNow === 'ended' && this.endedAtMs !== null ? this.endedAtMs : nowMs;
    return Math.max(0, (end - this.startedAtMs) / 1000);
  }
}
