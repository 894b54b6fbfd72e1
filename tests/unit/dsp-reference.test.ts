/**
 * Every stage of the EMG chain against scipy (/work/shared/reference, made by make_reference.py):
 * filter designs (second-order sections), high-pass, low-pass, notch, the fused chain and the RMS
 * envelope, to max|error| / max|reference| ≤ 1e-6 (float64 reaches ~1e-12 here).
 */
import { REFERENCE_DIR } from '../helpers/shared-data';
import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { butterworthSos } from '../../src/dsp/butterworth';
import { iirNotch, notchSos } from '../../src/dsp/notch';
import { BiquadCascade, sosfilt } from '../../src/dsp/biquad-cascade';
import { MovingRms, rmsWindowSamples } from '../../src/dsp/moving-rms';
import { EmgChain } from '../../src/dsp/emg-chain';
import { DEFAULT_DSP_SETTINGS } from '../../src/dsp/defaults';

const REF_DIR = REFERENCE_DIR;
const FS = 2000;
const TOL = 1e-6;

function relErr(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let maxErr = 0;
  let maxRef = 0;
  for (let i = 0; i < expected.length; i++) {
    maxErr = Math.max(maxErr, Math.abs(actual[i] - expected[i]));
    maxRef = Math.max(maxRef, Math.abs(expected[i]));
  }
  return maxErr / maxRef;
}

const errors: Record<string, number> = {};
function check(name: string, actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  const e = relErr(actual, expected);
  errors[name] = Math.max(errors[name] ?? 0, e);
  expect(e, name).toBeLessThanOrEqual(TOL);
}

let cols: Record<string, Float64Array>;
let coefSections: number[][][];

beforeAll(() => {
  expect(existsSync(REF_DIR), `reference vectors missing at ${REF_DIR}`).toBe(true);
  const lines = readFileSync(resolve(REF_DIR, 'synthetic_2ch_2000hz.csv'), 'utf8').trim().split('\n');
  const names = lines[0].split(',');
  cols = Object.fromEntries(names.map((n) => [n, new Float64Array(lines.length - 1)]));
  for (let r = 1; r < lines.length; r++) {
    const v = lines[r].split(',');
    for (let c = 0; c < names.length; c++) cols[names[c]][r - 1] = Number(v[c]);
  }
  // coefficients file: blocks of rows, each block after a '#' comment line
  coefSections = [];
  for (const line of readFileSync(resolve(REF_DIR, 'coefficients_2000hz.txt'), 'utf8').trim().split('\n')) {
    if (line.startsWith('# butter') || line.startsWith('# iirnotch')) coefSections.push([]);
    else if (!line.startsWith('#')) coefSections[coefSections.length - 1].push(line.trim().split(/\s+/).map(Number));
  }
});

describe('filter designs vs scipy', () => {
  it('butter(4, 20, highpass, sos) and butter(4, 450, lowpass, sos)', () => {
    check('sos high-pass 20 Hz', butterworthSos(4, 20, 'highpass', FS), coefSections[0].flat());
    check('sos low-pass 450 Hz', butterworthSos(4, 450, 'lowpass', FS), coefSections[1].flat());
  });
  it('iirnotch(50, 30)', () => {
    const { b, a } = iirNotch(50, 30, FS);
    check('notch b', b, coefSections[2][0]);
    check('notch a', a, coefSections[2][1]);
  });
  it('odd orders and other rates follow scipy too (values from scipy 1.17.1)', () => {
    // scipy.signal.butter(3, 100, 'lowpass', fs=1000, output='sos')
    check('sos butter(3, 100, lowpass, fs=1000)', butterworthSos(3, 100, 'lowpass', 1000), [
      0.018098933007514428, 0.036197866015028855, 0.018098933007514428, 1.0, -0.5095254494944288, 0.0,
      1.0, 1.0, 0.0, 1.0, -1.2505164308487402, 0.5457233155094579,
    ]);
    // scipy.signal.butter(5, 10, 'highpass', fs=250, output='sos')
    check('sos butter(5, 10, highpass, fs=250)', butterworthSos(5, 10, 'highpass', 250), SCIPY_HP5);
  });
});

describe('each stage vs scipy output (2 channels, 4 s at 2000 Hz)', () => {
  for (const ch of [0, 1]) {
    it(`channel ${ch}: high-pass, low-pass, notch, RMS one by one`, () => {
      const x = cols[`ch${ch}_in`];
      const hp = sosfilt(butterworthSos(4, 20, 'highpass', FS), x);
      check('high-pass output', hp, cols[`ch${ch}_hp20`]);
      const lp = sosfilt(butterworthSos(4, 450, 'lowpass', FS), cols[`ch${ch}_hp20`]);
      check('low-pass output', lp, cols[`ch${ch}_hp20_lp450`]);
      const notched = sosfilt(notchSos(50, 30, FS), cols[`ch${ch}_hp20_lp450`]);
      check('notch output', notched, cols[`ch${ch}_hp20_lp450_notch50`]);
      const env = new Float64Array(x.length);
      new MovingRms(rmsWindowSamples(100, FS)).process(cols[`ch${ch}_hp20_lp450_notch50`], env, x.length);
      check('RMS envelope (MovingRms)', env, cols[`ch${ch}_rms100ms`]);
    });
  }

  it('state is kept across blocks: the cascade in uneven blocks equals one pass', () => {
    const x = cols.ch0_in;
    const c = new BiquadCascade(butterworthSos(4, 20, 'highpass', FS));
    const out = new Float64Array(x.length);
    for (let i = 0, n = 1; i < x.length; i += n, n = (n * 7) % 333 + 1) c.process(x.subarray(i), out.subarray(i), Math.min(n, x.length - i));
    check('high-pass output (blocks)', out, cols.ch0_hp20);
  });

  it('EmgChain (fused, interleaved 2 ch) equals the full scipy chain and envelope', () => {
    const n = cols.ch0_in.length;
    const raw = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      raw[2 * i] = cols.ch0_in[i];
      raw[2 * i + 1] = cols.ch1_in[i];
    }
    const chain = new EmgChain(DEFAULT_DSP_SETTINGS, FS, 2);
    expect(chain.warnings).toEqual([]);
    expect(chain.rmsWindowSamples).toBe(200);
    const filtered = new Float64Array(2 * n);
    const envelope = new Float64Array(2 * n);
    chain.process(raw, n, filtered, envelope);
    for (const ch of [0, 1]) {
      const pick = (a: Float64Array) => a.filter((_, i) => i % 2 === ch);
      check('full chain output', pick(filtered), cols[`ch${ch}_hp20_lp450_notch50`]);
      check('full chain envelope', pick(envelope), cols[`ch${ch}_rms100ms`]);
    }
    console.log('max|error| / max|reference| per stage:\n' + Object.entries(errors).map(([k, v]) => `  ${k}: ${v.toExponential(2)}`).join('\n'));
  });
});

const SCIPY_HP5: number[] = [
  0.6649881073052476, -0.6649881073052476, 0.0, 1.0, -0.7756795110496131, 0.0,
  1.0, -2.0, 1.0, 1.0, -1.6127001681678703, 0.6650095034572857,
  1.0, -2.0, 1.0, 1.0, -1.7989203686469164, 0.8572699184143814,
];
