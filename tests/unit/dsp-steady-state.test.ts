/**
 * Steady-state start of the filters (steady-state.ts, settle-chain.ts) against scipy, and on a
 * signal with mains hum and a DC offset: the start of a filtered recording must look like the rest
 * of it (before: the mirrored warm-up let the notch ring at 29 µV over a 4 µV floor for ~0.6 s).
 */
import { describe, it, expect } from 'vitest';
import { EmgChain } from '../../src/dsp/emg-chain';
import { DEFAULT_DSP_SETTINGS } from '../../src/dsp/defaults';
import { fitDcAndTones, steadyStateStates } from '../../src/dsp/steady-state';
import { filterRecording } from '../../src/analysis/filter-recording';
import { mulberry32 } from '../../src/util/seeded-random';
import { gaussian } from './metrics-helpers';

const settings = { ...DEFAULT_DSP_SETTINGS, mains: 50 as const };
const coef = new EmgChain(settings, 1000, 1).sectionCoefficients();

describe('steady-state filter states', () => {
  it('DC only: equals scipy.signal.sosfilt_zi(sos) · x0 (sos = butter hp 20 + lp 450 + iirnotch 50, fs 1000)', () => {
    // python3: sosfilt_zi(vstack([butter(4,20,'highpass',fs=1000,output='sos'), butter(4,450,…), iirnotch(50,30,fs=1000)]))
    const zi = [-0.8484752955243594, 0.8484752955243593, 0, 0, 0, 0, 0, 0, 0, 0];
    const z = steadyStateStates(coef, { dc: 2048, tones: [] }, 1000);
    z.forEach((v, i) => expect(v).toBeCloseTo(2048 * zi[i], 9));
  });

  it('DC + hum: equals the final state of scipy.signal.sosfilt after 200 s of x = 100 + 30 sin(2π50t + 0.3) + 10 cos(2π100t)', () => {
    const zf = [-70.47174896334617, 71.2154163272688, 7.6983602401059095, -7.231038951790538, 8.075752782961898, 6.804744073607395, 4.901488160423018, 3.2342042456083604, -28.76395163623036, 24.837333511695654];
    const z = steadyStateStates(
      coef,
      { dc: 100, tones: [{ freqHz: 50, cos: 30 * Math.sin(0.3), sin: 30 * Math.cos(0.3) }, { freqHz: 100, cos: 10, sin: 0 }] },
      1000,
    );
    z.forEach((v, i) => expect(v).toBeCloseTo(zf[i], 6));
  });

  it('a set filter state runs identically in the JS loop and the SIMD kernel (3 channels: a pad lane)', () => {
    const chains = [new EmgChain(settings, 1000, 3, { kernel: 'js' }), new EmgChain(settings, 1000, 3)];
    const z = steadyStateStates(coef, { dc: 300, tones: [{ freqHz: 50, cos: 20, sin: -5 }] }, 1000);
    const x = Float64Array.from({ length: 3 * 500 }, (_, i) => 300 + 20 * Math.cos((2 * Math.PI * 50 * Math.floor(i / 3)) / 1000) + (i % 7));
    const outs = chains.map((ch) => {
      for (let c = 0; c < 3; c++) ch.setChannelFilterState(c, z);
      expect(Array.from(ch.channelFilterState(2))).toEqual(Array.from(z));
      const f = new Float64Array(x.length);
      const e = new Float64Array(x.length);
      ch.process(x, 500, f, e);
      return f;
    });
    expect(Array.from(outs[1])).toEqual(Array.from(outs[0]));
  });

  it('fits DC and tones by least squares', () => {
    const x = Float64Array.from({ length: 500 }, (_, n) => 7 + 3 * Math.cos((2 * Math.PI * 50 * n) / 1000) - 2 * Math.sin((2 * Math.PI * 150 * n) / 1000));
    const m = fitDcAndTones(x, 0, 500, 1000, [50, 100, 150, 600]);
    expect(m.dc).toBeCloseTo(7, 9);
    expect(m.tones.map((t) => t.freqHz)).toEqual([50, 100, 150]); // 600 Hz is above Nyquist
    expect(m.tones[0].cos).toBeCloseTo(3, 9);
    expect(m.tones[1].cos).toBeCloseTo(0, 9);
    expect(m.tones[2].sin).toBeCloseTo(-2, 9);
  });
});

describe('filterRecording from a steady state (warmUp) on hum + DC offset', () => {
  for (const rate of [1000, 2000, 200]) {
    it(`${rate} Hz: the first second reads at the noise floor, not as a notch transient`, () => {
      const n = 6 * rate;
      const g = gaussian(mulberry32(rate));
      const x = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const t = i / rate;
        x[i] = 2048 + 4 * g() + 30 * Math.sin(2 * Math.PI * 50 * t + 1.1) + 3 * Math.sin(2 * Math.PI * 100 * t);
      }
      const env = filterRecording([x], rate, settings, { warmUp: true }).envelope[0];
      let floor = 0;
      for (let i = 3 * rate; i < n; i++) floor = Math.max(floor, env[i]);
      let start = 0;
      for (let i = 0; i < rate; i++) start = Math.max(start, env[i]);
      console.log(`steady-state start at ${rate} Hz: max envelope in the first second ${start.toFixed(2)} µV, after 3 s ${floor.toFixed(2)} µV`);
      expect(start).toBeLessThan(1.2 * floor);
      expect(start).toBeGreaterThan(0.5 * floor); // the RMS window starts full, not from zero
    });
  }
});
