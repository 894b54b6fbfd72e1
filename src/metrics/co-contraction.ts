/**
 * Co-contraction index (Winter 2009, Biomechanics and Motor Control of Human Movement; used for
 * agonist/antagonist and target/assisting pairs): %COCON = 2 · Σ min(T, A) / Σ (T + A) · 100,
 * i.e. twice the common area over the total area. 100 % = identical activation, 0 % = never
 * active together. Computed on normalised envelopes so both muscles are on the same scale.
 */

/** Winter's %COCON over x[from, to); 0 when both are silent. Negative values count as 0. */
export function coContractionPct(
  target: ArrayLike<number>,
  assist: ArrayLike<number>,
  from = 0,
  to = Math.min(target.length, assist.length),
): number {
  let common = 0;
  let total = 0;
  for (let i = from; i < to; i++) {
    const t = target[i] > 0 ? target[i] : 0;
    const a = assist[i] > 0 ? assist[i] : 0;
    common += t < a ? t : a;
    total += t + a;
  }
  return total > 0 ? (200 * common) / total : 0;
}
