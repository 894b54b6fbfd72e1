/**
 * The top of a live chart's y-axis, rounded up to a "nice" value (1, 1.2, 1.5, 2, 2.5, 3, 4, 5,
 * 6, 8 × 10^k). The axis then changes only when the signal crosses a step, not on every frame,
 * so the chart's axes and grid (its text: most of the drawing time) are redrawn a few times per
 * rep instead of 20-60 times a second (see LiveChart: axes and traces on separate canvases).
 * Steps are at most a third apart (1.5 → 2): the trace still fills 75-100 % of the height.
 */
const MANTISSAS = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];

/** the smallest nice value ≥ `v` (v > 0); `v` itself when it is not a positive finite number */
export function niceCeil(v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) return v;
  const exp = Math.floor(Math.log10(v));
  const decade = 10 ** exp;
  const m = v / decade;
  for (const k of MANTISSAS) {
    // 1e-12: 300 / 100 must not become 3.0000000000000004 → 4
    if (m <= k + 1e-12) return k * decade;
  }
  return 10 * decade;
}
