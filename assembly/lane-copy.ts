/**
 * One lane of the kernel's channel-interleaved buffer copied out to a contiguous run (batch
 * analysis keeps the target's full-rate filtered signal: spill-file.ts writes the run to disk).
 * The JS form was a per-sample loop over a strided view, ~10 ns a sample (~70 ms per hour of
 * 2 kHz on this machine); here it is a plain load/store loop in the instance's memory. Copied as
 * 64-bit integers so every bit is kept (NaN payloads included). src/dsp/lane-copy.ts is the JS twin.
 * Part of dist/emg-kernel.wasm (re-exported by emg-kernel.ts).
 */

/** dst[f] = src[f·stride] for f < frames (8-byte values; stride in bytes). */
export function copyLane(src: usize, stride: usize, frames: i32, dst: usize): void {
  let p = src;
  let o = dst;
  const end = dst + (<usize>frames << 3);
  while (o < end) {
    store<i64>(o, load<i64>(p));
    p += stride;
    o += 8;
  }
}
