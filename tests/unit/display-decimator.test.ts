/**
 * The display decimator: max-|x| per bucket for the filtered signal, last value for the envelope,
 * buckets across blocks, and every frame bounded (issue 10.1: every pushed message ≤ 16 KB) at
 * any channel count and block length.
 */
import { describe, expect, it } from 'vitest';
import { DisplayDecimator, MAX_FRAME_MESSAGE_BYTES, maxPointsPerFrame } from '../../src/host/display-decimator';
import type { LiveFrame } from '../../src/host/contract';

/** a block of `frames` × `ch` values from `value(frame, channel)` */
function block(frames: number, ch: number, value: (k: number, c: number) => number): Float64Array {
  const out = new Float64Array(frames * ch);
  for (let k = 0; k < frames; k++) for (let c = 0; c < ch; c++) out[k * ch + c] = value(k, c);
  return out;
}

/** the message the browser host sends for a frame */
function messageBytes(frame: LiveFrame): number {
  return Buffer.byteLength(JSON.stringify({ type: 'event', event: 'frame', payload: frame }));
}

describe('DisplayDecimator', () => {
  it('keeps the largest |x| (with its sign) and the last envelope value of each bucket, across blocks', () => {
    const d = new DisplayDecimator(2000, 1, 200); // factor 10
    expect(d.factor).toBe(10);
    const x = block(25, 1, (k) => (k === 3 ? -50 : k === 17 ? 40 : 1));
    const e = block(25, 1, (k) => k);
    const first = d.push(x.subarray(0, 15), e.subarray(0, 15), 15, 0, 0);
    expect(first).toHaveLength(1);
    expect(first[0].raw[0]).toEqual([-50]);
    expect(first[0].envelope[0]).toEqual([9]);
    // the second bucket began in the first block and ends in this one
    const second = d.push(x.subarray(15), e.subarray(15), 10, 15, 0);
    expect(second[0].raw[0]).toEqual([40]);
    expect(second[0].envelope[0]).toEqual([19]);
    expect(second[0].t0).toBeCloseTo(10 / 2000, 12);
  });

  it('cuts a long block into frames of at most maxPoints, in order, losing no point', () => {
    const ch = 32;
    const frames = 2000 * 3; // 3 s in one block (a stalled event loop, a replay at speed)
    const x = block(frames, ch, (k, c) => Math.sin(k / 7 + c) * 100);
    const e = block(frames, ch, (k, c) => k + c / 100);
    const bounded = new DisplayDecimator(2000, ch).push(x, e, frames, 0, 5);
    const [whole] = new DisplayDecimator(2000, ch, undefined, Infinity).push(x, e, frames, 0, 5);
    expect(whole.pointCount).toBe(600);
    const max = maxPointsPerFrame(ch);
    expect(bounded.length).toBe(Math.ceil(600 / max));
    let next = 0;
    for (let i = 0; i < bounded.length; i++) {
      const f = bounded[i];
      expect(f.seq).toBe(i);
      expect(f.pointCount).toBeLessThanOrEqual(max);
      expect(f.t0).toBeCloseTo(next / f.displayRateHz, 12);
      for (let c = 0; c < ch; c++) {
        expect(f.raw[c]).toEqual(whole.raw[c].slice(next, next + f.pointCount));
        expect(f.envelope[c]).toEqual(whole.envelope[c].slice(next, next + f.pointCount));
      }
      next += f.pointCount;
    }
    expect(next).toBe(600);
  });

  it('keeps every frame message ≤ 16 KB at 1 to 32 channels, even with the longest JSON numbers', () => {
    for (const ch of [1, 2, 8, 16, 24, 32]) {
      const frames = 4000;
      // -2.2250738585072014e-308 is the longest JSON form of a float64 (24 characters)
      const worst = block(frames, ch, () => -2.2250738585072014e-308);
      const d = new DisplayDecimator(2000, ch);
      const out = d.push(worst, worst, frames, 0, 123456.789);
      expect(out.length).toBeGreaterThan(1);
      for (const f of out) expect(messageBytes(f)).toBeLessThanOrEqual(MAX_FRAME_MESSAGE_BYTES);
      // and the bound is not so tight that frames are tiny: at least half the budget is used
      expect(messageBytes(out[0])).toBeGreaterThan(MAX_FRAME_MESSAGE_BYTES / 2);
    }
  });

  it('at 32 channels a normal 20 ms block is one frame of 4 points', () => {
    const ch = 32;
    const x = block(40, ch, (k, c) => (k - 20) * 12.345678901234 + c);
    const out = new DisplayDecimator(2000, ch).push(x, x, 40, 0, 0);
    expect(out).toHaveLength(1);
    expect(out[0].pointCount).toBe(4);
    expect(out[0].raw).toHaveLength(32);
    expect(messageBytes(out[0])).toBeLessThan(MAX_FRAME_MESSAGE_BYTES);
  });

  it('returns no frame while a bucket is still filling', () => {
    const d = new DisplayDecimator(2000, 2);
    const x = block(5, 2, () => 1);
    expect(d.push(x, x, 5, 0, 0)).toEqual([]);
    expect(() => new DisplayDecimator(2000, 2, 200, 0)).toThrow(/at least 1/);
  });
});
