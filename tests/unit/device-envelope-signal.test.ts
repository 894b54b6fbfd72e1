/** MyoWare ENV streams are envelopes: the chain must not band-pass them away (envelope-signal.ts). */
import { describe, expect, it } from 'vitest';
import { EmgChain } from '../../src/dsp/emg-chain';
import { DEFAULT_DSP_SETTINGS } from '../../src/dsp/defaults';
import { dspSettingsForSignal } from '../../src/devices/families/envelope-signal';

/** peak of the RMS envelope over the last 3 s of 12 s of 3-s reps of an ENV-like signal */
function peakEnvelope(settings: typeof DEFAULT_DSP_SETTINGS): number {
  return envelopeStats(settings).peak;
}
function restLevel(settings: typeof DEFAULT_DSP_SETTINGS): number {
  return envelopeStats(settings).min;
}
function envelopeStats(settings: typeof DEFAULT_DSP_SETTINGS): { peak: number; min: number } {
  const fs = 1000;
  const n = 12 * fs;
  const x = new Float64Array(n);
  // rest level 20 µV, reps rising to 500 µV (a slow, positive envelope as the sensor gives it)
  for (let i = 0; i < n; i++) x[i] = 20 + 480 * Math.sin((Math.PI * i) / (3 * fs)) ** 2;
  const chain = new EmgChain(settings, fs, 1);
  const filtered = new Float64Array(n);
  const env = new Float64Array(n);
  chain.process(x, n, filtered, env);
  let peak = 0;
  let min = Infinity;
  for (let i = n - 3 * fs; i < n; i++) {
    peak = Math.max(peak, env[i]);
    min = Math.min(min, env[i]);
  }
  return { peak, min };
}

describe('envelope streams', () => {
  it('raw EMG settings are unchanged; an envelope gets only a drift high-pass and a warning', () => {
    expect(dspSettingsForSignal(DEFAULT_DSP_SETTINGS, 'raw').settings).toBe(DEFAULT_DSP_SETTINGS);
    const env = dspSettingsForSignal(DEFAULT_DSP_SETTINGS, 'envelope');
    expect(env.settings.highpassHz).toBe(0);
    expect(env.warning).toMatch(/already an envelope/);
  });

  it('the 20-450 Hz band-pass erases an envelope; the envelope settings keep its rep peaks', () => {
    const bandPassed = peakEnvelope(DEFAULT_DSP_SETTINGS);
    const kept = peakEnvelope(dspSettingsForSignal(DEFAULT_DSP_SETTINGS, 'envelope').settings);
    expect(bandPassed).toBeLessThan(10); // of a 500 µV rep: gone
    expect(kept).toBeGreaterThan(450); // the rep peak (500 µV) is there
    expect(restLevel(dspSettingsForSignal(DEFAULT_DSP_SETTINGS, 'envelope').settings)).toBeLessThan(40); // and rest reads as rest (20 µV)
  });
});
