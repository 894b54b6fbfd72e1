/**
 * The set comparison's error rates, by simulation (the brief: a statistical claim is tested by
 * its error rate, not by one example). Rep means scatter around the set's true level with a
 * realistic rep-to-rep coefficient of variation (CV 10-15 %, normal, so the log-scale interval is
 * also checked off its own model); the assisting muscle scatters independently.
 *   null:  both sets have the same true level → "significant" must come up in ≤ 6 % of pairs
 *          (nominal 5 %) at 3, 5, 8 and 12 reps per set;
 *   power: the current set's true target level is +20 % → found in ≥ 80 % of pairs at 8 reps (CV 10 %).
 * Fixed seeds: the figures are the same on every run (and printed).
 */
import { describe, it, expect } from 'vitest';
import { mulberry32 } from '../../src/metrics/bootstrap';
import { compareSets, MIN_REPS_TO_COMPARE, type SetLike } from '../../src/metrics/set-comparison';
import type { RepMetrics } from '../../src/metrics/types';
import { gaussian } from './metrics-helpers';

const PAIRS = 1000;

function simulatedSet(number: number, reps: number, targetLevel: number, targetCv: number, assistLevel: number, assistCv: number, g: () => number): SetLike {
  const out: RepMetrics[] = [];
  for (let i = 0; i < reps; i++) {
    const t = Math.max(0.1, targetLevel * (1 + targetCv * g()));
    const a = Math.max(0.1, assistLevel * (1 + assistCv * g()));
    out.push({
      index: i + 1, startS: 3 * i, endS: 3 * i + 2, tutS: 2, concentricS: null, eccentricS: null,
      targetPeakPct: 1.6 * t, targetMeanPct: t, assistPeakPct: 1.6 * a, assistMeanPct: a,
      targetShare: t / (t + a), coContractionPct: (200 * Math.min(t, a)) / (t + a), medianFreqHz: null,
    });
  }
  return { number, tag: number === 1 ? 'baseline' : 'internal', reps: out };
}

/** Fraction of PAIRS set pairs called significant, for a true target change `effect` (0.2 = +20 %). */
function significantRate(reps: number, effect: number, cvBase: number, cvCur: number, seed: number): number {
  const g = gaussian(mulberry32(seed));
  let hits = 0;
  for (let k = 0; k < PAIRS; k++) {
    const base = simulatedSet(1, reps, 40, cvBase, 30, cvBase, g);
    const cur = simulatedSet(2, reps, 40 * (1 + effect), cvCur, 30, cvCur, g);
    if (compareSets(cur, base, 'baseline').significant) hits++;
  }
  return hits / PAIRS;
}

const pct = (r: number) => `${(100 * r).toFixed(1)}%`;

describe('set comparison: error rates by simulation', () => {
  it(`null: equal sets are called different in ≤ 6 % of ${PAIRS} pairs at 3, 5, 8 and 12 reps (CV 10-15 %)`, () => {
    const lines: string[] = [];
    let seed = 100;
    for (const reps of [3, 5, 8, 12]) {
      for (const [cvBase, cvCur] of [[0.1, 0.1], [0.15, 0.15], [0.1, 0.15]]) {
        const rate = significantRate(reps, 0, cvBase, cvCur, seed++);
        lines.push(`  ${String(reps).padStart(2)} reps, CV ${cvBase * 100}%/${cvCur * 100}%: false "significant" ${pct(rate)}`);
        expect(rate, `${reps} reps, CV ${cvBase}/${cvCur}`).toBeLessThanOrEqual(0.06);
      }
    }
    console.log(`Set comparison, null (same effort in both sets, nominal 5%), ${PAIRS} pairs each:\n${lines.join('\n')}`);
  });

  it(`power: a true +20 % target change at 8 reps is found in ≥ 80 % of ${PAIRS} pairs (CV 10 %)`, () => {
    const p10 = significantRate(8, 0.2, 0.1, 0.1, 7);
    const p12 = significantRate(8, 0.2, 0.12, 0.12, 8);
    const p15 = significantRate(8, 0.2, 0.15, 0.15, 9);
    const p12reps15 = significantRate(12, 0.2, 0.15, 0.15, 10);
    console.log(
      `Set comparison, power for a true +20% target change, ${PAIRS} pairs each:\n` +
        `   8 reps, CV 10%: ${pct(p10)}\n   8 reps, CV 12%: ${pct(p12)}\n   8 reps, CV 15%: ${pct(p15)}\n  12 reps, CV 15%: ${pct(p12reps15)}`,
    );
    expect(p10).toBeGreaterThanOrEqual(0.8);
    // more scatter, less power; more reps win it back (no 5 %-level test does much better: the
    // t-test is the uniformly most powerful unbiased test for normal data)
    expect(p15).toBeLessThan(p10);
    expect(p12reps15).toBeGreaterThan(p15);
  });

  it(`below ${MIN_REPS_TO_COMPARE} reps a set is "too few reps to tell", never significant`, () => {
    const g = gaussian(mulberry32(3));
    const base = simulatedSet(1, 2, 40, 0.1, 30, 0.1, g);
    const cur = simulatedSet(2, 8, 80, 0.1, 30, 0.1, g); // doubled: still not told from 2 reps
    const c = compareSets(cur, base, 'baseline');
    expect(c.significant).toBe(false);
    expect(c.sentence).toBe(`Too few reps to tell vs baseline (need ${MIN_REPS_TO_COMPARE} in each set)`);
  });
});
