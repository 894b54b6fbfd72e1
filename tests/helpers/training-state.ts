/**
 * A training state as the host sends it before the first set of a free session (no exercise,
 * %s of the session's peak, nothing calibrated): the start from which a test sets what it needs.
 */
import type { TrainingState } from '../../src/host/contract';

export function idleTrainingState(channels: number, overrides: Partial<TrainingState> = {}): TrainingState {
  return {
    setup: { exerciseId: null, targetChannel: 0, assistingChannels: channels > 1 ? [1] : [], muscles: Array.from({ length: channels }, () => ''), person: 'me' },
    exercise: null,
    normalisation: 'session-peak',
    mvc: Array.from({ length: channels }, () => null),
    cue: null,
    setActive: false,
    setNumber: 1,
    setTag: 'untagged',
    repCount: 0,
    inRep: false,
    targetPct: 0,
    assistPct: 0,
    targetShare: null,
    baselineShare: null,
    assistTakeover: false,
    reps: [],
    sets: [],
    quality: [],
    calibration: { phase: 'idle' },
    ...overrides,
  };
}
