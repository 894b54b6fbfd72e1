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
 * Why four recurrences per pass: a biquad is latency-bound along time (each output feeds the next
 * through the delay registers: add → mul → sub → add, 12 cycles a frame on this machine's Zen 3),
 * and channels are independent. One pass runs four independent f64x2 recurrences side by side,
 * which the CPU overlaps: one section over four channel pairs (section4), or, with two pairs left,
 * two consecutive sections over both (section2x2; the second section takes the first one's output
 * of the same frame, which is not loop-carried), or four consecutive sections over one pair
 * (section1x4). The cascade is a sequence of such passes over a tile of frames (generic in the
 * number of sections). The moving RMS is a last pass per tile, its running sums held in registers.
 * The chunk is channel-interleaved with an even stride (frame f, channel c at f·Cp + c,
 * Cp = 2·⌈C/2⌉; the caller pads an odd channel count), so a pair is 16 contiguous bytes.
 *
 * Why the loops look the way they do (measured with V8's TurboFan, `node --print-wasm-code`; x64
 * has 16 xmm registers and V8 keeps xmm15 as scratch):
 *   - only 3 of a section's 5 coefficients (b0, b1, a1) are held in registers; b2 and a2 are
 *     loaded at each use (L1 loads are cheap). 5 coefficients + 8 delay registers + temporaries do
 *     not fit: V8 then spills a delay register, which puts a store→load on the recurrence (the old
 *     kernel: ~2× slower per pass).
 *   - the delay registers are stored to their state slots inside the loop, right after each is
 *     computed. The stores are not needed for the result (the values stay in registers); they pin
 *     the order: TurboFan schedules pure arithmetic as late as it can, i.e. all four recurrences'
 *     updates at the end of the iteration, which keeps every x and y alive at once and spills.
 *   - the ring wrap's exact recompute of the RMS sum (every W frames) is outside the hot loops.
 *
 * State: `sectionCount` sections, each 5 coefficients (b0 b1 b2 a1 a2) pre-splatted as v128 at
 * coefPtr + s·80; the delay registers of pair p, section s at statePtr + (p·S + s)·32 (z0 then z1,
 * lanes = the pair's two channels); the caller may set initial states (e.g. steady-state ones) there.
 *
 * Memory is laid out by the caller (all pointers 16-byte aligned); this module allocates nothing.
 */

/** First free byte after the module's own data: the caller lays its buffers out from here. */
export function heapBase(): usize {
  return __heap_base;
}

/** Frames per tile: every pass of a tile runs before the next tile (the tile stays in L1/L2 for large blocks). */
const TILE: i32 = 512;

/** One section over `frames` frames for 4 pairs (64 bytes per frame at io, frame stride `stride` bytes). */
function section4(k: usize, z: usize, zStride: usize, io: usize, stride: usize, frames: i32): void {
  const b0 = v128.load(k), b1 = v128.load(k, 16), a1 = v128.load(k, 48);
  const zA = z, zB = z + zStride, zC = z + 2 * zStride, zD = z + 3 * zStride;
  let p0 = v128.load(zA), q0 = v128.load(zA, 16);
  let p1 = v128.load(zB), q1 = v128.load(zB, 16);
  let p2 = v128.load(zC), q2 = v128.load(zC, 16);
  let p3 = v128.load(zD), q3 = v128.load(zD, 16);
  let at = io;
  const end = io + <usize>frames * stride;
  while (at < end) {
    // y = b0·x + z0; z0 = b1·x − a1·y + z1; z1 = b2·x − a2·y   (the JS chain's order of operations)
    const x0 = v128.load(at);
    const y0 = f64x2.add(f64x2.mul(b0, x0), p0);
    v128.store(at, y0);
    p0 = f64x2.add(f64x2.sub(f64x2.mul(b1, x0), f64x2.mul(a1, y0)), q0);
    q0 = f64x2.sub(f64x2.mul(v128.load(k, 32), x0), f64x2.mul(v128.load(k, 64), y0));
    v128.store(zA, p0);
    v128.store(zA, q0, 16);
    const x1 = v128.load(at, 16);
    const y1 = f64x2.add(f64x2.mul(b0, x1), p1);
    v128.store(at, y1, 16);
    p1 = f64x2.add(f64x2.sub(f64x2.mul(b1, x1), f64x2.mul(a1, y1)), q1);
    q1 = f64x2.sub(f64x2.mul(v128.load(k, 32), x1), f64x2.mul(v128.load(k, 64), y1));
    v128.store(zB, p1);
    v128.store(zB, q1, 16);
    const x2 = v128.load(at, 32);
    const y2 = f64x2.add(f64x2.mul(b0, x2), p2);
    v128.store(at, y2, 32);
    p2 = f64x2.add(f64x2.sub(f64x2.mul(b1, x2), f64x2.mul(a1, y2)), q2);
    q2 = f64x2.sub(f64x2.mul(v128.load(k, 32), x2), f64x2.mul(v128.load(k, 64), y2));
    v128.store(zC, p2);
    v128.store(zC, q2, 16);
    const x3 = v128.load(at, 48);
    const y3 = f64x2.add(f64x2.mul(b0, x3), p3);
    v128.store(at, y3, 48);
    p3 = f64x2.add(f64x2.sub(f64x2.mul(b1, x3), f64x2.mul(a1, y3)), q3);
    q3 = f64x2.sub(f64x2.mul(v128.load(k, 32), x3), f64x2.mul(v128.load(k, 64), y3));
    v128.store(zD, p3);
    v128.store(zD, q3, 16);
    at += stride;
  }
}

/**
 * Two consecutive sections (coefficients at k and k + 80, states at z and z + 32 of each pair)
 * over `frames` frames for 2 pairs: four recurrences, as section4.
 */
function section2x2(k: usize, z: usize, zStride: usize, io: usize, stride: usize, frames: i32): void {
  const zA = z, zB = z + zStride;
  let p0 = v128.load(zA), q0 = v128.load(zA, 16);
  let p1 = v128.load(zB), q1 = v128.load(zB, 16);
  let r0 = v128.load(zA, 32), s0 = v128.load(zA, 48);
  let r1 = v128.load(zB, 32), s1 = v128.load(zB, 48);
  const b0 = v128.load(k), b1 = v128.load(k, 16), a1 = v128.load(k, 48);
  let at = io;
  const end = io + <usize>frames * stride;
  while (at < end) {
    const x0 = v128.load(at);
    const y0 = f64x2.add(f64x2.mul(b0, x0), p0);
    p0 = f64x2.add(f64x2.sub(f64x2.mul(b1, x0), f64x2.mul(a1, y0)), q0);
    q0 = f64x2.sub(f64x2.mul(v128.load(k, 32), x0), f64x2.mul(v128.load(k, 64), y0));
    v128.store(zA, p0);
    v128.store(zA, q0, 16);
    const x1 = v128.load(at, 16);
    const y1 = f64x2.add(f64x2.mul(b0, x1), p1);
    p1 = f64x2.add(f64x2.sub(f64x2.mul(b1, x1), f64x2.mul(a1, y1)), q1);
    q1 = f64x2.sub(f64x2.mul(v128.load(k, 32), x1), f64x2.mul(v128.load(k, 64), y1));
    v128.store(zB, p1);
    v128.store(zB, q1, 16);
    const u0 = f64x2.add(f64x2.mul(v128.load(k, 80), y0), r0);
    v128.store(at, u0);
    r0 = f64x2.add(f64x2.sub(f64x2.mul(v128.load(k, 96), y0), f64x2.mul(v128.load(k, 128), u0)), s0);
    s0 = f64x2.sub(f64x2.mul(v128.load(k, 112), y0), f64x2.mul(v128.load(k, 144), u0));
    v128.store(zA, r0, 32);
    v128.store(zA, s0, 48);
    const u1 = f64x2.add(f64x2.mul(v128.load(k, 80), y1), r1);
    v128.store(at, u1, 16);
    r1 = f64x2.add(f64x2.sub(f64x2.mul(v128.load(k, 96), y1), f64x2.mul(v128.load(k, 128), u1)), s1);
    s1 = f64x2.sub(f64x2.mul(v128.load(k, 112), y1), f64x2.mul(v128.load(k, 144), u1));
    v128.store(zB, r1, 32);
    v128.store(zB, s1, 48);
    at += stride;
  }
}

/** One section over `frames` frames for 2 pairs. */
function section2(k: usize, z: usize, zStride: usize, io: usize, stride: usize, frames: i32): void {
  const b0 = v128.load(k), b1 = v128.load(k, 16), b2 = v128.load(k, 32), a1 = v128.load(k, 48), a2 = v128.load(k, 64);
  const zA = z, zB = z + zStride;
  let p0 = v128.load(zA), q0 = v128.load(zA, 16);
  let p1 = v128.load(zB), q1 = v128.load(zB, 16);
  let at = io;
  const end = io + <usize>frames * stride;
  while (at < end) {
    const x0 = v128.load(at), x1 = v128.load(at, 16);
    const y0 = f64x2.add(f64x2.mul(b0, x0), p0);
    const y1 = f64x2.add(f64x2.mul(b0, x1), p1);
    p0 = f64x2.add(f64x2.sub(f64x2.mul(b1, x0), f64x2.mul(a1, y0)), q0);
    p1 = f64x2.add(f64x2.sub(f64x2.mul(b1, x1), f64x2.mul(a1, y1)), q1);
    q0 = f64x2.sub(f64x2.mul(b2, x0), f64x2.mul(a2, y0));
    q1 = f64x2.sub(f64x2.mul(b2, x1), f64x2.mul(a2, y1));
    v128.store(at, y0);
    v128.store(at, y1, 16);
    at += stride;
  }
  v128.store(zA, p0);
  v128.store(zA, q0, 16);
  v128.store(zB, p1);
  v128.store(zB, q1, 16);
}

/** Four consecutive sections (coefficients k + j·80, states z + j·32) over `frames` frames for 1 pair. */
function section1x4(k: usize, z: usize, io: usize, stride: usize, frames: i32): void {
  let p0 = v128.load(z), q0 = v128.load(z, 16);
  let p1 = v128.load(z, 32), q1 = v128.load(z, 48);
  let p2 = v128.load(z, 64), q2 = v128.load(z, 80);
  let p3 = v128.load(z, 96), q3 = v128.load(z, 112);
  let at = io;
  const end = io + <usize>frames * stride;
  while (at < end) {
    const x = v128.load(at);
    const y0 = f64x2.add(f64x2.mul(v128.load(k), x), p0);
    p0 = f64x2.add(f64x2.sub(f64x2.mul(v128.load(k, 16), x), f64x2.mul(v128.load(k, 48), y0)), q0);
    q0 = f64x2.sub(f64x2.mul(v128.load(k, 32), x), f64x2.mul(v128.load(k, 64), y0));
    v128.store(z, p0);
    v128.store(z, q0, 16);
    const y1 = f64x2.add(f64x2.mul(v128.load(k, 80), y0), p1);
    p1 = f64x2.add(f64x2.sub(f64x2.mul(v128.load(k, 96), y0), f64x2.mul(v128.load(k, 128), y1)), q1);
    q1 = f64x2.sub(f64x2.mul(v128.load(k, 112), y0), f64x2.mul(v128.load(k, 144), y1));
    v128.store(z, p1, 32);
    v128.store(z, q1, 48);
    const y2 = f64x2.add(f64x2.mul(v128.load(k, 160), y1), p2);
    p2 = f64x2.add(f64x2.sub(f64x2.mul(v128.load(k, 176), y1), f64x2.mul(v128.load(k, 208), y2)), q2);
    q2 = f64x2.sub(f64x2.mul(v128.load(k, 192), y1), f64x2.mul(v128.load(k, 224), y2));
    v128.store(z, p2, 64);
    v128.store(z, q2, 80);
    const y3 = f64x2.add(f64x2.mul(v128.load(k, 240), y2), p3);
    v128.store(at, y3);
    p3 = f64x2.add(f64x2.sub(f64x2.mul(v128.load(k, 256), y2), f64x2.mul(v128.load(k, 288), y3)), q3);
    q3 = f64x2.sub(f64x2.mul(v128.load(k, 272), y2), f64x2.mul(v128.load(k, 304), y3));
    v128.store(z, p3, 96);
    v128.store(z, q3, 112);
    at += stride;
  }
}

/** One section over `frames` frames for 1 pair. */
function section1(k: usize, z: usize, io: usize, stride: usize, frames: i32): void {
  const b0 = v128.load(k), b1 = v128.load(k, 16), b2 = v128.load(k, 32), a1 = v128.load(k, 48), a2 = v128.load(k, 64);
  let p0 = v128.load(z), q0 = v128.load(z, 16);
  let at = io;
  const end = io + <usize>frames * stride;
  while (at < end) {
    const x0 = v128.load(at);
    const y0 = f64x2.add(f64x2.mul(b0, x0), p0);
    p0 = f64x2.add(f64x2.sub(f64x2.mul(b1, x0), f64x2.mul(a1, y0)), q0);
    q0 = f64x2.sub(f64x2.mul(b2, x0), f64x2.mul(a2, y0));
    v128.store(at, y0);
    at += stride;
  }
  v128.store(z, p0);
  v128.store(z, q0, 16);
}

/**
 * The last section over 2 pairs fused with their running RMS (frames whose ring rows follow each
 * other without a wrap: movingRmsAfterLast handles the wrap). Why: with 2 pairs the last of an odd
 * number of sections runs only 2 recurrences (section2), which leaves the FP units half idle on
 * the recurrence's latency; the RMS's own work (a square, an add chain, a sqrt per lane) fits in
 * that idle half, so it costs almost nothing here instead of a pass of its own per pair (rms1:
 * ~1/4 of the 4-channel chain's time, measured). Per lane the same operations in the same order
 * as section2 then rms1, so the same bits.
 */
function section2Rms2(k: usize, z: usize, zStride: usize, io: usize, stride: usize, frames: i32, sp: usize, rp: usize, env: usize, invW: f64): void {
  const b0 = v128.load(k), b1 = v128.load(k, 16), a1 = v128.load(k, 48);
  const vInvW = f64x2.splat(invW);
  const zero = f64x2.splat(0.0);
  const zA = z, zB = z + zStride;
  let p0 = v128.load(zA), q0 = v128.load(zA, 16);
  let p1 = v128.load(zB), q1 = v128.load(zB, 16);
  let s0 = v128.load(sp), s1 = v128.load(sp, 16);
  let at = io, e = env, r = rp;
  const end = io + <usize>frames * stride;
  while (at < end) {
    const x0 = v128.load(at);
    const y0 = f64x2.add(f64x2.mul(b0, x0), p0);
    v128.store(at, y0);
    p0 = f64x2.add(f64x2.sub(f64x2.mul(b1, x0), f64x2.mul(a1, y0)), q0);
    q0 = f64x2.sub(f64x2.mul(v128.load(k, 32), x0), f64x2.mul(v128.load(k, 64), y0));
    v128.store(zA, p0);
    v128.store(zA, q0, 16);
    const x1 = v128.load(at, 16);
    const y1 = f64x2.add(f64x2.mul(b0, x1), p1);
    v128.store(at, y1, 16);
    p1 = f64x2.add(f64x2.sub(f64x2.mul(b1, x1), f64x2.mul(a1, y1)), q1);
    q1 = f64x2.sub(f64x2.mul(v128.load(k, 32), x1), f64x2.mul(v128.load(k, 64), y1));
    v128.store(zB, p1);
    v128.store(zB, q1, 16);
    // rms1's operations on y0, y1 (sum += y² − oldest; ring ← y²; env = sum > 0 ? sqrt(sum/W) : 0)
    const sq0 = f64x2.mul(y0, y0), sq1 = f64x2.mul(y1, y1);
    s0 = f64x2.add(s0, f64x2.sub(sq0, v128.load(r)));
    s1 = f64x2.add(s1, f64x2.sub(sq1, v128.load(r, 16)));
    v128.store(r, sq0);
    v128.store(r, sq1, 16);
    v128.store(e, v128.and(f64x2.sqrt(f64x2.mul(s0, vInvW)), f64x2.gt(s0, zero)));
    v128.store(e, v128.and(f64x2.sqrt(f64x2.mul(s1, vInvW)), f64x2.gt(s1, zero)), 16);
    at += stride;
    e += stride;
    r += stride;
  }
  v128.store(sp, s0);
  v128.store(sp, s1, 16);
}

/** section2Rms2 for 1 pair (the last section after section1x4 passes: 1 recurrence, the RMS beside it). */
function section1Rms1(k: usize, z: usize, io: usize, stride: usize, frames: i32, sp: usize, rp: usize, env: usize, invW: f64): void {
  const b0 = v128.load(k), b1 = v128.load(k, 16), b2 = v128.load(k, 32), a1 = v128.load(k, 48), a2 = v128.load(k, 64);
  const vInvW = f64x2.splat(invW);
  const zero = f64x2.splat(0.0);
  let p0 = v128.load(z), q0 = v128.load(z, 16);
  let s0 = v128.load(sp);
  let at = io, e = env, r = rp;
  const end = io + <usize>frames * stride;
  while (at < end) {
    const x0 = v128.load(at);
    const y0 = f64x2.add(f64x2.mul(b0, x0), p0);
    p0 = f64x2.add(f64x2.sub(f64x2.mul(b1, x0), f64x2.mul(a1, y0)), q0);
    q0 = f64x2.sub(f64x2.mul(b2, x0), f64x2.mul(a2, y0));
    v128.store(at, y0);
    const sq0 = f64x2.mul(y0, y0);
    s0 = f64x2.add(s0, f64x2.sub(sq0, v128.load(r)));
    v128.store(r, sq0);
    v128.store(e, v128.and(f64x2.sqrt(f64x2.mul(s0, vInvW)), f64x2.gt(s0, zero)));
    at += stride;
    e += stride;
    r += stride;
  }
  v128.store(z, p0);
  v128.store(z, q0, 16);
  v128.store(sp, s0);
}

/**
 * All sections over `frames` frames at io (a tile), pair by pair group: groups of 4 pairs run
 * section4 per section; 2 pairs left run two sections at a time (section2x2, a last odd section
 * with section2); 1 pair left runs four sections at a time (section1x4, then section1).
 * `sectionCount` may be the first sections only (processBlock fuses the last one with the RMS);
 * zStride is the state's stride per pair (all sections' states: 32 bytes each).
 */
function sections(sectionCount: i32, coefPtr: usize, statePtr: usize, pairs: i32, io: usize, stride: usize, frames: i32, zStride: usize): void {
  let p = 0;
  for (; p + 4 <= pairs; p += 4) {
    const z = statePtr + <usize>p * zStride;
    const x = io + (<usize>p << 4);
    for (let s = 0; s < sectionCount; s++) section4(coefPtr + <usize>s * 80, z + <usize>s * 32, zStride, x, stride, frames);
  }
  if (p + 2 <= pairs) {
    const z = statePtr + <usize>p * zStride;
    const x = io + (<usize>p << 4);
    let s = 0;
    for (; s + 2 <= sectionCount; s += 2) section2x2(coefPtr + <usize>s * 80, z + <usize>s * 32, zStride, x, stride, frames);
    if (s < sectionCount) section2(coefPtr + <usize>s * 80, z + <usize>s * 32, zStride, x, stride, frames);
    p += 2;
  }
  if (p < pairs) {
    const z = statePtr + <usize>p * zStride;
    const x = io + (<usize>p << 4);
    let s = 0;
    for (; s + 4 <= sectionCount; s += 4) section1x4(coefPtr + <usize>s * 80, z + <usize>s * 32, x, stride, frames);
    for (; s < sectionCount; s++) section1(coefPtr + <usize>s * 80, z + <usize>s * 32, x, stride, frames);
  }
}

/**
 * The running RMS of 4 pairs over `frames` frames whose ring rows follow each other without a
 * wrap (row rp, rp + stride, …): sum += y² − oldest; ring ← y²; env = sum > 0 ? sqrt(sum / W) : 0
 * (a mask: lanes with sum ≤ 0 or NaN become +0). The sums stay in registers.
 */
function rms4(sp: usize, rp: usize, frames: i32, io: usize, env: usize, stride: usize, invW: f64): void {
  const vInvW = f64x2.splat(invW);
  const zero = f64x2.splat(0.0);
  let s0 = v128.load(sp), s1 = v128.load(sp, 16), s2 = v128.load(sp, 32), s3 = v128.load(sp, 48);
  let at = io, e = env, r = rp;
  const end = io + <usize>frames * stride;
  while (at < end) {
    const y0 = v128.load(at), y1 = v128.load(at, 16), y2 = v128.load(at, 32), y3 = v128.load(at, 48);
    const sq0 = f64x2.mul(y0, y0), sq1 = f64x2.mul(y1, y1), sq2 = f64x2.mul(y2, y2), sq3 = f64x2.mul(y3, y3);
    s0 = f64x2.add(s0, f64x2.sub(sq0, v128.load(r)));
    s1 = f64x2.add(s1, f64x2.sub(sq1, v128.load(r, 16)));
    s2 = f64x2.add(s2, f64x2.sub(sq2, v128.load(r, 32)));
    s3 = f64x2.add(s3, f64x2.sub(sq3, v128.load(r, 48)));
    v128.store(r, sq0);
    v128.store(r, sq1, 16);
    v128.store(r, sq2, 32);
    v128.store(r, sq3, 48);
    v128.store(e, v128.and(f64x2.sqrt(f64x2.mul(s0, vInvW)), f64x2.gt(s0, zero)));
    v128.store(e, v128.and(f64x2.sqrt(f64x2.mul(s1, vInvW)), f64x2.gt(s1, zero)), 16);
    v128.store(e, v128.and(f64x2.sqrt(f64x2.mul(s2, vInvW)), f64x2.gt(s2, zero)), 32);
    v128.store(e, v128.and(f64x2.sqrt(f64x2.mul(s3, vInvW)), f64x2.gt(s3, zero)), 48);
    at += stride;
    e += stride;
    r += stride;
  }
  v128.store(sp, s0);
  v128.store(sp, s1, 16);
  v128.store(sp, s2, 32);
  v128.store(sp, s3, 48);
}

/** rms4 for 1 pair. */
function rms1(sp: usize, rp: usize, frames: i32, io: usize, env: usize, stride: usize, invW: f64): void {
  const vInvW = f64x2.splat(invW);
  const zero = f64x2.splat(0.0);
  let s0 = v128.load(sp);
  let at = io, e = env, r = rp;
  const end = io + <usize>frames * stride;
  while (at < end) {
    const sq0 = f64x2.mul(v128.load(at), v128.load(at));
    s0 = f64x2.add(s0, f64x2.sub(sq0, v128.load(r)));
    v128.store(r, sq0);
    v128.store(e, v128.and(f64x2.sqrt(f64x2.mul(s0, vInvW)), f64x2.gt(s0, zero)));
    at += stride;
    e += stride;
    r += stride;
  }
  v128.store(sp, s0);
}

/**
 * The exact sum of 4 pairs' rings (rows 0…W−1 in order, as the JS chain adds them) into out:
 * four independent chains of adds side by side (one after the other they would be 4× longer).
 */
function ringSum4(ring: usize, window: i32, stride: usize, out: usize): void {
  let s0 = f64x2.splat(0.0), s1 = f64x2.splat(0.0), s2 = f64x2.splat(0.0), s3 = f64x2.splat(0.0);
  let at = ring;
  const end = ring + <usize>window * stride;
  while (at < end) {
    s0 = f64x2.add(s0, v128.load(at));
    s1 = f64x2.add(s1, v128.load(at, 16));
    s2 = f64x2.add(s2, v128.load(at, 32));
    s3 = f64x2.add(s3, v128.load(at, 48));
    at += stride;
  }
  v128.store(out, s0);
  v128.store(out, s1, 16);
  v128.store(out, s2, 32);
  v128.store(out, s3, 48);
}

/** ringSum4 for 1 pair. */
function ringSum1(ring: usize, window: i32, stride: usize, out: usize): void {
  let s0 = f64x2.splat(0.0);
  let at = ring;
  const end = ring + <usize>window * stride;
  while (at < end) {
    s0 = f64x2.add(s0, v128.load(at));
    at += stride;
  }
  v128.store(out, s0);
}

/**
 * The moving RMS of a tile: runs of frames up to the ring's wrap, then (at the wrap) each pair's
 * sum recomputed exactly from its ring, positions 0…W−1 in order, and that frame's envelope
 * recomputed from it (the JS chain recomputes before the frame's envelope; the value rms4 wrote
 * there from the running sum is overwritten). Returns the new ring position.
 */
function movingRms(sumsPtr: usize, ringPtr: usize, window: i32, ringPos: i32, invW: f64, pairs: i32, frames: i32, io: usize, env: usize, stride: usize): i32 {
  let r = ringPos;
  let f = 0;
  while (f < frames) {
    const n = min(frames - f, window - r);
    const rp = ringPtr + <usize>r * stride;
    const x = io + <usize>f * stride;
    const e = env + <usize>f * stride;
    let p = 0;
    for (; p + 4 <= pairs; p += 4) rms4(sumsPtr + (<usize>p << 4), rp + (<usize>p << 4), n, x + (<usize>p << 4), e + (<usize>p << 4), stride, invW);
    for (; p < pairs; p++) rms1(sumsPtr + (<usize>p << 4), rp + (<usize>p << 4), n, x + (<usize>p << 4), e + (<usize>p << 4), stride, invW);
    f += n;
    r += n;
    if (r == window) {
      r = 0;
      ringWrap(sumsPtr, ringPtr, window, invW, pairs, env + <usize>(f - 1) * stride, stride);
    }
  }
  return r;
}

/**
 * At the ring's wrap: each pair's sum recomputed exactly from its ring (positions 0…W−1 in order,
 * as the JS chain adds them) and the envelope of that frame (at `last`) recomputed from it.
 */
function ringWrap(sumsPtr: usize, ringPtr: usize, window: i32, invW: f64, pairs: i32, last: usize, stride: usize): void {
  const zero = f64x2.splat(0.0);
  const vInvW = f64x2.splat(invW);
  let q = 0;
  for (; q + 4 <= pairs; q += 4) ringSum4(ringPtr + (<usize>q << 4), window, stride, sumsPtr + (<usize>q << 4));
  for (; q < pairs; q++) ringSum1(ringPtr + (<usize>q << 4), window, stride, sumsPtr + (<usize>q << 4));
  for (q = 0; q < pairs; q++) {
    const o = <usize>q << 4;
    const sum = v128.load(sumsPtr + o);
    v128.store(last + o, v128.and(f64x2.sqrt(f64x2.mul(sum, vInvW)), f64x2.gt(sum, zero)));
  }
}

/**
 * The last section fused with the moving RMS (section2Rms2 for 2 pairs, section1Rms1 for 1):
 * runs of frames up to the ring's wrap, the wrap as movingRms does it. Returns the new ring position.
 */
function lastSectionWithRms(k: usize, z: usize, zStride: usize, sumsPtr: usize, ringPtr: usize, window: i32, ringPos: i32, invW: f64, pairs: i32, frames: i32, io: usize, env: usize, stride: usize): i32 {
  let r = ringPos;
  let f = 0;
  while (f < frames) {
    const n = min(frames - f, window - r);
    const rp = ringPtr + <usize>r * stride;
    const x = io + <usize>f * stride;
    const e = env + <usize>f * stride;
    if (pairs == 2) section2Rms2(k, z, zStride, x, stride, n, sumsPtr, rp, e, invW);
    else section1Rms1(k, z, x, stride, n, sumsPtr, rp, e, invW);
    f += n;
    r += n;
    if (r == window) {
      r = 0;
      ringWrap(sumsPtr, ringPtr, window, invW, pairs, env + <usize>(f - 1) * stride, stride);
    }
  }
  return r;
}

/**
 * Filters `frames` frames of `pairs` channel pairs in place at ioPtr (frame stride pairs·16 bytes)
 * through the `sectionCount` sections, then writes the moving RMS envelope to envPtr (same layout),
 * tile by tile (with 1 or 2 pairs the last section and the RMS run as one pass: lastSectionWithRms). RMS: ring of `window` squares at ringPtr + (j·P + p)·16, running sums at
 * sumsPtr + p·16, shared write position `ringPos`; a pair's sum is recomputed exactly from its ring
 * whenever the ring wraps, before that frame's envelope (moving-rms.ts; the JS chain's order).
 * Returns the new ring position.
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
  let r = ringPos;
  // 1 or 2 pairs whose pass grouping leaves the last section on its own (2 pairs: an odd count;
  // 1 pair: 4k + 1 sections): that section runs fused with the RMS (section2Rms2, section1Rms1)
  const fuseLast = (pairs == 2 && (sectionCount & 1) == 1) || (pairs == 1 && (sectionCount & 3) == 1);
  const head = fuseLast ? sectionCount - 1 : sectionCount;
  const lastK = coefPtr + <usize>head * 80;
  const lastZ = statePtr + <usize>head * 32;
  for (let t = 0; t < frames; t += TILE) {
    const n = min(TILE, frames - t);
    const io = ioPtr + <usize>t * stride;
    const env = envPtr + <usize>t * stride;
    if (fuseLast) {
      if (head > 0) sections(head, coefPtr, statePtr, pairs, io, stride, n, <usize>sectionCount * 32);
      r = lastSectionWithRms(lastK, lastZ, <usize>sectionCount * 32, sumsPtr, ringPtr, window, r, invWindow, pairs, n, io, env, stride);
    } else {
      sections(sectionCount, coefPtr, statePtr, pairs, io, stride, n, <usize>sectionCount * 32);
      r = movingRms(sumsPtr, ringPtr, window, r, invWindow, pairs, n, io, env, stride);
    }
  }
  return r;
}

// batch helpers in the same instance (same memory): decoding file records into the sample
// buffer, decimating the envelope, copying a filtered lane out
export { decodeIntLe, decodeIntLe2 } from './int-samples';
export { blockMeans } from './block-means';
export { copyLane } from './lane-copy';
export { welchPowerSums } from './welch-spectrum';
