/**
 * Set summaries and set-to-set comparisons with a plain sentence for the lifter.
 *
 * A set is compared with the person's baseline set (no cue) and with the previous set. Changes
 * are relative changes over reps (+14 % = 14 % more target activation: the ratio of the geometric
 * means of the rep means), with a 95 % Welch t interval on the log rep means (welch-interval.ts);
 * a change counts only when its interval excludes 0. (A percentile bootstrap over the reps was
 * used before: with 2-8 reps it called equal sets different in 9-33 % of pairs, nominal 5 %.) Expected effects are +5 to +25 % at light-to-moderate loads (Snyder & Fry 2012:
 * +22 % pectoralis at 50 % 1RM; Calatayud et al. 2016: gains at 20-60 % 1RM, none at 80 %), so
 * rep-to-rep noise of a similar size must not be reported as an effect.
 */
import type { Normalisation, RepMetrics, SetComparison, SetSummary, SetTag } from './types';
import { welchDifference, welchRelativeChange, type IntervalOptions, type Interval } from './welch-interval';
import { slope } from './median-frequency';
import { setSymmetry } from './symmetry-index';

/** What a comparison needs of a set. */
export interface SetLike {
  number: number;
  tag: SetTag;
  reps: readonly RepMetrics[];
}

/**
 * Sets with fewer reps than this are not compared: "too few reps to tell".
 * 3, because with 2 reps the set's spread is estimated from a single difference: the t interval
 * (≥ 1-2 degrees of freedom, t₀.₉₇₅ = 4.3-12.7) is then so wide that at a realistic rep-to-rep CV
 * of 10-15 % only changes beyond about +50 % could be told from noise, far above the +5 to +25 %
 * a cue produces (SCIENCE.md); a sentence would only ever say "within noise" and mislead. From 3
 * reps (ν ≥ 2, usually ~4) a +25 % change is detectable at CV 10 %, and the null rate stays at
 * its 5 % level (simulation test).
 */
export const MIN_REPS_TO_COMPARE = 3;

/** Options of a comparison: the confidence level of its intervals. */
export type ComparisonOptions = IntervalOptions;

function intervalExcludesZero(e: Interval): boolean {
  return e.low > 0 || e.high < 0;
}

/** "+14%", "−9%" (true minus sign), rounded to whole percent. */
export function formatSignedPct(v: number): string {
  const r = Math.round(v);
  if (r === 0) return '0%';
  return r > 0 ? `+${r}%` : `\u2212${Math.abs(r)}%`;
}

function hasAssist(reps: readonly RepMetrics[]): boolean {
  return reps.some((r) => r.assistMeanPct > 0);
}

/** Compares `current` with `reference`; `against` names what the reference is. */
export function compareSets(current: SetLike, reference: SetLike, against: 'baseline' | 'previous', options: ComparisonOptions = {}): SetComparison {
  const label = against === 'baseline' ? 'vs baseline' : 'vs previous set';
  const t = welchRelativeChange(
    current.reps.map((r) => r.targetMeanPct),
    reference.reps.map((r) => r.targetMeanPct),
    options,
  );
  const withAssist = hasAssist(current.reps) && hasAssist(reference.reps);
  const a = withAssist
    ? welchRelativeChange(
        current.reps.map((r) => r.assistMeanPct),
        reference.reps.map((r) => r.assistMeanPct),
        options,
      )
    : null;
  const s = withAssist
    ? welchDifference(
        current.reps.map((r) => r.targetShare * 100),
        reference.reps.map((r) => r.targetShare * 100),
        options,
      )
    : null;
  const zero: Interval = { value: 0, low: 0, high: 0 };
  const targetChangePct = t.relativePct;
  const assistChangePct = a ? a.relativePct : zero;
  const shareChangePts = s ? s.difference : zero;
  const enough = current.reps.length >= MIN_REPS_TO_COMPARE && reference.reps.length >= MIN_REPS_TO_COMPARE;
  const significant = enough && intervalExcludesZero(targetChangePct);

  const T = formatSignedPct(targetChangePct.value);
  const A = formatSignedPct(assistChangePct.value);
  const sigA = enough && a !== null && intervalExcludesZero(assistChangePct);
  const shareDown = enough && s !== null && shareChangePts.high < 0;
  const shareUp = enough && s !== null && shareChangePts.low > 0;
  let sentence: string;
  if (!enough) {
    sentence = `Too few reps to tell ${label} (need ${MIN_REPS_TO_COMPARE} in each set)`;
  } else if (a && sigA && assistChangePct.value > 0 && shareDown) {
    sentence = `Assisting took over: target ${T}, assisting ${A} ${label}`;
  } else if (significant && targetChangePct.value > 0) {
    const cued = against === 'baseline' && current.tag !== 'baseline';
    if (!a || shareUp || !(sigA && assistChangePct.value > 0)) {
      sentence = a ? `Target ${T} ${label}, assisting ${A}: ${cued ? 'the cue is working' : 'more on the target'}` : `Target ${T} ${label}: ${cued ? 'the cue is working' : 'more on the target'}`;
    } else {
      sentence = `Target ${T} and assisting ${A} ${label}: more effort overall, not more focus on the target`;
    }
  } else if (significant) {
    sentence = a ? `Target ${T} ${label}, assisting ${A}: less on the target` : `Target ${T} ${label}: less on the target`;
  } else {
    sentence = `Target ${T} ${label} (within noise)`;
  }
  return { against, againstSetNumber: reference.number, targetChangePct, assistChangePct, shareChangePts, significant, sentence };
}

function meanOf(reps: readonly RepMetrics[], f: (r: RepMetrics) => number): number {
  if (reps.length === 0) return 0;
  let s = 0;
  for (const r of reps) s += f(r);
  return s / reps.length;
}

/**
 * Fewest reps (with a median frequency) for a fatigue slope. The median frequency of one rep
 * scatters by several Hz (its spectrum is estimated from ~1-2 s of signal), while fatigue lowers
 * it by ~0.5 Hz per rep (bsnb-biceps: −0.49 Hz/rep); a slope through 3 points is then mostly
 * scatter (the 5.8 s Vicon lift gave "−85.86 Hz/rep"). With 5 reps its standard error is
 * σ/√10 ≈ 0.3σ per rep, the least that reads as a trend; fewer show "—".
 */
export const MIN_REPS_FOR_FATIGUE_SLOPE = 5;

/** The set's own fields as its summary keeps them (number, tag, exercise, times, reps), and what it is compared with. */
export interface SummariseSetInput extends Pick<SetSummary, 'number' | 'tag' | 'exerciseId' | 'startS' | 'endS' | 'reps'> {
  /** the person's baseline set for this exercise (not compared when it is this set) */
  baseline?: SetLike | null;
  /** the set before this one (not compared when it is the baseline, to avoid saying it twice) */
  previous?: SetLike | null;
  /** interval options (the field kept its old name: callers pass `bootstrap`) */
  bootstrap?: ComparisonOptions;
  /** what the reps' % values are of, recorded with the summary */
  normalisation?: Normalisation;
}

/** Means over reps, the fatigue slope and the comparisons of one finished set. */
export function summariseSet(input: SummariseSetInput): SetSummary {
  const reps = input.reps;
  const mdf = reps.map((r) => r.medianFreqHz);
  const comparisons: SetComparison[] = [];
  const self: SetLike = { number: input.number, tag: input.tag, reps };
  if (input.baseline && input.baseline.number !== input.number) comparisons.push(compareSets(self, input.baseline, 'baseline', input.bootstrap));
  if (input.previous && input.previous.number !== input.number && input.previous.number !== input.baseline?.number) {
    comparisons.push(compareSets(self, input.previous, 'previous', input.bootstrap));
  }
  return {
    number: input.number,
    tag: input.tag,
    exerciseId: input.exerciseId,
    startS: input.startS,
    endS: input.endS,
    reps,
    targetMeanPct: meanOf(reps, (r) => r.targetMeanPct),
    assistMeanPct: meanOf(reps, (r) => r.assistMeanPct),
    // without an active assisting channel every rep's share is T/(T+0) = 100 %: not a share
    targetShare: hasAssist(reps) ? meanOf(reps, (r) => r.targetShare) : NaN,
    coContractionPct: hasAssist(reps) ? meanOf(reps, (r) => r.coContractionPct) : NaN,
    medianFreqSlopeHzPerRep: mdf.filter((v) => v !== null).length >= MIN_REPS_FOR_FATIGUE_SLOPE ? slope(mdf) : null,
    comparisons,
    ...(input.normalisation ? { normalisation: input.normalisation } : {}),
    // reps measured with a left/right pair carry their symmetry: the set's statement and interval
    ...(reps.length && reps.every((r) => r.symmetryPct !== undefined)
      ? {
          symmetry: setSymmetry(
            reps.map((r) => ({ leftMeanPct: r.leftMeanPct ?? 0, rightMeanPct: r.rightMeanPct ?? 0, symmetryPct: r.symmetryPct ?? null })),
            input.bootstrap,
          ),
        }
      : {}),
  };
}
