import { describe, it, expect } from 'vitest';
import { shareOf, targetShare } from '../../src/metrics/target-share';
import { coContractionPct } from '../../src/metrics/co-contraction';
import { computeRepMetrics } from '../../src/metrics/rep-metrics';
import { bestWindowMean, normaliseInto, RunningBestWindowMean, toPct } from '../../src/metrics/mvc';

describe('target share and %COCON', () => {
  it('T = 2, A = 1 → share 2/3, COCON = 2·1/3·100 = 66.7 %', () => {
    const t = [2, 2, 2, 2];
    const a = [1, 1, 1, 1];
    expect(targetShare(t, a, 0, 4, 0)).toBeCloseTo(2 / 3, 12);
    expect(coContractionPct(t, a)).toBeCloseTo(66.6667, 3);
  });
  it('identical signals → COCON 100 %, share 0.5; disjoint → COCON 0', () => {
    expect(coContractionPct([10, 20, 30], [10, 20, 30])).toBeCloseTo(100, 12);
    expect(targetShare([10, 20, 30], [10, 20, 30])).toBeCloseTo(0.5, 12);
    expect(coContractionPct([10, 0], [0, 10])).toBe(0);
  });
  it('skips samples where both are under the floor', () => {
    // samples: (1,1) skipped, (30,10) → 0.75, (10,30) → 0.25 ⇒ 0.5; with floor 0 the first adds 0.5 too
    expect(targetShare([1, 30, 10], [1, 10, 30], 0, 3, 2)).toBeCloseTo(0.5, 12);
    expect(targetShare([1, 1], [1, 1])).toBeNull();
    expect(shareOf(40, 10)).toBeCloseTo(0.8, 12);
    expect(shareOf(1, 1)).toBeNull();
  });
  it('COCON by hand: T = [4, 2], A = [2, 6] → 2·(2+2)/(6+8)·100 = 57.14 %', () => {
    expect(coContractionPct([4, 2], [2, 6])).toBeCloseTo(57.142857, 5);
  });
});

describe('MVC helpers', () => {
  it('bestWindowMean finds the best 500 ms mean, not the spike', () => {
    const rate = 100;
    const x = new Float64Array(300).fill(10);
    for (let i = 100; i < 150; i++) x[i] = 200; // 0.5 s plateau
    x[250] = 10000; // single spike: a plain window mean would be 10 + 9990/50 = 209.8
    expect(bestWindowMean(x, rate, 500, 0, 240)).toBeCloseTo(200, 10);
    expect(bestWindowMean(x, rate)).toBeCloseTo(200, 10);
  });
  it('a motion spike (30 ms raw → ~150 ms of a 100 ms RMS envelope) does not become the reference; reps keep their level', () => {
    const rate = 100;
    const x = new Float64Array(20 * rate).fill(5);
    // three reps: raised-cosine envelopes of 2 s peaking at 200 µV
    for (const s0 of [2, 6, 10]) for (let i = 0; i < 2 * rate; i++) x[s0 * rate + i] += 195 * 0.5 * (1 - Math.cos((2 * Math.PI * i) / (2 * rate)));
    const clean = bestWindowMean(x, rate);
    // a 30 ms artefact of ~3000 µV: in the 100 ms RMS envelope √(0.3)·3000 ≈ 1640 µV, ramping over 100 ms each side
    for (let i = 0; i < 15; i++) x[15 * rate + i] = 5 + 1640 * Math.min(1, (i + 1) / 5, (15 - i) / 5);
    const withSpike = bestWindowMean(x, rate);
    let plain = 0; // the old reference: the plain best 500 ms mean
    for (let i = 0; i + 50 <= x.length; i++) {
      let s = 0;
      for (let j = i; j < i + 50; j++) s += x[j];
      plain = Math.max(plain, s / 50);
    }
    console.log(`session peak with a motion spike: plain 500 ms mean ${plain.toFixed(0)} µV, capped ${withSpike.toFixed(0)} µV, reps alone ${clean.toFixed(0)} µV`);
    expect(plain).toBeGreaterThan(1.3 * clean); // the bug: % values would read ≥ 25 % low
    expect(withSpike).toBeCloseTo(clean, 6);
    // a rep is not capped: its level equals the plain mean of its best window
    let repPlain = 0;
    for (let i = 0; i + 50 <= 14 * rate; i++) {
      let s = 0;
      for (let j = i; j < i + 50; j++) s += x[j];
      repPlain = Math.max(repPlain, s / 50);
    }
    expect(clean).toBeCloseTo(repPlain, 9);
    const r = new RunningBestWindowMean(rate);
    for (const v of x) r.push(v);
    expect(r.value).toBeCloseTo(clean, 9);
  });
  it('running best window mean matches the batch one', () => {
    const x = Array.from({ length: 500 }, (_, i) => 50 + 40 * Math.sin(i / 20));
    const r = new RunningBestWindowMean(100);
    for (const v of x) r.push(v);
    expect(r.value).toBeCloseTo(bestWindowMean(x, 100), 9);
  });
  it('normalises to %', () => {
    expect(toPct(50, 200)).toBe(25);
    expect(toPct(50, 0)).toBe(0);
    expect(Array.from(normaliseInto([100, 200], 400, new Float64Array(2)))).toEqual([25, 50]);
  });
});

describe('rep metrics', () => {
  // 100 Hz, rep from 1.0 s to 3.0 s; target triangle peaking at 1.5 s (60 %), assisting flat 20 %
  const rate = 100;
  const t = new Float64Array(400);
  const a = new Float64Array(400);
  for (let i = 100; i <= 300; i++) {
    const s = i / rate;
    t[i] = s <= 1.5 ? 60 * ((s - 1) / 0.5) : 60 * ((3 - s) / 1.5);
    a[i] = 20;
  }
  const m = computeRepMetrics({ index: 1, startS: 1, endS: 3, rateHz: rate, t0S: 0, targetPct: t, assistPct: a });
  it('time under tension and concentric/eccentric split from the peak', () => {
    expect(m.tutS).toBe(2);
    expect(m.concentricS).toBeCloseTo(0.5, 10);
    expect(m.eccentricS).toBeCloseTo(1.5, 10);
  });
  it('peak and mean % of the target (triangle mean = half the peak)', () => {
    expect(m.targetPeakPct).toBeCloseTo(60, 10);
    expect(m.targetMeanPct).toBeCloseTo(30, 0);
    expect(m.assistMeanPct).toBe(20);
    expect(m.assistPeakPct).toBe(20);
  });
  it('no split when the peak is at an end', () => {
    const ramp = Float64Array.from({ length: 400 }, (_, i) => i);
    const r = computeRepMetrics({ index: 1, startS: 1, endS: 3, rateHz: rate, t0S: 0, targetPct: ramp, assistPct: null });
    expect(r.concentricS).toBeNull();
    expect(r.eccentricS).toBeNull();
    // one channel: no share and no co-contraction (shown "—", not 100 % / 0 %)
    expect(r.targetShare).toBeNaN();
    expect(r.coContractionPct).toBeNaN();
  });
});
