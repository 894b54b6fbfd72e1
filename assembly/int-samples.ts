/**
 * Little-endian two's-complement samples (EDF: 16-bit, BDF: 24-bit) decoded from whole data
 * records straight into one lane of the kernel's channel-interleaved sample buffer, as µV:
 * v = d·gain + offset (src/dsp/int-samples.ts is the JS twin and reference; the same double
 * operations, so the same numbers). Part of dist/emg-kernel.wasm (re-exported by emg-kernel.ts)
 * so batch analysis reads a file into the kernel's memory and decodes it there (no intermediate
 * arrays, no JS loop per sample).
 *
 * A 24-bit sample is read as an unaligned 32-bit load whose top byte is shifted out: the caller
 * keeps at least one readable byte after the last sample (simd-kernel.ts pads the byte buffer).
 */

/**
 * Decodes `frames` samples of one signal. The signal's samples are `samplesPerRecord` consecutive
 * values in each record (records `recordBytes` apart, the first at src); frame f goes to
 * dst + f·stride. Returns the index of the first sample that is not 0, -1 when none is (only
 * looked for when findNonZero, else -1).
 */
export function decodeIntLe(
  src: usize,
  recordBytes: i32,
  samplesPerRecord: i32,
  bytesPerSample: i32,
  gain: f64,
  offset: f64,
  frames: i32,
  dst: usize,
  stride: usize,
  findNonZero: bool,
): i32 {
  let nz = -1;
  let w = 0;
  let rec = src;
  while (w < frames) {
    const n = min(samplesPerRecord, frames - w);
    const first = dst + <usize>w * stride;
    let out = first;
    const end = first + <usize>n * stride;
    let p = rec;
    if (bytesPerSample == 3) {
      while (out < end) {
        // (typed i32 on purpose: inside a cast to f64 AssemblyScript would widen the shifts to i64)
        const d: i32 = (load<i32>(p) << 8) >> 8;
        store<f64>(out, <f64>d * gain + offset);
        p += 3;
        out += stride;
      }
    } else {
      while (out < end) {
        const d: i32 = load<i16>(p);
        store<f64>(out, <f64>d * gain + offset);
        p += 2;
        out += stride;
      }
    }
    if (findNonZero && nz < 0) {
      for (let i = 0; i < n; i++) {
        if (load<f64>(first + <usize>i * stride) != 0) {
          nz = w + i;
          break;
        }
      }
    }
    w += n;
    rec += <usize>recordBytes;
  }
  return nz;
}

/**
 * decodeIntLe for two signals at once into two adjacent lanes (a lane pair: 16 contiguous bytes of
 * a frame at dst + f·stride): each frame is one f64x2 multiply-add and one 16-byte store instead of
 * two strided passes over the sample buffer (the buffer is larger than L2 at a chunk; each strided
 * pass moved every cache line of it). Per lane the same operations as decodeIntLe (an exact i32 →
 * f64 conversion, then v·gain, then + offset, each correctly rounded), so the same numbers.
 * Both signals share the record layout (one file); `srcB` is the second signal's first sample.
 * The first non-zero index of each (or -1; only looked for where findA / findB) goes to
 * nzOut (i32) and nzOut + 4.
 */
export function decodeIntLe2(
  srcA: usize,
  srcB: usize,
  recordBytes: i32,
  samplesPerRecord: i32,
  bytesPerSample: i32,
  gainA: f64,
  gainB: f64,
  offsetA: f64,
  offsetB: f64,
  frames: i32,
  dst: usize,
  stride: usize,
  findA: bool,
  findB: bool,
  nzOut: usize,
): void {
  const g = f64x2.replace_lane(f64x2.splat(gainA), 1, gainB);
  const o = f64x2.replace_lane(f64x2.splat(offsetA), 1, offsetB);
  let nzA = -1;
  let nzB = -1;
  let w = 0;
  let recA = srcA;
  let recB = srcB;
  while (w < frames) {
    const n = min(samplesPerRecord, frames - w);
    const first = dst + <usize>w * stride;
    let out = first;
    const end = first + <usize>n * stride;
    let pA = recA;
    let pB = recB;
    if (bytesPerSample == 3) {
      while (out < end) {
        // both 32-bit loads in lanes 0, 1; the top byte shifted out with the sign kept; the
        // two exact i32 → f64 conversions in one instruction
        const raw = i32x4.replace_lane(i32x4.splat(load<i32>(pA)), 1, load<i32>(pB));
        const d = f64x2.convert_low_i32x4_s(i32x4.shr_s(i32x4.shl(raw, 8), 8));
        v128.store(out, f64x2.add(f64x2.mul(d, g), o));
        pA += 3;
        pB += 3;
        out += stride;
      }
    } else {
      while (out < end) {
        const raw = i32x4.replace_lane(i32x4.splat(<i32>load<i16>(pA)), 1, <i32>load<i16>(pB));
        const d = f64x2.convert_low_i32x4_s(raw);
        v128.store(out, f64x2.add(f64x2.mul(d, g), o));
        pA += 2;
        pB += 2;
        out += stride;
      }
    }
    if (findA && nzA < 0) {
      for (let i = 0; i < n; i++) {
        if (load<f64>(first + <usize>i * stride) != 0) {
          nzA = w + i;
          break;
        }
      }
    }
    if (findB && nzB < 0) {
      for (let i = 0; i < n; i++) {
        if (load<f64>(first + <usize>i * stride, 8) != 0) {
          nzB = w + i;
          break;
        }
      }
    }
    w += n;
    recA += <usize>recordBytes;
    recB += <usize>recordBytes;
  }
  store<i32>(nzOut, nzA);
  store<i32>(nzOut, nzB, 4);
}
