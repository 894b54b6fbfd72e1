import { describe, it, expect } from 'vitest';
import { RepDetector } from '../../src/metrics/rep-detector';
import { syntheticEnvelope, type EnvelopeSpec } from './metrics-helpers';

function run(spec: EnvelopeSpec) {
  const { env, rateHz, starts, ends } = syntheticEnvelope(spec);
  const d = new RepDetector({ rateHz });
  const reps: { startS: number; endS: number; peak: number }[] = [];
  let startsSeen = 0;
  for (let i = 0; i < env.length; i++) {
    const e = d.push(env[i], i / rateHz);
    if (e?.kind === 'start') startsSeen++;
    if (e?.kind === 'end') reps.push(e);
  }
  return { reps, starts, ends, startsSeen };
}

describe('RepDetector', () => {
  it('counts 8 clean reps with start/end within 0.25 s of the true burst', () => {
    const { reps, starts, ends, startsSeen } = run({ reps: 8 });
    expect(reps.length).toBe(8);
    expect(startsSeen).toBe(8);
    reps.forEach((r, i) => {
      expect(Math.abs(r.startS - starts[i])).toBeLessThan(0.25);
      expect(Math.abs(r.endS - ends[i])).toBeLessThan(0.25);
    });
  });

  it('counts reps under noise (SD 2 µV on a 5 µV rest)', () => {
    expect(run({ reps: 10, noiseSdUv: 2, seed: 11 }).reps.length).toBe(10);
  });

  it('counts exactly under noise for 20 different noise seeds', () => {
    for (let seed = 1; seed <= 20; seed++) expect(run({ reps: 8, noiseSdUv: 2, seed, peakUv: (i) => 60 + 10 * (i % 5) }).reps.length, `seed ${seed}`).toBe(8);
  });

  it('counts reps with baseline drift (+0.3 µV/s, 5 → 20 µV)', () => {
    expect(run({ reps: 12, noiseSdUv: 1, driftUvPerS: 0.3, seed: 5 }).reps.length).toBe(12);
  });

  it('counts reps of varying height (50-100 % of the top rep)', () => {
    expect(run({ reps: 12, noiseSdUv: 1.5, peakUv: (i) => 50 + ((i * 37) % 51), seed: 9 }).reps.length).toBe(12);
  });

  it('separates reps with short (0.8 s) rests', () => {
    expect(run({ reps: 6, restUv: 3, noiseSdUv: 0.5, repS: 3, gapS: 0.8, peakUv: (i) => (i % 2 ? 20 : 40) }).reps.length).toBe(6);
  });

  it('merges chatter: a 0.1 s dip inside a rep does not split it', () => {
    const rate = 100;
    const env = new Float64Array(600).fill(5);
    for (let i = 200; i < 400; i++) env[i] = 80;
    for (let i = 290; i < 300; i++) env[i] = 5; // 0.1 s dip
    const d = new RepDetector({ rateHz: rate });
    const ends = [];
    for (let i = 0; i < env.length; i++) {
      const e = d.push(env[i], i / rate);
      if (e?.kind === 'end') ends.push(e);
    }
    expect(ends.length).toBe(1);
    expect(ends[0].startS).toBeCloseTo(1.99, 1);
    expect(ends[0].endS).toBeCloseTo(4.0, 1);
  });

  it('ignores bursts shorter than 0.4 s', () => {
    const rate = 100;
    const env = new Float64Array(500).fill(5);
    for (let i = 200; i < 225; i++) env[i] = 80; // 0.25 s
    const d = new RepDetector({ rateHz: rate });
    const events = [];
    for (let i = 0; i < env.length; i++) {
      const e = d.push(env[i], i / rate);
      if (e) events.push(e);
    }
    expect(events).toEqual([]);
  });

  it('recovers when the stream starts mid-contraction (warm-up learns a wrong rest)', () => {
    const rate = 100;
    // square reps: 2 s at 80 µV, 2 s at 4 µV, starting at 80; 15 reps in 60 s
    const d = new RepDetector({ rateHz: rate });
    let n = 0;
    for (let i = 0; i < 60 * rate; i++) if (d.push((i / rate) % 4 < 2 ? 80 : 4, i / rate)?.kind === 'end') n++;
    expect(n).toBeGreaterThanOrEqual(13);
    expect(d.thresholds.rest).toBeLessThan(5);
  });

  it('uses a known rest (from a calibration) without warm-up', () => {
    const d = new RepDetector({ rateHz: 100, rest: { mean: 5, sd: 1 } });
    // on = 5 + max(3·1, 0, 2) = 8
    expect(d.thresholds.on).toBe(8);
  });
});
