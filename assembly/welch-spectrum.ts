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

function ld2(p: usize, i: i32): v128 {
  return v128.load(p + (<usize>i << 4));
}

function st2(p: usize, i: i32, v: v128): void {
  v128.store(p + (<usize>i << 4), v);
}

/** single2 on both lanes */
function single2x2(out: usize, data: usize, outOff: i32, off: i32, step: i32): void {
  const evenR = ld2(data, off);
  const oddR = ld2(data, off + step);
  const zero = f64x2.splat(0);
  st2(out, outOff, f64x2.add(evenR, oddR));
  st2(out, outOff + 1, zero);
  st2(out, outOff + 2, f64x2.sub(evenR, oddR));
  st2(out, outOff + 3, zero);
}

/** single4 on both lanes */
function single4x2(out: usize, data: usize, outOff: i32, off: i32, step: i32): void {
  const Ar = ld2(data, off);
  const Br = ld2(data, off + step);
  const Cr = ld2(data, off + step * 2);
  const Dr = ld2(data, off + step * 3);
  const T0r = f64x2.add(Ar, Cr);
  const T1r = f64x2.sub(Ar, Cr);
  const T2r = f64x2.add(Br, Dr);
  const T3r = f64x2.sub(Br, Dr);
  const zero = f64x2.splat(0);
  st2(out, outOff, f64x2.add(T0r, T2r));
  st2(out, outOff + 1, zero);
  st2(out, outOff + 2, T1r);
  st2(out, outOff + 3, f64x2.neg(T3r));
  st2(out, outOff + 4, f64x2.sub(T0r, T2r));
  st2(out, outOff + 5, zero);
  st2(out, outOff + 6, T1r);
  st2(out, outOff + 7, T3r);
}

/**
 * realFft on two signals at once, one per f64x2 lane (data and out hold v128 values where realFft
 * holds doubles): every lane does realFft's operations in realFft's order, so each lane's result
 * is realFft's, bit for bit.
 */
function realFft2(size: i32, data: usize, out: usize, table: usize, bitrev: usize, width: i32): void {
  const csize = size << 1;
  let step = 1 << width;
  let len = (csize / step) << 1;
  if (len === 4) {
    for (let outOff = 0, t = 0; outOff < csize; outOff += len, t++) single2x2(out, data, outOff, load<i32>(bitrev + (<usize>t << 2)) >>> 1, step >>> 1);
  } else {
    for (let outOff = 0, t = 0; outOff < csize; outOff += len, t++) single4x2(out, data, outOff, load<i32>(bitrev + (<usize>t << 2)) >>> 1, step >>> 1);
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
        const Ar = ld2(out, A);
        const Ai = ld2(out, A + 1);
        const Br = ld2(out, B);
        const Bi = ld2(out, B + 1);
        const Cr = ld2(out, C);
        const Ci = ld2(out, C + 1);
        const Dr = ld2(out, D);
        const Di = ld2(out, D + 1);
        const MAr = Ar;
        const MAi = Ai;
        const tableBr = f64x2.splat(ld(table, k));
        const tableBi = f64x2.splat(ld(table, k + 1));
        const MBr = f64x2.sub(f64x2.mul(Br, tableBr), f64x2.mul(Bi, tableBi));
        const MBi = f64x2.add(f64x2.mul(Br, tableBi), f64x2.mul(Bi, tableBr));
        const tableCr = f64x2.splat(ld(table, 2 * k));
        const tableCi = f64x2.splat(ld(table, 2 * k + 1));
        const MCr = f64x2.sub(f64x2.mul(Cr, tableCr), f64x2.mul(Ci, tableCi));
        const MCi = f64x2.add(f64x2.mul(Cr, tableCi), f64x2.mul(Ci, tableCr));
        const tableDr = f64x2.splat(ld(table, 3 * k));
        const tableDi = f64x2.splat(ld(table, 3 * k + 1));
        const MDr = f64x2.sub(f64x2.mul(Dr, tableDr), f64x2.mul(Di, tableDi));
        const MDi = f64x2.add(f64x2.mul(Dr, tableDi), f64x2.mul(Di, tableDr));
        const T0r = f64x2.add(MAr, MCr);
        const T0i = f64x2.add(MAi, MCi);
        const T1r = f64x2.sub(MAr, MCr);
        const T1i = f64x2.sub(MAi, MCi);
        const T2r = f64x2.add(MBr, MDr);
        const T2i = f64x2.add(MBi, MDi);
        const T3r = f64x2.sub(MBr, MDr);
        const T3i = f64x2.sub(MBi, MDi);
        st2(out, A, f64x2.add(T0r, T2r));
        st2(out, A + 1, f64x2.add(T0i, T2i));
        st2(out, B, f64x2.add(T1r, T3i));
        st2(out, B + 1, f64x2.sub(T1i, T3r));
        if (i === 0) {
          st2(out, C, f64x2.sub(T0r, T2r));
          st2(out, C + 1, f64x2.sub(T0i, T2i));
          continue;
        }
        if (i === hquarterLen) continue;
        // the flipped half (fft.js: ST0 = conj(T1), ST1 = conj(T0), ST2 = −i·conj(T3)…)
        const ST0r = T1r;
        const ST0i = f64x2.neg(T1i);
        const ST1r = T0r;
        const ST1i = f64x2.neg(T0i);
        const ST2r = f64x2.neg(T3i);
        const ST2i = f64x2.neg(T3r);
        const ST3r = f64x2.neg(T2i);
        const ST3i = f64x2.neg(T2r);
        const SA = outOff + quarterLen - i;
        const SB = outOff + halfLen - i;
        st2(out, SA, f64x2.add(ST0r, ST2r));
        st2(out, SA + 1, f64x2.add(ST0i, ST2i));
        st2(out, SB, f64x2.add(ST1r, ST3i));
        st2(out, SB + 1, f64x2.sub(ST1i, ST3r));
      }
    }
  }
}

/**
 * welchSpectrum's loop over x[0, n): for each window start 0, hop, 2·hop, … with start + size ≤ n,
 * input = (x − window mean) · hann, out = realFft(input), power[k] += re² + im² (k = 0 … size/2;
 * power is zeroed first, the windows added in order). Two consecutive windows run side by side,
 * one per f64x2 lane (input2, out2: 2·size and 4·size doubles); an odd last window runs alone
 * (input, out: size and 2·size doubles). Returns the number of windows (the caller scales).
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
  input2: usize,
  out2: usize,
): i32 {
  const half = size >> 1;
  for (let k = 0; k <= half; k++) st(power, k, 0);
  const fsize = <f64>size;
  let windows = 0;
  let start = 0;
  for (; start + hop + size <= n; start += 2 * hop) {
    const w0 = x + (<usize>start << 3);
    const w1 = x + (<usize>(start + hop) << 3);
    let mean = f64x2.splat(0);
    for (let i = 0; i < size; i++) mean = f64x2.add(mean, f64x2.replace_lane(f64x2.splat(ld(w0, i)), 1, ld(w1, i)));
    mean = f64x2.div(mean, f64x2.splat(fsize));
    for (let i = 0; i < size; i++) {
      const v = f64x2.replace_lane(f64x2.splat(ld(w0, i)), 1, ld(w1, i));
      st2(input2, i, f64x2.mul(f64x2.sub(v, mean), f64x2.splat(ld(hann, i))));
    }
    realFft2(size, input2, out2, table, bitrev, width);
    for (let k = 0; k <= half; k++) {
      const re = ld2(out2, 2 * k);
      const im = ld2(out2, 2 * k + 1);
      const p = f64x2.add(f64x2.mul(re, re), f64x2.mul(im, im));
      // the first window's power, then the second's (the order JS adds them in)
      st(power, k, ld(power, k) + f64x2.extract_lane(p, 0) + f64x2.extract_lane(p, 1));
    }
    windows += 2;
  }
  for (; start + size <= n; start += hop) {
    const w = x + (<usize>start << 3);
    let mean = 0.0;
    for (let i = 0; i < size; i++) mean += ld(w, i);
    mean /= fsize;
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
