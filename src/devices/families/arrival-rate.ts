/**
 * Sample rate of an unpaced stream (an Arduino sketch printing lines, no timestamps) estimated
 * from host arrival times, robust to USB bursts and stalls.
 *
 * Arrivals are grouped into intervals of at least `intervalMs` (a USB-CDC or FTDI port delivers
 * many lines at once, so one chunk's time says little); each interval gives a rate
 * (lines / elapsed). Over the last `windowIntervals` intervals: the median, outliers beyond
 * `outlierMads` scaled MADs rejected (an event-loop stall, a burst after it), the estimate is the
 * pooled rate of the rest (lines / time), the jitter the scaled MAD relative to the median (a
 * robust coefficient of variation). Hampel-filter idea: Pearson 2002; MAD scale 1.4826 for normal data.
 *
 * The rate itself is the slope of the lower convex hull of (lines so far, arrival time) at the
 * intervals' ends (Moon, Skelly & Towsley 1999, "Estimation and removal of clock skew from network
 * delay measurements", the linear-programming estimator): a line can only arrive after it was
 * produced, so delays are ≥ 0 and the least-delayed arrivals lie on a line whose slope is the
 * producer's period. A pooled lines/time is off by (last delay − first delay) / span: a 40 ms
 * stall of this host at either end of the first 0.8 s gave 1046 Hz for a 1000 Hz stream; the hull
 * ignores delays that are not at its floor. The pooled rate is the fallback when the hull has fewer
 * than 3 points or disagrees with the median interval (a backlog burst, see estimate()).
 */
export interface RateEstimate {
  hz: number;
  /** robust spread of the per-interval rates, % of the estimate */
  jitterPct: number;
  /** intervals behind the estimate (after outlier rejection) */
  intervals: number;
  /** seconds of arrivals covered */
  spanS: number;
}

export interface ArrivalRateOptions {
  /** shortest interval, ms (default 100: ≥ 6 latency-timer periods of an FTDI bridge) */
  intervalMs?: number;
  /** intervals kept (default 30 → about 3 s) */
  windowIntervals?: number;
  /** outlier threshold in scaled MADs (default 3) */
  outlierMads?: number;
  /** fewest lines in an interval (default 8: at 20 Hz one line more or less would be a 12 % error) */
  minLinesPerInterval?: number;
}

const MAD_TO_SIGMA = 1.4826;

export class ArrivalRateEstimator {
  private readonly intervalMs: number;
  private readonly window: number;
  private readonly outlierMads: number;
  private readonly minLines: number;
  private readonly lines: Float64Array;
  private readonly spans: Float64Array;
  /** scratch for the lower hull (window + 1 points) */
  private readonly hullX: Float64Array;
  private readonly hullY: Float64Array;
  private count = 0;
  private head = 0;
  private openStartMs: number | null = null;
  private openLines = 0;

  constructor(o: ArrivalRateOptions = {}) {
    this.intervalMs = o.intervalMs ?? 100;
    this.window = o.windowIntervals ?? 30;
    this.outlierMads = o.outlierMads ?? 3;
    this.minLines = o.minLinesPerInterval ?? 8;
    this.lines = new Float64Array(this.window);
    this.spans = new Float64Array(this.window);
    this.hullX = new Float64Array(this.window + 1);
    this.hullY = new Float64Array(this.window + 1);
  }

  reset(): void {
    this.count = 0;
    this.head = 0;
    this.openStartMs = null;
    this.openLines = 0;
  }

  /** `lines` arrived together at `atMs`. */
  add(atMs: number, lines: number): void {
    if (lines <= 0) return;
    if (this.openStartMs === null) {
      // the first arrival only starts the clock: its lines were produced before it
      this.openStartMs = atMs;
      return;
    }
    this.openLines += lines;
    const span = atMs - this.openStartMs;
    if (span >= this.intervalMs && this.openLines >= this.minLines) {
      this.lines[this.head] = this.openLines;
      this.spans[this.head] = span;
      this.head = (this.head + 1) % this.window;
      this.count = Math.min(this.count + 1, this.window);
      this.openStartMs = atMs;
      this.openLines = 0;
    }
  }

  /**
   * Moon et al. 1999's estimator over the intervals' end points, oldest first: the lower hull of
   * (cumulative lines, cumulative ms); the rate is 1000 / the slope of the hull edge over the mean
   * line count (of all lines below every point, the one with the least total distance to them).
   * Null with fewer than 3 points or a degenerate hull.
   */
  private lowerHullRateHz(): number | null {
    const n = this.count;
    if (n < 2) return null;
    const start = n < this.window ? 0 : this.head;
    const hullX = this.hullX;
    const hullY = this.hullY;
    let h = 0;
    let x = 0;
    let y = 0;
    let sumX = 0;
    const push = (px: number, py: number): void => {
      // monotone chain, lower hull: drop the last point while it lies on or above the new chord
      while (h >= 2 && (hullX[h - 1] - hullX[h - 2]) * (py - hullY[h - 2]) - (hullY[h - 1] - hullY[h - 2]) * (px - hullX[h - 2]) <= 0) h--;
      hullX[h] = px;
      hullY[h] = py;
      h++;
    };
    push(0, 0);
    for (let i = 0; i < n; i++) {
      const k = (start + i) % this.window;
      x += this.lines[k];
      y += this.spans[k];
      sumX += x;
      push(x, y);
    }
    const meanX = sumX / (n + 1);
    for (let j = 1; j < h; j++) {
      if (hullX[j] < meanX && j < h - 1) continue;
      const dx = hullX[j] - hullX[j - 1];
      const dy = hullY[j] - hullY[j - 1];
      return dx > 0 && dy > 0 ? (dx / dy) * 1000 : null;
    }
    return null;
  }

  /** The current estimate, or null before `minIntervals` intervals. */
  estimate(minIntervals = 5): RateEstimate | null {
    const n = this.count;
    if (n < minIntervals) return null;
    const rates: number[] = [];
    for (let i = 0; i < n; i++) rates.push((this.lines[i] / this.spans[i]) * 1000);
    const med = median(rates);
    const mad = median(rates.map((r) => Math.abs(r - med))) * MAD_TO_SIGMA;
    // never reject within 2 % of the median, nor within what ±2 lines of quantisation explain
    const limit = Math.max(this.outlierMads * mad, 0.02 * med);
    let lines = 0;
    let spanMs = 0;
    let kept = 0;
    for (let i = 0; i < n; i++) {
      if (Math.abs(rates[i] - med) > Math.max(limit, (2 * med) / this.lines[i])) continue;
      lines += this.lines[i];
      spanMs += this.spans[i];
      kept++;
    }
    if (kept === 0 || spanMs === 0) return null;
    // The hull assumes no line arrives before its time; a backlog read at once when the port opens
    // (lines produced before the clock started) breaks that and the hull then follows the burst
    // (11571 Hz was announced for a 1000 Hz stream). The per-interval median is immune to it: the
    // hull is taken only when it agrees with the median within the outlier limit (≥ 5 %).
    const pooledHz = (lines / spanMs) * 1000;
    const hullHz = this.lowerHullRateHz();
    const hz = hullHz !== null && Math.abs(hullHz - med) <= Math.max(limit, 0.05 * med) ? hullHz : pooledHz;
    return { hz, jitterPct: med > 0 ? (mad / med) * 100 : 100, intervals: kept, spanS: spanMs / 1000 };
  }
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
