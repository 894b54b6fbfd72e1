import { describe, it, expect } from 'vitest';
import { detectOnsets, detectOnsetsTkeo, restStats, tkeo } from '../../src/metrics/onset';
import { mulberry32 } from '../../src/util/seeded-random';
import { gaussian } from './metrics-helpers';

describe('tkeo', () => {
  it('computes x[n]² − x[n−1]·x[n+1] with copied ends', () => {
    // x = 1 2 3 5 → ψ[1] = 4 − 3 = 1, ψ[2] = 9 − 10 = −1
    const out = tkeo([1, 2, 3, 5]);
    expect(Array.from(out)).toEqual([1, 1, -1, -1]);
  });
  it('of a sine A·sin(Ωn) is the constant A²·sin²(Ω)', () => {
    const x = Array.from({ length: 100 }, (_, n) => 2 * Math.sin(0.3 * n));
    const psi = tkeo(x, new Float64Array(100));
    for (let n = 1; n < 99; n++) expect(psi[n]).toBeCloseTo(4 * Math.sin(0.3) ** 2, 10);
  });
});

describe('Hodges & Bui onsets', () => {
  const rate = 1000;
  // 1 s rest (|noise| SD 1), 0.5 s burst (SD 10), 1 s rest, 0.01 s blip, 0.5 s rest
  const g = gaussian(mulberry32(3));
  const x = new Float64Array(3010 + 500);
  for (let i = 0; i < x.length; i++) {
    const burst = (i >= 1000 && i < 1500) || (i >= 2500 && i < 2510);
    x[i] = g() * (burst ? 10 : 1);
  }

  it('restStats gives mean and population SD', () => {
    expect(restStats([1, 2, 3, 4])).toEqual({ mean: 2.5, sd: Math.sqrt(1.25) });
  });

  it('finds the burst within 25 ms and rejects the 10 ms blip', () => {
    const seg = detectOnsets(x, rate);
    expect(seg.length).toBe(1);
    expect(Math.abs(seg[0].startIndex - 1000)).toBeLessThanOrEqual(25);
    expect(Math.abs(seg[0].endIndex - 1500)).toBeLessThanOrEqual(25);
  });

  it('TKEO variant finds the same burst', () => {
    const seg = detectOnsetsTkeo(x, rate, { h: 3 });
    expect(seg.length).toBeGreaterThanOrEqual(1);
    expect(Math.abs(seg[0].startIndex - 1000)).toBeLessThanOrEqual(25);
  });
});
