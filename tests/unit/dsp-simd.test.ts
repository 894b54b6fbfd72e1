/**
 * The WebAssembly SIMD kernel (assembly/emg-kernel.ts via src/dsp/simd-kernel.ts) against the JS
 * chain it replaces and against scipy:
 *   - it is built and loads (npm test builds dist/ first; a missing kernel fails here, it is not skipped);
 *   - bit-identical to the JS loop (=== on every sample of both outputs) on random signals, for odd
 *     and even channel counts, block sizes 1 / 7 / 4096 and mixed, several rates, windows and notch
 *     settings, through NaN/Infinity samples (the restart rule) and reset();
 *   - within 1e-12 (max|error| / max|reference|) of scipy's sosfilt chain and RMS envelope
 *     (/work/shared/reference);
 *   - a missing kernel falls back to the JS loop with the same numbers.
 */
import { describe, it, expect, beforeAll, afterEach } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { EmgChain } from '../../src/dsp/emg-chain';
import { DEFAULT_DSP_SETTINGS } from '../../src/dsp/defaults';
import { loadEmgKernel, resetEmgKernelCache, SimdChainKernel } from '../../src/dsp/simd-kernel';
import type { DspSettings } from '../../src/host/contract';
import { REFERENCE_DIR } from '../helpers/shared-data';
import { mulberry32 } from '../../src/util/seeded-random';
import { useTempDirs } from '../helpers/test-cleanups';

/** EMG-like interleaved µV: noise with bursts, hum, a DC offset and occasional large steps. */
function signal(channels: number, frames: number, seed: number): Float64Array {
  const u = mulberry32(seed);
  const x = new Float64Array(channels * frames);
  for (let f = 0; f < frames; f++) {
    for (let c = 0; c < channels; c++) {
      const burst = Math.sin((2 * Math.PI * f) / 3000) > 0.3 ? 400 : 20;
      x[f * channels + c] = burst * (u() - 0.5) + 30 * Math.sin(0.157 * f + c) + 100 * c + (u() < 0.001 ? 5000 : 0);
    }
  }
  return x;
}

/** Runs the chain over x in blocks whose sizes cycle through `blocks`. */
function run(chain: EmgChain, x: Float64Array, blocks: number[]): { filtered: Float64Array; envelope: Float64Array } {
  const C = chain.channelCount;
  const frames = x.length / C;
  const filtered = new Float64Array(x.length);
  const envelope = new Float64Array(x.length);
  for (let f = 0, b = 0; f < frames; b++) {
    const n = Math.min(blocks[b % blocks.length], frames - f);
    chain.process(x.subarray(f * C, (f + n) * C), n, filtered.subarray(f * C, (f + n) * C), envelope.subarray(f * C, (f + n) * C));
    f += n;
  }
  return { filtered, envelope };
}

/** index of the first difference (Object.is: NaN equals NaN, +0 differs from −0), -1 when none */
function firstDifference(a: Float64Array, b: Float64Array): number {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

function expectIdentical(settings: DspSettings, rate: number, channels: number, x: Float64Array, blocks: number[]): void {
  const js = new EmgChain(settings, rate, channels, { kernel: 'js' });
  const simd = new EmgChain(settings, rate, channels);
  expect(js.kernel).toBe('js');
  expect(simd.kernel).toBe('wasm-simd');
  const a = run(js, x, blocks);
  const b = run(simd, x, blocks);
  const label = `${channels} ch, ${rate} Hz, blocks ${blocks.join('/')}`;
  expect(firstDifference(a.filtered, b.filtered), `filtered, ${label}`).toBe(-1);
  expect(firstDifference(a.envelope, b.envelope), `envelope, ${label}`).toBe(-1);
}

describe('WebAssembly SIMD kernel', () => {
  beforeAll(() => {
    resetEmgKernelCache();
    const m = loadEmgKernel();
    expect(m.module, `the SIMD kernel did not load: ${m.reason ?? ''} (npm test builds it; run \`node scripts/build.mjs\`)`).not.toBeNull();
  });

  it('is bit-identical to the JS chain for channel counts 1-9, 16, 33 and block sizes 1, 7, 4096', () => {
    for (const channels of [1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 33]) {
      const x = signal(channels, 6000, channels);
      for (const blocks of [[1], [7], [4096], [1, 7, 4096, 333]]) {
        if (blocks[0] === 1 && blocks.length === 1 && channels > 9) continue; // 1-frame blocks: the small counts cover it
        expectIdentical(DEFAULT_DSP_SETTINGS, 2000, channels, x, blocks);
      }
    }
  });

  it('is bit-identical for every pass grouping: 1-10 channels × 5-7 sections, windows longer than a tile, blocks across tiles and chunks', () => {
    // the kernel runs 4 pairs per section (section4), 2 pairs two sections at a time
    // (section2x2 + section2 for an odd count), 1 pair four sections at a time (section1x4 +
    // section1); tiles of 512 frames; chunks of 32768 samples in process(). 1-10 channels are
    // 1-5 pairs: every grouping and remainder; mainsHarmonics 1-3 make 5, 6 and 7 sections.
    for (const channels of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
      for (const mainsHarmonics of [1, 2, 3]) {
        const settings: DspSettings = { ...DEFAULT_DSP_SETTINGS, mains: 50, mainsHarmonics, rmsWindowMs: 300 };
        // 4000 Hz: a 1200-sample RMS window (over two tiles), the ring wrapping inside tiles and at their edges
        const x = signal(channels, 9000, 100 + channels);
        expectIdentical(settings, 4000, channels, x, [511, 1, 4097, 1024, 3000]);
      }
    }
    // a one-sample window (the ring wraps on every frame)
    expectIdentical({ ...DEFAULT_DSP_SETTINGS, rmsWindowMs: 0.4 }, 2000, 5, signal(5, 3000, 77), [700, 2]);
  });

  it('is bit-identical over random settings, rates and block sizes (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          channels: fc.integer({ min: 1, max: 12 }),
          rate: fc.constantFrom(500, 1000, 1024, 2000, 2148, 4000),
          highpassHz: fc.double({ min: 5, max: 60, noNaN: true }),
          lowpassHz: fc.double({ min: 150, max: 500, noNaN: true }),
          mains: fc.constantFrom<DspSettings['mains']>(50, 60, 'off'),
          notchQ: fc.double({ min: 5, max: 50, noNaN: true }),
          rmsWindowMs: fc.integer({ min: 1, max: 300 }),
          blocks: fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 4 }),
          seed: fc.integer({ min: 1, max: 1 << 30 }),
        }),
        (p) => {
          const settings: DspSettings = { highpassHz: p.highpassHz, lowpassHz: p.lowpassHz, mains: p.mains, notchQ: p.notchQ, rmsWindowMs: p.rmsWindowMs };
          expectIdentical(settings, p.rate, p.channels, signal(p.channels, 3000, p.seed), p.blocks);
        },
      ),
      { numRuns: 40, seed: 20261201 },
    );
  });

  it('restarts a channel poisoned by NaN / Infinity exactly like the JS chain, and resets the same', () => {
    for (const channels of [3, 8]) {
      const x = signal(channels, 5000, 7);
      x[1000 * channels + 1] = NaN;
      x[2500 * channels + (channels - 1)] = Infinity;
      x[4000 * channels] = -1e308; // overflows to -Infinity inside the filter
      expectIdentical(DEFAULT_DSP_SETTINGS, 2000, channels, x, [7, 500]);
      const js = new EmgChain(DEFAULT_DSP_SETTINGS, 2000, channels, { kernel: 'js' });
      const simd = new EmgChain(DEFAULT_DSP_SETTINGS, 2000, channels);
      run(js, x, [300]);
      run(simd, x, [300]);
      js.reset();
      simd.reset();
      const y = signal(channels, 3000, 9);
      const a = run(js, y, [64]);
      const b = run(simd, y, [64]);
      expect(firstDifference(a.filtered, b.filtered)).toBe(-1);
      expect(firstDifference(a.envelope, b.envelope)).toBe(-1);
      // the poisoned channel recovered: finite output after the restart
      expect(b.envelope.every(Number.isFinite)).toBe(true);
    }
  });

  it('takes initial delay-register states per channel and section (generic section list)', () => {
    // 3 sections of a made-up cascade over 3 channels, one state set: the output equals the
    // textbook recurrence from that state
    const coef = Float64Array.of(0.5, 0.1, -0.2, -0.3, 0.05, 1, -1.9, 1, -1.8, 0.85, 0.9, 0.2, 0.1, 0.1, 0.2);
    const k = SimdChainKernel.create(coef, 3, 4)!;
    expect(k).not.toBeNull();
    expect(k.sectionCount).toBe(3);
    k.setSectionState(2, 1, 0.25, -0.5);
    expect(k.sectionState(2, 1)).toEqual([0.25, -0.5]);
    const frames = 50;
    const x = signal(3, frames, 3);
    const out = new Float64Array(x.length);
    const env = new Float64Array(x.length);
    k.process(x, frames, out, env);
    for (let c = 0; c < 3; c++) {
      const z = [0, 0, 0, 0, 0, 0];
      if (c === 2) [z[2], z[3]] = [0.25, -0.5];
      const ring = [0, 0, 0, 0];
      let sum = 0;
      for (let f = 0; f < frames; f++) {
        let v = x[f * 3 + c];
        for (let s = 0; s < 3; s++) {
          const [b0, b1, b2, a1, a2] = coef.subarray(5 * s, 5 * s + 5);
          const y = b0 * v + z[2 * s];
          z[2 * s] = b1 * v - a1 * y + z[2 * s + 1];
          z[2 * s + 1] = b2 * v - a2 * y;
          v = y;
        }
        expect(out[f * 3 + c]).toBe(v);
        const sq = v * v;
        sum += sq - ring[f % 4];
        ring[f % 4] = sq;
        if (f % 4 === 3) sum = ring[0] + ring[1] + ring[2] + ring[3];
        expect(env[f * 3 + c]).toBe(sum > 0 ? Math.sqrt(sum * 0.25) : 0);
      }
    }
  });

  it('runs any number of sections (1-9) over 1-10 channels from set states, equal to the textbook recurrence', () => {
    const u = mulberry32(4242);
    for (let S = 1; S <= 9; S++) {
      // stable made-up sections: poles inside the unit circle (a2 in (0, 0.9), |a1| < 1 + a2)
      const coef = new Float64Array(5 * S);
      for (let s = 0; s < S; s++) {
        const a2 = 0.9 * u();
        coef.set([u() - 0.5, u() - 0.5, u() - 0.5, (2 * u() - 1) * (1 + a2) * 0.95, a2], 5 * s);
      }
      for (const C of [1, 2, 3, 4, 5, 7, 8, 10]) {
        const W = 1 + ((S * 7 + C) % 9);
        const k = SimdChainKernel.create(coef, C, W)!;
        expect(k.sectionCount).toBe(S);
        const z0 = Array.from({ length: C * S * 2 }, () => u() - 0.5);
        for (let c = 0; c < C; c++) for (let s = 0; s < S; s++) k.setSectionState(c, s, z0[(c * S + s) * 2], z0[(c * S + s) * 2 + 1]);
        const frames = 700; // over a tile edge (512)
        const x = signal(C, frames, S * 100 + C);
        const out = new Float64Array(x.length);
        const env = new Float64Array(x.length);
        k.process(x.subarray(0, 300 * C), 300, out.subarray(0, 300 * C), env.subarray(0, 300 * C));
        k.process(x.subarray(300 * C), frames - 300, out.subarray(300 * C), env.subarray(300 * C));
        for (let c = 0; c < C; c++) {
          const z = z0.slice(c * S * 2, (c + 1) * S * 2);
          const ring = new Float64Array(W);
          let sum = 0;
          let bad = -1;
          for (let f = 0; f < frames && bad < 0; f++) {
            let v = x[f * C + c];
            for (let s = 0; s < S; s++) {
              const [b0, b1, b2, a1, a2] = coef.subarray(5 * s, 5 * s + 5);
              const y = b0 * v + z[2 * s];
              z[2 * s] = b1 * v - a1 * y + z[2 * s + 1];
              z[2 * s + 1] = b2 * v - a2 * y;
              v = y;
            }
            const sq = v * v;
            sum += sq - ring[f % W];
            ring[f % W] = sq;
            if (f % W === W - 1) sum = ring.reduce((a, b) => a + b, 0);
            const e = sum > 0 ? Math.sqrt(sum * (1 / W)) : 0;
            if (out[f * C + c] !== v || env[f * C + c] !== e) bad = f;
          }
          expect(bad, `${S} sections, ${C} channels, channel ${c}: first frame that differs`).toBe(-1);
          for (let s = 0; s < S; s++) expect(k.sectionState(c, s)).toEqual([z[2 * s], z[2 * s + 1]]);
        }
      }
    }
  });

  it('is within 1e-12 of scipy (sosfilt chain and moving RMS, /work/shared/reference)', () => {
    const file = resolve(REFERENCE_DIR, 'synthetic_2ch_2000hz.csv');
    expect(existsSync(file), `reference vectors missing at ${file}`).toBe(true);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const names = lines[0].split(',');
    const col = (name: string) => {
      const j = names.indexOf(name);
      expect(j, name).toBeGreaterThanOrEqual(0);
      return Float64Array.from(lines.slice(1), (l) => Number(l.split(',')[j]));
    };
    const in0 = col('ch0_in');
    const in1 = col('ch1_in');
    const n = in0.length;
    // 3 channels (an odd count: a padded pair) with channel 2 a copy of channel 0
    const raw = new Float64Array(3 * n);
    for (let i = 0; i < n; i++) [raw[3 * i], raw[3 * i + 1], raw[3 * i + 2]] = [in0[i], in1[i], in0[i]];
    const chain = new EmgChain(DEFAULT_DSP_SETTINGS, 2000, 3);
    expect(chain.kernel).toBe('wasm-simd');
    const { filtered, envelope } = run(chain, raw, [1, 7, 4096]);
    const rel = (c: number, a: Float64Array, ref: Float64Array) => {
      let err = 0;
      let top = 0;
      for (let i = 0; i < n; i++) {
        err = Math.max(err, Math.abs(a[3 * i + c] - ref[i]));
        top = Math.max(top, Math.abs(ref[i]));
      }
      return err / top;
    };
    for (const [c, src] of [[0, 0], [1, 1], [2, 0]] as const) {
      expect(rel(c, filtered, col(`ch${src}_hp20_lp450_notch50`)), `filtered ch${c}`).toBeLessThanOrEqual(1e-12);
      expect(rel(c, envelope, col(`ch${src}_rms100ms`)), `envelope ch${c}`).toBeLessThanOrEqual(1e-12);
    }
  });

  describe('without the kernel', () => {
    const tmp = useTempDirs('myocue-simd-');
    afterEach(() => {
      delete process.env.MYOCUE_SIMD;
      delete process.env.MYOCUE_EMG_KERNEL;
      resetEmgKernelCache();
    });

    it('a missing or broken .wasm: the JS chain runs and one note says why', async () => {
      const dir = tmp();
      const broken = join(dir, 'emg-kernel.wasm');
      writeFileSync(broken, Buffer.from('\0asm garbage, not a module'));
      for (const [file, why] of [[join(dir, 'missing.wasm'), /not found/], [broken, /could not be loaded/]] as const) {
        process.env.MYOCUE_EMG_KERNEL = file;
        resetEmgKernelCache();
        const warnings: string[] = [];
        const onWarning = (w: Error) => warnings.push(w.message);
        process.on('warning', onWarning);
        try {
          const a = new EmgChain(DEFAULT_DSP_SETTINGS, 2000, 2);
          const b = new EmgChain(DEFAULT_DSP_SETTINGS, 2000, 2);
          expect(a.kernel).toBe('js');
          expect(b.kernel).toBe('js');
          const x = signal(2, 1000, 2);
          const r = run(a, x, [100]);
          expect(r.envelope.some((v) => v > 0)).toBe(true);
        } finally {
          await new Promise((res) => setImmediate(res)); // warnings are emitted on the next tick
          process.off('warning', onWarning);
        }
        expect(warnings.length, warnings.join('\n')).toBe(1);
        expect(warnings[0]).toMatch(why);
        expect(warnings[0]).toMatch(/JavaScript chain runs instead/);
      }
    });

    it('falls back to the JS chain with the same numbers', () => {
      process.env.MYOCUE_SIMD = '0';
      resetEmgKernelCache();
      const off = new EmgChain(DEFAULT_DSP_SETTINGS, 2000, 3);
      expect(off.kernel).toBe('js');
      delete process.env.MYOCUE_SIMD;
      resetEmgKernelCache();
      const on = new EmgChain(DEFAULT_DSP_SETTINGS, 2000, 3);
      expect(on.kernel).toBe('wasm-simd');
      const x = signal(3, 4000, 5);
      const a = run(off, x, [250]);
      const b = run(on, x, [250]);
      expect(firstDifference(a.filtered, b.filtered)).toBe(-1);
      expect(firstDifference(a.envelope, b.envelope)).toBe(-1);
    });
  });
});
