/**
 * The EMG chain's inner loop in WebAssembly SIMD (AssemblyScript; built to dist/emg-kernel.wasm by
 * scripts/build.mjs; driven by src/dsp/simd-kernel.ts). It is the JS chain's recurrence
 * (src/dsp/emg-chain.ts: biquad sections in transposed direct form II, scipy's sosfilt, then the
 * moving RMS of src/dsp/moving-rms.ts), run on two channels at once: one f64x2 lane per channel.
 *
 * Why it is bit-identical to the JS chain: every lane does the same IEEE-754 double operations in
 * the same order (mul, sub, add, sqrt are correctly rounded in both; WebAssembly SIMD has no fused
 * multiply-add unless relaxed-simd is asked for, which it is not), and channels never mix.
 *
 * Why channel pairs, four pairs at a time, section by section: the recurrence is latency-bound
 * along time within one channel (each output feeds the next through the delay registers), and
 * channels are independent. So one pass runs ONE section over a chunk of frames for up to four
 * channel pairs side by side: four independent f64x2 recurrences the CPU overlaps, their delay
 * registers and coefficients held in registers for the whole pass (no per-sample state loads).
 * The cascade is then simply one pass per section, in order (generic in the number of sections:
 * a section list of any length, e.g. more notches, costs one pass each). The moving RMS is a last
 * pass. The chunk is channel-interleaved with an even stride (frame f, channel c at f·Cp + c,
 * Cp = 2·⌈C/2⌉; the caller pads an odd channel count), so a pair is 16 contiguous bytes.
 *
 * State: `sectionCount` sections, each 5 coefficients (b0 b1 b2 a1 a2) pre-splatted as v128 at
 * coefPtr + s·80; the delay registers of pair p, section s at statePtr + (p·S + s)·32 (z0 then z1,
 * lanes = the pair's two channels); the caller may set initial states (e.g. steady-state ones) there.
 *
 * Memory is laid out by the caller (all pointers 16-byte aligned except the sample buffers); this
 * module allocates nothing.
 */

/** First free byte after the module's own data: the caller lays its buffers out from here. */
export function heapBase(): usize {
  return __heap_base;
}


/** One section over `frames` frames for 4 pairs (64 bytes per frame at io, frame stride `stride` bytes). */
function section4(k: usize, z: usize, zStride: usize, io: usize, stride: usize, frames: i32): void {
  const b0 = v128.load(k), b1 = v128.load(k, 16), b2 = v128.load(k, 32), a1 = v128.load(k, 48), a2 = v128.load(k, 64);
  const zA = z, zB = z + zStride, zC = z + 2 * zStride, zD = z + 3 * zStride;
  let p0 = v128.load(zA), q0 = v128.load(zA, 16);
  let p1 = v128.load(zB), q1 = v128.load(zB, 16);
  let p2 = v128.load(zC), q2 = v128.load(zC, 16);
  let p3 = v128.load(zD), q3 = v128.load(zD, 16);
  let at = io;
  for (let f = 0; f < frames; f++, at += stride) {
    const x0 = v128.load(at), x1 = v128.load(at, 16), x2 = v128.load(at, 32), x3 = v128.load(at, 48);
    // y = b0·x + z0; z0 = b1·x − a1·y + z1; z1 = b2·x − a2·y   (the JS chain's order of operations)
    const y0 = f64x2.add(f64x2.mul(b0, x0), p0);
    const y1 = f64x2.add(f64x2.mul(b0, x1), p1);
    const y2 = f64x2.add(f64x2.mul(b0, x2), p2);
    const y3 = f64x2.add(f64x2.mul(b0, x3), p3);
    p0 = f64x2.add(f64x2.sub(f64x2.mul(b1, x0), f64x2.mul(a1, y0)), q0);
    p1 = f64x2.add(f64x2.sub(f64x2.mul(b1, x1), f64x2.mul(a1, y1)), q1);
    p2 = f64x2.add(f64x2.sub(f64x2.mul(b1, x2), f64x2.mul(a1, y2)), q2);
    p3 = f64x2.add(f64x2.sub(f64x2.mul(b1, x3), f64x2.mul(a1, y3)), q3);
    q0 = f64x2.sub(f64x2.mul(b2, x0), f64x2.mul(a2, y0));
    q1 = f64x2.sub(f64x2.mul(b2, x1), f64x2.mul(a2, y1));
    q2 = f64x2.sub(f64x2.mul(b2, x2), f64x2.mul(a2, y2));
    q3 = f64x2.sub(f64x2.mul(b2, x3), f64x2.mul(a2, y3));
    v128.store(at, y0);
    v128.store(at, y1, 16);
    v128.store(at, y2, 32);
    v128.store(at, y3, 48);
  }
  v128.store(zA, p0); v128.store(zA, q0, 16);
  v128.store(zB, p1); v128.store(zB, q1, 16);
  v128.store(zC, p2); v128.store(zC, q2, 16);
  v128.store(zD, p3); v128.store(zD, q3, 16);
}

/** One section over `frames` frames for 2 pairs. */
function section2(k: usize, z: usize, zStride: usize, io: usize, stride: usize, frames: i32): void {
  const b0 = v128.load(k), b1 = v128.load(k, 16), b2 = v128.load(k, 32), a1 = v128.load(k, 48), a2 = v128.load(k, 64);
  const zA = z, zB = z + zStride;
  let p0 = v128.load(zA), q0 = v128.load(zA, 16);
  let p1 = v128.load(zB), q1 = v128.load(zB, 16);
  let at = io;
  for (let f = 0; f < frames; f++, at += stride) {
    const x0 = v128.load(at), x1 = v128.load(at, 16);
    const y0 = f64x2.add(f64x2.mul(b0, x0), p0);
    const y1 = f64x2.add(f64x2.mul(b0, x1), p1);
    p0 = f64x2.add(f64x2.sub(f64x2.mul(b1, x0), f64x2.mul(a1, y0)), q0);
    p1 = f64x2.add(f64x2.sub(f64x2.mul(b1, x1), f64x2.mul(a1, y1)), q1);
    q0 = f64x2.sub(f64x2.mul(b2, x0), f64x2.mul(a2, y0));
    q1 = f64x2.sub(f64x2.mul(b2, x1), f64x2.mul(a2, y1));
    v128.store(at, y0);
    v128.store(at, y1, 16);
  }
  v128.store(zA, p0); v128.store(zA, q0, 16);
  v128.store(zB, p1); v128.store(zB, q1, 16);
}

/** One section over `frames` frames for 1 pair. */
function section1(k: usize, z: usize, io: usize, stride: usize, frames: i32): void {
  const b0 = v128.load(k), b1 = v128.load(k, 16), b2 = v128.load(k, 32), a1 = v128.load(k, 48), a2 = v128.load(k, 64);
  let p0 = v128.load(z), q0 = v128.load(z, 16);
  let at = io;
  for (let f = 0; f < frames; f++, at += stride) {
    const x0 = v128.load(at);
    const y0 = f64x2.add(f64x2.mul(b0, x0), p0);
    p0 = f64x2.add(f64x2.sub(f64x2.mul(b1, x0), f64x2.mul(a1, y0)), q0);
    q0 = f64x2.sub(f64x2.mul(b2, x0), f64x2.mul(a2, y0));
    v128.store(at, y0);
  }
  v128.store(z, p0); v128.store(z, q0, 16);
}

/**
 * Filters `frames` frames of `pairs` channel pairs in place at ioPtr (frame stride pairs·16 bytes)
 * through the `sectionCount` sections, then writes the moving RMS envelope to envPtr (same layout).
 * RMS: ring of `window` squares at ringPtr + (j·P + p)·16, running sums at sumsPtr + p·16, shared
 * write position `ringPos`; a pair's sum is recomputed exactly from its ring whenever the ring wraps,
 * before that frame's envelope (moving-rms.ts; the JS chain's order). Returns the new ring position.
 */
export function processBlock(
  sectionCount: i32,
  coefPtr: usize,
  statePtr: usize,
  sumsPtr: usize,
  ringPtr: usize,
  window: i32,
  ringPos: i32,
  invWindow: f64,
  pairs: i32,
  frames: i32,
  ioPtr: usize,
  envPtr: usize,
): i32 {
  const stride = <usize>pairs << 4;
  const zStride = <usize>sectionCount * 32;
  for (let s = 0; s < sectionCount; s++) {
    const k = coefPtr + <usize>s * 80;
    const z = statePtr + <usize>s * 32;
    let p = 0;
    for (; p + 4 <= pairs; p += 4) section4(k, z + <usize>p * zStride, zStride, ioPtr + (<usize>p << 4), stride, frames);
    if (p + 2 <= pairs) {
      section2(k, z + <usize>p * zStride, zStride, ioPtr + (<usize>p << 4), stride, frames);
      p += 2;
    }
    if (p < pairs) section1(k, z + <usize>p * zStride, ioPtr + (<usize>p << 4), stride, frames);
  }
  return movingRms(sumsPtr, ringPtr, window, ringPos, invWindow, pairs, frames, ioPtr, envPtr);
}

/** The RMS pass: env = sum > 0 ? sqrt(sum / W) : 0 over the running sum of squares (see processBlock). */
function movingRms(sumsPtr: usize, ringPtr: usize, window: i32, ringPos: i32, invWindow: f64, pairs: i32, frames: i32, ioPtr: usize, envPtr: usize): i32 {
  const stride = <usize>pairs << 4;
  const vInvW = f64x2.splat(invWindow);
  const zero = f64x2.splat(0.0);
  let r = ringPos;
  for (let f = 0; f < frames; f++) {
    const io = <usize>f * stride;
    const rp = ringPtr + <usize>r * stride;
    const wraps = r + 1 == window;
    for (let p = 0; p < pairs; p++) {
      const o = <usize>p << 4;
      const y = v128.load(ioPtr + io + o);
      const sq = f64x2.mul(y, y);
      let sum = f64x2.add(v128.load(sumsPtr + o), f64x2.sub(sq, v128.load(rp + o)));
      v128.store(rp + o, sq);
      if (wraps) {
        // the ring wrapped: recompute the sum exactly, positions 0…W−1 in order (as the JS chain)
        sum = zero;
        for (let j = 0; j < window; j++) sum = f64x2.add(sum, v128.load(ringPtr + <usize>j * stride + o));
      }
      v128.store(sumsPtr + o, sum);
      // sum > 0 ? sqrt(sum / W) : 0  (a mask: lanes with sum ≤ 0 or NaN become +0)
      v128.store(envPtr + io + o, v128.and(f64x2.sqrt(f64x2.mul(sum, vInvW)), f64x2.gt(sum, zero)));
    }
    r = wraps ? 0 : r + 1;
  }
  return r;
}
