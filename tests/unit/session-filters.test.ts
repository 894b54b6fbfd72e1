/**
 * The Sessions page's filters (renderer/src/sessions/session-filters.ts) and the virtualised
 * list's row window (virtual-window.ts): pure functions, checked on their own.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { SessionListing } from '../../src/host/contract';
import { ALL, NO_EXERCISE, NO_LIFTER, filterChoices, filterSessions } from '../../renderer/src/sessions/session-filters';
import { virtualWindow } from '../../renderer/src/sessions/virtual-window';

const listing = (id: string, startedAt: string, lifterId: string | null, exerciseId: string | null): SessionListing => ({
  id, name: id, startedAt, durationS: 60, exerciseId, sets: 1, targetMeanPct: null, normalisation: null, targetShare: null, path: `/d/${id}.bdf`, lifterId,
});

const S = [
  listing('a', '2026-01-01T10:00:00Z', 'me', 'hip-thrust'),
  listing('b', '2026-01-03T10:00:00Z', 'anna-1a2b', 'hip-thrust'),
  listing('c', '2026-01-02T10:00:00Z', 'anna-1a2b', 'back-squat'),
  listing('d', '2026-01-04T10:00:00Z', null, null),
  listing('e', '2026-01-04T10:00:00Z', 'me', 'back-squat'),
];
const ids = (l: SessionListing[]) => l.map((s) => s.id);

describe('session filters', () => {
  it('all: every session, newest first, ties by id', () => {
    expect(ids(filterSessions(S, { lifter: ALL, exercise: ALL }))).toEqual(['e', 'd', 'b', 'c', 'a']);
  });
  it('by lifter, by exercise, by both, and "none recorded"', () => {
    expect(ids(filterSessions(S, { lifter: 'anna-1a2b', exercise: ALL }))).toEqual(['b', 'c']);
    expect(ids(filterSessions(S, { lifter: ALL, exercise: 'hip-thrust' }))).toEqual(['b', 'a']);
    expect(ids(filterSessions(S, { lifter: 'me', exercise: 'back-squat' }))).toEqual(['e']);
    expect(ids(filterSessions(S, { lifter: 'anna-1a2b', exercise: 'leg-extension' }))).toEqual([]);
    expect(ids(filterSessions(S, { lifter: NO_LIFTER, exercise: ALL }))).toEqual(['d']);
    expect(ids(filterSessions(S, { lifter: ALL, exercise: NO_EXERCISE }))).toEqual(['d']);
  });
  it('choices: each value with its count, most first', () => {
    expect(filterChoices(S, 'lifterId')).toEqual([
      { value: 'anna-1a2b', count: 2 },
      { value: 'me', count: 2 },
      { value: NO_LIFTER, count: 1 },
    ]);
    expect(filterChoices(S, 'exerciseId').map((c) => c.value)).toEqual(['back-squat', 'hip-thrust', NO_EXERCISE]);
  });
  it('a filtered list is exactly the sessions matching both filters (property)', () => {
    const lifters = ['me', 'anna-1a2b', null];
    const exercises = ['hip-thrust', 'back-squat', null];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 1e6 })), { maxLength: 60 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), (rows, li, ei) => {
        const list = rows.map(([l, e, t], i) => listing(`s${i}`, new Date(t * 60_000).toISOString(), lifters[l], exercises[e]));
        const lf = li === 3 ? ALL : lifters[li] ?? NO_LIFTER;
        const ef = ei === 3 ? ALL : exercises[ei] ?? NO_EXERCISE;
        const out = filterSessions(list, { lifter: lf, exercise: ef });
        const want = list.filter((s) => (lf === ALL || (s.lifterId ?? NO_LIFTER) === lf) && (ef === ALL || (s.exerciseId ?? NO_EXERCISE) === ef));
        expect(new Set(ids(out))).toEqual(new Set(ids(want)));
        for (let i = 1; i < out.length; i++) expect(out[i - 1].startedAt >= out[i].startedAt).toBe(true);
      }),
    );
  });
});

describe('virtual window', () => {
  it('renders the rows in view plus the overscan, and pads the rest', () => {
    expect(virtualWindow(1000, 48, 0, 600, 6)).toEqual({ start: 0, end: 19, padTop: 0, padBottom: 981 * 48 });
    const mid = virtualWindow(1000, 48, 4800, 600, 6);
    expect(mid).toEqual({ start: 94, end: 119, padTop: 94 * 48, padBottom: 881 * 48 });
    const last = virtualWindow(1000, 48, 1000 * 48 - 600, 600, 6);
    expect(last.end).toBe(1000);
    expect(last.padBottom).toBe(0);
    expect(virtualWindow(0, 48, 0, 600)).toEqual({ start: 0, end: 0, padTop: 0, padBottom: 0 });
    expect(virtualWindow(3, 48, 0, 600)).toEqual({ start: 0, end: 3, padTop: 0, padBottom: 0 });
  });
  it('never more rows than fit the viewport plus overscan, whatever the scroll (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 500_000 }), fc.integer({ min: 0, max: 3000 }), (n, top, view) => {
        const w = virtualWindow(n, 48, top, view, 6);
        expect(w.start).toBeGreaterThanOrEqual(0);
        expect(w.end).toBeLessThanOrEqual(n);
        expect(w.end - w.start).toBeLessThanOrEqual(Math.ceil(Math.max(48, view) / 48) + 1 + 12);
        expect(w.padTop + (w.end - w.start) * 48 + w.padBottom).toBe(n * 48);
      }),
    );
  });
});
