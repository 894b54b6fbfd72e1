/**
 * ChannelLevelsAccumulator (src/metrics/channel-levels.ts) gives the levels analyzeSignals
 * computes from the whole decimated envelope, to the last bit, however the envelope is cut into
 * blocks: random envelopes (bursts, rests, runs of exact zeros), lengths shorter than a window,
 * interleaved lanes.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ChannelLevelsAccumulator } from '../../src/metrics/channel-levels';
import { quietestStretch } from '../../src/metrics/rest-estimate';
import { bestWindowMean } from '../../src/metrics/mvc';

function batch(x: Float64Array, rate: number, noiseWindow: number) {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return {
    noiseFloorUv: quietestStretch(x, noiseWindow).mean,
    peakEnvelopeUv: bestWindowMean(x, rate),
    meanEnvelopeUv: x.length ? s / x.length : 0,
  };
}

/** an envelope-like series: rest noise, bursts, optional leading zeros (a channel not yet recording) */
function envelope(seed: number, n: number, zeros: number): Float64Array {
  let r = seed >>> 0 || 1;
  const rnd = () => ((r = (r * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const x = new Float64Array(n);
  for (let i = zeros; i < n; i++) {
    const burst = Math.sin(i / 37) > 0.6 ? 60 + 40 * rnd() : 0;
    x[i] = 3 + 2 * rnd() + burst + (rnd() < 0.01 ? 300 : 0);
  }
  return x;
}

describe('ChannelLevelsAccumulator', () => {
  it('equals the batch levels bit for bit, any block cut, any length', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 }), fc.integer({ min: 0, max: 900 }), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 250 }), (seed, n, zeros, block) => {
        const rate = 100;
        const x = envelope(seed, n, Math.min(zeros, n));
        const acc = new ChannelLevelsAccumulator(rate, rate * 1);
        for (let i = 0; i < n; i += block) acc.push(x, i, Math.min(block, n - i));
        expect(acc.length).toBe(n);
        expect(acc.levels()).toEqual(batch(x, rate, rate));
      }),
      { numRuns: 300 },
    );
  });

  it('reads one lane of an interleaved block', () => {
    const a = envelope(7, 5000, 0);
    const b = envelope(8, 5000, 1200);
    const inter = new Float64Array(10000);
    for (let i = 0; i < 5000; i++) {
      inter[2 * i] = a[i];
      inter[2 * i + 1] = b[i];
    }
    const acc = new ChannelLevelsAccumulator(102.4, 102.4);
    for (let f = 0; f < 5000; f += 600) acc.push(inter, 2 * f + 1, Math.min(600, 5000 - f), 2);
    expect(acc.levels()).toEqual(batch(b, 102.4, 102.4));
  });

  it('an all-zero channel has a zero floor, peak and mean, like the batch functions', () => {
    const x = new Float64Array(3000);
    const acc = new ChannelLevelsAccumulator(100, 100);
    acc.push(x, 0, x.length);
    expect(acc.levels()).toEqual(batch(x, 100, 100));
    expect(acc.levels().noiseFloorUv).toBe(0);
  });
});
