/**
 * Number and label formatting shared by the training, coach, sessions and replay views.
 * Every number the lifter reads carries its unit; missing values show as an em dash.
 */
import type { Estimate, Normalisation, SetTag } from '../../../src/host/contract';

export const DASH = '—';
/** U+2212, the typographic minus: same width as "+" in tabular figures */
const MINUS = '\u2212';

export const TAG_LABELS: Record<SetTag, string> = {
  baseline: 'Baseline',
  internal: 'Internal focus',
  external: 'External focus',
  untagged: 'Untagged',
};

/** The focus tags compared and charted (an untagged set is neither). */
export const TAG_ORDER: readonly SetTag[] = ['baseline', 'internal', 'external'];
/** What a set can be tagged as in the set controls: "untagged" first (nothing is assumed). */
export const TAG_CHOICES: readonly SetTag[] = ['untagged', 'baseline', 'internal', 'external'];

export function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** "52 %MVC" or "52 % of peak" (session-peak normalisation). */
export function pctUnit(normalisation: Normalisation): string {
  return normalisation === 'mvc' ? '%MVC' : '% of peak';
}

/** Rounded percentage number, no unit ("52"); em dash when missing. */
export function pctNumber(v: number | null | undefined, digits = 0): string {
  if (!isFiniteNumber(v)) return DASH;
  return signless(v, digits);
}

function signless(v: number, digits: number): string {
  const s = v.toFixed(digits);
  return s.startsWith('-') ? MINUS + s.slice(1) : s;
}

/** "52 %MVC" / "52 % of peak". */
export function formatPct(v: number | null | undefined, normalisation: Normalisation, digits = 0): string {
  if (!isFiniteNumber(v)) return DASH;
  return `${signless(v, digits)} ${pctUnit(normalisation)}`;
}

/** Share 0..1 → "64 %". */
export function formatShare(share: number | null | undefined, digits = 0): string {
  if (!isFiniteNumber(share)) return DASH;
  return `${signless(share * 100, digits)} %`;
}

/** Signed number with typographic minus: "+14", "−9", "0". */
export function signed(v: number, digits = 0): string {
  const r = Number(v.toFixed(digits));
  if (r === 0) return (0).toFixed(digits);
  return (r > 0 ? '+' : MINUS) + Math.abs(r).toFixed(digits);
}

/** Bootstrap estimate: "+14 % [+6, +22]" (relative change) or "+5 pts [+2, +8]" (share points). */
export function formatEstimate(e: Estimate, unit: '%' | 'pts', digits = 0): string {
  return `${signed(e.value, digits)} ${unit} [${signed(e.low, digits)}, ${signed(e.high, digits)}]`;
}

export function formatSeconds(v: number | null | undefined, digits = 1): string {
  if (!isFiniteNumber(v)) return DASH;
  return `${v.toFixed(digits)} s`;
}

export function formatUv(v: number | null | undefined, digits = 0): string {
  if (!isFiniteNumber(v)) return DASH;
  return `${v.toFixed(digits)} µV`;
}

export function formatHz(v: number | null | undefined, digits = 0): string {
  if (!isFiniteNumber(v)) return DASH;
  return `${v.toFixed(digits)} Hz`;
}

/** Clock time for replay positions and durations: "1:05", "1:02:09". */
export function formatClock(totalS: number | null | undefined): string {
  if (!isFiniteNumber(totalS) || totalS < 0) return '0:00';
  const s = Math.floor(totalS);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(sec).padStart(2, '0')}`;
}

/** Human duration for listings: "42 s", "12 min", "1 h 05 min". */
export function formatDuration(totalS: number | null | undefined): string {
  if (!isFiniteNumber(totalS) || totalS < 0) return DASH;
  if (totalS < 60) return `${Math.round(totalS)} s`;
  const min = Math.round(totalS / 60);
  if (min < 60) return `${min} min`;
  return `${Math.floor(min / 60)} h ${String(min % 60).padStart(2, '0')} min`;
}

// One Intl formatter each, made on first use: toLocaleString(…, options) builds a new formatter on
// every call (16% of the Sessions page's time with a long list, issue 10.5). Same output.
let dateFormat: Intl.DateTimeFormat | null = null;
let dateTimeFormat: Intl.DateTimeFormat | null = null;

/** ISO date(-time) → "5 Jan 2026" (local). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return DASH;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  dateFormat ??= new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
  return dateFormat.format(d);
}

/** ISO date-time → "5 Jan 2026, 18:04" (local). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return DASH;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  dateTimeFormat ??= new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
  return dateTimeFormat.format(d);
}

/** Clamp for drawing bars and gauges. */
export function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/** Plain fatigue note from the median-frequency slope (Hz per rep). */
export function fatigueNote(slopeHzPerRep: number | null | undefined): { text: string; level: 'none' | 'ok' | 'mild' | 'marked' } {
  if (!isFiniteNumber(slopeHzPerRep)) return { text: 'Fatigue: — (needs at least 5 reps)', level: 'none' };
  const s = `${signed(slopeHzPerRep, 1)} Hz/rep`;
  if (slopeHzPerRep <= -2) return { text: `Median frequency ${s}: clear fatigue in the target`, level: 'marked' };
  if (slopeHzPerRep <= -0.5) return { text: `Median frequency ${s}: some fatigue`, level: 'mild' };
  return { text: `Median frequency ${s}: no sign of fatigue`, level: 'ok' };
}
