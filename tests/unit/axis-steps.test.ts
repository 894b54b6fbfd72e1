import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { niceCeil } from '../../renderer/src/charts/axis-steps';

describe('niceCeil (live chart y-axis steps)', () => {
  it('rounds up to 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k', () => {
    expect(niceCeil(0.9)).toBeCloseTo(1, 12);
    expect(niceCeil(1)).toBe(1);
    expect(niceCeil(1.01)).toBeCloseTo(1.2, 12);
    expect(niceCeil(23)).toBe(25);
    expect(niceCeil(300)).toBe(300);
    expect(niceCeil(301)).toBe(400);
    expect(niceCeil(850)).toBe(1000);
    expect(niceCeil(0)).toBe(0);
    expect(Number.isNaN(niceCeil(Number.NaN))).toBe(true);
  });

  it('is ≥ the value and at most a third above it, for any positive value', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e7, noNaN: true }), (v) => {
        const top = niceCeil(v);
        return top >= v * (1 - 1e-9) && top <= v * (4 / 3) * (1 + 1e-9);
      }),
    );
  });

  it('changes rarely while a value drifts: 100 values between 100 and 1000 give its 11 steps', () => {
    const tops = new Set(Array.from({ length: 100 }, (_, i) => niceCeil(100 + i * 9.09)));
    expect([...tops].sort((a, b) => a - b)).toEqual([100, 120, 150, 200, 250, 300, 400, 500, 600, 800, 1000]);
  });
});
