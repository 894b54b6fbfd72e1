/**
 * Rest statistics of a whole recording for batch analysis: the quietest stretch.
 *
 * Batch analysis sees the whole file, so it need not learn the rest level as it goes (the live
 * detector does, starting from nothing). It takes the stretch of `windowS` with the lowest mean
 * envelope, the recording's best estimate of "the muscle at rest", and its mean and SD seed the
 * rep detector's thresholds (Hodges & Bui 1996: rest mean + h·SD) from the first sample on.
 * Before, the batch detector started from SD 0, so its threshold was rest + 2 µV until the first
 * rep: start-up noise read as a rep and onsets came seconds early.
 * Stretches that are exactly zero (a channel not yet recording, padding) are not rest.
 */

export const REST_ESTIMATE_DEFAULTS = {
  /** length of the quietest stretch, s: 1 s holds ~100 samples of a 100 Hz envelope (a stable SD) */
  windowS: 1,
} as const;

export interface QuietStretch {
  /** sample range [start, end) of the stretch */
  start: number;
  end: number;
  mean: number;
  /** population SD over the stretch */
  sd: number;
}

/** The window of `w` samples of x with the smallest mean (ignoring all-zero windows); O(n). */
export function quietestStretch(x: ArrayLike<number>, w: number): QuietStretch {
  const n = x.length;
  if (n === 0) return { start: 0, end: 0, mean: 0, sd: 0 };
  const len = Math.max(1, Math.min(n, Math.round(w)));
  let s = 0;
  let nz = 0; // non-zero samples in the window
  for (let i = 0; i < len; i++) {
    s += x[i];
    if (x[i] !== 0) nz++;
  }
  let best = nz > 0 ? s : Infinity;
  let bestStart = 0;
  for (let i = len; i < n; i++) {
    s += x[i] - x[i - len];
    if (x[i] !== 0) nz++;
    if (x[i - len] !== 0) nz--;
    if (nz > 0 && s < best) {
      best = s;
      bestStart = i - len + 1;
    }
  }
  if (best === Infinity) return { start: 0, end: len, mean: 0, sd: 0 };
  return { start: bestStart, end: bestStart + len, ...meanSd(x, bestStart, bestStart + len) };
}

function meanSd(x: ArrayLike<number>, from: number, to: number): { mean: number; sd: number } {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i];
  const mean = s / (to - from);
  let v = 0;
  for (let i = from; i < to; i++) v += (x[i] - mean) * (x[i] - mean);
  return { mean, sd: Math.sqrt(v / (to - from)) };
}
