/**
 * Fixed-seed fuzz of the band's stream decoder, 10^5 lines with 10% damaged (flipped characters,
 * cut, glued, garbage-prefixed, noise, stray CR, lost lines): it never fails inside, never goes
 * back in time, delivers every undamaged line at its own sample index, and lets through at most a
 * handful of damaged lines whose CRC-16 still matched (about 1 in 65536 damaged lines in theory).
 * Repeated lines are measured by `npm run soak` (bench/soak.ts), which includes them.
 */
import { describe, expect, it } from 'vitest';
import { runDecoderFuzz } from '../../bench/decoder-fuzz';

describe('band stream decoder fuzz (fixed seed, 10^5 lines)', () => {
  it('survives every kind of line damage and keeps the timeline', () => {
    const r = runDecoderFuzz({ lines: 100_000, seed: 20261201, mutations: ['flip', 'truncate', 'glue', 'garbage-prefix', 'noise', 'cr', 'drop'] });
    console.log('decoder fuzz:', JSON.stringify(r));
    const damagedLines = Object.values(r.damaged).reduce((a, b) => a + b, 0);
    expect(damagedLines).toBeGreaterThan(9000);
    expect(r.decoderErrors).toBe(0);
    expect(r.backwards).toBe(0);
    // ≈ damaged × 2^-16 ≈ 0.15 expected; 3 would be 20× the theory
    expect(r.falseAccepts).toBeLessThanOrEqual(3);
    // an undamaged line is always delivered: what is missing is at most the damaged ones
    expect(r.linesMissing).toBeLessThanOrEqual(damagedLines);
    expect(r.linesMissing).toBeGreaterThan(0);
    // lost lines are gaps, not shifts: every delivered line sits at its own index
    expect(r.misplaced).toBe(0);
  });
});
