/**
 * One lane of a channel-interleaved buffer copied to a contiguous run: out[f] = x[f·stride + lane].
 * The JS twin of assembly/lane-copy.ts (the SIMD kernel's instance runs that one on its own
 * memory): the fallback when the kernel is not there, and the reference.
 */
export function copyLane(x: Float64Array, stride: number, lane: number, frames: number, out: Float64Array): void {
  for (let f = 0, i = lane; f < frames; f++, i += stride) out[f] = x[i];
}
