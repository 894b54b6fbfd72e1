/**
 * The session library as the renderer sees it (contract `SessionListing`, `ProgressPoint`):
 * the list with headline numbers, and the per-exercise progress over days and weeks
 * (baseline vs internal-focus sets), read from the sidecars the recorder writes, through the
 * store's in-process index (src/recording/session-index.ts).
 */
import * as pathMod from 'node:path';
import type { ProgressPoint, SessionListing, SetTag } from './contract';
import { SessionStore } from '../recording/session-store';

/**
 * The contract's listing of each stored listing, made once per stored listing: the index keeps a
 * session's stored listing (the same object) until its files change, so an unchanged library is
 * listed without building 1,000 objects again (issue 10.5: ≤ 20 ms at 1,000 sessions).
 */
const uiListings = new WeakMap<StoredListing, SessionListing>();
type StoredListing = ReturnType<SessionStore['list']>[number];

export function listSessionsForUi(store: SessionStore): SessionListing[] {
  return store.list().map((s) => {
    let ui = uiListings.get(s);
    if (!ui) {
      ui = uiListing(store, s);
      uiListings.set(s, ui);
    }
    return ui;
  });
}

function uiListing(store: SessionStore, s: StoredListing): SessionListing {
  // NaN (a one-channel set's share) is stored as null: Number.isFinite leaves both out
  const shares = s.headlines.map((h) => h.targetShare).filter((v): v is number => Number.isFinite(v));
  const targets = s.headlines.map((h) => h.targetMeanPct).filter((v): v is number => Number.isFinite(v));
  const kinds = new Set(s.headlines.map((h) => (h.normalisedToMvc === 1 ? 'mvc' : h.normalisedToMvc === 0 ? 'session-peak' : 'unknown')));
  return {
    id: s.id,
    name: s.problem ? `${s.name} (${s.problem})` : s.name,
    startedAt: s.created,
    durationS: s.durationS,
    exerciseId: s.exerciseId ?? null,
    sets: s.sets,
    targetMeanPct: targets.length ? mean(targets) : null,
    targetShare: shares.length ? mean(shares) : null,
    normalisation: kinds.size === 1 && !kinds.has('unknown') ? ([...kinds][0] as 'mvc' | 'session-peak') : kinds.size > 1 && !kinds.has('unknown') ? 'mixed' : null,
    path: pathMod.join(store.dataDir, `${s.id}.bdf`),
    lifterId: s.lifterId ?? null,
    ...(s.notes ? { notes: s.notes } : {}),
    ...(s.setNotes ? { setNotes: s.setNotes } : {}),
    ...(s.setTags ? { setTags: s.setTags.map(asSetTag) } : {}),
    demo: s.demo === true,
  };
}

/**
 * One point per finished set of this exercise, oldest first. Damaged sidecars are skipped.
 * Progress over weeks compares like with like: target and assisting activation only from sets
 * normalised to an MVC (%MVC is the same scale on every day), the target share (unitless) from
 * every set. A % of a session's own peak measures against that day's hardest effort, so a better
 * day would read as no change; those sets' activation is left out (null), their share kept.
 * From the store's index (compact per-set figures, rebuilt only for sessions whose files changed).
 * With `lifterId`, only that lifter's sessions count.
 */
export function progressForExercise(store: SessionStore, exerciseId: string, lifterId?: string): ProgressPoint[] {
  let sources;
  try {
    sources = store.progressSources();
  } catch {
    return [];
  }
  const points: ProgressPoint[] = [];
  for (const src of sources) {
    // one lifter's progress: another person's sets are not their history
    if (lifterId !== undefined && src.lifterId !== lifterId) continue;
    for (const set of src.sets) {
      // an untagged set's focus is unknown: it stays out of the progress view until tagged
      if ((set.exerciseId ?? src.exerciseId) !== exerciseId || set.repCount === 0 || set.tag === 'untagged') continue;
      points.push({
        sessionId: src.sessionId,
        date: src.created,
        setNumber: set.number,
        tag: set.tag as ProgressPoint['tag'],
        targetMeanPct: set.normalisation === 'mvc' ? set.targetMeanPct : null,
        assistMeanPct: set.normalisation === 'mvc' ? set.assistMeanPct : null,
        targetShare: set.targetShare,
        normalisation: set.normalisation ?? 'unknown',
        // a demo (the simulated band) is not training: marked, so the view can leave it out and say why
        ...(src.demo ? { demo: true } : {}),
      });
    }
  }
  points.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.setNumber - b.setNumber));
  return points;
}

/** A stored tag as the contract's SetTag: anything else read from a file counts as untagged. */
function asSetTag(t: string): SetTag {
  return t === 'baseline' || t === 'internal' || t === 'external' ? t : 'untagged';
}

function mean(v: number[]): number {
  return v.reduce((a, b) => a + b, 0) / v.length;
}
