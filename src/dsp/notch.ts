/**
 * Mains notch: a second-order IIR notch, identical to scipy.signal.iirnotch(f0, Q, fs)
 * (design after Sophocles J. Orfanidis, "Introduction to Signal Processing", 1996, §11.3:
 * −3 dB bandwidth Δf = f0 / Q, zeros on the unit circle at ±f0).
 */
import type { Sos } from './butterworth';

export interface NotchCoefficients {
  /** numerator b0 b1 b2 */
  b: [number, number, number];
  /** denominator a0 a1 a2 (a0 = 1) */
  a: [number, number, number];
}

/**
 * @param f0Hz         frequency to remove, Hz (mains: 50 or 60); must lie in (0, sampleRateHz/2)
 * @param q            quality factor, f0 / bandwidth (default 30 in defaults.ts)
 * @param sampleRateHz samples per second
 */
export function iirNotch(f0Hz: number, q: number, sampleRateHz: number): NotchCoefficients {
  if (!(f0Hz > 0 && f0Hz < sampleRateHz / 2)) {
    throw new Error(`A ${f0Hz} Hz notch is not possible at ${sampleRateHz} Hz sampling: it must lie below ${sampleRateHz / 2} Hz`);
  }
  if (!(q > 0) || !Number.isFinite(q)) throw new Error(`The notch quality factor must be a positive number (got ${q})`);
  // same operation order as scipy (normalised frequency in units of π rad/sample)
  let w0 = (2 * f0Hz) / sampleRateHz;
  let bw = w0 / q;
  bw = bw * Math.PI;
  w0 = w0 * Math.PI;
  const gb = 1 / Math.sqrt(2); // bandwidth measured at −3 dB
  const beta = (Math.sqrt(1.0 - gb ** 2.0) / gb) * Math.tan(bw / 2.0);
  const gain = 1.0 / (1.0 + beta);
  const c = Math.cos(w0);
  return { b: [gain * 1.0, gain * (-2.0 * c), gain * 1.0], a: [1.0, -2.0 * gain * c, 2.0 * gain - 1.0] };
}

/** The notch as one second-order section (scipy.signal.tf2sos of the above is the same row). */
export function notchSos(f0Hz: number, q: number, sampleRateHz: number): Sos {
  const { b, a } = iirNotch(f0Hz, q, sampleRateHz);
  return Float64Array.of(b[0], b[1], b[2], a[0], a[1], a[2]);
}
