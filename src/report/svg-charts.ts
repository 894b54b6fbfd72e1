/**
 * The report's charts as inline SVG strings: no script, no fonts or images to fetch, so the
 * report is one file that prints the same on paper. Colours follow the app (target teal,
 * assisting orange) and survive black-and-white printing by line style (assisting dashed).
 * Every text that comes from data goes through escapeXml.
 */
import type { EnvelopeTrace } from './report-data';

export const TARGET_COLOR = '#0f8b8d';
export const ASSIST_COLOR = '#e07a1f';
const GRID = '#d9dee3';
const INK = '#1d2733';
const MUTED = '#5b6775';

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function fmt(x: number): string {
  return (Math.round(x * 10) / 10).toString();
}

/** a "nice" axis maximum ≥ x: 1, 2, 2.5 or 5 × 10^k */
export function niceMax(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}

/** Margins of a plot inside its SVG, px. */
export interface Margins {
  l: number;
  r: number;
  t: number;
  b: number;
}

/** The plot frame every chart shares: the SVG's size, its margins and the inner box they leave. */
export interface PlotFrame {
  W: number;
  H: number;
  m: Margins;
  /** inner width and height, px */
  iw: number;
  ih: number;
  /** inner box edges, px */
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export function plotFrame(width: number, height: number, margins: Margins): PlotFrame {
  const iw = Math.max(1, width - margins.l - margins.r);
  const ih = Math.max(1, height - margins.t - margins.b);
  return { W: width, H: height, m: margins, iw, ih, left: margins.l, right: width - margins.r, top: margins.t, bottom: margins.t + ih };
}

export interface EnvelopeChartInput {
  target: EnvelopeTrace;
  assisting: EnvelopeTrace | null;
  reps: { index: number; startS: number; endS: number }[];
  unit: string;
  /** accessible title */
  title: string;
  width?: number;
  height?: number;
}

/** target and assisting envelopes over a set, reps shaded and numbered */
export function envelopeChart(c: EnvelopeChartInput): string {
  const { W, H, m, iw, ih, left, right, bottom } = plotFrame(c.width ?? 720, c.height ?? 200, { l: 44, r: 10, t: 22, b: 26 });
  const t0 = c.target.t0S;
  const t1 = t0 + c.target.dtS * Math.max(1, c.target.values.length - 1);
  const all = [...c.target.values, ...(c.assisting?.values ?? [])];
  const yMax = niceMax(Math.max(1, ...all.filter(Number.isFinite)));
  const x = (t: number) => left + ((t - t0) / (t1 - t0 || 1)) * iw;
  const y = (v: number) => bottom - (Math.max(0, Math.min(v, yMax)) / yMax) * ih;
  const path = (tr: EnvelopeTrace) =>
    tr.values.map((v, i) => `${i ? 'L' : 'M'}${fmt(x(tr.t0S + i * tr.dtS))},${fmt(y(Number.isFinite(v) ? v : 0))}`).join('');
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-envelope" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeXml(c.title)}" data-chart="envelope">`);
  parts.push(`<title>${escapeXml(c.title)}</title>`);
  // reps: shaded spans, numbered at the top
  for (const r of c.reps) {
    const xa = x(Math.max(t0, r.startS));
    const xb = x(Math.min(t1, r.endS));
    parts.push(`<rect class="rep" data-rep="${r.index}" x="${fmt(xa)}" y="${m.t}" width="${fmt(Math.max(1, xb - xa))}" height="${ih}" fill="${TARGET_COLOR}" fill-opacity="0.09"/>`);
    parts.push(`<text x="${fmt((xa + xb) / 2)}" y="${m.t + 10}" font-size="10" text-anchor="middle" fill="${MUTED}">${r.index}</text>`);
  }
  // y grid and labels
  for (let k = 0; k <= 4; k++) {
    const v = (yMax * k) / 4;
    parts.push(`<line x1="${left}" x2="${right}" y1="${fmt(y(v))}" y2="${fmt(y(v))}" stroke="${GRID}" stroke-width="1"/>`);
    parts.push(`<text x="${m.l - 6}" y="${fmt(y(v) + 3)}" font-size="10" text-anchor="end" fill="${MUTED}">${fmt(v)}</text>`);
  }
  // x labels: seconds into the set window
  const span = t1 - t0;
  const step = span > 120 ? 30 : span > 60 ? 10 : span > 20 ? 5 : span > 8 ? 2 : 1;
  for (let s = 0; s <= span + 1e-9; s += step) {
    parts.push(`<text x="${fmt(x(t0 + s))}" y="${H - 8}" font-size="10" text-anchor="middle" fill="${MUTED}">${fmt(s)} s</text>`);
  }
  parts.push(`<text x="${m.l}" y="${m.t - 6}" font-size="10" fill="${MUTED}">${escapeXml(c.unit)}</text>`);
  if (c.assisting) {
    parts.push(`<path class="trace-assisting" d="${path(c.assisting)}" fill="none" stroke="${ASSIST_COLOR}" stroke-width="1.6" stroke-dasharray="5 3"/>`);
  }
  parts.push(`<path class="trace-target" d="${path(c.target)}" fill="none" stroke="${TARGET_COLOR}" stroke-width="1.8"/>`);
  parts.push('</svg>');
  return parts.join('');
}

export interface SetBarsInput {
  sets: { label: string; target: number; assisting: number | null }[];
  unit: string;
  title: string;
  width?: number;
  height?: number;
}

/** mean target vs assisting activation per set, side by side */
export function setBarsChart(c: SetBarsInput): string {
  const { W, H, m, iw, ih, left, right, bottom } = plotFrame(c.width ?? 720, c.height ?? 220, { l: 44, r: 10, t: 22, b: 40 });
  const yMax = niceMax(Math.max(1, ...c.sets.flatMap((s) => [s.target, s.assisting ?? 0]).filter(Number.isFinite)));
  const y = (v: number) => bottom - (Math.max(0, Math.min(v, yMax)) / yMax) * ih;
  const n = Math.max(1, c.sets.length);
  const slot = iw / n;
  const bw = Math.min(36, slot / 3);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-set-bars" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeXml(c.title)}" data-chart="set-bars">`);
  parts.push(`<title>${escapeXml(c.title)}</title>`);
  for (let k = 0; k <= 4; k++) {
    const v = (yMax * k) / 4;
    parts.push(`<line x1="${left}" x2="${right}" y1="${fmt(y(v))}" y2="${fmt(y(v))}" stroke="${GRID}"/>`);
    parts.push(`<text x="${m.l - 6}" y="${fmt(y(v) + 3)}" font-size="10" text-anchor="end" fill="${MUTED}">${fmt(v)}</text>`);
  }
  parts.push(`<text x="${m.l}" y="${m.t - 6}" font-size="10" fill="${MUTED}">${escapeXml(c.unit)}</text>`);
  c.sets.forEach((s, i) => {
    const cx = left + slot * (i + 0.5);
    const bar = (v: number, x0: number, color: string, cls: string, hatch: boolean) =>
      `<rect class="${cls}" data-value="${fmt(v)}" x="${fmt(x0)}" y="${fmt(y(v))}" width="${fmt(bw)}" height="${fmt(bottom - y(v))}" fill="${hatch ? 'url(#hatch)' : color}" stroke="${color}"/>` +
      `<text x="${fmt(x0 + bw / 2)}" y="${fmt(y(v) - 3)}" font-size="10" text-anchor="middle" fill="${INK}">${fmt(v)}</text>`;
    if (s.assisting !== null) {
      parts.push(bar(s.target, cx - bw - 2, TARGET_COLOR, 'bar-target', false));
      parts.push(bar(s.assisting, cx + 2, ASSIST_COLOR, 'bar-assisting', true));
    } else parts.push(bar(s.target, cx - bw / 2, TARGET_COLOR, 'bar-target', false));
    parts.push(`<text x="${fmt(cx)}" y="${H - 22}" font-size="11" text-anchor="middle" fill="${INK}">${escapeXml(s.label)}</text>`);
  });
  parts.push(
    `<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="${ASSIST_COLOR}" fill-opacity="0.35"/><line x1="0" y1="0" x2="0" y2="6" stroke="${ASSIST_COLOR}" stroke-width="2"/></pattern></defs>`,
  );
  parts.push(legend(right - 190, m.t - 8, c.sets.some((s) => s.assisting !== null)));
  parts.push('</svg>');
  return parts.join('');
}

function legend(x: number, y: number, withAssisting: boolean): string {
  const t = `<rect x="${x}" y="${y - 8}" width="10" height="10" fill="${TARGET_COLOR}"/><text x="${x + 14}" y="${y + 1}" font-size="10" fill="${INK}">target</text>`;
  const a = withAssisting
    ? `<rect x="${x + 70}" y="${y - 8}" width="10" height="10" fill="url(#hatch)" stroke="${ASSIST_COLOR}"/><text x="${x + 84}" y="${y + 1}" font-size="10" fill="${INK}">assisting (mean)</text>`
    : '';
  return t + a;
}

export interface RepShareInput {
  /** per set, the share T/(T+A) of each rep (0..1) */
  sets: { label: string; shares: number[] }[];
  /** the baseline share (0..1) drawn as a line, if known */
  baselineShare: number | null;
  title: string;
  width?: number;
  height?: number;
}

/** target share per rep, reps of a set next to each other, sets separated */
export function repShareChart(c: RepShareInput): string {
  const { W, H, m, iw, ih, left, right, bottom } = plotFrame(c.width ?? 720, c.height ?? 180, { l: 44, r: 10, t: 12, b: 30 });
  const gap = 1; // empty slots between sets
  const slots = c.sets.reduce((n, s) => n + s.shares.length, 0) + gap * Math.max(0, c.sets.length - 1);
  const sw = iw / Math.max(1, slots);
  const bw = Math.max(2, Math.min(18, sw * 0.7));
  const y = (v: number) => bottom - Math.max(0, Math.min(1, v)) * ih;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-rep-share" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeXml(c.title)}" data-chart="rep-share">`);
  parts.push(`<title>${escapeXml(c.title)}</title>`);
  for (const v of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(`<line x1="${left}" x2="${right}" y1="${fmt(y(v))}" y2="${fmt(y(v))}" stroke="${GRID}"/>`);
    parts.push(`<text x="${m.l - 6}" y="${fmt(y(v) + 3)}" font-size="10" text-anchor="end" fill="${MUTED}">${Math.round(v * 100)} %</text>`);
  }
  let slot = 0;
  for (const s of c.sets) {
    const first = slot;
    s.shares.forEach((v, i) => {
      const x0 = left + (slot + 0.5) * sw - bw / 2;
      parts.push(`<rect class="bar-share" data-rep="${i + 1}" data-value="${fmt(v * 100)}" x="${fmt(x0)}" y="${fmt(y(v))}" width="${fmt(bw)}" height="${fmt(bottom - y(v))}" fill="${TARGET_COLOR}" fill-opacity="0.8"/>`);
      slot++;
    });
    const cx = left + ((first + slot) / 2) * sw;
    parts.push(`<text x="${fmt(cx)}" y="${H - 12}" font-size="11" text-anchor="middle" fill="${INK}">${escapeXml(s.label)}</text>`);
    slot += gap;
  }
  if (c.baselineShare !== null && Number.isFinite(c.baselineShare)) {
    const yb = y(c.baselineShare);
    parts.push(`<line class="baseline-share" x1="${left}" x2="${right}" y1="${fmt(yb)}" y2="${fmt(yb)}" stroke="${INK}" stroke-dasharray="4 3"/>`);
    parts.push(`<text x="${right}" y="${fmt(yb - 3)}" font-size="10" text-anchor="end" fill="${INK}">baseline ${Math.round(c.baselineShare * 100)} %</text>`);
  }
  parts.push('</svg>');
  return parts.join('');
}

export interface SymmetryChartInput {
  /** per set: each rep's Robinson SI (%, > 0: right works more; null: both sides rested) and the set's mean with its interval */
  sets: { label: string; reps: (number | null)[]; mean: { value: number; low: number; high: number } | null }[];
  title: string;
  width?: number;
  height?: number;
}

/**
 * Left/right symmetry index per rep (bars up: right works more, down: left works more) with each
 * set's mean and its 95 % interval as a bar across the set and a whisker; the axis is symmetric.
 */
export function symmetryChart(c: SymmetryChartInput): string {
  const f = plotFrame(c.width ?? 720, c.height ?? 180, { l: 44, r: 10, t: 18, b: 30 });
  const { W, H, m, iw, ih } = f;
  const gap = 1;
  const slots = c.sets.reduce((n, s) => n + s.reps.length, 0) + gap * Math.max(0, c.sets.length - 1);
  const sw = iw / Math.max(1, slots);
  const bw = Math.max(2, Math.min(18, sw * 0.7));
  const values = c.sets.flatMap((s) => [...s.reps, s.mean?.low ?? 0, s.mean?.high ?? 0]).filter((v): v is number => v !== null && Number.isFinite(v));
  const yMax = Math.min(200, niceMax(Math.max(10, ...values.map(Math.abs))));
  const y = (v: number) => m.t + ih / 2 - (Math.max(-yMax, Math.min(v, yMax)) / yMax) * (ih / 2);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-symmetry" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeXml(c.title)}" data-chart="symmetry">`);
  parts.push(`<title>${escapeXml(c.title)}</title>`);
  for (const v of [-yMax, -yMax / 2, 0, yMax / 2, yMax]) {
    parts.push(`<line x1="${f.left}" x2="${f.right}" y1="${fmt(y(v))}" y2="${fmt(y(v))}" stroke="${v === 0 ? INK : GRID}"/>`);
    parts.push(`<text x="${m.l - 6}" y="${fmt(y(v) + 3)}" font-size="10" text-anchor="end" fill="${MUTED}">${v > 0 ? '+' : v < 0 ? '−' : ''}${fmt(Math.abs(v))} %</text>`);
  }
  parts.push(`<text x="${f.right}" y="${m.t - 6}" font-size="10" text-anchor="end" fill="${MUTED}">↑ right works more · ↓ left works more</text>`);
  let slot = 0;
  for (const s of c.sets) {
    const first = slot;
    s.reps.forEach((v, i) => {
      if (v !== null && Number.isFinite(v)) {
        const x0 = f.left + (slot + 0.5) * sw - bw / 2;
        const top = Math.min(y(v), y(0));
        parts.push(`<rect class="bar-si" data-rep="${i + 1}" data-value="${fmt(v)}" x="${fmt(x0)}" y="${fmt(top)}" width="${fmt(bw)}" height="${fmt(Math.max(1, Math.abs(y(v) - y(0))))}" fill="${TARGET_COLOR}" fill-opacity="0.55"/>`);
      }
      slot++;
    });
    const xa = f.left + first * sw;
    const xb = f.left + slot * sw;
    if (s.mean && Number.isFinite(s.mean.value)) {
      const cx = (xa + xb) / 2;
      parts.push(`<line class="si-mean" data-value="${fmt(s.mean.value)}" x1="${fmt(xa)}" x2="${fmt(xb)}" y1="${fmt(y(s.mean.value))}" y2="${fmt(y(s.mean.value))}" stroke="${INK}" stroke-width="2"/>`);
      parts.push(`<line class="si-interval" data-low="${fmt(s.mean.low)}" data-high="${fmt(s.mean.high)}" x1="${fmt(cx)}" x2="${fmt(cx)}" y1="${fmt(y(s.mean.low))}" y2="${fmt(y(s.mean.high))}" stroke="${INK}" stroke-width="1.4"/>`);
      for (const v of [s.mean.low, s.mean.high]) parts.push(`<line x1="${fmt(cx - 4)}" x2="${fmt(cx + 4)}" y1="${fmt(y(v))}" y2="${fmt(y(v))}" stroke="${INK}" stroke-width="1.4"/>`);
    }
    parts.push(`<text x="${fmt((xa + xb) / 2)}" y="${H - 12}" font-size="11" text-anchor="middle" fill="${INK}">${escapeXml(s.label)}</text>`);
    slot += gap;
  }
  parts.push('</svg>');
  return parts.join('');
}
