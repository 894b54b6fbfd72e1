/** Comparing a channel's samples read back from a file with the ones written. */

/** the least and the greatest sample (Infinity, -Infinity for none) */
export function sampleRange(a: ArrayLike<number>): { lo: number; hi: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < a.length; i++) {
    lo = Math.min(lo, a[i]);
    hi = Math.max(hi, a[i]);
  }
  return { lo, hi };
}

/** the largest |a[i] − b[i]| over a's samples */
export function worstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}
