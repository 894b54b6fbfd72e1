/**
 * EmgChain.processInPlace (the batch analysis' path: samples decoded straight into the chain's own
 * buffers, the SIMD kernel's memory, filtered there without a copy) gives the very numbers of
 * process(), with the SIMD kernel and with the JS loop, for odd and even channel counts, blocks
 * of any size up to the capacity, and through a NaN sample (the restart rule at a block's end).
 */
import { describe, expect, it } from 'vitest';
import { EmgChain } from '../../src/dsp/emg-chain';
import { DEFAULT_DSP_SETTINGS } from '../../src/dsp/defaults';

function signal(channels: number, frames: number, seed: number): Float64Array {
  let s = seed >>> 0 || 1;
  const x = new Float64Array(channels * frames);
  for (let i = 0; i < x.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const f = Math.floor(i / channels);
    x[i] = ((s >>> 0) / 2 ** 32 - 0.5) * (Math.sin(f / 900) > 0.2 ? 800 : 30) + 2000 + 50 * Math.sin((2 * Math.PI * 50 * f) / 2000);
  }
  return x;
}

describe('EmgChain.processInPlace', () => {
  for (const kernel of ['auto', 'js'] as const) {
    for (const channels of [1, 3, 4, 5, 8]) {
      it(`${kernel === 'auto' ? 'SIMD' : 'JS'} kernel, ${channels} ch: the same numbers as process()`, () => {
        const settings = { ...DEFAULT_DSP_SETTINGS, mains: 50 as const, mainsHarmonics: channels === 5 ? 3 : 1 };
        const frames = 20000;
        const x = signal(channels, frames, 17 + channels);
        x[7000 * channels] = NaN; // the restart rule
        const ref = new EmgChain(settings, 2000, channels, { kernel });
        const refF = new Float64Array(x.length);
        const refE = new Float64Array(x.length);
        const ip = new EmgChain(settings, 2000, channels, { kernel, blockFrames: 6000 });
        if (kernel === 'auto') expect(ip.kernel).toBe('wasm-simd');
        const b = ip.inPlaceBuffers();
        expect(b.frames).toBeGreaterThanOrEqual(6000);
        expect(b.stride).toBeGreaterThanOrEqual(channels);
        expect(ip.inPlaceBuffers()).toBe(b);
        const got = new Float64Array(x.length);
        const gotE = new Float64Array(x.length);
        let at = 0;
        for (const n of [6000, 1, 5999, 3000, 5000]) {
          ref.process(x.subarray(at * channels, (at + n) * channels), n, refF.subarray(at * channels), refE.subarray(at * channels));
          for (let f = 0; f < n; f++) for (let c = 0; c < channels; c++) b.samples[f * b.stride + c] = x[(at + f) * channels + c];
          ip.processInPlace(n);
          for (let f = 0; f < n; f++) {
            for (let c = 0; c < channels; c++) {
              got[(at + f) * channels + c] = b.samples[f * b.stride + c];
              gotE[(at + f) * channels + c] = b.envelope[f * b.stride + c];
            }
          }
          at += n;
        }
        expect(at).toBe(frames);
        for (let i = 0; i < x.length; i++) {
          if (!Object.is(got[i], refF[i]) || !Object.is(gotE[i], refE[i])) {
            expect([i, got[i], gotE[i]]).toEqual([i, refF[i], refE[i]]);
          }
        }
        expect(() => ip.processInPlace(b.frames + 1)).toThrow(/buffers hold/);
      });
    }
  }
});
