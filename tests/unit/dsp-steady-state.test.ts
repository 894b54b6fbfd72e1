/**
 * Steady-state start of the filters (steady-state.ts, settle-chain.ts) against scipy, and on a
 * signal with mains hum and a DC offset: the start of a filtered recording must look like the rest
 * of it (before: the mirrored warm-up let the notch ring at 29 µV over a 4 µV floor for ~0.6 s).
 */
import { describe, it, expect } from 'vitest';
import { EmgChain } from '../../src/dsp/emg-chain';
import { DEFAULT_DSP_SETTINGS } from '../../src/dsp/defaults';
import { fitDcAndTones, fitDcAndTonesMany, steadyStateStates, type InputModel } from '../../src/dsp/steady-state';
import { settleChain } from '../../src/dsp/settle-chain';
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

  it('fitDcAndTonesMany (the basis once for all channels) gives every channel the bits of the per-channel fit it replaced', () => {
    const noise = gaussian(mulberry32(7));
    for (const [rate, n, freqs] of [
      [2000, 1000, [50, 100, 150]],
      [1000, 500, [60, 120, 180]],
      [500, 250, [50, 100, 150, 300]],
      [250, 10, [50, 100, 150]], // too short for the tones: the mean
    ] as [number, number, number[]][]) {
      const xs = Array.from({ length: 5 }, (_, c) =>
        Float64Array.from({ length: n + 3 }, (_, i) => 2048 * c + 40 * Math.sin((2 * Math.PI * freqs[0] * i) / rate + c) + 30 * noise()),
      );
      const many = fitDcAndTonesMany(xs, 3, n + 3, rate, freqs);
      xs.forEach((x, c) => {
        const ref = referenceFit(x, 3, n + 3, rate, freqs);
        expect(many[c]).toEqual(ref);
        expect(fitDcAndTones(x, 3, n + 3, rate, freqs)).toEqual(ref);
        // toEqual treats +0 and −0 alike: compare the bits
        expect(Object.is(many[c].dc, ref.dc)).toBe(true);
        many[c].tones.forEach((t, j) => expect(Object.is(t.cos, ref.tones[j].cos) && Object.is(t.sin, ref.tones[j].sin)).toBe(true));
      });
    }
  });

  it('settleChain (one fit for all channels) sets the same filter states as one fit per channel', () => {
    const noise = gaussian(mulberry32(9));
    const rate = 2000;
    const xs = Array.from({ length: 4 }, (_, c) => Float64Array.from({ length: 1000 }, (_, i) => 100 * c + 25 * Math.cos((2 * Math.PI * 50 * i) / rate) + 10 * noise()));
    const chain = new EmgChain(settings, rate, 4);
    settleChain(chain, xs, 1000, settings);
    const c2 = new EmgChain(settings, rate, 4).sectionCoefficients();
    xs.forEach((x, c) => {
      const z = steadyStateStates(c2, referenceFit(x, 0, 1000, rate, [50, 100, 150]), rate);
      expect(Array.from(chain.channelFilterState(c))).toEqual(Array.from(z));
    });
  });
});

/** fitDcAndTones as it was (the cosines and sines of each sample computed per channel): the reference of the tests above. */
function referenceFit(x: ArrayLike<number>, from: number, to: number, rateHz: number, freqsHz: readonly number[]): InputModel {
  const freqs = freqsHz.filter((f) => f > 0 && f < rateHz / 2);
  const n = to - from;
  const m = 1 + 2 * freqs.length;
  const mean = () => {
    let s = 0;
    for (let i = from; i < to; i++) s += x[i];
    return { dc: s / n, tones: [] };
  };
  if (n < 2 * m) return mean();
  const ata = new Float64Array(m * m);
  const atx = new Float64Array(m);
  const row = new Float64Array(m);
  const w = freqs.map((f) => (2 * Math.PI * f) / rateHz);
  for (let k = 0; k < n; k++) {
    row[0] = 1;
    for (let j = 0; j < w.length; j++) {
      row[1 + 2 * j] = Math.cos(w[j] * k);
      row[2 + 2 * j] = Math.sin(w[j] * k);
    }
    const v = x[from + k];
    for (let a = 0; a < m; a++) {
      atx[a] += row[a] * v;
      for (let b = a; b < m; b++) ata[a * m + b] += row[a] * row[b];
    }
  }
  for (let a = 0; a < m; a++) for (let b = 0; b < a; b++) ata[a * m + b] = ata[b * m + a];
  // Gaussian elimination with partial pivoting, as steady-state.ts solves
  const A = Float64Array.from(ata);
  const B = Float64Array.from(atx);
  for (let c = 0; c < m; c++) {
    let piv = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(A[r * m + c]) > Math.abs(A[piv * m + c])) piv = r;
    if (!(Math.abs(A[piv * m + c]) > 1e-12 * Math.abs(A[0]))) return mean();
    if (piv !== c) {
      for (let k = 0; k < m; k++) [A[c * m + k], A[piv * m + k]] = [A[piv * m + k], A[c * m + k]];
      [B[c], B[piv]] = [B[piv], B[c]];
    }
    for (let r = c + 1; r < m; r++) {
      const f = A[r * m + c] / A[c * m + c];
      if (f === 0) continue;
      for (let k = c; k < m; k++) A[r * m + k] -= f * A[c * m + k];
      B[r] -= f * B[c];
    }
  }
  const p = new Float64Array(m);
  for (let r = m - 1; r >= 0; r--) {
    let s = B[r];
    for (let k = r + 1; k < m; k++) s -= A[r * m + k] * p[k];
    p[r] = s / A[r * m + r];
  }
  return { dc: p[0], tones: freqs.map((f, j) => ({ freqHz: f, cos: p[1 + 2 * j], sin: p[2 + 2 * j] })) };
}
