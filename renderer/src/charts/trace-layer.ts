/**
 * The traces of a live chart, drawn straight from the `LiveSeries` ring into a canvas the size of
 * the plot area, one device-pixel column per time step, and only the new pixels per frame
 * (issue 10.8).
 *
 * Columns are fixed in stream time: point p (at t = p / rate) falls in column
 * floor(p × width / (windowS × rate)), and the newest column is at the right edge. A column that
 * is complete never changes, so when new points arrive the canvas shifts itself left by the
 * whole columns that passed (one drawImage of itself) and redraws only a strip at the right: the
 * newest columns plus a margin for the line's width and antialiasing, clipped, so each
 * pixel is drawn as a full redraw would draw it. Each column is drawn as its first, lowest,
 * highest and last value (min/max decimation: a 1000-point window on a 330 px plot strokes ~330
 * columns, not every point). The whole plot is redrawn only when the y range steps, the size,
 * rate or stream changes, or more than a plot's width passed (e.g. back into view).
 *
 * Before, each frame gave uPlot the whole window (copied out of the ring), which scanned it for
 * its range, rebuilt every series' path and stroked and filled the full canvas, axes margins
 * included.
 */
import type { LiveSeries, SeriesKind } from './live-series';

export interface TraceSpec {
  channel: number;
  kind: SeriesKind;
  /** display scale (µV → the unit shown) */
  scale?: (v: number) => number;
  /** CSS colour of the line */
  color: string;
  /** line width, CSS px */
  width: number;
  /** CSS colour of the area between the line and 0, if any */
  fill?: string;
}

/** the canvas calls the layer makes (a CanvasRenderingContext2D; unit tests pass a recorder) */
export type TraceContext = Pick<
  CanvasRenderingContext2D,
  'beginPath' | 'moveTo' | 'lineTo' | 'closePath' | 'stroke' | 'fill' | 'clearRect' | 'save' | 'restore' | 'rect' | 'clip' | 'drawImage'
> & {
  strokeStyle: CanvasRenderingContext2D['strokeStyle'];
  fillStyle: CanvasRenderingContext2D['fillStyle'];
  lineWidth: number;
  lineJoin: CanvasLineJoin;
  lineCap: CanvasLineCap;
  globalCompositeOperation: GlobalCompositeOperation;
};

/**
 * device px redrawn left of the newest column already drawn: a line's half width (≤ 2.5 CSS px ×
 * dpr / 2) plus a pixel of antialiasing from the column that changed reach that far
 */
function marginPx(specs: readonly TraceSpec[], dpr: number): number {
  const widest = specs.reduce((m, s) => Math.max(m, s.width), 1);
  return Math.ceil((widest * dpr) / 2) + 2;
}

export type TraceDraw = 'none' | 'full' | 'strip';

export class TraceLayer {
  private w = 0;
  private h = 0;
  private dpr = 1;
  private lo = 0;
  private hi = 1;
  private margin = 3;
  /** what the canvas shows: valid = drawn up to column `drawnCol` of stream `drawnEpoch` */
  private valid = false;
  private drawnCol = 0;
  private drawnEpoch = -1;
  private drawnRate = 0;
  private empty = true;
  /** draws of each kind (tests and the bench read them through LiveChart's attributes) */
  fullDraws = 0;
  stripDraws = 0;

  constructor(
    private readonly ctx: TraceContext,
    /** the canvas `ctx` draws into: it is shifted by drawing itself */
    private readonly canvas: CanvasImageSource,
    private readonly source: LiveSeries,
    private readonly windowS: number,
    private readonly specs: readonly TraceSpec[],
  ) {}

  /** the plot area's size in device px (the canvas's backing size) and the device pixel ratio */
  setGeometry(width: number, height: number, dpr: number): void {
    if (width === this.w && height === this.h && dpr === this.dpr) return;
    this.w = Math.max(0, Math.floor(width));
    this.h = Math.max(0, Math.floor(height));
    this.dpr = dpr;
    this.margin = marginPx(this.specs, dpr);
    this.valid = false;
  }

  /** the y range shown, in the specs' scaled unit; a change redraws the whole plot */
  setRange(lo: number, hi: number): void {
    if (lo === this.lo && hi === this.hi) return;
    this.lo = lo;
    this.hi = hi;
    this.valid = false;
  }

  /** the next draw redraws the whole plot (e.g. a scale function changed) */
  invalidate(): void {
    this.valid = false;
  }

  /** column of the point at stream time `t` (s) */
  private column(t: number, rate: number): number {
    return Math.floor((Math.round(t * rate) * this.w) / (this.windowS * rate));
  }

  /** points in the window (the same count the chart's x range shows) */
  private windowPoints(): number {
    return Math.min(this.source.count, Math.ceil(this.windowS * this.source.rateHz) + 1);
  }

  /**
   * [min, max] of the scaled values over the window, all series; null when there are none.
   * (A plain scan: ~2,000 values per chart, microseconds.)
   */
  extent(): [number, number] | null {
    const src = this.source;
    const n = this.windowPoints();
    let lo = Infinity;
    let hi = -Infinity;
    for (const spec of this.specs) {
      const vals = src.values(spec.channel, spec.kind);
      if (vals.length === 0) continue;
      const scale = spec.scale;
      for (let back = 0; back < n; back++) {
        const raw = vals[src.slotBack(back)];
        const v = scale ? scale(raw) : raw;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    return lo <= hi ? [lo, hi] : null;
  }

  /** draws what changed since the last draw; returns what it did */
  draw(): TraceDraw {
    const { ctx, source: src, w, h } = this;
    if (w < 2 || h < 2) return 'none';
    if (src.count === 0 || !(src.rateHz > 0)) {
      if (!this.empty) ctx.clearRect(0, 0, w, h);
      this.empty = true;
      this.valid = false;
      return 'none';
    }
    const rate = src.rateHz;
    const kNew = this.column(src.timeAt(src.slotBack(0)), rate);
    const shift = kNew - this.drawnCol;
    const full = !this.valid || src.epoch !== this.drawnEpoch || rate !== this.drawnRate || shift < 0 || shift > w - 2 * this.margin - 2;
    /** first column drawn (the path starts at a point left of it, for the line into it) */
    let from: number;
    if (full) {
      ctx.clearRect(0, 0, w, h);
      from = kNew - w + 1;
    } else {
      if (shift > 0) {
        ctx.globalCompositeOperation = 'copy';
        ctx.drawImage(this.canvas, -shift, 0);
        ctx.globalCompositeOperation = 'source-over';
      }
      // the newest column drawn last time is now at w - 1 - shift; redraw from `margin` left of it
      const clipX = Math.max(0, w - 1 - shift - this.margin);
      ctx.clearRect(clipX, 0, w - clipX, h);
      ctx.save();
      ctx.beginPath();
      ctx.rect(clipX, 0, w - clipX, h);
      ctx.clip();
      from = kNew - (w - 1 - clipX);
    }
    // back to the newest point in a column before `from`: the path starts left of what is drawn
    // (a plot wider than its points has columns without a point)
    const n = Math.min(src.count, full ? this.windowPoints() + Math.ceil((this.windowS * rate) / w) + 1 : src.count);
    let first = 0;
    while (first + 1 < n && this.column(src.timeAt(src.slotBack(first)), rate) >= from) first++;
    for (const spec of this.specs) {
      const vals = src.values(spec.channel, spec.kind);
      if (vals.length === 0) continue;
      if (spec.fill) {
        ctx.fillStyle = spec.fill;
        ctx.beginPath();
        const ends = this.path(spec, vals, first, kNew, rate);
        if (ends) {
          const base = this.y(Math.min(Math.max(0, this.lo), this.hi));
          ctx.lineTo(ends[1], base);
          ctx.lineTo(ends[0], base);
          ctx.closePath();
          ctx.fill();
        }
      }
      ctx.strokeStyle = spec.color;
      ctx.lineWidth = spec.width * this.dpr;
      ctx.lineJoin = 'round';
      // the newest point sits at the centre of the rightmost column: a butt end would cover half
      // of it (the newest column drawn at half strength when the line is flat there)
      ctx.lineCap = 'round';
      ctx.beginPath();
      if (this.path(spec, vals, first, kNew, rate)) ctx.stroke();
    }
    if (!full) ctx.restore();
    this.valid = true;
    this.empty = false;
    this.drawnCol = kNew;
    this.drawnEpoch = src.epoch;
    this.drawnRate = rate;
    if (full) this.fullDraws++;
    else this.stripDraws++;
    return full ? 'full' : 'strip';
  }

  /** device-px y of a scaled value */
  private y(v: number): number {
    return ((this.hi - v) / (this.hi - this.lo)) * this.h;
  }

  /**
   * Adds one series' line to the current path, from the point `first` places before the newest
   * to the newest: per column its first, lowest, highest and last value. Returns the x of its
   * first and last column, or null when it added nothing.
   */
  private path(spec: TraceSpec, vals: Float64Array, first: number, kNew: number, rate: number): [number, number] | null {
    const { ctx, source: src } = this;
    const scale = spec.scale;
    const right = this.w - 0.5 - kNew;
    let col = Number.NaN;
    let v0 = 0;
    let vMin = 0;
    let vMax = 0;
    let vLast = 0;
    let count = 0;
    let x0 = Number.NaN;
    let x1 = Number.NaN;
    const emit = () => {
      const x = right + col;
      if (Number.isNaN(x0)) {
        ctx.moveTo(x, this.y(v0));
        x0 = x;
      } else ctx.lineTo(x, this.y(v0));
      if (count > 1) {
        ctx.lineTo(x, this.y(vMin));
        ctx.lineTo(x, this.y(vMax));
        ctx.lineTo(x, this.y(vLast));
      }
      x1 = x;
    };
    for (let back = first; back >= 0; back--) {
      const slot = src.slotBack(back);
      const raw = vals[slot];
      const v = scale ? scale(raw) : raw;
      if (!Number.isFinite(v)) continue;
      const k = this.column(src.timeAt(slot), rate);
      if (k !== col) {
        if (count > 0) emit();
        col = k;
        v0 = vMin = vMax = vLast = v;
        count = 1;
      } else {
        if (v < vMin) vMin = v;
        if (v > vMax) vMax = v;
        vLast = v;
        count++;
      }
    }
    if (count > 0) emit();
    return Number.isNaN(x0) ? null : [x0, x1];
  }
}
