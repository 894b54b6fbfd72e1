/**
 * What an ended session was, for the summary the renderer shows at "End session": its sets (tag,
 * reps, headline numbers, the comparison sentences each set already has), reps, length, name and
 * where it was saved. Built from the training context's finished sets; pure.
 */
import type { Exercise, SessionSummary, SessionSummarySet, SetSummary } from './contract';
import { findExercise } from '../exercises/library';
import { sessionExerciseLabel } from '../recording/session-name';

export interface SessionSummaryInput {
  /** the session's finished (kept) sets, in order */
  sets: readonly SetSummary[];
  exercises: readonly Exercise[];
  name: string;
  startedAtMs: number;
  /** wall clock, s */
  durationS: number;
  demo: boolean;
  /** the session's recordings (one per stream; none when it was not recorded) */
  recordings: readonly { sessionId: string; path: string }[];
  saveProblem?: string;
}

export function buildSessionSummary(input: SessionSummaryInput): SessionSummary {
  const sets: SessionSummarySet[] = input.sets.map((s) => ({
    number: s.number,
    tag: s.tag,
    exerciseId: s.exerciseId,
    exerciseName: findExercise(input.exercises, s.exerciseId)?.name ?? null,
    reps: s.reps.length,
    targetMeanPct: s.targetMeanPct,
    assistMeanPct: s.assistMeanPct,
    // NaN (no assisting channel) would become null in JSON anyway: said so in the type
    targetShare: Number.isFinite(s.targetShare) ? s.targetShare : null,
    ...(s.normalisation ? { normalisation: s.normalisation } : {}),
    sentences: s.comparisons.map((c) => c.sentence),
  }));
  const names = sets.map((s) => s.exerciseName ?? '').filter((n) => n !== '');
  const label = sessionExerciseLabel(names);
  return {
    name: input.name,
    startedAt: new Date(input.startedAtMs).toISOString(),
    endedAt: new Date(input.startedAtMs + input.durationS * 1000).toISOString(),
    durationS: input.durationS,
    demo: input.demo,
    recordings: input.recordings.map((r) => ({ sessionId: r.sessionId, fileName: r.path.split(/[\\/]/).pop() ?? r.path, path: r.path })),
    ...(input.saveProblem ? { saveProblem: input.saveProblem } : {}),
    exerciseNames: label === 'Free session' ? [] : [...new Set(names)],
    sets,
    reps: sets.reduce((a, s) => a + s.reps, 0),
  };
}
