/**
 * What a Myocue recording says about itself beyond its samples: the channel roles in its sidecar
 * and the sets in its "Set N start/end [tag=…]" annotations. Used by `myocue analyze` and by the
 * session report (src/report/), so both find the same sets and roles.
 */
import { existsSync } from 'node:fs';
import type { AnalysisRecording } from './analysis-source';
import type { SetMark } from '../metrics/analyze-signals';
import type { SetTag } from '../metrics/types';
import { parseEvent } from '../recording/events';
import { readSessionMeta, sessionMetaPath } from '../recording/session-meta';

const TAGS: readonly SetTag[] = ['baseline', 'internal', 'external'];

/** target and assisting channels from the sidecar of a Myocue session, or null */
export function sessionRoles(
  rec: Pick<AnalysisRecording, 'format' | 'path'>,
): { target: number; assisting: number[]; symmetryPair: { left: number; right: number } | null } | null {
  if (rec.format !== 'edf' && rec.format !== 'myocue') return null;
  const metaPath = sessionMetaPath(rec.path);
  if (!existsSync(metaPath)) return null;
  try {
    const meta = readSessionMeta(metaPath);
    const target = meta.channels.find((c) => c.role === 'target')?.index;
    if (target === undefined) return null;
    const left = meta.channels.find((c) => c.side === 'left')?.index;
    const right = meta.channels.find((c) => c.side === 'right')?.index;
    return {
      target,
      assisting: meta.channels.filter((c) => c.role === 'assisting').map((c) => c.index),
      symmetryPair: left !== undefined && right !== undefined && left !== right ? { left, right } : null,
    };
  } catch {
    return null;
  }
}

/**
 * The set tags in the sidecar of a Myocue session (set number → tag): they include corrections
 * made after the recording (a set retagged in its replay, SessionStore.correctSetTag), which the
 * recording's annotations do not. Empty for other files.
 */
export function sessionSetTags(rec: Pick<AnalysisRecording, 'format' | 'path'>): Map<number, SetTag> {
  const out = new Map<number, SetTag>();
  if (rec.format !== 'edf' && rec.format !== 'myocue') return out;
  const metaPath = sessionMetaPath(rec.path);
  if (!existsSync(metaPath)) return out;
  try {
    for (const s of readSessionMeta(metaPath).sets) if (TAGS.includes(s.tag as SetTag)) out.set(s.set, s.tag as SetTag);
  } catch {
    /* a damaged sidecar: the annotations' tags count */
  }
  return out;
}

/**
 * Sets from the recording's "Set N start/end/tag [tag=…]" annotations (Myocue sessions). The tag a
 * set ends with is the one it carries (the lifter may tag a running set after it started), and a
 * later "Set N tag" correction overrides both; a tag saved in the sidecar after the recording
 * (`saved`, from sessionSetTags) overrides them all.
 */
export function setMarks(rec: Pick<AnalysisRecording, 'annotations' | 'durationS'>, saved: ReadonlyMap<number, SetTag> = new Map()): SetMark[] {
  const open = new Map<number, { startS: number; tag?: SetTag }>();
  const closed = new Map<number, SetMark>();
  const corrected = new Map<number, SetTag>();
  for (const a of rec.annotations) {
    const e = parseEvent(a.text);
    const tag = (e.kind === 'set-start' || e.kind === 'set-end' || e.kind === 'set-tag') && TAGS.includes(e.tag as SetTag) ? (e.tag as SetTag) : undefined;
    if (e.kind === 'set-start') open.set(e.set, { startS: a.onsetS, ...(tag ? { tag } : {}) });
    else if (e.kind === 'set-tag' && tag) {
      corrected.set(e.set, tag);
      const s = open.get(e.set);
      if (s) s.tag = tag;
    } else if (e.kind === 'set-end') {
      const s = open.get(e.set);
      if (s) {
        const final = tag ?? s.tag;
        closed.set(e.set, { startS: s.startS, endS: a.onsetS, ...(final ? { tag: final } : {}) });
        open.delete(e.set);
      }
    }
  }
  // a set still open at the end (recording stopped mid-set) runs to the end
  for (const [n, s] of open) closed.set(n, { startS: s.startS, endS: rec.durationS, ...(s.tag ? { tag: s.tag } : {}) });
  for (const [n, tag] of [...corrected, ...saved]) {
    const m = closed.get(n);
    if (m) m.tag = tag;
  }
  return [...closed.values()].sort((a, b) => a.startS - b.startS);
}
