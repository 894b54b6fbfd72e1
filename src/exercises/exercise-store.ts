/**
 * User-added exercises, stored as JSON in `<dataDir>/exercises.json` next to the built-in
 * library. Loading never throws: a missing file means "no custom exercises", a corrupt one means
 * "library only" plus a plain warning for the user. Saving validates first and writes atomically
 * (temp file + rename) so a crash never leaves half a file.
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { Exercise } from './exercise';
import { exerciseSchema } from './exercise-schema';
import { checkData } from '../util/schema-kit';
import { EXERCISE_LIBRARY } from './library';

export const EXERCISES_FILE = 'exercises.json';

export interface LoadedExercises {
  /** built-in library followed by the user's exercises */
  exercises: Exercise[];
  /** plain-language problem with the custom file, or null */
  warning: string | null;
}

interface ExercisesFile {
  version: 1;
  exercises: Exercise[];
}

/** Problems that make an exercise unusable (plain words, one per problem); empty when it is fine. */
export function validateExercise(ex: unknown): string[] {
  const checked = checkData(exerciseSchema, ex, 'the exercise');
  return checked.ok ? [] : checked.errors;
}

async function readCustom(dataDir: string): Promise<{ list: Exercise[]; warning: string | null; corrupt: boolean }> {
  const file = path.join(dataDir, EXERCISES_FILE);
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { list: [], warning: null, corrupt: false };
    return { list: [], warning: `Your exercises in ${file} could not be read (${code ?? String(err)}); showing the built-in library only.`, corrupt: false };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { list: [], warning: `${file} is damaged (not valid JSON); showing the built-in library only. Your file was left untouched.`, corrupt: true };
  }
  const raw = (parsed as Partial<ExercisesFile>)?.exercises;
  if (!Array.isArray(raw)) {
    return { list: [], warning: `${file} has no exercise list; showing the built-in library only.`, corrupt: true };
  }
  const builtIn = new Set(EXERCISE_LIBRARY.map((e) => e.id));
  const list: Exercise[] = [];
  const skipped: string[] = [];
  for (const item of raw) {
    if (validateExercise(item).length > 0 || builtIn.has((item as Exercise).id)) {
      skipped.push(typeof (item as Exercise)?.id === 'string' ? (item as Exercise).id : '?');
      continue;
    }
    list.push({ ...(item as Exercise), custom: true });
  }
  const warning = skipped.length ? `Skipped ${skipped.length} invalid exercise(s) in ${file}: ${skipped.join(', ')}.` : null;
  return { list, warning, corrupt: false };
}

/** Built-in library + the user's exercises. Never throws. */
export async function loadExercises(dataDir: string): Promise<LoadedExercises> {
  const { list, warning } = await readCustom(dataDir);
  return { exercises: [...EXERCISE_LIBRARY.map((e) => ({ ...e })), ...list], warning };
}

/** Writes `text` to `file` atomically: temp file in the same folder, fsync, rename. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  try {
    const fh = await fsp.open(tmp, 'w', 0o644);
    try {
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fsp.rename(tmp, file);
  } catch (err) {
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
}

/**
 * Adds or replaces a user exercise and returns the full list (library + custom). Throws an Error
 * with a plain message when the exercise is invalid or would overwrite a built-in one. A damaged
 * existing file is kept aside as `exercises.json.damaged-<time>` instead of being overwritten.
 */
export async function saveCustomExercise(dataDir: string, ex: Exercise): Promise<Exercise[]> {
  const errors = validateExercise(ex);
  if (errors.length) throw new Error(`Cannot save the exercise: ${errors.join('; ')}.`);
  if (EXERCISE_LIBRARY.some((e) => e.id === ex.id)) {
    throw new Error(`Cannot save the exercise: "${ex.id}" is a built-in exercise; choose another id.`);
  }
  await fsp.mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, EXERCISES_FILE);
  const { list, corrupt } = await readCustom(dataDir);
  if (corrupt) await fsp.rename(file, `${file}.damaged-${Date.now()}`).catch(() => undefined);
  const clean: Exercise = {
    id: ex.id,
    name: ex.name.trim(),
    target: ex.target.map((p) => ({ muscle: p.muscle.trim(), placement: p.placement.trim() })),
    assisting: ex.assisting.map((p) => ({ muscle: p.muscle.trim(), placement: p.placement.trim() })),
    internalCues: ex.internalCues.map((c) => c.trim()),
    externalCue: ex.externalCue.trim(),
    loadPercent1RM: { min: ex.loadPercent1RM.min, max: ex.loadPercent1RM.max },
    tempo: ex.tempo.trim(),
    custom: true,
  };
  const next = list.filter((e) => e.id !== clean.id);
  next.push(clean);
  const body: ExercisesFile = { version: 1, exercises: next.map(({ custom: _c, ...rest }) => rest as Exercise) };
  await writeFileAtomic(file, JSON.stringify(body, null, 2) + '\n');
  return [...EXERCISE_LIBRARY.map((e) => ({ ...e })), ...next];
}
