/**
 * What the host pushes as `training` events, ~10×/s: the live part in full (small), the finished
 * sets only when new or changed, a few per message, and the current set's reps only when new.
 * Before, every push carried every finished set: 6.7 KB at 1 set, 655 KB at 2 h (164 sets).
 * The receiver (renderer/src/api/training-assembler.ts) rebuilds the full TrainingState.
 *
 * Cost: a finished set's JSON is made when the set book's revision moves (a set ended, a retag,
 * new references), not on every push.
 */
import { MAX_PUSHED_MESSAGE_BYTES, type SetSummary, type TrainingState } from './contract';

/** bytes of set JSON per message: the live part (setup, exercise, quality, reps) stays well under the rest */
export const SET_BYTES_PER_PUSH = 8 * 1024;
/** new reps of the current set per message */
export const REPS_PER_PUSH = 8;

export class TrainingPushPlanner {
  /** per set number: the JSON of the summary the receiver holds */
  private readonly sent = new Map<number, string>();
  /** set numbers whose summary is still to be sent, in set order, with their JSON */
  private pending = new Map<number, string>();
  private revision = -1;
  private context: object | null = null;
  private resetDue = false;
  /** the current set the receiver holds reps of, and how many */
  private repsSet = -1;
  private repsSent = 0;

  /**
   * The message for this push. `revision` is the context's setsRevision, `context` its identity
   * (a new one: the receiver forgets what it held).
   */
  plan(state: TrainingState, revision: number, context: object): TrainingState {
    if (context !== this.context) {
      this.context = context;
      this.sent.clear();
      this.pending.clear();
      this.revision = -1;
      this.resetDue = true;
      this.repsSet = -1;
    }
    if (revision !== this.revision) {
      this.revision = revision;
      this.findChanged(state.sets);
    }
    const changed: SetSummary[] = [];
    let bytes = 0;
    for (const [number, json] of this.pending) {
      if (changed.length > 0 && bytes + json.length > SET_BYTES_PER_PUSH) break;
      const set = state.sets.find((s) => s.number === number);
      this.pending.delete(number);
      if (!set) continue;
      changed.push(set);
      bytes += json.length;
      this.sent.set(number, json);
    }
    const reset = this.resetDue;
    this.resetDue = false;
    // the current set's reps: only those the receiver does not have, a few at a time
    const setKey = state.setActive ? state.setNumber : -1;
    if (setKey !== this.repsSet) {
      this.repsSet = setKey;
      this.repsSent = 0;
    }
    const from = this.repsSent;
    const reps = state.reps.slice(from, from + REPS_PER_PUSH);
    this.repsSent = from + reps.length;
    return {
      ...state,
      sets: [],
      setsDelta: { total: state.sets.length, changed, pending: this.pending.size, reset },
      reps,
      repsFrom: from + 1,
    };
  }

  /** The receiver lost track (a new client): everything is sent again. */
  resend(): void {
    this.context = null;
  }

  private findChanged(sets: SetSummary[]): void {
    const numbers = new Set<number>();
    for (const s of sets) {
      numbers.add(s.number);
      const json = JSON.stringify(s);
      if (this.sent.get(s.number) !== json) this.pending.set(s.number, json);
      else this.pending.delete(s.number);
    }
    for (const n of [...this.sent.keys()]) if (!numbers.has(n)) this.sent.delete(n);
    for (const n of [...this.pending.keys()]) if (!numbers.has(n)) this.pending.delete(n);
  }
}

export { MAX_PUSHED_MESSAGE_BYTES };
