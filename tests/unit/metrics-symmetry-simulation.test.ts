/**
 * The left/right statement's error rates, by simulation (a statistical claim is tested by its
 * error rate, not by one example). A simulated set: each rep has an effort both sides share
 * (CV 15 % rep to rep) and each side scatters on its own around its true level (CV 8-15 %, normal;
 * one run log-normal, off the t interval's model).
 *   null:  both sides at the same true level → "left/right works less" in ≤ 6 % of sets (nominal
 *          5 %) at 3, 5, 8 and 12 reps, NULL_SETS (5000) sets each;
 *   power: one side truly 10 % / 20 % below the other → how often it is found (printed; asserted
 *          ≥ 80 % for 20 % at 8 reps with side CV 10 %), and never the wrong side.
 * Fixed seeds: the figures are the same on every run.
 */
import { describe, it, expect } from 'vitest';
import { mulberry32 } from '../../src/util/seeded-random';
import { MIN_REPS_FOR_SYMMETRY, repSymmetry, setSymmetry, symmetryIndexPct, type RepSymmetry } from '../../src/metrics/symmetry-index';
import { gaussian } from './metrics-helpers';

/** sets per power figure; the null uses NULL_SETS (its standard error 0.3 %, so 6 % is 3 SE above 5 %) */
const SETS = 2000;
const NULL_SETS = 5000;

interface Scatter {
  effortCv: number;
  sideCv: number;
  logNormal?: boolean;
}

function simulatedReps(reps: number, leftLevel: number, rightLevel: number, s: Scatter, g: () => number): RepSymmetry[] {
  const out: RepSymmetry[] = [];
  const factor = (cv: number) => (s.logNormal ? Math.exp(cv * g() - (cv * cv) / 2) : Math.max(0.05, 1 + cv * g()));
  for (let i = 0; i < reps; i++) {
    const effort = factor(s.effortCv);
    const l = leftLevel * effort * factor(s.sideCv);
    const r = rightLevel * effort * factor(s.sideCv);
    out.push({ leftMeanPct: l, rightMeanPct: r, symmetryPct: symmetryIndexPct(l, r) });
  }
  return out;
}

/** Fraction of SETS sets where a side is said to work less, and how often it was the left. */
function callRate(reps: number, leftLevel: number, rightLevel: number, s: Scatter, seed: number, sets = SETS): { rate: number; left: number; right: number } {
  const g = gaussian(mulberry32(seed));
  let left = 0;
  let right = 0;
  for (let k = 0; k < sets; k++) {
    const sym = setSymmetry(simulatedReps(reps, leftLevel, rightLevel, s, g));
    if (sym.lessActive === 'left') left++;
    if (sym.lessActive === 'right') right++;
    expect(sym.significant).toBe(sym.lessActive !== null);
  }
  return { rate: (left + right) / sets, left: left / sets, right: right / sets };
}

const pct = (r: number) => `${(100 * r).toFixed(1)}%`;

describe('left/right symmetry index (Robinson et al. 1987)', () => {
  it('is (R − L) / (½ (R + L)) × 100 %, signed, bounded, null at rest', () => {
    expect(symmetryIndexPct(40, 40)).toBe(0);
    expect(symmetryIndexPct(36, 40)).toBeCloseTo((4 / 38) * 100, 10); // right works more: +10.5 %
    expect(symmetryIndexPct(40, 36)).toBeCloseTo((-4 / 38) * 100, 10);
    expect(symmetryIndexPct(0, 30)).toBe(200);
    expect(symmetryIndexPct(30, 0)).toBe(-200);
    expect(symmetryIndexPct(1, 1.5)).toBeNull(); // both below the 2 % floor
    expect(symmetryIndexPct(NaN, 20)).toBeNull();
    // the rep's SI is of its window means
    const l = Float64Array.from([0, 10, 20, 30, 0]);
    const r = Float64Array.from([0, 20, 40, 60, 0]);
    const rep = repSymmetry(l, r, 1, 4);
    expect(rep.leftMeanPct).toBe(20);
    expect(rep.rightMeanPct).toBe(40);
    expect(rep.symmetryPct).toBeCloseTo((20 / 30) * 100, 10);
  });

  it(`needs ${MIN_REPS_FOR_SYMMETRY} reps for a statement`, () => {
    const two = setSymmetry([
      { leftMeanPct: 10, rightMeanPct: 40, symmetryPct: symmetryIndexPct(10, 40) },
      { leftMeanPct: 11, rightMeanPct: 40, symmetryPct: symmetryIndexPct(11, 40) },
    ]);
    expect(two.significant).toBe(false);
    expect(two.lessActive).toBeNull();
    expect(two.sentence).toMatch(/Too few reps/);
  });

  it(`null: equal sides are called unequal in ≤ 6 % of ${NULL_SETS} sets at 3, 5, 8 and 12 reps`, () => {
    const lines: string[] = [];
    let seed = 500;
    const scatters: Scatter[] = [
      { effortCv: 0.15, sideCv: 0.08 },
      { effortCv: 0.15, sideCv: 0.15 },
      { effortCv: 0.15, sideCv: 0.12, logNormal: true },
    ];
    let worst = 0;
    for (const reps of [3, 5, 8, 12]) {
      for (const s of scatters) {
        const { rate, left, right } = callRate(reps, 40, 40, s, seed++, NULL_SETS);
        worst = Math.max(worst, rate);
        lines.push(`  ${String(reps).padStart(2)} reps, side CV ${s.sideCv * 100}%${s.logNormal ? ' log-normal' : ''}: false alarm ${pct(rate)} (left ${pct(left)}, right ${pct(right)})`);
        expect(rate, `${reps} reps, side CV ${s.sideCv}${s.logNormal ? ' log-normal' : ''}`).toBeLessThanOrEqual(0.06);
      }
    }
    console.log(`Symmetry, null (equal sides, nominal 5%), ${NULL_SETS} sets each (worst ${pct(worst)}):\n${lines.join('\n')}`);
  });

  it(`power: one side truly 20 % below is found in ≥ 80 % of ${SETS} sets at 8 reps (side CV 10 %), never the wrong side`, () => {
    const lines: string[] = [];
    let seed = 900;
    const s: Scatter = { effortCv: 0.15, sideCv: 0.1 };
    const results = new Map<string, number>();
    for (const deficit of [0.1, 0.2]) {
      for (const reps of [5, 8, 12]) {
        const { rate, left, right } = callRate(reps, 40 * (1 - deficit), 40, s, seed++);
        results.set(`${deficit}/${reps}`, left);
        lines.push(`  left ${deficit * 100}% below, ${String(reps).padStart(2)} reps: found ${pct(left)} (wrong side ${pct(right)})`);
        expect(right, 'the wrong side').toBeLessThan(0.005);
        expect(rate).toBe(left + right);
      }
    }
    console.log(`Symmetry, power (side CV 10%, effort CV 15%), ${SETS} sets each:\n${lines.join('\n')}`);
    expect(results.get('0.2/8')).toBeGreaterThanOrEqual(0.8);
    // more reps, more power
    expect(results.get('0.1/12')!).toBeGreaterThan(results.get('0.1/5')!);
    // and it is the right side when the right is the weaker one
    const mirrored = callRate(8, 40, 32, s, 77);
    expect(mirrored.right).toBeGreaterThanOrEqual(0.8);
    expect(mirrored.left).toBeLessThan(0.005);
  });

  it('says which side works less, with its interval', () => {
    const sym = setSymmetry([30, 31, 29, 30.5, 29.5].map((l) => ({ leftMeanPct: l, rightMeanPct: 40, symmetryPct: symmetryIndexPct(l, 40) })));
    expect(sym.lessActive).toBe('left');
    expect(sym.symmetryPct.low).toBeGreaterThan(0);
    expect(sym.symmetryPct.value).toBeCloseTo((10 / 35) * 100, 0);
    expect(sym.sentence).toMatch(/^Left works less: SI \+29 % \(95 % interval \+\d+ % to \+\d+ %\)$/);
  });
});
