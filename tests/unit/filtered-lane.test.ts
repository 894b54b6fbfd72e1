/**
 * The streamed analysis copies the target's filtered chunk out of the kernel's interleaved buffer
 * (EmgChain.filteredLane: assembly/lane-copy.ts in the SIMD instance, src/dsp/lane-copy.ts in JS)
 * and writes it to its spill file with SpillWriter.appendRun. Both must keep every bit:
 *   - filteredLane equals the lane read from inPlaceBuffers() sample by sample, SIMD and JS, for odd
 *     and even channel counts, every lane, short and full chunks, NaN and -0 kept bit for bit;
 *   - a spill written with appendRun (long runs direct, short ones staged), mixed with append,
 *     reads back exactly what was appended, in order;
 *   - SpillWindows gives every window exactly, read from the file or served from its read-ahead.
 */
import { describe, it, expect } from 'vitest';
import { EmgChain } from '../../src/dsp/emg-chain';
import { DEFAULT_DSP_SETTINGS } from '../../src/dsp/defaults';
import { SpillWindows, SpillWriter } from '../../src/analysis/spill-file';
import { mulberry32 } from '../../src/util/seeded-random';

function bitsEqual(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  const x = new BigUint64Array(a.buffer, a.byteOffset, a.length);
  const y = new BigUint64Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

describe('EmgChain.filteredLane', () => {
  it('is the lane of the in-place buffer, bit for bit, in the SIMD kernel and in JS', () => {
    const u = mulberry32(5);
    for (const kernel of ['auto', 'js'] as const) {
      for (const channels of [1, 2, 3, 4, 5, 8]) {
        const chain = new EmgChain(DEFAULT_DSP_SETTINGS, 2000, channels, { blockFrames: 3000, laneCopy: true, kernel });
        if (kernel === 'auto') expect(chain.kernel).toBe('wasm-simd');
        const b = chain.inPlaceBuffers();
        for (const frames of [3000, 1, 777]) {
          for (let f = 0; f < frames; f++) for (let c = 0; c < channels; c++) b.samples[f * b.stride + c] = 200 * (u() - 0.5);
          chain.processInPlace(frames);
          // special values survive the copy: a NaN with a payload, -0
          b.samples[0] = -0;
          new BigUint64Array(b.samples.buffer, b.samples.byteOffset, 2)[1] = 0x7ff8_dead_beef_0001n;
          for (let lane = 0; lane < channels; lane++) {
            const want = new Float64Array(frames);
            for (let f = 0; f < frames; f++) want[f] = b.samples[f * b.stride + lane];
            const got = chain.filteredLane(lane, frames);
            expect(bitsEqual(got, want), `${kernel}, ${channels} ch, lane ${lane}, ${frames} frames`).toBe(true);
          }
        }
        expect(() => chain.filteredLane(channels, 1)).toThrow();
      }
    }
  });
});

describe('SpillWindows', () => {
  it('gives every window exactly, whether read or served from the read-ahead, in any order', () => {
    const u = mulberry32(21);
    const n = 200_000;
    const all = new Float64Array(n);
    for (let k = 0; k < n; k++) all[k] = u() * 2000 - 1000;
    const w = new SpillWriter();
    w.appendRun(all);
    const r = new SpillWindows(w.finish(), n - 7); // the last samples are not part of the signal
    try {
      expect(r.length).toBe(n - 7);
      let from = 0;
      for (let i = 0; i < 400; i++) {
        // mostly forward in small steps (as analysis asks), sometimes back, far, long or past the end
        const jump = u() < 0.1 ? Math.floor(u() * n) - from : Math.floor(u() * 4000) - 500;
        from = Math.max(-10, Math.min(n + 10, from + jump));
        const len = u() < 0.05 ? Math.floor(u() * 80_000) : Math.floor(u() * 6000);
        const a = Math.max(0, from);
        const b = Math.max(a, Math.min(n - 7, from + len));
        const got = r.window(from, from + len);
        expect(got.length, `window ${from}+${len}`).toBe(b - a);
        expect(bitsEqual(got.slice(), all.slice(a, b)), `window ${from}+${len}`).toBe(true);
      }
    } finally {
      r.close();
    }
  });
});

describe('SpillWriter.appendRun', () => {
  it('reads back what was appended, long runs and short ones, mixed with append', () => {
    const u = mulberry32(9);
    const runs = [12000, 5, 8191, 8192, 70000, 1, 3000];
    const all: number[] = [];
    const w = new SpillWriter();
    for (const [i, n] of runs.entries()) {
      const v = new Float64Array(n);
      for (let k = 0; k < n; k++) v[k] = u() * 1e6 - 5e5;
      all.push(...v);
      if (i === 3) {
        // the interleaved append of the same values, stride 2
        const x = new Float64Array(2 * n);
        v.forEach((y, k) => (x[2 * k + 1] = y));
        w.append(x, 1, n, 2);
      } else w.appendRun(v);
    }
    const h = w.finish();
    expect(h.length).toBe(all.length);
    const r = new SpillWindows(h);
    try {
      expect(bitsEqual(r.window(0, all.length).slice(), Float64Array.from(all))).toBe(true);
      expect(Array.from(r.window(12003, 12010))).toEqual(all.slice(12003, 12010));
    } finally {
      r.close();
    }
  });
});
