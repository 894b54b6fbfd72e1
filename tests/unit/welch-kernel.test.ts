/**
 * The WebAssembly Welch spectrum (assembly/welch-spectrum.ts via src/dsp/welch-kernel.ts) against
 * the JS welchSpectrum with fft.js it stands in for:
 *   - it is built and loads (npm test builds dist/ first; a missing kernel fails here, not skipped);
 *   - bit-identical power (=== on every bin), window count and bin width on random signals
 *     (seeded), every power-of-two size from 4 to 2048 (both of fft.js's first-pass shapes,
 *     radix-2 and radix-4), segments shorter than, equal to and many times a window, offsets,
 *     plain arrays and a caller's `out` buffer;
 *   - the median frequency (the number `analyze` prints) is the same through either;
 *   - with the kernel turned off the JS path runs, same numbers.
 */
import { describe, it, expect, afterEach } from 'vitest';
import fc from 'fast-check';
import { welchSpectrum } from '../../src/metrics/spectrum';
import { medianFrequencyHz } from '../../src/metrics/median-frequency';
import { resetWelchKernel, welchKernelAvailable, welchSpectrumFast } from '../../src/dsp/welch-kernel';
import { resetEmgKernelCache } from '../../src/dsp/simd-kernel';
import { mulberry32 } from '../../src/util/seeded-random';
import { analyzeSignals } from '../../src/metrics/analyze-signals';
import { filterRecording } from '../../src/analysis/filter-recording';
import { EmgSimulator } from '../../src/devices/simulated-emg';
import { DEFAULT_SIMULATOR_OPTIONS } from '../../src/devices/simulator-options';
import { DEFAULT_DSP_SETTINGS } from '../../src/dsp/defaults';

/** sEMG-like µV: band-limited-ish noise in bursts, a DC offset, hum and rare spikes. */
function signal(n: number, seed: number): Float64Array {
  const u = mulberry32(seed);
  const x = new Float64Array(n);
  let lp = 0;
  for (let i = 0; i < n; i++) {
    lp = 0.6 * lp + (u() - 0.5);
    const burst = Math.sin((2 * Math.PI * i) / 2500) > 0 ? 300 : 8;
    x[i] = burst * lp + 40 + 15 * Math.sin(0.157 * i) + (u() < 0.002 ? 3000 * (u() - 0.5) : 0);
  }
  return x;
}

function expectSameSpectrum(a: ReturnType<typeof welchSpectrum>, b: ReturnType<typeof welchSpectrum>): void {
  expect(b === null).toBe(a === null);
  if (!a || !b) return;
  expect(b.windows).toBe(a.windows);
  expect(b.size).toBe(a.size);
  expect(b.binHz).toBe(a.binHz);
  expect(b.power.length).toBe(a.power.length);
  let differing = 0;
  for (let k = 0; k < a.power.length; k++) if (!Object.is(a.power[k], b.power[k])) differing++;
  expect(differing).toBe(0);
}

afterEach(() => {
  delete process.env.MYOCUE_SIMD;
  resetEmgKernelCache();
  resetWelchKernel();
});

describe('welchSpectrumFast (WebAssembly) = welchSpectrum (fft.js)', () => {
  it('is built and runs in WebAssembly', () => {
    expect(welchKernelAvailable()).toBe(true);
  });

  it('gives the same bits for every window size, segment length and offset', () => {
    fc.assert(
      fc.property(
        fc.record({
          log2: fc.integer({ min: 2, max: 11 }),
          extra: fc.integer({ min: -3, max: 5000 }),
          from: fc.integer({ min: 0, max: 300 }),
          seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
          rate: fc.constantFrom(250, 1000, 2000, 2048),
        }),
        (p) => {
          const size = 2 ** p.log2;
          const len = Math.max(0, size + p.extra);
          const x = signal(p.from + len + 17, p.seed);
          expectSameSpectrum(welchSpectrum(x, p.rate, size, p.from, p.from + len), welchSpectrumFast(x, p.rate, size, p.from, p.from + len));
        },
      ),
      { numRuns: 300, seed: 20261201 },
    );
  });

  it('gives the same bits for a plain array and into a caller’s buffer', () => {
    const x = signal(9000, 7);
    const plain = Array.from(x);
    for (const size of [64, 256, 512]) {
      const a = welchSpectrum(plain, 2000, size, 11, 8800);
      expectSameSpectrum(a, welchSpectrumFast(plain, 2000, size, 11, 8800));
      const outA = new Float64Array(size).fill(5);
      const outB = new Float64Array(size).fill(5);
      const ra = welchSpectrum(x, 2000, size, 0, 9000, outA);
      const rb = welchSpectrumFast(x, 2000, size, 0, 9000, outB);
      expect(rb!.power).toBe(outB);
      expectSameSpectrum(ra, rb);
    }
  });

  it('gives the same median frequency for reps of every length', () => {
    const u = mulberry32(99);
    let compared = 0;
    for (let r = 0; r < 200; r++) {
      const n = Math.floor(20 + u() * 8000);
      const x = signal(n, 1000 + r);
      const js = medianFrequencyHz(x, 2000);
      const wasm = medianFrequencyHz(x, 2000, { spectrum: welchSpectrumFast });
      expect(wasm).toBe(js);
      if (js !== null) compared++;
    }
    // most reps are long enough to measure (the check is not vacuous)
    expect(compared).toBeGreaterThan(180);
  });

  it('gives the same analysis of a simulated recording (every rep’s median frequency)', () => {
    const rate = 2000;
    const frames = rate * 90;
    const sim = new EmgSimulator({ ...DEFAULT_SIMULATOR_OPTIONS, channels: 2, sampleRateHz: rate, assistingChannels: [1], seed: 5 });
    const x = new Float64Array(frames * 2);
    sim.fill(x, frames);
    const samples = [0, 1].map((c) => Float64Array.from({ length: frames }, (_, f) => x[f * 2 + c]));
    const f = filterRecording(samples, rate, DEFAULT_DSP_SETTINGS, { keepFiltered: true, warmUp: true });
    const input = { sampleRateHz: rate, filtered: f.filtered!, envelope: f.envelope, targetChannel: 0, assistingChannels: [1] };
    const js = analyzeSignals(input);
    const wasm = analyzeSignals({ ...input, spectrum: welchSpectrumFast });
    expect(js.medianFrequencyTrend.length).toBeGreaterThan(5);
    expect(wasm).toEqual(js);
  });

  it('a silent or too short segment gives what the JS path gives', () => {
    const zero = new Float64Array(1000);
    expectSameSpectrum(welchSpectrum(zero, 2000, 256), welchSpectrumFast(zero, 2000, 256));
    expect(welchSpectrumFast(zero, 2000, 256, 0, 255)).toBeNull();
    expect(welchSpectrumFast(zero, 2000, 2, 0, 100)).toBeNull();
  });

  it('runs the JS path with the kernel turned off, with the same numbers', () => {
    const x = signal(5000, 3);
    const wasm = welchSpectrumFast(x, 2000, 256);
    process.env.MYOCUE_SIMD = '0';
    resetEmgKernelCache();
    resetWelchKernel();
    expect(welchKernelAvailable()).toBe(false);
    expectSameSpectrum(wasm, welchSpectrumFast(x, 2000, 256));
  });
});
