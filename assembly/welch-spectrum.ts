/**
 * The Welch power sums of src/metrics/spectrum.ts (welchSpectrum) in WebAssembly: per window of
 * `size` samples (hop size/2) the mean is removed, the Hann window applied, the real FFT taken
 * and |X_k|² added into power[0 … size/2]. The caller (src/dsp/welch-kernel.ts) scales the sums
 * exactly as welchSpectrum does. Part of dist/emg-kernel.wasm (re-exported by emg-kernel.ts); the
 * median frequency of every rep of `myocue analyze` runs here (the fft.js loop was ~45 % of the
 * analysis after the filter).
 *
 * Why it is bit-identical to welchSpectrum with fft.js: the FFT is fft.js 4.0.4's real-input
 * radix-4 transform (FFT.prototype._realTransform4 with _singleRealTransform2/4, forward) ported
 * operation for operation: the same products, sums and differences in the same order on IEEE-754
 * doubles (WebAssembly has no fused multiply-add and Binaryen does not reassociate floats), with
 * fft.js's own twiddle table, bit-reversal pattern and the Hann window copied in from JS (so
 * Math.cos/sin are V8's, not a second implementation's). fft.js's `inv` factor is 1 for a forward
 * transform, and a product with ±1 is exact, so it is left out. The window's mean is summed from
 * 0 in sample order, as in JS. tests/unit/welch-kernel.test.ts compares the two bit for bit.
 *
 * Memory is laid out by the caller; this module allocates nothing.
 */

function ld(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

function st(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

/** fft.js _singleRealTransform2 (len = 4) */
function single2(out: usize, data: usize, outOff: i32, off: i32, step: i32): void {
  const evenR = ld(data, off);
  const oddR = ld(data, off + step);
  st(out, outOff, evenR + oddR);
  st(out, outOff + 1, 0);
  st(out, outOff + 2, evenR - oddR);
  st(out, outOff + 3, 0);
}

/** fft.js _singleRealTransform4 (len = 8), forward */
function single4(out: usize, data: usize, outOff: i32, off: i32, step: i32): void {
  const Ar = ld(data, off);
  const Br = ld(data, off + step);
  const Cr = ld(data, off + step * 2);
  const Dr = ld(data, off + step * 3);
  const T0r = Ar + Cr;
  const T1r = Ar - Cr;
  const T2r = Br + Dr;
  const T3r = Br - Dr;
  st(out, outOff, T0r + T2r);
  st(out, outOff + 1, 0);
  st(out, outOff + 2, T1r);
  st(out, outOff + 3, -T3r);
  st(out, outOff + 4, T0r - T2r);
  st(out, outOff + 5, 0);
  st(out, outOff + 6, T1r);
  st(out, outOff + 7, T3r);
}

/**
 * fft.js realTransform(out, data) of `size` real values at data into the complex array at out
 * (2·size doubles; bins 0 … size/2 are the spectrum, as in fft.js). `table` is fft.js's twiddle
 * table (2·size doubles), `bitrev` its bit-reversal pattern (i32, 1 << width entries).
 */
export function realFft(size: i32, data: usize, out: usize, table: usize, bitrev: usize, width: i32): void {
  const csize = size << 1;
  let step = 1 << width;
  let len = (csize / step) << 1;
  if (len === 4) {
    for (let outOff = 0, t = 0; outOff < csize; outOff += len, t++) single2(out, data, outOff, load<i32>(bitrev + (<usize>t << 2)) >>> 1, step >>> 1);
  } else {
    for (let outOff = 0, t = 0; outOff < csize; outOff += len, t++) single4(out, data, outOff, load<i32>(bitrev + (<usize>t << 2)) >>> 1, step >>> 1);
  }
  for (step >>= 2; step >= 2; step >>= 2) {
    len = (csize / step) << 1;
    const halfLen = len >>> 1;
    const quarterLen = halfLen >>> 1;
    const hquarterLen = quarterLen >>> 1;
    for (let outOff = 0; outOff < csize; outOff += len) {
      for (let i = 0, k = 0; i <= hquarterLen; i += 2, k += step) {
        const A = outOff + i;
        const B = A + quarterLen;
        const C = B + quarterLen;
        const D = C + quarterLen;
        const Ar = ld(out, A);
        const Ai = ld(out, A + 1);
        const Br = ld(out, B);
        const Bi = ld(out, B + 1);
        const Cr = ld(out, C);
        const Ci = ld(out, C + 1);
        const Dr = ld(out, D);
        const Di = ld(out, D + 1);
        const MAr = Ar;
        const MAi = Ai;
        const tableBr = ld(table, k);
        const tableBi = ld(table, k + 1);
        const MBr = Br * tableBr - Bi * tableBi;
        const MBi = Br * tableBi + Bi * tableBr;
        const tableCr = ld(table, 2 * k);
        const tableCi = ld(table, 2 * k + 1);
        const MCr = Cr * tableCr - Ci * tableCi;
        const MCi = Cr * tableCi + Ci * tableCr;
        const tableDr = ld(table, 3 * k);
        const tableDi = ld(table, 3 * k + 1);
        const MDr = Dr * tableDr - Di * tableDi;
        const MDi = Dr * tableDi + Di * tableDr;
        const T0r = MAr + MCr;
        const T0i = MAi + MCi;
        const T1r = MAr - MCr;
        const T1i = MAi - MCi;
        const T2r = MBr + MDr;
        const T2i = MBi + MDi;
        const T3r = MBr - MDr;
        const T3i = MBi - MDi;
        st(out, A, T0r + T2r);
        st(out, A + 1, T0i + T2i);
        st(out, B, T1r + T3i);
        st(out, B + 1, T1i - T3r);
        if (i === 0) {
          st(out, C, T0r - T2r);
          st(out, C + 1, T0i - T2i);
          continue;
        }
        if (i === hquarterLen) continue;
        // the flipped half (fft.js: ST0 = conj(T1), ST1 = conj(T0), ST2 = −i·conj(T3)…)
        const ST0r = T1r;
        const ST0i = -T1i;
        const ST1r = T0r;
        const ST1i = -T0i;
        const ST2r = -T3i;
        const ST2i = -T3r;
        const ST3r = -T2i;
        const ST3i = -T2r;
        const SA = outOff + quarterLen - i;
        const SB = outOff + halfLen - i;
        st(out, SA, ST0r + ST2r);
        st(out, SA + 1, ST0i + ST2i);
        st(out, SB, ST1r + ST3i);
        st(out, SB + 1, ST1i - ST3r);
      }
    }
  }
}

/**
 * welchSpectrum's loop over x[0, n): for each window start 0, hop, 2·hop, … with start + size ≤ n,
 * input = (x − window mean) · hann, out = realFft(input), power[k] += re² + im² (k = 0 … size/2;
 * power is zeroed first). Returns the number of windows (the caller scales).
 */
export function welchPowerSums(
  x: usize,
  n: i32,
  size: i32,
  hop: i32,
  hann: usize,
  table: usize,
  bitrev: usize,
  width: i32,
  input: usize,
  out: usize,
  power: usize,
): i32 {
  const half = size >> 1;
  for (let k = 0; k <= half; k++) st(power, k, 0);
  let windows = 0;
  for (let start = 0; start + size <= n; start += hop) {
    const w = x + (<usize>start << 3);
    let mean = 0.0;
    for (let i = 0; i < size; i++) mean += ld(w, i);
    mean /= <f64>size;
    for (let i = 0; i < size; i++) st(input, i, (ld(w, i) - mean) * ld(hann, i));
    realFft(size, input, out, table, bitrev, width);
    for (let k = 0; k <= half; k++) {
      const re = ld(out, 2 * k);
      const im = ld(out, 2 * k + 1);
      st(power, k, ld(power, k) + (re * re + im * im));
    }
    windows++;
  }
  return windows;
}
