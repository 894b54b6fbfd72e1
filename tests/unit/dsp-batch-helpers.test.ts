/**
 * The SIMD kernel's batch helpers (assembly/int-samples.ts, assembly/block-means.ts, run in the
 * kernel's memory through EmgChain.decodeIntLe / decodeIntLePair / decimateEnvelope) against their JS twins
 * (src/dsp/int-samples.ts, src/dsp/block-means.ts), which are also what the chain runs without
 * the kernel: the same numbers (=== on every value), for 16- and 24-bit samples at the extremes,
 * several record layouts and lanes, and block means continued across chunks of any size.
 */
import { describe, it, expect } from 'vitest';
import { EmgChain } from '../../src/dsp/emg-chain';
import { DEFAULT_DSP_SETTINGS } from '../../src/dsp/defaults';
import { decodeIntLe, type IntSampleLayout } from '../../src/dsp/int-samples';
import { mulberry32 } from '../../src/util/seeded-random';

describe('SIMD kernel batch helpers', () => {
  it('decode 16- and 24-bit little-endian records into a lane exactly like the JS decoder', () => {
    const u = mulberry32(99);
    for (const bps of [2, 3] as const) {
      for (const channels of [1, 3, 4]) {
        const spr = 50 + Math.floor(u() * 200);
        const signals = channels + 1; // one more signal in the record, not decoded
        const recordBytes = signals * spr * bps;
        const records = 7;
        const simd = new EmgChain(DEFAULT_DSP_SETTINGS, 2000, channels, { blockFrames: records * spr, inputBytes: records * recordBytes });
        const js = new EmgChain(DEFAULT_DSP_SETTINGS, 2000, channels, { kernel: 'js', blockFrames: records * spr, inputBytes: records * recordBytes });
        expect(simd.kernel).toBe('wasm-simd');
        for (const chain of [simd, js]) {
          const b = chain.inputBytes();
          expect(b.length).toBe(records * recordBytes);
          const r = mulberry32(bps * 10 + channels);
          for (let i = 0; i < b.length; i++) b[i] = Math.floor(r() * 256);
          // the extremes and zeros at known places of signal 0: -2^(n-1), 2^(n-1) - 1, 0
          const put = (at: number, v: number) => {
            for (let k = 0; k < bps; k++) b[at + k] = (v >> (8 * k)) & 255;
          };
          put(0, 0);
          put(bps, bps === 3 ? -8388608 : -32768);
          put(2 * bps, bps === 3 ? 8388607 : 32767);
        }
        for (let c = 0; c < channels; c++) {
          const l: IntSampleLayout = { bytesPerSample: bps, byteOffset: (c + 1) * spr * bps, recordBytes, samplesPerRecord: spr, gain: 0.03125 + u(), offset: u() * 100 - 50 };
          const frames = c === 0 ? records * spr : records * spr - 1 - Math.floor(u() * spr);
          const a = simd.decodeIntLe(l, frames, c, true);
          const z = js.decodeIntLe(l, frames, c, true);
          expect(a).toBe(z);
          const zeroLead = { ...l, byteOffset: 0, offset: 0 };
          expect(simd.decodeIntLe(zeroLead, frames, c, true)).toBe(1); // sample 0 of signal 0 is 0
          expect(js.decodeIntLe(zeroLead, frames, c, true)).toBe(1);
          expect(simd.decodeIntLe(zeroLead, frames, c, false)).toBe(-1);
          const sb = simd.inPlaceBuffers();
          const jb = js.inPlaceBuffers();
          for (let f = 0; f < frames; f++) expect(sb.samples[f * sb.stride + c]).toBe(jb.samples[f * jb.stride + c]);
          // and the plain JS decoder on the same bytes
          const x = new Float64Array(frames);
          decodeIntLe(js.inputBytes(), zeroLead, frames, x, 1, 0, false);
          expect(x[1]).toBe((bps === 3 ? -8388608 : -32768) * l.gain);
          expect(x[2]).toBe((bps === 3 ? 8388607 : 32767) * l.gain);
          for (let f = 0; f < frames; f++) expect(sb.samples[f * sb.stride + c]).toBe(x[f]);
        }
      }
    }
  });

  it('decode two signals into a lane pair at once (decodeIntLePair) exactly like the single decoder, first non-zero of each included', () => {
    const u = mulberry32(7);
    for (const bps of [2, 3] as const) {
      for (const channels of [2, 3, 4, 5]) {
        const spr = 40 + Math.floor(u() * 150);
        const signals = channels + 1;
        const recordBytes = signals * spr * bps;
        const records = 5;
        const opts = { blockFrames: records * spr, inputBytes: records * recordBytes };
        const pair = new EmgChain(DEFAULT_DSP_SETTINGS, 2000, channels, opts);
        const single = new EmgChain(DEFAULT_DSP_SETTINGS, 2000, channels, opts);
        const js = new EmgChain(DEFAULT_DSP_SETTINGS, 2000, channels, { ...opts, kernel: 'js' });
        expect(pair.kernel).toBe('wasm-simd');
        for (const chain of [pair, single, js]) {
          const b = chain.inputBytes();
          const r = mulberry32(bps * 100 + channels);
          for (let i = 0; i < b.length; i++) b[i] = Math.floor(r() * 256);
          // signal 1 starts with 3 zero samples (its first non-zero is frame 3), extremes after them
          for (let k = 0; k < 3 * bps; k++) b[spr * bps + k] = 0;
          const put = (at: number, v: number) => {
            for (let k = 0; k < bps; k++) b[at + k] = (v >> (8 * k)) & 255;
          };
          put(spr * bps + 3 * bps, bps === 3 ? -8388608 : -32768);
          put(spr * bps + 4 * bps, bps === 3 ? 8388607 : 32767);
          // the last signal decoded is all zero in the first record only
          for (let k = 0; k < spr * bps; k++) b[channels * spr * bps + k] = 0;
        }
        const layout = (c: number): IntSampleLayout => ({ bytesPerSample: bps, byteOffset: (c + 1) * spr * bps, recordBytes, samplesPerRecord: spr, gain: 0.03125 + u(), offset: c === 0 ? 0 : u() * 100 - 50 });
        const ls = Array.from({ length: channels }, (_, c) => layout(c));
        for (const frames of [records * spr, records * spr - 1 - Math.floor(u() * spr), 1]) {
          for (let c = 0; c + 1 < channels; c += 2) {
            for (const [findA, findB] of [[true, true], [false, true], [true, false]]) {
              const got = Array.from(pair.decodeIntLePair(ls[c], ls[c + 1], frames, c, findA, findB));
              const want = [single.decodeIntLe(ls[c], frames, c, findA), single.decodeIntLe(ls[c + 1], frames, c + 1, findB)];
              const wantJs = Array.from(js.decodeIntLePair(ls[c], ls[c + 1], frames, c, findA, findB));
              expect(got, `${bps} B, ${channels} ch, lanes ${c}/${c + 1}, ${frames} frames`).toEqual(want);
              expect(wantJs).toEqual(want);
            }
          }
          const p = pair.inPlaceBuffers();
          const q = single.inPlaceBuffers();
          const j = js.inPlaceBuffers();
          for (let c = 0; c + 1 < channels; c++) {
            for (let f = 0; f < frames; f++) {
              expect(p.samples[f * p.stride + c]).toBe(q.samples[f * q.stride + c]);
              expect(j.samples[f * j.stride + c]).toBe(q.samples[f * q.stride + c]);
            }
          }
        }
        expect(() => pair.decodeIntLePair(ls[0], ls[1], 1, 1, false, false)).toThrow(/even/);
        expect(() => pair.decodeIntLePair(ls[0], { ...ls[1], recordBytes: recordBytes + 1 }, 1, 0, false, false)).toThrow(/layout/);
      }
    }
  });

  it('refuses records outside the input buffer', () => {
    const chain = new EmgChain(DEFAULT_DSP_SETTINGS, 2000, 2, { blockFrames: 100, inputBytes: 600 });
    expect(chain.kernel).toBe('wasm-simd');
    expect(() => chain.decodeIntLe({ bytesPerSample: 3, byteOffset: 300, recordBytes: 600, samplesPerRecord: 100, gain: 1, offset: 0 }, 200, 0, false)).toThrow(/outside/);
  });

  it('decimate the envelope by block means across chunks exactly like the JS loop', () => {
    for (const channels of [1, 2, 5, 8]) {
      for (const factor of [1, 7, 20]) {
        const opts = { blockFrames: 3000, decimationFactor: factor };
        const simd = new EmgChain(DEFAULT_DSP_SETTINGS, 2000, channels, opts);
        const js = new EmgChain(DEFAULT_DSP_SETTINGS, 2000, channels, { ...opts, kernel: 'js' });
        const outS = Array.from({ length: channels }, () => new Float64Array(3000));
        const outJ = Array.from({ length: channels }, () => new Float64Array(3000));
        const allS: number[][] = Array.from({ length: channels }, () => []);
        const allJ: number[][] = Array.from({ length: channels }, () => []);
        let acc = 0;
        for (const frames of [1, 13, 3000, 19, 2999, 20, 0, 555]) {
          for (const chain of [simd, js]) {
            const b = chain.inPlaceBuffers();
            const r = mulberry32(frames + channels);
            for (let f = 0; f < frames; f++) for (let c = 0; c < channels; c++) b.samples[f * b.stride + c] = 200 * (r() - 0.5) + 30 * Math.sin(f / 9 + c);
            chain.processInPlace(frames);
          }
          const nS = simd.decimateEnvelope(frames, acc, outS);
          const nJ = js.decimateEnvelope(frames, acc, outJ);
          expect(nS).toBe(nJ);
          expect(nS).toBe(Math.floor((acc + frames) / factor));
          for (let c = 0; c < channels; c++) {
            allS[c].push(...outS[c].subarray(0, nS));
            allJ[c].push(...outJ[c].subarray(0, nJ));
          }
          acc = (acc + frames) % factor;
        }
        for (let c = 0; c < channels; c++) {
          expect(allS[c].length).toBeGreaterThan(0);
          expect(allS[c]).toEqual(allJ[c]);
          expect(allS[c].every((v, i) => Object.is(v, allJ[c][i]))).toBe(true);
        }
      }
    }
  });
});
