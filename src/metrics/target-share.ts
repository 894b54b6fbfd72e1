/**
 * Target share: how much of the combined activation of target (T) and assisting (A) muscles is
 * on the target, T / (T + A), computed on normalised (%MVC) envelopes (SCIENCE.md). 1 = all on
 * the target, 0.5 = equal, 0 = all on the assisting muscle. MMC training aims to raise it.
 */

/** Samples where both T and A are below this (%MVC) are rest and carry no share information. */
export const SHARE_FLOOR_PCT = 2;

/**
 * Mean over samples of the per-sample share T/(T+A) on x[from, to), skipping samples where both
 * T and A are below `floorPct`. Null when no sample is active. Negative values count as 0.
 */
export function targetShare(
  target: ArrayLike<number>,
  assist: ArrayLike<number>,
  from = 0,
  to = Math.min(target.length, assist.length),
  floorPct = SHARE_FLOOR_PCT,
): number | null {
  let sum = 0;
  let n = 0;
  for (let i = from; i < to; i++) {
    const t = target[i] > 0 ? target[i] : 0;
    const a = assist[i] > 0 ? assist[i] : 0;
    if (t < floorPct && a < floorPct) continue;
    sum += t / (t + a);
    n++;
  }
  return n > 0 ? sum / n : null;
}

/** Share of one sample pair, or null when both are below the floor. */
export function shareOf(t: number, a: number, floorPct = SHARE_FLOOR_PCT): number | null {
  const tt = t > 0 ? t : 0;
  const aa = a > 0 ? a : 0;
  if (tt < floorPct && aa < floorPct) return null;
  return tt / (tt + aa);
}
