/** EmgChain behaviour: block-size independence, reset, rate adaptation, invalid settings, long-run RMS drift. */
import { describe, it, expect } from 'vitest';
import { EmgChain } from '../../src/dsp/emg-chain';
import { DEFAULT_DSP_SETTINGS } from '../../src/dsp/defaults';
import { adaptToRate } from '../../src/dsp/adapt-to-rate';
import { butterworthSos } from '../../src/dsp/butterworth';
import { BiquadCascade } from '../../src/dsp/biquad-cascade';
import { rmsWindowSamples } from '../../src/dsp/moving-rms';
import { InlineDspRunner, type ProcessedBlock } from '../../src/dsp/dsp-runner';
import type { DspSettings } from '../../src/host/contract';

/** Deterministic EMG-like test signal: noise whose amplitude follows 3 s reps, 50 Hz hum, DC; µV. */
function emgLike(frames: number, channels: number, rateHz: number, seed = 7): Float64Array {
  const x = new Float64Array(frames * channels);
  let s = seed >>> 0;
  const rnd = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296 - 0.5;
  };
  for (let i = 0; i < frames; i++) {
    const t = i / rateHz;
    const act = 0.05 + 0.95 * Math.max(0, Math.sin((2 * Math.PI * t) / 3)) ** 2;
    for (let c = 0; c < channels; c++) x[i * channels + c] = 400 * act * (rnd() + rnd()) + 30 * Math.sin(2 * Math.PI * 50 * t + c) + 120;
  }
  return x;
}

/** Bit-for-bit equality of two float64 arrays (toEqual is slow on long typed arrays). */
function sameBits(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function runInBlocks(chain: EmgChain, raw: Float64Array, frames: number, block: number) {
  const C = chain.channelCount;
  const filtered = new Float64Array(frames * C);
  const envelope = new Float64Array(frames * C);
  for (let i = 0; i < frames; i += block) {
    const n = Math.min(block, frames - i);
    chain.process(raw.subarray(i * C, (i + n) * C), n, filtered.subarray(i * C), envelope.subarray(i * C));
  }
  return { filtered, envelope };
}

describe('EmgChain', () => {
  const rate = 2000;
  const C = 8;
  const frames = 2 * rate + 123;
  const raw = emgLike(frames, C, rate);

  it('gives identical output whatever the block size (1, 7, 200, 4096 frames)', () => {
    const whole = runInBlocks(new EmgChain(DEFAULT_DSP_SETTINGS, rate, C), raw, frames, frames);
    for (const block of [1, 7, 200, 4096]) {
      const got = runInBlocks(new EmgChain(DEFAULT_DSP_SETTINGS, rate, C), raw, frames, block);
      expect(sameBits(got.filtered, whole.filtered), `filtered, block ${block}`).toBe(true);
      expect(sameBits(got.envelope, whole.envelope), `envelope, block ${block}`).toBe(true);
    }
  });

  it('reset() returns to zero state', () => {
    const fresh = runInBlocks(new EmgChain(DEFAULT_DSP_SETTINGS, rate, C), raw, frames, 500);
    const chain = new EmgChain(DEFAULT_DSP_SETTINGS, rate, C);
    runInBlocks(chain, emgLike(777, C, rate, 99), 777, 100);
    chain.reset();
    const again = runInBlocks(chain, raw, frames, 500);
    expect(sameBits(again.filtered, fresh.filtered)).toBe(true);
    expect(sameBits(again.envelope, fresh.envelope)).toBe(true);
  });

  it("mains 'off' leaves exactly the band-pass (no notch)", () => {
    const chain = new EmgChain({ ...DEFAULT_DSP_SETTINGS, mains: 'off' }, rate, 1);
    const x = emgLike(5000, 1, rate);
    const { filtered } = runInBlocks(chain, x, 5000, 5000);
    const hp = new BiquadCascade(butterworthSos(4, 20, 'highpass', rate));
    const lp = new BiquadCascade(butterworthSos(4, 450, 'lowpass', rate));
    const ref = new Float64Array(5000);
    hp.process(x, ref, 5000);
    lp.process(ref, ref, 5000);
    expect(sameBits(filtered, ref)).toBe(true);
  });

  it('recovers from a non-finite sample at the next block', () => {
    const chain = new EmgChain(DEFAULT_DSP_SETTINGS, rate, 2);
    const x = emgLike(400, 2, rate);
    x[101] = NaN;
    runInBlocks(chain, x, 400, 400);
    const { filtered, envelope } = runInBlocks(chain, emgLike(400, 2, rate, 3), 400, 400);
    expect(filtered.every(Number.isFinite) && envelope.every(Number.isFinite)).toBe(true);
  });

  it('keeps the RMS exact after 10 minutes (no drift of the running sum): ≤ 1e-9 relative to a direct computation', () => {
    const r = 2000;
    const minutes = 10;
    const n = minutes * 60 * r;
    const x = emgLike(n, 1, r, 12345);
    const chain = new EmgChain(DEFAULT_DSP_SETTINGS, r, 1);
    const { filtered, envelope } = runInBlocks(chain, x, n, 2000);
    const W = rmsWindowSamples(100, r);
    let worst = 0;
    // the last 20 s (and every 997th sample before, for a sample of the whole run)
    for (let k = W; k < n; k += k < n - 20 * r ? 997 : 1) {
      let sum = 0;
      for (let j = k - W + 1; j <= k; j++) sum += filtered[j] * filtered[j];
      const direct = Math.sqrt(sum / W);
      worst = Math.max(worst, Math.abs(envelope[k] - direct) / direct);
    }
    console.log(`RMS after ${minutes} min: worst pointwise relative error vs direct sum ${worst.toExponential(2)}`);
    expect(worst).toBeLessThanOrEqual(1e-9);
  });
});

describe('adaptToRate', () => {
  it('1000 Hz: the standard band fits, no warnings', () => {
    const a = adaptToRate(DEFAULT_DSP_SETTINGS, 1000);
    expect(a).toEqual({ effectiveLowpassHz: 450, effectiveHighpassHz: 20, notchEnabled: true, harmonicNotchesHz: [], warnings: [] });
    expect(new EmgChain(DEFAULT_DSP_SETTINGS, 1000, 2).warnings).toEqual([]);
  });

  it('500 Hz: warns about the rate and moves the low-pass to 0.45 × rate', () => {
    const a = adaptToRate(DEFAULT_DSP_SETTINGS, 500);
    expect(a.effectiveLowpassHz).toBe(225);
    expect(a.notchEnabled).toBe(true);
    expect(a.warnings).toHaveLength(2);
    expect(a.warnings[0]).toMatch(/500 Hz.*at least 1000/);
    expect(a.warnings[1]).toMatch(/low-pass filter was moved from 450 Hz to 225 Hz/);
    const chain = new EmgChain(DEFAULT_DSP_SETTINGS, 500, 1);
    expect(chain.effectiveLowpassHz).toBe(225);
    expect(chain.warnings).toEqual(a.warnings);
  });

  it('250 Hz (OpenBCI Cyton) keeps the notch; 100 Hz turns 50 Hz mains off; 40 Hz moves the high-pass', () => {
    expect(adaptToRate(DEFAULT_DSP_SETTINGS, 250)).toMatchObject({ effectiveLowpassHz: 112.5, notchEnabled: true });
    const a100 = adaptToRate(DEFAULT_DSP_SETTINGS, 100);
    expect(a100.notchEnabled).toBe(false);
    expect(a100.warnings.some((w) => /50 Hz mains filter is off/.test(w))).toBe(true);
    const a40 = adaptToRate(DEFAULT_DSP_SETTINGS, 40);
    expect(a40.effectiveHighpassHz).toBe(4);
    expect(a40.effectiveLowpassHz).toBe(18);
    // and the chain runs at all of them
    for (const r of [40, 100, 250, 500]) {
      const { envelope } = runInBlocks(new EmgChain(DEFAULT_DSP_SETTINGS, r, 2), emgLike(r * 2, 2, r), r * 2, 64);
      expect(envelope.every(Number.isFinite)).toBe(true);
    }
  });

  it('rejects invalid settings with a clear message', () => {
    const bad = (patch: Partial<DspSettings>) => () => new EmgChain({ ...DEFAULT_DSP_SETTINGS, ...patch }, 2000, 2);
    expect(bad({ highpassHz: 500 })).toThrow(/high-pass corner \(500 Hz\) must be below the low-pass corner \(450 Hz\)/);
    expect(bad({ highpassHz: 450 })).toThrow(/must be below the low-pass/);
    expect(bad({ rmsWindowMs: 0 })).toThrow(/RMS window must be a positive number of milliseconds/);
    expect(bad({ rmsWindowMs: -5 })).toThrow(/RMS window/);
    expect(bad({ lowpassHz: NaN })).toThrow(/low-pass corner must be a positive number/);
    expect(bad({ notchQ: 0 })).toThrow(/quality factor/);
    expect(bad({ mains: 55 as unknown as 50 })).toThrow(/50, 60 or 'off'/);
    expect(() => new EmgChain(DEFAULT_DSP_SETTINGS, 0, 2)).toThrow(/sample rate must be a positive number/);
    expect(() => new EmgChain(DEFAULT_DSP_SETTINGS, 2000, 0)).toThrow(/channel count/);
  });
});

describe('InlineDspRunner', () => {
  it('drops blocks before configure, processes after, rejects invalid settings, reports a misfit block', async () => {
    const runner = new InlineDspRunner();
    const got: ProcessedBlock[] = [];
    const errors: string[] = [];
    runner.onProcessed((b) => got.push(b));
    runner.onError((m) => errors.push(m));
    const samples = emgLike(100, 2, 2000);
    const block = { samples, frameCount: 100, channelCount: 2, firstSampleIndex: 0, receivedAtMs: 1 };
    runner.process(block);
    expect(got).toHaveLength(0);
    await expect(runner.configure({ ...DEFAULT_DSP_SETTINGS, rmsWindowMs: 0 }, 2000, 2)).rejects.toThrow(/RMS window/);
    const res = await runner.configure(DEFAULT_DSP_SETTINGS, 500, 2);
    expect(res.effectiveLowpassHz).toBe(225);
    runner.process(block);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ frames: 100, channelCount: 2, firstSampleIndex: 0, receivedAtMs: 1 });
    expect(block.samples).toBe(samples); // input untouched
    runner.process({ ...block, channelCount: 3, frameCount: 66 });
    expect(errors[0]).toMatch(/3 channels.*set up for 2/);
    await runner.close();
  });
});
