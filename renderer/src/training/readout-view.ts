/**
 * What the live read-outs (gauges.tsx) show for a number: the clamped value, the tone, the text,
 * the aria label and the attribute strings. One pure function per read-out, used both by the
 * React render and by the live writer that updates the DOM on every push (live-readout.ts), so the
 * two can never show a number differently.
 */
import type { Normalisation } from '../../../src/host/contract';
import { DASH, clamp, isFiniteNumber, pctNumber, pctUnit } from './format';

/** Tone of the target-share gauge: idle (no activity), bad (takeover), good/warn against the baseline, accent (no baseline yet). */
export type ShareTone = 'idle' | 'bad' | 'good' | 'warn' | 'accent';

export interface ShareGaugeView {
  /** a finite share was given */
  has: boolean;
  /** the share clamped to 0..1 (0 without one) */
  fraction: number;
  tone: ShareTone;
  ariaLabel: string;
  /** the arc's stroke-dasharray on its pathLength of 100 */
  dashArray: string;
  /** data-value: the clamped share, 4 decimals ('' without one) */
  dataValue: string;
  /** the big number, whole percent (an em dash without one) */
  text: string;
}

/** A share at or above the baseline is good; the 1e-9 keeps a share equal to it from flickering to warn on rounding. */
const BASELINE_EPSILON = 1e-9;

/** The target-share gauge for `share` (0..1 of the work done by the target muscle). */
export function shareGaugeView(share: number | null, baseline: number | null, takeover: boolean): ShareGaugeView {
  const has = isFiniteNumber(share);
  const fraction = has ? clamp(share, 0, 1) : 0;
  const hasBase = isFiniteNumber(baseline);
  const tone: ShareTone = !has ? 'idle' : takeover ? 'bad' : !hasBase ? 'accent' : fraction + BASELINE_EPSILON >= baseline ? 'good' : 'warn';
  const percent = Math.round(fraction * 100);
  return {
    has,
    fraction,
    tone,
    ariaLabel: has ? `Target share ${percent} percent` : 'Target share: no activity',
    dashArray: `${fraction * 100} 200`,
    dataValue: has ? fraction.toFixed(4) : '',
    text: has ? String(percent) : DASH,
  };
}

export interface MvcBarView {
  /** a finite value was given */
  has: boolean;
  /** the bar's height, the value clamped to 0..100 (0 without one) */
  fill: number;
  /** above 100: the over mark shows */
  over: boolean;
  /** data-value: the value itself (not clamped), 2 decimals ('' without one) */
  dataValue: string;
  ariaLabel: string;
  /** the number above the bar, not clamped (an em dash without one) */
  text: string;
  /** the meter's aria-valuenow, the clamped value rounded (null without one) */
  ariaValueNow: number | null;
}

/** A %MVC (or % of session peak) bar titled `title` for `value`. */
export function mvcBarView(value: number | null, title: string, normalisation: Normalisation): MvcBarView {
  const has = isFiniteNumber(value);
  const fill = has ? clamp(value, 0, 100) : 0;
  return {
    has,
    fill,
    over: has && value > 100,
    dataValue: has ? value.toFixed(2) : '',
    ariaLabel: `${title} ${has ? Math.round(value) : 'no value'} ${pctUnit(normalisation)}`,
    text: pctNumber(value),
    ariaValueNow: has ? Math.round(fill) : null,
  };
}
