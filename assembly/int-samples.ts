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
