import { describe, it, expect } from 'vitest';
import { assessChannelQuality } from '../../src/metrics/signal-quality';
import { mulberry32 } from '../../src/util/seeded-random';
import { gaussian } from './metrics-helpers';

const rate = 2000;
const FS = 187500; // ±187.5 mV rails (24-bit, gain 24)

function noise(sd: number, n = 4000, seed = 1): Float64Array {
  const g = gaussian(mulberry32(seed));
  return Float64Array.from({ length: n }, () => sd * g());
}

describe('signal quality', () => {
  it('clean: 3 µV white noise → good, noise ≈ band share of 3 µV', () => {
    const q = assessChannelQuality(noise(3), rate, 50, FS, 0);
    expect(q.verdict).toBe('good');
    expect(q.reasons).toEqual([]);
    // white noise: 20-450 Hz minus the mains bins (±2 bins of 3.9 Hz) ≈ 0.28 of the power → ≈ 3·√0.28 ≈ 1.6 µV
    expect(q.baselineNoiseUv).toBeGreaterThan(1.2);
    expect(q.baselineNoiseUv).toBeLessThan(2.4);
    // white noise puts ≈ 19 harmonics × 5 bins / 990 bins ≈ 0.1 of its power in the mains bands
    expect(q.mainsPowerRatio).toBeLessThan(0.15);
    expect(q.clippingRatio).toBe(0);
  });

  it('flat line and constant signals → bad, electrode off', () => {
    const flat = assessChannelQuality(new Float64Array(4000).fill(1234), rate, 50, FS, 2);
    expect(flat.verdict).toBe('bad');
    expect(flat.channel).toBe(2);
    expect(flat.reasons[0]).toMatch(/flat line/);
    expect(assessChannelQuality(noise(0.2), rate, 50, FS, 0).verdict).toBe('bad');
  });

  it('clipping: 0.5 % at the rails → check, 2 % → bad', () => {
    const x = noise(3);
    for (let i = 0; i < 20; i++) x[i * 150] = FS; // 20 / 4000 = 0.5 %
    const q = assessChannelQuality(x, rate, 50, FS, 0);
    expect(q.clippingRatio).toBeCloseTo(0.005, 6);
    expect(q.verdict).toBe('check');
    for (let i = 0; i < 80; i++) x[i * 50 + 7] = -FS; // + 80 → 2.5 %
    const b = assessChannelQuality(x, rate, 50, FS, 0);
    expect(b.verdict).toBe('bad');
    expect(b.reasons.join(' ')).toMatch(/clipping: 2\.5 %/);
  });

  it('mains: hum power ratio decides check / bad', () => {
    // white noise SD 3 (power 9) + 50 Hz sine of amplitude A (power A²/2); above 10 Hz the noise keeps 99 %
    const mk = (amp: number) => {
      const x = noise(3);
      for (let n = 0; n < x.length; n++) x[n] += amp * Math.sin((2 * Math.PI * 50 * n) / rate);
      return assessChannelQuality(x, rate, 50, FS, 0);
    };
    const check = mk(3.6); // 6.48 / (6.48 + 8.9) ≈ 0.42
    expect(check.mainsPowerRatio).toBeGreaterThan(0.35);
    expect(check.mainsPowerRatio).toBeLessThan(0.5);
    expect(check.verdict).toBe('check');
    const bad = mk(10); // 50 / 58.9 ≈ 0.85
    expect(bad.mainsPowerRatio).toBeGreaterThan(0.8);
    expect(bad.verdict).toBe('bad');
    expect(bad.reasons[0]).toMatch(/mains 50 Hz is \d+ % of the power/);
    // the mains band is left out of the noise figure, so the hum does not count twice
    expect(bad.baselineNoiseUv).toBeLessThan(2.4);
    // 60 Hz hum checked with mains = 50 → not counted as mains
    const x = noise(3);
    for (let n = 0; n < x.length; n++) x[n] += 10 * Math.sin((2 * Math.PI * 60 * n) / rate);
    expect(assessChannelQuality(x, rate, 50, FS, 0).mainsPowerRatio).toBeLessThan(0.15);
  });

  it('noise: 20 µV → check, 50 µV → bad; the quietest 250 ms counts (a contraction is not noise)', () => {
    expect(assessChannelQuality(noise(20 / Math.sqrt(0.42)), rate, 50, FS, 0).verdict).toBe('check');
    expect(assessChannelQuality(noise(50 / Math.sqrt(0.42)), rate, 50, FS, 0).verdict).toBe('bad');
    const x = noise(3);
    for (let i = 2000; i < 4000; i++) x[i] *= 100; // contraction in the second half
    const q = assessChannelQuality(x, rate, 50, FS, 0);
    expect(q.baselineNoiseUv).toBeLessThan(2.4);
  });

  it('rate below 1000 Hz → check with a plain reason', () => {
    const q = assessChannelQuality(noise(3, 500), 250, 50, FS, 0);
    expect(q.verdict).toBe('check');
    expect(q.reasons[0]).toMatch(/250 Hz is below 1000 Hz/);
  });
});

describe('signal quality: harmonic hum', () => {
  const withHum = (a100: number, a150 = 0, seed = 3) => {
    const x = noise(3, 4000, seed);
    for (let n = 0; n < x.length; n++) {
      x[n] += 1.5 * Math.sin((2 * Math.PI * 50 * n) / rate) + a100 * Math.sin((2 * Math.PI * 100 * n) / rate + 0.4) + a150 * Math.sin((2 * Math.PI * 150 * n) / rate);
    }
    return x;
  };
  it('white noise and a 50 Hz line alone: no harmonic hum reported', () => {
    const q = assessChannelQuality(withHum(0), rate, 50, FS, 0);
    expect(q.harmonicPowerRatio).toBeLessThan(0.03);
    expect(q.reasons.join(' ')).not.toMatch(/harmonic/);
  });
  it('100 Hz at ~27 % of the power left after the 50 Hz notch → check, says to notch the harmonics', () => {
    // noise power ≈ 9 (above 10 Hz ≈ 8.9); 100 Hz sine of amplitude 2.3: 2.6 / (2.6 + 8.9) ≈ 0.23-0.27
    const q = assessChannelQuality(withHum(2.3), rate, 50, FS, 0);
    expect(q.harmonicPowerRatio).toBeGreaterThan(0.18);
    expect(q.harmonicPowerRatio).toBeLessThan(0.32);
    expect(q.verdict).toBe('check');
    expect(q.reasons.join(' ')).toMatch(/mains harmonics \(100 Hz\) are \d+ % of the power left after the 50 Hz notch: notch the harmonics too/);
    // once the harmonics are notched it is only noted (the overall mains ratio still counts them)
    const n = assessChannelQuality(withHum(2.3), rate, 50, FS, 0, { harmonicsNotched: 3 });
    expect(n.reasons.join(' ')).toMatch(/they are notched/);
    expect(n.reasons.join(' ')).not.toMatch(/notch the harmonics too/);
  });
  it('names both harmonics when both carry hum', () => {
    const q = assessChannelQuality(withHum(2, 2), rate, 50, FS, 0);
    expect(q.reasons.join(' ')).toMatch(/mains harmonics \(100 Hz and 150 Hz\)/);
  });
});
