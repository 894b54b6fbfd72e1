/**
 * The session library as the renderer sees it (contract `SessionListing`, `ProgressPoint`):
 * the list with headline numbers, and the per-exercise progress over days and weeks
 * (baseline vs internal-focus sets), read from the sidecars the recorder writes.
 */
import * as fs from 'node:fs';
import * as pathMod from 'node:path';
import type { ProgressPoint, SessionListing } from './contract';
import { SessionStore } from '../recording/session-store';
import { readSessionMeta, SESSION_META_SUFFIX } from '../recording/session-meta';

export function listSessionsForUi(store: SessionStore): SessionListing[] {
  return store.list().map((s) => {
    const shares = s.headlines.map((h) => h.targetShare).filter((v): v is number => typeof v === 'number');
    const targets = s.headlines.map((h) => h.targetMeanPct).filter((v): v is number => typeof v === 'number');
    return {
      id: s.id,
      name: s.problem ? `${s.name} (${s.problem})` : s.name,
      startedAt: s.created,
      durationS: s.durationS,
      exerciseId: s.exerciseId ?? null,
      sets: s.sets,
      targetMeanPct: targets.length ? mean(targets) : null,
      targetShare: shares.length ? mean(shares) : null,
      path: pathMod.join(store.dataDir, `${s.id}.bdf`),
    };
  });
}

/** One point per finished set of this exercise, oldest first. Damaged sidecars are skipped. */
export function progressForExercise(store: SessionStore, exerciseId: string): ProgressPoint[] {
  let names: string[];
  try {
    names = fs.readdirSync(store.dataDir);
  } catch {
    return [];
  }
  const points: ProgressPoint[] = [];
  for (const n of names) {
    if (!n.endsWith(SESSION_META_SUFFIX)) continue;
    try {
      const meta = readSessionMeta(pathMod.join(store.dataDir, n));
      for (const set of meta.setDetails ?? []) {
        // an untagged set's focus is unknown: it stays out of the progress view until tagged
        if ((set.exerciseId ?? meta.exerciseId) !== exerciseId || set.reps.length === 0 || set.tag === 'untagged') continue;
        points.push({
          sessionId: meta.id,
          date: meta.created,
          setNumber: set.number,
          tag: set.tag,
          targetMeanPct: set.targetMeanPct,
          assistMeanPct: set.assistMeanPct,
          targetShare: set.targetShare,
        });
      }
    } catch {
      /* a damaged sidecar is listed by the library with its problem; progress skips it */
    }
  }
  points.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.setNumber - b.setNumber));
  return points;
}

function mean(v: number[]): number {
  return v.reduce((a, b) => a + b, 0) / v.length;
}
