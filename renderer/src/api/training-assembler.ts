/**
 * Rebuilds the full TrainingState from the host's pushed `training` events, which carry the
 * finished sets only when new or changed and the current set's reps only when new
 * (src/host/training-push.ts). A state without `setsDelta` (getTraining, command answers, an older
 * host) is complete and replaces what is held. Pure: no React, no DOM.
 */
import type { SetSummary, TrainingState } from '../../../src/host/contract';

export class TrainingAssembler {
  private sets: SetSummary[] = [];
  private reps: TrainingState['reps'] = [];
  private repsSet = -1;
  /** true when what is held misses sets or reps that will not come by themselves: ask getTraining */
  incomplete = false;

  /** A complete state (getTraining or a command answer). */
  full(state: TrainingState): TrainingState {
    this.sets = [...state.sets];
    this.reps = [...state.reps];
    this.repsSet = state.setActive ? state.setNumber : -1;
    this.incomplete = false;
    return state;
  }

  /** A pushed state: complete, or a delta merged into what is held. */
  push(state: TrainingState): TrainingState {
    const delta = state.setsDelta;
    if (!delta) return this.full(state);
    if (delta.reset) this.sets = [];
    for (const s of delta.changed) {
      const i = this.sets.findIndex((x) => x.number === s.number);
      if (i >= 0) this.sets[i] = s;
      else this.sets.push(s);
    }
    // sets forgotten by the host (a replay jumped back) are the latest ones
    if (this.sets.length > delta.total) this.sets = this.sets.slice(0, delta.total);
    const missingSets = this.sets.length < delta.total && delta.pending === 0;

    const setKey = state.setActive ? state.setNumber : -1;
    if (setKey !== this.repsSet) {
      this.repsSet = setKey;
      this.reps = [];
    }
    if (state.repsFrom === undefined) this.reps = [...state.reps];
    else this.reps = [...this.reps.filter((r) => r.index < state.repsFrom!), ...state.reps];
    const missingReps = this.reps.length < state.repCount && state.reps.length === 0;

    this.incomplete = missingSets || missingReps;
    const { setsDelta: _d, repsFrom: _r, ...live } = state;
    return { ...live, sets: [...this.sets], reps: [...this.reps] };
  }
}
