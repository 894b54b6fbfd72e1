/**
 * A full-rate signal read by windows: batch analysis needs the filtered target only around each
 * rep (onset refinement, median frequency) and around the quietest stretch, so a long recording's
 * filtered signal need not sit in memory whole (issue 10.4). A plain array is one implementation
 * (arrayWindows); the streamed analysis reads its windows back from a spill file
 * (src/analysis/spill-file.ts).
 */
export interface SignalWindows {
  /** samples in the signal */
  readonly length: number;
  /**
   * Samples [from, to), clamped to [0, length) (empty when nothing is left). The array may be a
   * view reused by the next call: copy what you keep.
   */
  window(from: number, to: number): Float64Array;
}

/** A whole array as windows (views, no copy). */
export function arrayWindows(x: Float64Array): SignalWindows {
  return {
    length: x.length,
    window: (from, to) => {
      const a = Math.max(0, from);
      return x.subarray(a, Math.max(a, Math.min(x.length, to)));
    },
  };
}

/** The signal as windows, whatever form it was given in (null stays null). */
export function asWindows(x: Float64Array | SignalWindows | null | undefined): SignalWindows | null {
  if (!x) return null;
  return x instanceof Float64Array ? arrayWindows(x) : x;
}
