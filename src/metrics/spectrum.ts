/**
 * Welch-averaged power spectrum with fft.js (shared by median-frequency.ts and
 * signal-quality.ts). Hann window, 50 % overlap, per-window mean removed. FFT objects, windows and
 * scratch buffers are cached per size, so repeated calls allocate nothing but the result.
 */
import FFT from 'fft.js';

interface Plan {
  fft: FFT;
  window: Float64Array;
  /** Σ w² (for power scaling) */
  windowPower: number;
  input: number[];
  out: number[];
}

const plans = new Map<number, Plan>();

/**
 * The cached fft.js plan of a window size: its FFT object, the periodic Hann window and Σ w²
 * (src/dsp/welch-kernel.ts copies the same window and twiddle table into WebAssembly).
 */
export function spectrumPlan(size: number): Readonly<Pick<Plan, 'fft' | 'window' | 'windowPower'>> {
  return plan(size);
}

function plan(size: number): Plan {
  let p = plans.get(size);
  if (!p) {
    const fft = new FFT(size);
    const window = new Float64Array(size);
    let wp = 0;
    for (let i = 0; i < size; i++) {
      // periodic Hann
      window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / size);
      wp += window[i] * window[i];
    }
    p = { fft, window, windowPower: wp, input: new Array<number>(size).fill(0), out: fft.createComplexArray() as number[] };
    plans.set(size, p);
  }
  return p;
}

/** Largest power of two ≤ n (0 for n < 1). */
export function floorPow2(n: number): number {
  if (n < 1) return 0;
  return 2 ** Math.floor(Math.log2(n));
}

/** Power of two nearest to n. */
export function nearestPow2(n: number): number {
  return 2 ** Math.round(Math.log2(Math.max(1, n)));
}

export interface PowerSpectrum {
  /** one-sided power per bin 0 … size/2 (mean square per bin, µV² if x is µV) */
  power: Float64Array;
  /** bin width, Hz */
  binHz: number;
  size: number;
  windows: number;
}

/**
 * Welch spectrum of x[from, to) with `size`-sample Hann windows and 50 % overlap. Scaled so that
 * Σ power ≈ mean square of the (mean-removed) signal (Parseval with window-power correction).
 * Returns null when the segment is shorter than one window.
 */
export function welchSpectrum(x: ArrayLike<number>, rateHz: number, size: number, from = 0, to = x.length, out?: Float64Array): PowerSpectrum | null {
  if (to - from < size || size < 4) return null;
  const p = plan(size);
  const half = size / 2;
  const power = out && out.length >= half + 1 ? out.fill(0, 0, half + 1) : new Float64Array(half + 1);
  const hop = size / 2;
  let windows = 0;
  for (let start = from; start + size <= to; start += hop) {
    let mean = 0;
    for (let i = 0; i < size; i++) mean += x[start + i];
    mean /= size;
    for (let i = 0; i < size; i++) p.input[i] = (x[start + i] - mean) * p.window[i];
    p.fft.realTransform(p.out, p.input);
    for (let k = 0; k <= half; k++) {
      const re = p.out[2 * k];
      const im = p.out[2 * k + 1];
      power[k] += re * re + im * im;
    }
    windows++;
  }
  return scaleWelchPower(power, windows, size, p.windowPower, rateHz);
}

/** A Welch spectrum's signature (welchSpectrum, or its WebAssembly twin in src/dsp/welch-kernel.ts). */
export type WelchSpectrumFn = typeof welchSpectrum;

/**
 * welchSpectrum's last step on the summed |X_k|² of `windows` windows (power[0 … size/2]), in
 * place: mean square = Σ_k |X_k|² / (N · Σw²) over the two-sided spectrum, folded to one side.
 */
export function scaleWelchPower(power: Float64Array, windows: number, size: number, windowPower: number, rateHz: number): PowerSpectrum {
  const half = size / 2;
  const scale = 1 / (windows * size * windowPower);
  for (let k = 0; k <= half; k++) power[k] *= k === 0 || k === half ? scale : 2 * scale;
  return { power, binHz: rateHz / size, size, windows };
}
