/**
 * Batch analysis on files in raw ADC counts (a DC level of ~2048 or ~32768): the filters are
 * settled before the first sample (filterRecording warmUp), so the step at t = 0 no longer rings
 * through the high-pass and the mains notch as a fake contraction. And a Vicon export cut off
 * inside its header is named as such.
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { filterRecording } from '../../src/analysis/filter-recording';
import { DEFAULT_DSP_SETTINGS } from '../../src/dsp/defaults';
import { importRecording } from '../../src/formats/detect-format';

/** deterministic noise, uniform in [-a, a] */
function noise(n: number, a: number, seed = 1): Float64Array {
  let s = seed;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = (s / 2147483648 - 0.5) * 2 * a;
  }
  return out;
}

function maxOf(x: Float64Array, from: number, to: number): number {
  let m = -Infinity;
  for (let i = from; i < to; i++) m = Math.max(m, x[i]);
  return m;
}

describe('filterRecording warmUp', () => {
  const rate = 1000;
  const n = 5 * rate;
  const settings = { ...DEFAULT_DSP_SETTINGS, mains: 50 as const };

  it('removes the start-up transient of a 2048-count offset; the envelope after the first second is unchanged', () => {
    const x = noise(n, 10);
    const counts = x.map((v) => v + 2048);
    const plain = filterRecording([Float64Array.from(counts)], rate, settings).envelope[0];
    const warm = filterRecording([Float64Array.from(counts)], rate, settings, { warmUp: true }).envelope[0];
    const reference = filterRecording([Float64Array.from(x)], rate, settings).envelope[0];
    const restLevel = maxOf(reference, rate, n); // the noise's own envelope, µV (a few counts)
    // without warm-up the step reads as a burst of hundreds of counts
    expect(maxOf(plain, 0, rate / 2)).toBeGreaterThan(20 * restLevel);
    // with it the first half second stays at the noise level
    expect(maxOf(warm, 0, rate / 2)).toBeLessThan(2 * restLevel);
    // after the transient (and the 100 ms RMS window) both agree closely with the zero-mean signal
    for (let i = 2 * rate; i < n; i += 97) expect(Math.abs(warm[i] - reference[i])).toBeLessThan(0.05 * restLevel);
  });

  it('works on a recording shorter than the one-second warm-up and on a single sample', () => {
    const short = Float64Array.from(noise(150, 5), (v) => v + 32768);
    const env = filterRecording([short], rate, settings, { warmUp: true }).envelope[0];
    expect(env.every(Number.isFinite)).toBe(true);
    expect(maxOf(env, 0, 150)).toBeLessThan(20);
    const one = filterRecording([Float64Array.of(2048)], rate, settings, { warmUp: true });
    expect(one.envelope[0].length).toBe(1);
    expect(Number.isFinite(one.envelope[0][0])).toBe(true);
  });
});

describe('a Vicon export cut off inside its header', () => {
  it('is named as cut off, not as a bad number on line 2', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'myocue-vicon-'));
    try {
      const p = path.join(dir, 'cut.csv');
      fs.writeFileSync(p, 'Devices,,,\r\n2000,,,\r\n,,Imported Delsys');
      expect(() => importRecording(p)).toThrow(/cut\.csv: ends after 3 lines, inside the Vicon Nexus header.*cut off/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
