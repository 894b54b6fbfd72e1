/**
 * Median frequency (MDF) of the filtered sEMG: the frequency that splits the power spectrum into
 * two halves of equal power. It falls as a muscle fatigues within a set (conduction velocity
 * drops), so the slope of the per-rep MDF over a set is a fatigue indicator (SCIENCE.md: short
 * windows of ~250 ms-1 s with 50 % overlap).
 *
 * Defaults: Hann windows of ~128 ms rounded to a power of two (256 samples at 2000 Hz, 128 at
 * 1000 Hz), 50 % overlap, power spectra averaged over the windows (Welch), MDF interpolated
 * linearly inside the bin where the cumulative power crosses one half.
 */
import { floorPow2, nearestPow2, welchSpectrum, type WelchSpectrumFn } from './spectrum';

export const MEDIAN_FREQUENCY_DEFAULTS = {
  /** window length, ms (rounded to a power of two in samples) */
  windowMs: 128,
  /** smallest usable window, samples */
  minWindow: 32,
  /** bins below this are ignored (residual drift after the high-pass), Hz */
  minHz: 10,
} as const;

export interface MedianFrequencyOptions {
  from?: number;
  to?: number;
  windowMs?: number;
  /** window size in samples (power of two), overrides windowMs */
  windowSize?: number;
  minHz?: number;
  /** the Welch spectrum to use (default welchSpectrum; batch analysis: its WebAssembly twin, the same numbers) */
  spectrum?: WelchSpectrumFn;
}

/** Window size used for a given rate: a power of two near windowMs. */
export function medianFrequencyWindow(rateHz: number, windowMs: number = MEDIAN_FREQUENCY_DEFAULTS.windowMs): number {
  return Math.max(MEDIAN_FREQUENCY_DEFAULTS.minWindow, nearestPow2((rateHz * windowMs) / 1000));
}

/**
 * MDF of x[from, to) in Hz, or null when the segment is too short (< 32 samples) or silent.
 * A segment shorter than the default window uses the largest power of two that fits.
 */
export function medianFrequencyHz(x: ArrayLike<number>, rateHz: number, opts: MedianFrequencyOptions = {}): number | null {
  const from = opts.from ?? 0;
  const to = opts.to ?? x.length;
  let size = opts.windowSize ?? medianFrequencyWindow(rateHz, opts.windowMs);
  if (to - from < size) size = floorPow2(to - from);
  if (size < MEDIAN_FREQUENCY_DEFAULTS.minWindow) return null;
  const spec = (opts.spectrum ?? welchSpectrum)(x, rateHz, size, from, to);
  if (!spec) return null;
  const minHz = opts.minHz ?? MEDIAN_FREQUENCY_DEFAULTS.minHz;
  const k0 = Math.max(1, Math.ceil(minHz / spec.binHz));
  let total = 0;
  for (let k = k0; k < spec.power.length; k++) total += spec.power[k];
  if (!(total > 0)) return null;
  const half = total / 2;
  let cum = 0;
  for (let k = k0; k < spec.power.length; k++) {
    const next = cum + spec.power[k];
    if (next >= half) {
      // the bin's power is spread over [k − ½, k + ½] bin widths; interpolate inside it
      const frac = spec.power[k] > 0 ? (half - cum) / spec.power[k] : 0.5;
      return (k - 0.5 + frac) * spec.binHz;
    }
    cum = next;
  }
  return null;
}

/** Least-squares slope of values against their index (per step); null with < 2 finite values. */
export function slope(values: ArrayLike<number | null>): number | null {
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < values.length; i++) {
    const y = values[i];
    if (y === null || !Number.isFinite(y)) continue;
    n++;
    sx += i;
    sy += y;
    sxx += i * i;
    sxy += i * y;
  }
  if (n < 2) return null;
  const d = n * sxx - sx * sx;
  return d === 0 ? null : (n * sxy - sx * sy) / d;
}
