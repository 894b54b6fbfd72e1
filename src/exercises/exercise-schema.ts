/**
 * The one schema of an exercise (src/exercises/exercise.ts), used wherever an exercise comes from
 * outside: the saveExercise command (WebSocket and IPC), the user's exercises.json, and the id
 * fields of other commands. Ids are kebab-case ("hip-thrust"): they are stable keys in session
 * files and safe as file-name parts.
 */
import { num, text, z } from '../util/schema-kit';
import type { Exercise } from './exercise';

export const EXERCISE_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const exerciseIdSchema = text(64, {
  nonEmpty: true,
  pattern: EXERCISE_ID_PATTERN,
  patternHint: 'must be kebab-case (lower-case letters, digits and dashes), e.g. "cable-fly"',
});

/** Text a person typed: not only spaces. */
const filled = (maxLength: number) => text(maxLength, { nonEmpty: true }).refine((v) => v.trim() !== '', { error: 'must not be empty' });

export const musclePlacementSchema = z.strictObject({
  muscle: filled(100),
  placement: text(1000),
});

export const loadRangeSchema = z
  .strictObject({ min: num(0, 100), max: num(0, 100) })
  .refine((r) => r.min <= r.max, { error: 'must not be above max', path: ['min'] });

export const exerciseSchema = z.strictObject({
  id: exerciseIdSchema,
  name: filled(100),
  target: z.array(musclePlacementSchema).min(1, { error: 'needs at least one target muscle' }).max(8),
  assisting: z.array(musclePlacementSchema).max(8),
  internalCues: z.array(filled(300)).min(1, { error: 'needs at least one internal cue' }).max(20),
  externalCue: filled(300),
  loadPercent1RM: loadRangeSchema,
  tempo: text(200),
  bilateral: filled(100).optional(),
  custom: z.boolean().optional(),
}) satisfies z.ZodType<Exercise>;
