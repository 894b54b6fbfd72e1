/**
 * The default name of a live session, saying what it was (issue 11): "Hip thrust · 3 sets ·
 * Tue 1 Dec 07:45" (exercise, set count, local start time), "Hip thrust · running" while it runs,
 * "Free session · …" without an exercise. A name the user gave wins (the host only writes a
 * default while `nameByUser` is not set in the sidecar).
 *
 * The date is built from fixed English names, not toLocaleDateString: the same name on every
 * machine and ICU build (a locale's "Tue, 1 Dec" vs "Tue 1 Dec" must not change a stored name).
 */

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** The separator between the parts of a default name. */
export const NAME_SEPARATOR = ' · ';

/** What a session's name is made of. */
export interface SessionNameParts {
  /** exercise names of the session's sets, in the order they were first trained (may repeat) */
  exerciseNames: string[];
  /** finished sets kept (sets with reps) */
  setCount: number;
  /** when the session started (named in the machine's local time) */
  startedAt: Date;
  /** the session is still running: "… · running" instead of the count and time */
  running?: boolean;
}

/** "Tue 1 Dec 07:45", local time. */
export function sessionStartLabel(d: Date): string {
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${WEEKDAYS[d.getDay()]} ${d.getDate()} ${MONTHS[d.getMonth()]} ${p2(d.getHours())}:${p2(d.getMinutes())}`;
}

/**
 * "Hip thrust", "Hip thrust + Bench press", "Hip thrust + Bench press + 2 more", "Free session":
 * the exercises in the order first trained, each once.
 */
export function sessionExerciseLabel(exerciseNames: string[]): string {
  const distinct = [...new Set(exerciseNames.map((n) => n.trim()).filter((n) => n !== ''))];
  if (distinct.length === 0) return 'Free session';
  if (distinct.length <= 2) return distinct.join(' + ');
  return `${distinct[0]} + ${distinct[1]} + ${distinct.length - 2} more`;
}

/** The default name of a session (see the file comment). */
export function defaultSessionName(parts: SessionNameParts): string {
  const what = sessionExerciseLabel(parts.exerciseNames);
  if (parts.running) return `${what}${NAME_SEPARATOR}running`;
  const sets = `${parts.setCount} ${parts.setCount === 1 ? 'set' : 'sets'}`;
  return [what, sets, sessionStartLabel(parts.startedAt)].join(NAME_SEPARATOR);
}
