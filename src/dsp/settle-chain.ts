/**
 * Starts an EmgChain from a steady state for a recording that is filtered as a whole (batch
 * analysis, `export --envelope`): the filters as if the signal's DC level and mains hum had always
 * been there, and the RMS window already holding the start of the signal.
 *
 * Before, the chain was warmed up on an odd mirror of the first second (2·x[0] − x[k], as
 * filtfilt pads). That settles the DC but flips the hum's phase at the joint, so the notch rang
 * for ~0.6 s (29 µV against a 4 µV floor); the envelope export had no warm-up at all (BioSPPy
 * emg.txt: 325 counts in its first second, real peak 5).
 *
 * Steps, per channel: fit DC + the mains fundamental and its 2nd and 3rd harmonics (when a mains
 * frequency is set) to the first `fitS` of the signal (least squares, steady-state.ts), set each
 * biquad's state to the exact steady-state response to that model (sosfilt_zi generalised to
 * sinusoids); then run the first RMS window's worth of samples once and restore the biquad
 * states, so the moving RMS starts full instead of rising from zero over its first window.
 */
import type { DspSettings } from '../host/contract';
import type { EmgChain } from './emg-chain';
import { fitDcAndTones, fitDcAndTonesMany, steadyStateStates, type InputModel } from './steady-state';

export const SETTLE_DEFAULTS = {
  /** length of the start fitted for DC and hum, s: 25 periods of 50 Hz (30 of 60 Hz) */
  fitS: 0.5,
  /** mains harmonics in the input model (1 = fundamental only) */
  humHarmonics: 3,
} as const;

/** Frames of the recording's start that settleChain reads. */
export function settleHeadFrames(sampleRateHz: number): number {
  return Math.max(1, Math.round(SETTLE_DEFAULTS.fitS * sampleRateHz));
}

/**
 * @param chain    a fresh chain (zero state)
 * @param samples  per channel, at least `head` frames of the recording's start
 * @param head     frames of `samples` to use (≤ settleHeadFrames(rate), ≤ the recording's length)
 * @param settings the chain's settings (the mains frequency of the hum model)
 */
export function settleChain(chain: EmgChain, samples: Float64Array[], head: number, settings: DspSettings): void {
  const nc = chain.channelCount;
  const rate = chain.sampleRateHz;
  const coef = chain.sectionCoefficients();
  const freqs: number[] = [];
  if (settings.mains !== 'off') for (let k = 1; k <= SETTLE_DEFAULTS.humHarmonics; k++) freqs.push(k * settings.mains);
  const states: Float64Array[] = [];
  const models = fitChannelStarts(samples, nc, head, rate, freqs);
  for (let c = 0; c < nc; c++) {
    const z = steadyStateStates(coef, models[c], rate);
    chain.setChannelFilterState(c, z);
    states.push(z);
  }
  // fill the RMS window with the filtered start, then put the filters back to their steady state
  const w = Math.min(head, chain.rmsWindowSamples);
  if (w <= 0) return;
  const inBuf = new Float64Array(w * nc);
  for (let c = 0; c < nc; c++) for (let f = 0; f < w; f++) inBuf[f * nc + c] = samples[c][f];
  const out = new Float64Array(w * nc);
  const env = new Float64Array(w * nc);
  chain.process(inBuf, w, out, env);
  for (let c = 0; c < nc; c++) chain.setChannelFilterState(c, states[c]);
}

/**
 * fitDcAndTones of each channel's first min(head, its length) samples: the channels of the same
 * length (all of them, in practice) in one fitDcAndTonesMany (the basis computed once), the
 * same models as one fit per channel.
 */
function fitChannelStarts(samples: Float64Array[], nc: number, head: number, rateHz: number, freqs: readonly number[]): InputModel[] {
  const n = (c: number) => Math.min(head, samples[c].length);
  const models: InputModel[] = new Array(nc);
  const same: number[] = [];
  for (let c = 0; c < nc; c++) {
    if (n(c) === n(0)) same.push(c);
    else models[c] = fitDcAndTones(samples[c], 0, n(c), rateHz, freqs);
  }
  if (same.length) {
    const fits = fitDcAndTonesMany(same.map((c) => samples[c]), 0, n(0), rateHz, freqs);
    same.forEach((c, i) => (models[c] = fits[i]));
  }
  return models;
}
