/**
 * Checks chain settings against the device's sample rate. Settings that make no sense throw an
 * Error with a plain message; a rate too low for the band does NOT fail: the corners move, the
 * notch turns off when mains lies above Nyquist, and plain-language warnings say what happened.
 */
import type { DspSettings } from '../host/contract';
import { MAX_LOWPASS_FRACTION_OF_RATE, MAX_MAINS_HARMONICS, MIN_EMG_SAMPLE_RATE_HZ } from './defaults';

/** When even the moved low-pass would sit at or below the high-pass (rates under ~45 Hz for a
 *  20 Hz high-pass), the high-pass moves to 0.1 × rate: a decade-ish under Nyquist and 4.5×
 *  below the moved low-pass, so a pass band remains. Such a signal is not EMG any more; the
 *  warning says so. */
const FALLBACK_HIGHPASS_FRACTION_OF_RATE = 0.1;

export interface RateAdaptation {
  /** low-pass corner actually used, Hz */
  effectiveLowpassHz: number;
  /** high-pass corner actually used, Hz (equals the setting unless the rate is extremely low) */
  effectiveHighpassHz: number;
  /** false when the setting is 'off' or mains lies at/above Nyquist */
  notchEnabled: boolean;
  /** mains harmonics notched besides the fundamental, Hz (those below Nyquist) */
  harmonicNotchesHz: number[];
  /** plain-language warnings for the user (empty when all is well) */
  warnings: string[];
}

const fmt = (hz: number): string => `${Number(hz.toFixed(1))} Hz`;

/** Throws an Error with a plain message when the settings themselves are invalid (whatever the rate). */
export function validateDspSettings(s: DspSettings): void {
  const positive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
  // 0 = no high-pass: only for streams that are envelopes already (src/devices/families/envelope-signal.ts)
  if (!positive(s.highpassHz) && s.highpassHz !== 0) throw new Error(`The high-pass corner must be a positive number of Hz (got ${String(s.highpassHz)}).`);
  if (!positive(s.lowpassHz)) throw new Error(`The low-pass corner must be a positive number of Hz (got ${String(s.lowpassHz)}).`);
  if (s.highpassHz >= s.lowpassHz) {
    throw new Error(`The high-pass corner (${fmt(s.highpassHz)}) must be below the low-pass corner (${fmt(s.lowpassHz)}), or nothing passes.`);
  }
  if (s.mains !== 50 && s.mains !== 60 && s.mains !== 'off') throw new Error(`The mains setting must be 50, 60 or 'off' (got ${String(s.mains)}).`);
  if (!positive(s.notchQ)) throw new Error(`The notch quality factor must be a positive number (got ${String(s.notchQ)}).`);
  const h = s.mainsHarmonics;
  if (h !== undefined && !(Number.isInteger(h) && h >= 1 && h <= MAX_MAINS_HARMONICS)) {
    throw new Error(`The mains harmonics setting must be a whole number from 1 (fundamental only) to ${MAX_MAINS_HARMONICS} (got ${String(h)}).`);
  }
  if (!positive(s.rmsWindowMs)) throw new Error(`The RMS window must be a positive number of milliseconds (got ${String(s.rmsWindowMs)}).`);
}

export function adaptToRate(settings: DspSettings, rateHz: number): RateAdaptation {
  validateDspSettings(settings);
  if (typeof rateHz !== 'number' || !Number.isFinite(rateHz) || rateHz <= 0) {
    throw new Error(`The sample rate must be a positive number of samples per second (got ${String(rateHz)}).`);
  }
  const warnings: string[] = [];
  const nyquist = rateHz / 2;
  if (rateHz < MIN_EMG_SAMPLE_RATE_HZ) {
    warnings.push(
      `The device records ${fmt(rateHz)} samples per second; surface EMG needs at least ${MIN_EMG_SAMPLE_RATE_HZ}. ` +
        `Muscle signal above ${fmt(nyquist)} is lost, so levels read lower than on a faster device: compare only with recordings from the same device.`,
    );
  }
  let lowpass = settings.lowpassHz;
  const maxLowpass = MAX_LOWPASS_FRACTION_OF_RATE * rateHz;
  if (lowpass > maxLowpass) {
    lowpass = maxLowpass;
    warnings.push(
      `The low-pass filter was moved from ${fmt(settings.lowpassHz)} to ${fmt(lowpass)}: at ${fmt(rateHz)} sampling nothing above ${fmt(nyquist)} can be recorded.`,
    );
  }
  let highpass = settings.highpassHz;
  if (highpass >= lowpass) {
    highpass = FALLBACK_HIGHPASS_FRACTION_OF_RATE * rateHz;
    warnings.push(
      `The high-pass filter was moved from ${fmt(settings.highpassHz)} to ${fmt(highpass)} because the sample rate is far too low for it; this signal cannot be read as muscle activity.`,
    );
  }
  let notchEnabled = settings.mains !== 'off';
  if (settings.mains !== 'off' && settings.mains >= nyquist) {
    notchEnabled = false;
    warnings.push(`The ${settings.mains} Hz mains filter is off: at ${fmt(rateHz)} sampling, ${settings.mains} Hz is above the highest frequency the device records.`);
  }
  const harmonicNotchesHz: number[] = [];
  if (notchEnabled && settings.mains !== 'off') {
    const skipped: number[] = [];
    for (let k = 2; k <= (settings.mainsHarmonics ?? 1); k++) {
      const f = k * settings.mains;
      if (f < nyquist) harmonicNotchesHz.push(f);
      else skipped.push(f);
    }
    if (skipped.length) warnings.push(`The mains harmonic notch at ${skipped.map(fmt).join(' and ')} is off: at ${fmt(rateHz)} sampling it is above the highest frequency the device records.`);
  }
  return { effectiveLowpassHz: lowpass, effectiveHighpassHz: highpass, notchEnabled, harmonicNotchesHz, warnings };
}
