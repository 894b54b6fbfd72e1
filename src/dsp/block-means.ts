/**
 * Block means of envelope lanes, continued across chunks: batch analysis decimates the envelope
 * by `factor` this way (exactly analyze-signals' `decimate`). The JS form of
 * assembly/block-means.ts (which the SIMD kernel's instance runs on its own memory; the same
 * additions in the same order and one division, so the same numbers): the fallback and reference.
 */

/**
 * Block means of `frames` samples of lane i (env[f·stride + i]) into out[j…] (j = 0, 1, …),
 * continuing the block left open by the previous chunk (`accCount` samples summing to acc[i]);
 * leaves the new open block's sum in acc[i]. Returns the number of blocks finished.
 */
export function blockMeans(env: Float64Array, frames: number, factor: number, out: Float64Array, acc: Float64Array, i: number, accCount: number, stride: number): number {
  let s = acc[i];
  let cnt = accCount;
  let j = 0;
  let f = 0;
  let p = i;
  if (cnt > 0) {
    for (; f < frames && cnt < factor; f++, cnt++, p += stride) s += env[p];
    if (cnt === factor) {
      out[j++] = s / factor;
      s = 0;
      cnt = 0;
    }
  }
  const whole = f + Math.floor((frames - f) / factor) * factor;
  while (f < whole) {
    s = 0;
    const e = f + factor;
    for (; f < e; f++, p += stride) s += env[p];
    out[j++] = s / factor;
  }
  if (f < frames) {
    s = 0;
    for (; f < frames; f++, cnt++, p += stride) s += env[p];
  } else if (cnt === 0) s = 0;
  acc[i] = s;
  return j;
}
