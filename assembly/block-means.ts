/**
 * Block means of the envelope lanes (batch analysis decimates the envelope by `factor`:
 * analyze-signals' `decimate`, exactly): src/dsp/block-means.ts is the JS twin and reference
 * (the same additions in the same order, then one division, so the same numbers). Part of
 * dist/emg-kernel.wasm (re-exported by emg-kernel.ts). Two lanes at a time (f64x2: a lane pair
 * is 16 contiguous bytes of a frame), so the pairs' chains of additions run side by side.
 */

/**
 * For each of `lanes` lanes (lane i: env + i·8 + f·stride, frames f = 0…frames−1; lanes rounded
 * up to even, the pad lane computed and not used), continues the block left open by the previous
 * call (`accCount` samples whose sums are at acc + i·8), writes each finished block's mean to
 * out + (i·outCap + j)·8 (j = 0, 1, … in this call) and leaves the sum of the new open block at
 * acc + i·8 (acc has room for the pad lane). Returns the number of blocks finished.
 */
export function blockMeans(env: usize, stride: usize, lanes: i32, frames: i32, factor: i32, acc: usize, accCount: i32, out: usize, outCap: i32): i32 {
  let blocks = 0;
  const fd = f64x2.splat(<f64>factor);
  const zero = f64x2.splat(0.0);
  for (let i = 0; i < lanes; i += 2) {
    let s = v128.load(acc + (<usize>i << 3));
    let cnt = accCount;
    let j = 0;
    let f = 0;
    let p = env + (<usize>i << 3);
    const oA = out + <usize>i * <usize>outCap * 8;
    // the second lane's output row (the pad lane of an odd count writes into scratch row `lanes`)
    const oB = oA + <usize>outCap * 8;
    if (cnt > 0) {
      for (; f < frames && cnt < factor; f++, cnt++, p += stride) s = f64x2.add(s, v128.load(p));
      if (cnt == factor) {
        const m = f64x2.div(s, fd);
        store<f64>(oA + (<usize>j << 3), f64x2.extract_lane(m, 0));
        store<f64>(oB + (<usize>j << 3), f64x2.extract_lane(m, 1));
        j++;
        s = zero;
        cnt = 0;
      }
    }
    const whole = f + ((frames - f) / factor) * factor;
    while (f < whole) {
      s = zero;
      const e = f + factor;
      for (; f < e; f++, p += stride) s = f64x2.add(s, v128.load(p));
      const m = f64x2.div(s, fd);
      store<f64>(oA + (<usize>j << 3), f64x2.extract_lane(m, 0));
      store<f64>(oB + (<usize>j << 3), f64x2.extract_lane(m, 1));
      j++;
    }
    if (f < frames) {
      s = zero;
      for (; f < frames; f++, cnt++, p += stride) s = f64x2.add(s, v128.load(p));
    } else if (cnt == 0) s = zero;
    v128.store(acc + (<usize>i << 3), s);
    blocks = j;
  }
  return blocks;
}
