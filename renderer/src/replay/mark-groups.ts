/**
 * The replay's marks, grouped for people: one entry per set ("Set 2 · internal", its start, end
 * and tag) with its reps inside, instead of one chip per raw annotation ("Set 2 start
 * [tag=internal]", "Rep 3 [set=2]", …; a 20-set session had 114). The labels follow the
 * annotation grammar of src/recording/events.ts; anything else is kept as a loose mark.
 */
import type { ReplayStatus } from '../../../src/host/contract';

type Mark = ReplayStatus['marks'][number];

export interface RepMark {
  rep: number;
  timeS: number;
}

export interface SetGroup {
  set: number;
  /** baseline / internal / external / untagged, or null when the file does not say */
  tag: string | null;
  startS: number;
  /** null while the set has no end mark (a recording cut off mid-set) */
  endS: number | null;
  reps: RepMark[];
  /** the cue(s) shown during the set */
  cues: string[];
}

export interface MarkGroups {
  sets: SetGroup[];
  /** reps outside any set and marks of another kind */
  loose: Mark[];
}

const SET_RE = /^Set (\d+) (start|end|tag)(?: \[([^\]]*)\])?$/;
const CUE_PREFIX = 'Cue: ';
/** bookkeeping annotations that mean nothing as a place to jump to */
const HIDDEN = [/^Recording end$/, /^next set: /, /^Settings: /];
const REP_RE = /^Rep (\d+)(?: \[([^\]]*)\])?$/;

function attrs(s: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (s ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

export function groupMarks(marks: readonly Mark[]): MarkGroups {
  const byNumber = new Map<number, SetGroup>();
  const sets: SetGroup[] = [];
  const reps: { rep: number; timeS: number; set: number | null; mark: Mark }[] = [];
  const loose: Mark[] = [];
  const cues: { text: string; timeS: number; mark: Mark }[] = [];
  for (const m of [...marks].sort((a, b) => a.timeS - b.timeS)) {
    const text = m.label.trim();
    const s = SET_RE.exec(text);
    if (s) {
      const n = Number(s[1]);
      const tag = attrs(s[3]).tag ?? null;
      let g = byNumber.get(n);
      if (!g) {
        g = { set: n, tag, startS: m.timeS, endS: null, reps: [], cues: [] };
        byNumber.set(n, g);
        sets.push(g);
      }
      if (s[2] === 'start') g.startS = m.timeS;
      else if (s[2] === 'end') g.endS = m.timeS;
      // marks come in time order: a later tag (re-tagged while it ran, or at its end) wins
      if (tag) g.tag = tag;
      continue;
    }
    const r = REP_RE.exec(text);
    if (r) {
      const set = attrs(r[2]).set;
      reps.push({ rep: Number(r[1]), timeS: m.timeS, set: set !== undefined && /^\d+$/.test(set) ? Number(set) : null, mark: m });
      continue;
    }
    if (HIDDEN.some((re) => re.test(text))) continue;
    if (text.startsWith(CUE_PREFIX)) {
      cues.push({ text: text.slice(CUE_PREFIX.length), timeS: m.timeS, mark: m });
      continue;
    }
    loose.push(m);
  }
  const within = (t: number) => sets.find((x) => t >= x.startS - 5 && (x.endS === null || t <= x.endS));
  for (const c of cues) {
    // a cue belongs to the set it was shown in (or the one it preceded): not a mark of its own
    const g = within(c.timeS) ?? sets.find((x) => x.startS >= c.timeS);
    if (g) {
      if (!g.cues.includes(c.text)) g.cues.push(c.text);
    } else loose.push(c.mark);
  }
  for (const r of reps) {
    // by its set attribute, else the set whose span holds it (a rep may be marked a little
    // before its set's start mark: automatic sets are marked when their first rep is seen)
    const g =
      (r.set !== null ? byNumber.get(r.set) : undefined) ?? within(r.timeS);
    if (g) g.reps.push({ rep: r.rep, timeS: r.timeS });
    else loose.push(r.mark);
  }
  for (const g of sets) g.reps.sort((a, b) => a.timeS - b.timeS);
  loose.sort((a, b) => a.timeS - b.timeS);
  return { sets, loose };
}

const TAG_WORDS: Record<string, string> = { baseline: 'baseline', internal: 'internal', external: 'external' };

/** "Set 2 · internal" ("Set 2" when untagged or unknown) */
export function setGroupLabel(g: SetGroup): string {
  const tag = g.tag ? TAG_WORDS[g.tag] : undefined;
  return tag ? `Set ${g.set} · ${tag}` : `Set ${g.set}`;
}
