/**
 * The Sessions page's filters: by lifter and by exercise, newest first. Pure (unit-tested in
 * tests/unit/session-filters.test.ts): the page filters the listing it already holds, so a change of
 * filter costs no round trip.
 */
import type { SessionListing } from '../../../src/host/contract';

/** 'all', a lifter id, or NO_LIFTER (sessions recorded before lifters, by no one known) */
export type LifterFilter = string;
/** 'all', an exercise id, or NO_EXERCISE */
export type ExerciseFilter = string;

export const ALL = 'all';
export const NO_LIFTER = '__none__';
export const NO_EXERCISE = '__none__';

export interface SessionFilter {
  lifter: LifterFilter;
  exercise: ExerciseFilter;
}

export function matchesFilter(s: SessionListing, f: SessionFilter): boolean {
  if (f.lifter !== ALL && (f.lifter === NO_LIFTER ? !!s.lifterId : s.lifterId !== f.lifter)) return false;
  if (f.exercise !== ALL && (f.exercise === NO_EXERCISE ? !!s.exerciseId : s.exerciseId !== f.exercise)) return false;
  return true;
}

/** The sessions that pass the filter, newest first (ties by id, so the order is stable). */
export function filterSessions(sessions: readonly SessionListing[], f: SessionFilter): SessionListing[] {
  const out = sessions.filter((s) => matchesFilter(s, f));
  out.sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  return out;
}

/** Choices for a filter: every value present, most sessions first, with its count. */
export function filterChoices(sessions: readonly SessionListing[], key: 'lifterId' | 'exerciseId'): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const s of sessions) {
    const v = s[key] || (key === 'lifterId' ? NO_LIFTER : NO_EXERCISE);
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([value, count]) => ({ value, count }));
}
