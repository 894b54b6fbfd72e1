/**
 * The set comparison's error rates, by simulation (the brief: a statistical claim is tested by
 * its error rate, not by one example). Rep means scatter around the set's true level with a
 * realistic rep-to-rep coefficient of variation (CV 10-15 %, normal, so the log-scale interval is
 * also checked off its own model); the assisting muscle scatters independently.
 *   null:  both sets have the same true level → "significant" must come up in ≤ 6 % of pairs
 *          (nominal 5 %) at 3, 5, 8 and 12 reps per set;
 *   power: the current set's true target level is +20 % → found in ≥ 80 % of pairs at 8 reps (CV 10 %).
 * Fixed seeds: the figures are the same on every run (and printed).
 *
 * Why the power at CV 12-15 % is below 80 % at 8 reps, and why no valid test changes that
 * (issue 8 item 1 power, investigated):
 *   - The comparison is a two-sample location test on the log rep means. For normal data with
 *     equal spread the pooled Student t-test is the uniformly most powerful unbiased test, and its
 *     power is exact (noncentral t, ν = 2n − 2, δ = ln 1.2 / (σ·√(2/n)), σ = √ln(1+CV²)); computed
 *     with scipy.stats.nct for a true +20 % change:
 *         8 reps: CV 10 % 92.4 %, CV 12 % 80.9 %, CV 15 % 62.4 %;  12 reps, CV 15 %: 81.6 %
 *     and even a z-test that KNEW σ (no test can) reaches only 95.5 / 86.2 / 68.6 % at 8 reps.
 *     Welch's interval gives 91 / 77 / 60 %: within 1-4 points of the optimum; the rest is the
 *     cost of not assuming equal spread (a fatigued set scatters more), which protects the level
 *     when the spreads differ. Reps needed for 80 % with the optimal test: 6 at CV 10 %, 8 at
 *     CV 12 %, 12 at CV 15 %. The power limit is the data's, not the method's.
 *   - Pooling the reps of several baseline sets into one reference is NOT valid: sets of one
 *     session differ in true level (fatigue, warm-up, electrode settling), and that between-set
 *     spread is not in the rep-level standard error. Simulated below: with a between-set SD of
 *     5 % the false "significant" rate becomes ~18 % (scipy: 18.5 % at 8+8 vs 8 reps, CV 12 %).
 *   - A robust scale (MAD, trimmed) is less efficient than the SD for normal rep scatter (MAD:
 *     37 % efficiency), so it lowers power; the log mean is already used. A paired design is not
 *     available (reps of two sets are not paired).
 * The test prints the pooled-t power on the same simulated data next to Welch's.
 */
import { describe, it, expect } from 'vitest';
import { mulberry32 } from '../../src/util/seeded-random';
import { compareSets, MIN_REPS_TO_COMPARE, type SetLike } from '../../src/metrics/set-comparison';
import type { RepMetrics } from '../../src/metrics/types';
import { gaussian } from './metrics-helpers';
import { studentTQuantile } from '../../src/metrics/student-t';

/** The pooled (Student) two-sample t-test on log rep means, two-sided 5 %: the optimum for equal spreads. */
function pooledTSignificant(cur: SetLike, base: SetLike): boolean {
  const x = cur.reps.map((r) => Math.log(r.targetMeanPct));
  const y = base.reps.map((r) => Math.log(r.targetMeanPct));
  const m = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const ss = (v: number[], mu: number) => v.reduce((a, b) => a + (b - mu) * (b - mu), 0);
  const mx = m(x);
  const my = m(y);
  const df = x.length + y.length - 2;
  const sp2 = (ss(x, mx) + ss(y, my)) / df;
  const t = (mx - my) / Math.sqrt(sp2 * (1 / x.length + 1 / y.length));
  return Math.abs(t) > studentTQuantile(0.975, df);
}

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

  it('power is near the optimum: the pooled t-test (UMPU for equal spreads) on the same data does at most a few points better', () => {
    const lines: string[] = [];
    for (const [cv, seed] of [[0.1, 21], [0.12, 22], [0.15, 23]] as const) {
      const g = gaussian(mulberry32(seed));
      let welch = 0;
      let pooled = 0;
      for (let k = 0; k < PAIRS; k++) {
        const base = simulatedSet(1, 8, 40, cv, 30, cv, g);
        const cur = simulatedSet(2, 8, 48, cv, 30, cv, g);
        if (compareSets(cur, base, 'baseline').significant) welch++;
        if (pooledTSignificant(cur, base)) pooled++;
      }
      lines.push(`   8 reps, CV ${cv * 100}%: Welch ${pct(welch / PAIRS)}, pooled t ${pct(pooled / PAIRS)}`);
      expect(pooled - welch, `CV ${cv}`).toBeLessThanOrEqual(0.05 * PAIRS);
      expect(pooled).toBeGreaterThanOrEqual(welch);
    }
    console.log(`Set comparison, power for +20% vs the optimal (pooled) t-test on the same ${PAIRS} pairs:\n${lines.join('\n')}`);
  });

  it('pooling the reps of two baseline sets would break the level: sets differ in true level (between-set SD 5 %)', () => {
    const g = gaussian(mulberry32(31));
    let hits = 0;
    for (let k = 0; k < PAIRS; k++) {
      // three sets with no cue effect, each with its own true level (drift within a session)
      const level = () => 40 * Math.exp(0.05 * g());
      const b1 = simulatedSet(1, 8, level(), 0.12, 30, 0.12, g);
      const b2 = simulatedSet(1, 8, level(), 0.12, 30, 0.12, g);
      const cur = simulatedSet(2, 8, level(), 0.12, 30, 0.12, g);
      const pooledBase: SetLike = { number: 1, tag: 'baseline', reps: [...b1.reps, ...b2.reps] };
      if (compareSets(cur, pooledBase, 'baseline').significant) hits++;
    }
    console.log(`Set comparison, pooled baseline sets (2 × 8 reps), no true change, between-set SD 5%: false "significant" ${pct(hits / PAIRS)}`);
    expect(hits / PAIRS).toBeGreaterThan(0.1);
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
