/**
 * Block means of the envelope lanes (batch analysis decimates the envelope by `factor`:
 * analyze-signals' `decimate`, exactly): src/dsp/block-means.ts is the JS twin and reference
 * (the same additions in the same order, then one division, so the same numbers). Part of
 * dist/emg-kernel.wasm (re-exported by emg-kernel.ts).
 */

/**
 * For each of `lanes` lanes (lane i: env + i·8 + f·stride, frames f = 0…frames−1), continues the
 * block left open by the previous call (`accCount` samples whose sums are at acc + i·8), writes
 * each finished block's mean to out + (i·outCap + j)·8 (j = 0, 1, … in this call) and leaves the
 * sum of the new open block at acc + i·8. Returns the number of blocks finished (the same for
 * every lane).
 */
export function blockMeans(env: usize, stride: usize, lanes: i32, frames: i32, factor: i32, acc: usize, accCount: i32, out: usize, outCap: i32): i32 {
  let blocks = 0;
  const fd = <f64>factor;
  for (let i = 0; i < lanes; i++) {
    let s = load<f64>(acc + (<usize>i << 3));
    let cnt = accCount;
    let j = 0;
    let f = 0;
    let p = env + (<usize>i << 3);
    const o = out + <usize>i * <usize>outCap * 8;
    if (cnt > 0) {
      for (; f < frames && cnt < factor; f++, cnt++, p += stride) s += load<f64>(p);
      if (cnt == factor) {
        store<f64>(o + (<usize>j << 3), s / fd);
        j++;
        s = 0;
        cnt = 0;
      }
    }
    const whole = f + ((frames - f) / factor) * factor;
    while (f < whole) {
      s = 0;
      const e = f + factor;
      for (; f < e; f++, p += stride) s += load<f64>(p);
      store<f64>(o + (<usize>j << 3), s / fd);
      j++;
    }
    if (f < frames) {
      s = 0;
      for (; f < frames; f++, cnt++, p += stride) s += load<f64>(p);
    } else if (cnt == 0) s = 0;
    store<f64>(acc + (<usize>i << 3), s);
    blocks = j;
  }
  return blocks;
}
