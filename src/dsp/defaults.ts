/**
 * Default settings of the EMG chain, each with where it comes from (see also
 * /work/shared/design/SCIENCE.md, "Signal-processing defaults experts use for sEMG").
 */
import type { DspSettings } from '../host/contract';

/** Butterworth order of the high-pass and of the low-pass (each), as second-order sections.
 *  4th order: the causal live choice named in SCIENCE.md ("causal Butterworth, e.g. 4th order, as
 *  biquad sections"): 24 dB/octave against movement artefact below 20 Hz, two biquads each.
 *  Fixed in the live chain; `butterworthSos` accepts any order. */
export const BUTTERWORTH_ORDER = 4;

/** Highest mains harmonic that can be notched (the 2nd and 3rd carry most harmonic hum). */
export const MAX_MAINS_HARMONICS = 3;

/** The 1000 Hz sample-rate floor for raw sEMG (SENIAM; commercial systems use 1024-2148 Hz):
 *  below it the 20-450 Hz band cannot be captured and the chain warns. */
export const MIN_EMG_SAMPLE_RATE_HZ = 1000;

/** Highest low-pass corner as a fraction of the sample rate: 0.45 × rate = 0.9 × Nyquist.
 *  This is exactly where the recommended 450 Hz corner sits at the recommended minimum rate of
 *  1000 Hz, so at any lower rate the low-pass keeps the same position relative to Nyquist as the
 *  standard setup has at its floor (and the prewarped bilinear design, tan(π f / fs), stays well
 *  conditioned). */
export const MAX_LOWPASS_FRACTION_OF_RATE = 0.45;

export const DEFAULT_DSP_SETTINGS: DspSettings = {
  /** 20 Hz: De Luca, Gilmore, Kuznetsov & Roy 2010 (J Biomech 43:1573) recommend 20 Hz to remove
   *  movement artefact with little loss of EMG power; SENIAM allows 10-20 Hz; Delsys hardware 20 Hz. */
  highpassHz: 20,
  /** 450 Hz: De Luca 2010 (~450 Hz) and SENIAM (450-500 Hz); Delsys 20-450 Hz band. */
  lowpassHz: 450,
  /** 50 Hz mains (Europe, most of Asia/Africa); users in the Americas switch to 60 Hz. */
  mains: 50,
  /** Q = 30: −3 dB bandwidth f0 / Q = 1.7 Hz at 50 Hz (2 Hz at 60 Hz): removes the hum line and
   *  keeps the EMG power beside it; the value of the scipy reference vectors
   *  (/work/shared/reference: iirnotch(50, 30, fs)). */
  notchQ: 30,
  /** 1: the fundamental only. Rectifier-fed equipment and lights add odd and even harmonics (in a
   *  real rest recording 27 % of the remaining power sat at 100 Hz); the signal check says when
   *  to notch them too (2 or 3). Each harmonic notch removes ~1.7-3 Hz of EMG band. */
  mainsHarmonics: 1,
  /** 100 ms: the typical RMS window for sEMG amplitude (SCIENCE.md: 25-250 ms used; the
   *  signal-to-noise ratio grows with √window, the lag with the window). */
  rmsWindowMs: 100,
};
