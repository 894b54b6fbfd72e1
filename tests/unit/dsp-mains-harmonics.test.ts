/**
 * Mains harmonic notches (DspSettings.mainsHarmonics): extra biquad sections after the
 * fundamental's notch, the same iirnotch design at 2× and 3× mains; skipped above Nyquist.
 */
import { describe, it, expect } from 'vitest';
import { EmgChain } from '../../src/dsp/emg-chain';
import { DEFAULT_DSP_SETTINGS } from '../../src/dsp/defaults';
import { adaptToRate, validateDspSettings } from '../../src/dsp/adapt-to-rate';
import { BiquadCascade } from '../../src/dsp/biquad-cascade';
import { notchSos } from '../../src/dsp/notch';

const rate = 1000;
function run(chain: EmgChain, x: Float64Array): Float64Array {
  const f = new Float64Array(x.length);
  const e = new Float64Array(x.length);
  chain.process(x, x.length / chain.channelCount, f, e);
  return f;
}
function rmsOf(x: Float64Array, from: number): number {
  let s = 0;
  for (let i = from; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s / (x.length - from));
}

describe('mains harmonic notches', () => {
  const tone = (f: number) => Float64Array.from({ length: 4 * rate }, (_, n) => 10 * Math.sin((2 * Math.PI * f * n) / rate));
  it('mainsHarmonics 3 removes 100 and 150 Hz hum; 1 leaves it', () => {
    for (const f of [100, 150]) {
      const one = rmsOf(run(new EmgChain({ ...DEFAULT_DSP_SETTINGS, mainsHarmonics: 1 }, rate, 1), tone(f)), 2 * rate);
      const three = rmsOf(run(new EmgChain({ ...DEFAULT_DSP_SETTINGS, mainsHarmonics: 3 }, rate, 1), tone(f)), 2 * rate);
      expect(one).toBeGreaterThan(6); // 10/√2 through the pass band
      expect(three).toBeLessThan(0.05);
    }
    // a 2nd-harmonic setting leaves the 3rd
    expect(rmsOf(run(new EmgChain({ ...DEFAULT_DSP_SETTINGS, mainsHarmonics: 2 }, rate, 1), tone(150)), 2 * rate)).toBeGreaterThan(6);
  });

  it('is exactly the fundamental chain followed by iirnotch(100, Q) and iirnotch(150, Q) sections; JS and SIMD agree bit for bit', () => {
    const x = Float64Array.from({ length: 3 * 3000 }, (_, i) => Math.sin(i * 0.37) * 40 + ((i * 7919) % 13) - 6);
    const base = run(new EmgChain(DEFAULT_DSP_SETTINGS, rate, 3, { kernel: 'js' }), x);
    const sos = new Float64Array(12);
    sos.set(notchSos(100, DEFAULT_DSP_SETTINGS.notchQ, rate), 0);
    sos.set(notchSos(150, DEFAULT_DSP_SETTINGS.notchQ, rate), 6);
    for (let c = 0; c < 3; c++) new BiquadCascade(sos).process(base, base, 3000, 3, c);
    const js = run(new EmgChain({ ...DEFAULT_DSP_SETTINGS, mainsHarmonics: 3 }, rate, 3, { kernel: 'js' }), x);
    const auto = new EmgChain({ ...DEFAULT_DSP_SETTINGS, mainsHarmonics: 3 }, rate, 3);
    expect(Array.from(js)).toEqual(Array.from(base));
    expect(Array.from(run(auto, x))).toEqual(Array.from(js));
    expect(auto.harmonicNotchesHz).toEqual([100, 150]);
  });

  it('harmonics at or above Nyquist are skipped with a warning; a bad setting is refused', () => {
    const a = adaptToRate({ ...DEFAULT_DSP_SETTINGS, mainsHarmonics: 3 }, 250);
    expect(a.harmonicNotchesHz).toEqual([100]);
    expect(a.warnings.join(' ')).toMatch(/harmonic notch at 150 Hz is off/);
    expect(adaptToRate({ ...DEFAULT_DSP_SETTINGS, mains: 'off', mainsHarmonics: 3 }, 1000).harmonicNotchesHz).toEqual([]);
    expect(() => validateDspSettings({ ...DEFAULT_DSP_SETTINGS, mainsHarmonics: 4 })).toThrow(/whole number from 1/);
    expect(() => validateDspSettings({ ...DEFAULT_DSP_SETTINGS, mainsHarmonics: 1.5 })).toThrow(/mains harmonics/);
  });
});
