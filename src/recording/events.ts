/**
 * Structured session events stored as EDF+ annotation texts. The texts are readable by a person
 * in any EDF viewer (EDFbrowser, MNE, Polyman) and start with a stable prefix so that we can parse
 * them back:
 *
 *   Set 2 start [tag=internal]      Set 2 end [tag=internal; reps=8]
 *   Set 2 tag [tag=external]        (a finished set's tag corrected)
 *   Rep 3 [set=2]                   Cue: squeeze the biceps at the top
 *   Calibration: MVC biceps start   Settings: HP 20 Hz, LP 450 Hz, notch 50 Hz
 *   Gap 2.31 s (disconnect)         Recording end
 * Anything else is a free-text note.
 * Optional attributes go in one trailing `[key=value; key=value]` group; values may not hold ';' or ']'.
 */

export type RecordingEvent =
  | { kind: 'set-start'; set: number; tag?: string }
  /** reps: how many reps the set kept (0: ended without reps, not kept as a set) */
  | { kind: 'set-end'; set: number; tag?: string; reps?: number }
  /** the tag of set `set` was changed to `tag` after it started */
  | { kind: 'set-tag'; set: number; tag: string }
  | { kind: 'rep'; rep: number; set?: number }
  | { kind: 'cue'; text: string }
  | { kind: 'calibration'; text: string }
  | { kind: 'settings'; text: string }
  | { kind: 'gap'; durationS: number; reason: string }
  | { kind: 'recording-end' }
  | { kind: 'note'; text: string };

function cleanValue(v: string): string {
  return v.replace(/[;\][=]/g, ' ').replace(/\s+/g, ' ').trim();
}

function attrs(pairs: [string, string | number | undefined][]): string {
  const kept = pairs.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k}=${cleanValue(String(v))}`);
  return kept.length ? ` [${kept.join('; ')}]` : '';
}

function parseAttrs(s: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!s) return out;
  for (const part of s.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

/** Seconds as text for a gap: 2 decimals (10 ms) is plenty for a disconnect. */
function gapSeconds(s: number): string {
  return s.toFixed(2);
}

export function formatEvent(e: RecordingEvent): string {
  switch (e.kind) {
    case 'set-start':
      return `Set ${e.set} start${attrs([['tag', e.tag]])}`;
    case 'set-end':
      return `Set ${e.set} end${attrs([['tag', e.tag], ['reps', e.reps]])}`;
    case 'set-tag':
      return `Set ${e.set} tag${attrs([['tag', e.tag]])}`;
    case 'rep':
      return `Rep ${e.rep}${attrs([['set', e.set]])}`;
    case 'cue':
      return `Cue: ${e.text}`;
    case 'calibration':
      return `Calibration: ${e.text}`;
    case 'settings':
      return `Settings: ${e.text}`;
    case 'gap':
      return `Gap ${gapSeconds(e.durationS)} s (${cleanValue(e.reason).replace(/[()]/g, '')})`;
    case 'recording-end':
      return 'Recording end';
    case 'note':
      return e.text;
  }
}

const SET_RE = /^Set (\d+) (start|end|tag)(?: \[([^\]]*)\])?$/;
const REP_RE = /^Rep (\d+)(?: \[([^\]]*)\])?$/;
const GAP_RE = /^Gap (\d+(?:\.\d+)?) s \(([^)]*)\)$/;

/** Parses an annotation text; anything unrecognised is a 'note' (never throws). */
export function parseEvent(text: string): RecordingEvent {
  const t = text.trim();
  let m = SET_RE.exec(t);
  if (m) {
    const a = parseAttrs(m[3]);
    const e = { set: Number(m[1]), ...(a.tag !== undefined ? { tag: a.tag } : {}) };
    if (m[2] === 'tag') return a.tag !== undefined ? { kind: 'set-tag', set: e.set, tag: a.tag } : { kind: 'note', text };
    if (m[2] === 'start') return { kind: 'set-start', ...e };
    const reps = a.reps !== undefined && /^\d+$/.test(a.reps) ? { reps: Number(a.reps) } : {};
    return { kind: 'set-end', ...e, ...reps };
  }
  m = REP_RE.exec(t);
  if (m) {
    const a = parseAttrs(m[2]);
    return { kind: 'rep', rep: Number(m[1]), ...(a.set !== undefined && Number.isFinite(Number(a.set)) ? { set: Number(a.set) } : {}) };
  }
  m = GAP_RE.exec(t);
  if (m) return { kind: 'gap', durationS: Number(m[1]), reason: m[2] };
  if (t.startsWith('Cue: ')) return { kind: 'cue', text: t.slice(5) };
  if (t.startsWith('Calibration: ')) return { kind: 'calibration', text: t.slice(13) };
  if (t.startsWith('Settings: ')) return { kind: 'settings', text: t.slice(10) };
  if (t === 'Recording end') return { kind: 'recording-end' };
  return { kind: 'note', text };
}

/** Events the player lists for jump-to-set/rep. */
export function isMarkEvent(e: RecordingEvent): boolean {
  return e.kind === 'set-start' || e.kind === 'set-end' || e.kind === 'rep';
}
