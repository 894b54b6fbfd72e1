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
 * The hot path allocates nothing: a series' columns are walked once into the layer's typed
 * arrays of vertices, which a filled series then fills and strokes; extent() reads the raw ring
 * in its contiguous runs into a reused pair.
 *
 * What a frame costs is mostly not here: in a Chromium trace of the 32-channel dashboard (all 34
 * charts in view, software compositing) the whole animation-frame callback, self-shifts
 * included, was ~10 % of the page's main-thread CPU; the rest was the frame's lifecycle and
 * commit, and the display compositor spent ~60 % of a core drawing the union of what changed,
 * which is why the small multiples now draw together on a slow tick (draw-scheduler.ts).
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
  private readonly ext: [number, number] = [0, 1];
  /**
   * one series' path for this draw, device px: per column its first, lowest, highest and last
   * value (`xs[i]`, `ys[i]`), walked once and then filled and stroked from here; grown, never
   * shrunk (no allocation per frame)
   */
  private xs = new Float64Array(256);
  private ys = new Float64Array(256);
  private vertices = 0;

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
   * [min, max] of the scaled values over the window, all series; null when there are none. The
   * array is the layer's own, reused on every call (no allocation per frame). The scan reads the
   * raw ring in its (at most two) contiguous runs and scales only the ends: a display scale is
   * monotonic (µV → %MVC), so it maps the raw extent's ends to the scaled extent's.
   */
  extent(): readonly [number, number] | null {
    const src = this.source;
    const n = this.windowPoints();
    let lo = Infinity;
    let hi = -Infinity;
    if (n > 0) {
      const newest = src.slotBack(0);
      const oldest = src.slotBack(n - 1);
      for (const spec of this.specs) {
        const vals = src.values(spec.channel, spec.kind);
        if (vals.length === 0) continue;
        let rawLo = Infinity;
        let rawHi = -Infinity;
        // oldest..newest, wrapping at the ring's end
        const end1 = oldest <= newest ? newest + 1 : vals.length;
        for (let i = oldest; i < end1; i++) {
          const v = vals[i];
          if (v < rawLo) rawLo = v;
          if (v > rawHi) rawHi = v;
        }
        if (oldest > newest) {
          for (let i = 0; i <= newest; i++) {
            const v = vals[i];
            if (v < rawLo) rawLo = v;
            if (v > rawHi) rawHi = v;
          }
        }
        if (!(rawLo <= rawHi)) continue;
        const a = spec.scale ? spec.scale(rawLo) : rawLo;
        const b = spec.scale ? spec.scale(rawHi) : rawHi;
        if (a < lo) lo = a;
        if (b < lo) lo = b;
        if (a > hi) hi = a;
        if (b > hi) hi = b;
      }
    }
    if (!(lo <= hi)) return null;
    this.ext[0] = lo;
    this.ext[1] = hi;
    return this.ext;
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
      const m = this.walk(spec, vals, first, kNew, rate);
      if (m === 0) continue;
      const xs = this.xs;
      if (spec.fill) {
        ctx.fillStyle = spec.fill;
        ctx.beginPath();
        this.addLine(m);
        const base = this.y(Math.min(Math.max(0, this.lo), this.hi));
        ctx.lineTo(xs[m - 1], base);
        ctx.lineTo(xs[0], base);
        ctx.closePath();
        ctx.fill();
      }
      ctx.strokeStyle = spec.color;
      ctx.lineWidth = spec.width * this.dpr;
      ctx.lineJoin = 'round';
      // the newest point sits at the centre of the rightmost column: a butt end would cover half
      // of it (the newest column drawn at half strength when the line is flat there)
      ctx.lineCap = 'round';
      ctx.beginPath();
      this.addLine(m);
      ctx.stroke();
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

  /** adds the first `m` vertices of the walked path to the canvas's current path */
  private addLine(m: number): void {
    const { ctx, xs, ys } = this;
    ctx.moveTo(xs[0], ys[0]);
    for (let i = 1; i < m; i++) ctx.lineTo(xs[i], ys[i]);
  }

  private vertex(x: number, y: number): void {
    let i = this.vertices;
    if (i === this.xs.length) {
      const xs = new Float64Array(i * 2);
      const ys = new Float64Array(i * 2);
      xs.set(this.xs);
      ys.set(this.ys);
      this.xs = xs;
      this.ys = ys;
    }
    this.xs[i] = x;
    this.ys[i++] = y;
    this.vertices = i;
  }

  /**
   * Walks one series from the point `first` places before the newest to the newest into
   * `xs`/`ys`: per column its first, lowest, highest and last value (one vertex when the column
   * holds one point). Returns the vertex count (0: nothing to draw).
   */
  private walk(spec: TraceSpec, vals: Float64Array, first: number, kNew: number, rate: number): number {
    const src = this.source;
    const scale = spec.scale;
    const right = this.w - 0.5 - kNew;
    // the y mapping, inlined: y(v) = (hi - v) × ky
    const hi = this.hi;
    const ky = this.h / (this.hi - this.lo);
    this.vertices = 0;
    let col = Number.NaN;
    let v0 = 0;
    let vMin = 0;
    let vMax = 0;
    let vLast = 0;
    let count = 0;
    for (let back = first; back >= -1; back--) {
      let v = 0;
      let k = Number.NaN;
      if (back >= 0) {
        const slot = src.slotBack(back);
        const raw = vals[slot];
        v = scale ? scale(raw) : raw;
        if (!Number.isFinite(v)) continue;
        k = this.column(src.timeAt(slot), rate);
        if (k === col) {
          if (v < vMin) vMin = v;
          if (v > vMax) vMax = v;
          vLast = v;
          count++;
          continue;
        }
      }
      // a new column (or the end): the finished one's vertices
      if (count > 0) {
        const x = right + col;
        this.vertex(x, (hi - v0) * ky);
        if (count > 1) {
          this.vertex(x, (hi - vMin) * ky);
          this.vertex(x, (hi - vMax) * ky);
          this.vertex(x, (hi - vLast) * ky);
        }
      }
      col = k;
      v0 = vMin = vMax = vLast = v;
      count = 1;
    }
    return this.vertices;
  }
}
