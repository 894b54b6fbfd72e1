/**
 * Progress over sessions, from one point per set: per-session means by tag (the chart's points)
 * and plain summaries ("Internal-focus sets: target share 58 % → 66 % over 4 weeks"). Pure.
 */
import type { ProgressPoint, SetTag } from '../../../src/host/contract';
import { TAG_LABELS, TAG_ORDER } from '../training/format';

export interface SessionMean {
  sessionId: string;
  /** seconds since epoch (uPlot time) */
  t: number;
  sets: number;
  /** %MVC over the session's MVC-normalised sets of this tag; NaN when it had none */
  targetMeanPct: number;
  assistMeanPct: number;
  targetShare: number;
}

export type ProgressByTag = Record<SetTag, SessionMean[]>;

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function sessionMeans(points: ProgressPoint[]): ProgressByTag {
  const out: ProgressByTag = { baseline: [], internal: [], external: [], untagged: [] };
  for (const tag of TAG_ORDER) {
    const bySession = new Map<string, ProgressPoint[]>();
    for (const p of points) {
      if (p.tag !== tag) continue;
      const list = bySession.get(p.sessionId) ?? [];
      list.push(p);
      bySession.set(p.sessionId, list);
    }
    for (const [sessionId, ps] of bySession) {
      const t = Date.parse(ps[0].date) / 1000;
      if (!Number.isFinite(t)) continue;
      const finite = (f: (p: ProgressPoint) => number | null) => {
        const v = ps.map(f).filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
        return v.length ? mean(v) : NaN;
      };
      out[tag].push({
        sessionId,
        t,
        sets: ps.length,
        targetMeanPct: finite((p) => p.targetMeanPct),
        assistMeanPct: finite((p) => p.assistMeanPct),
        targetShare: finite((p) => p.targetShare),
      });
    }
    out[tag].sort((a, b) => a.t - b.t);
  }
  return out;
}

/**
 * Progress is training: sets of demo sessions (recorded from the simulated band, `demo` in their
 * sidecar) are left out, and how many sessions that was is kept so the view can say it.
 */
export function withoutDemoSessions(points: ProgressPoint[]): { points: ProgressPoint[]; demoSessions: number } {
  const demo = new Set<string>();
  const kept: ProgressPoint[] = [];
  for (const p of points) {
    if (p.demo) demo.add(p.sessionId);
    else kept.push(p);
  }
  return { points: kept, demoSessions: demo.size };
}

/** Why sessions are missing from progress: "2 demo sessions (simulated band) are left out…"; null when none. */
export function demoSessionsNote(demoSessions: number): string | null {
  if (demoSessions === 0) return null;
  return `${demoSessions} demo ${demoSessions === 1 ? 'session' : 'sessions'} on the simulated band ${demoSessions === 1 ? 'is' : 'are'} left out: a demo is not training. Connect your band to track progress.`;
}

/** "over 3 days", "over 4 weeks", "over 5 months", "in one session" */
export function spanText(firstT: number, lastT: number, sessions: number): string {
  if (sessions <= 1) return 'in one session';
  const days = (lastT - firstT) / 86400;
  if (days < 1) return `over ${sessions} sessions the same day`;
  if (days < 14) return `over ${Math.round(days)} ${Math.round(days) === 1 ? 'day' : 'days'}`;
  if (days < 90) return `over ${Math.round(days / 7)} weeks`;
  return `over ${Math.round(days / 30.4)} months`;
}

const TAG_PLURAL: Record<SetTag, string> = {
  baseline: 'Baseline sets',
  internal: 'Internal-focus sets',
  external: 'External-focus sets',
  untagged: 'Untagged sets',
};

/**
 * One plain line per tag that has sets, plus the latest internal-vs-baseline difference, and why
 * sets without an MVC count only by their share (`points`: the progress points the means came from).
 */
export function progressSummary(by: ProgressByTag, unit = '%MVC', points: ProgressPoint[] = []): string[] {
  const lines: string[] = [];
  for (const tag of TAG_ORDER) {
    const s = by[tag];
    if (s.length === 0) continue;
    const first = s[0];
    const last = s[s.length - 1];
    const share = (v: number) => (Number.isFinite(v) ? `${Math.round(v * 100)} %` : '—');
    const pct = (v: number) => `${Math.round(v)}`;
    // activation only from sessions with an MVC (%MVC is comparable across days)
    const withMvc = s.filter((m) => Number.isFinite(m.targetMeanPct));
    const target = (a: SessionMean, b: SessionMean | null) =>
      b ? `, target ${pct(a.targetMeanPct)} → ${pct(b.targetMeanPct)} ${unit}` : `, target ${pct(a.targetMeanPct)} ${unit}`;
    const act = withMvc.length === 0 ? '' : target(withMvc[0], withMvc.length > 1 ? withMvc[withMvc.length - 1] : null);
    if (s.length === 1) {
      lines.push(`${TAG_PLURAL[tag]}: target share ${share(first.targetShare)}${act} (one session so far)`);
    } else {
      lines.push(`${TAG_PLURAL[tag]}: target share ${share(first.targetShare)} → ${share(last.targetShare)}${act} ${spanText(first.t, last.t, s.length)}`);
    }
  }
  const noMvc = points.filter((p) => p.normalisation !== 'mvc').length;
  if (noMvc > 0) {
    lines.push(
      `${noMvc} ${noMvc === 1 ? 'set has' : 'sets have'} no MVC and ${noMvc === 1 ? 'counts' : 'count'} only by target share: ` +
        `a % of a session's own peak is measured against that day's hardest effort, so it cannot be compared across days. Calibrate an MVC to track activation.`,
    );
  }
  // the headline: in the newest session with both, how much more of the work did the target do?
  const baseBySession = new Map(by.baseline.map((m) => [m.sessionId, m]));
  const both = by.internal.filter((m) => baseBySession.has(m.sessionId));
  if (both.length > 0) {
    const i = both[both.length - 1];
    const b = baseBySession.get(i.sessionId)!;
    const pts = Math.round((i.targetShare - b.targetShare) * 100);
    lines.push(`Latest session with both: internal focus ${pts >= 0 ? '+' : '\u2212'}${Math.abs(pts)} pts target share vs ${TAG_LABELS.baseline.toLowerCase()}`);
  }
  return lines;
}
