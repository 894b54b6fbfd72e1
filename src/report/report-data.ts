/**
 * What a session report shows, as plain data (no I/O, no HTML): built from the batch analysis of
 * the recording (src/metrics/analyze-signals.ts, the numbers `myocue analyze` prints) plus the
 * session's own details (name, exercise, channel roles, notes) and the MVCs in use.
 * render-report.ts turns it into one self-contained HTML file.
 */
import type { AnalyzedSet, ChannelLevels } from '../metrics/analyze-signals';
import type { MvcCalibration, Normalisation } from '../metrics/types';

/** one channel's envelope over one set's window, normalised (%MVC or % of session peak) */
export interface EnvelopeTrace {
  /** time of the first point, seconds from the start of the recording */
  t0S: number;
  /** seconds between points */
  dtS: number;
  values: number[];
}

export interface ReportSet {
  set: AnalyzedSet;
  /** the target envelope over the set (with a little lead-in and lead-out) */
  target: EnvelopeTrace;
  /** the mean of the assisting envelopes over the same window, null without assisting channels */
  assisting: EnvelopeTrace | null;
  /** the lifter's or coach's note on this set, if any */
  note?: string;
}

export interface ReportChannel extends ChannelLevels {
  label: string;
  unit: string;
  role: 'target' | 'assisting' | 'other';
  muscle?: string;
  /** the side, when the channel is one of the left/right pair */
  side?: 'left' | 'right';
}

export interface ReportData {
  title: string;
  /** ISO 8601 start of the session, '' when unknown (a foreign file without a date) */
  startedAt: string;
  durationS: number;
  fileName: string;
  format: string;
  sampleRateHz: number;
  exerciseName: string | null;
  device: string | null;
  channels: ReportChannel[];
  targetChannel: number | null;
  assistingChannels: number[];
  /** the left/right pair of one muscle (symmetry index per rep and set), null when none */
  symmetryPair: { left: number; right: number } | null;
  normalisation: Normalisation;
  /** the MVCs the %MVC numbers are relative to (empty with session-peak normalisation) */
  mvcs: MvcCalibration[];
  /** why MVCs were not used, when they were not (plain sentence) */
  normalisationNote: string;
  setsFrom: 'recording marks' | 'rests';
  sets: ReportSet[];
  sessionNote: string | null;
  dsp: { highpassHz: number; lowpassHz: number; mains: 50 | 60 | 'off'; rmsWindowMs: number };
  warnings: string[];
  /** ISO 8601 time the report was made */
  generatedAt: string;
}

/** unit label of the normalised numbers */
export function unitLabel(n: Normalisation): string {
  return n === 'mvc' ? '%MVC' : '% of session peak';
}

/**
 * Max-of-bucket downsampling of a trace to at most `maxPoints` (peaks, which is what a rep is,
 * stay visible; a mean would flatten short reps in a long set).
 */
export function downsampleMax(values: ArrayLike<number>, t0S: number, dtS: number, maxPoints: number): EnvelopeTrace {
  const n = values.length;
  if (n <= maxPoints) return { t0S, dtS, values: Array.from(values, round2) };
  const k = Math.ceil(n / maxPoints);
  const out: number[] = [];
  for (let i = 0; i < n; i += k) {
    let m = -Infinity;
    const end = Math.min(n, i + k);
    for (let j = i; j < end; j++) if (values[j] > m) m = values[j];
    out.push(round2(m));
  }
  return { t0S, dtS: dtS * k, values: out };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
