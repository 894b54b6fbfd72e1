import { describe, it, expect } from 'vitest';
import { medianFrequencyHz, medianFrequencyWindow, slope } from '../../src/metrics/median-frequency';
import { mulberry32 } from '../../src/util/seeded-random';

describe('median frequency', () => {
  it('window: 256 samples at 2000 Hz, 128 at 1000 Hz', () => {
    expect(medianFrequencyWindow(2000)).toBe(256);
    expect(medianFrequencyWindow(1000)).toBe(128);
  });
  it('of a sine is its frequency', () => {
    const rate = 2000;
    for (const f of [62.5, 100, 137]) {
      const x = Float64Array.from({ length: 4000 }, (_, n) => Math.sin((2 * Math.PI * f * n) / rate));
      expect(Math.abs(medianFrequencyHz(x, rate)! - f)).toBeLessThan(2);
    }
  });
  it('of band-limited noise (many sines 80-120 Hz, random phases) is the centre, 100 Hz', () => {
    const rate = 2000;
    const rand = mulberry32(42);
    const x = new Float64Array(8000);
    for (let f = 80; f <= 120; f += 0.5) {
      const ph = rand() * 2 * Math.PI;
      for (let n = 0; n < x.length; n++) x[n] += Math.sin((2 * Math.PI * f * n) / rate + ph);
    }
    expect(Math.abs(medianFrequencyHz(x, rate)! - 100)).toBeLessThan(3);
  });
  it('of two equal sines at 60 and 140 Hz lies between them', () => {
    const rate = 2000;
    const x = Float64Array.from({ length: 4000 }, (_, n) => Math.sin((2 * Math.PI * 60 * n) / rate) + Math.sin((2 * Math.PI * 140 * n) / rate));
    const mdf = medianFrequencyHz(x, rate)!;
    expect(mdf).toBeGreaterThan(60);
    expect(mdf).toBeLessThan(140);
  });
  it('null when too short or silent; short segments use a smaller window', () => {
    expect(medianFrequencyHz(new Float64Array(20), 2000)).toBeNull();
    expect(medianFrequencyHz(new Float64Array(1000), 2000)).toBeNull();
    const x = Float64Array.from({ length: 100 }, (_, n) => Math.sin((2 * Math.PI * 250 * n) / 2000));
    expect(Math.abs(medianFrequencyHz(x, 2000)! - 250)).toBeLessThan(32);
  });
  it('slope: least squares per step', () => {
    expect(slope([100, 98, 96, 94])).toBeCloseTo(-2, 12);
    expect(slope([1, 3, 2])).toBeCloseTo(0.5, 12);
    expect(slope([5])).toBeNull();
    expect(slope([100, null, 96])).toBeCloseTo(-2, 12);
  });
});
