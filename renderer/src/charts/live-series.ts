/**
 * Ring buffers of the decimated live signal, per channel: filtered signal ("raw") and RMS
 * envelope, plus the stream time of every point. Filled from `LiveFrame`s without allocating per
 * point; charts copy the newest `windowS` seconds into their own reused uPlot arrays (`LiveWindow`).
 *
 * Time on the chart is relative to the newest point (…, -2, -1, 0 s), so the trace scrolls.
 */
import type { LiveFrame } from '../../../src/host/contract';

export type SeriesKind = 'raw' | 'envelope';

export class LiveSeries {
  /** seconds kept */
  readonly keepS: number;
  rateHz = 0;
  channelCount = 0;
  capacity = 0;
  /** points stored (≤ capacity) */
  count = 0;
  /** increases on every push and reset: charts redraw when it moved */
  version = 0;
  /** stream time of the newest point, s */
  lastT = Number.NaN;
  lastSeq = -1;
  private head = 0;
  private time = new Float64Array(0);
  private raw: Float64Array[] = [];
  private env: Float64Array[] = [];
  private listeners = new Set<() => void>();

  constructor(keepS = 30) {
    this.keepS = keepS;
  }

  /** empties the buffer (new stream, replay seek) */
  reset(): void {
    this.head = 0;
    this.count = 0;
    this.lastT = Number.NaN;
    this.lastSeq = -1;
    this.version++;
    this.notify();
  }

  private allocate(rateHz: number, channelCount: number): void {
    this.rateHz = rateHz;
    this.channelCount = channelCount;
    this.capacity = Math.max(2, Math.ceil(this.keepS * rateHz) + 1);
    this.time = new Float64Array(this.capacity);
    this.raw = Array.from({ length: channelCount }, () => new Float64Array(this.capacity));
    this.env = Array.from({ length: channelCount }, () => new Float64Array(this.capacity));
    this.head = 0;
    this.count = 0;
    this.lastT = Number.NaN;
  }

  push(frame: LiveFrame): void {
    const rate = frame.displayRateHz;
    const n = frame.pointCount;
    if (!(rate > 0)) return;
    if (rate !== this.rateHz || frame.channelCount !== this.channelCount) this.allocate(rate, frame.channelCount);
    // the stream restarted or a replay jumped back: start over
    if (this.count > 0 && (frame.t0 < this.lastT - 0.5 || frame.seq < this.lastSeq - 1)) {
      this.head = 0;
      this.count = 0;
    }
    const cap = this.capacity;
    const dt = 1 / rate;
    const chs = this.channelCount;
    let h = this.head;
    for (let i = 0; i < n; i++) {
      this.time[h] = frame.t0 + i * dt;
      for (let c = 0; c < chs; c++) {
        const r = frame.raw[c];
        const e = frame.envelope[c];
        this.raw[c][h] = r ? r[i] : 0;
        this.env[c][h] = e ? e[i] : 0;
      }
      h = h + 1 === cap ? 0 : h + 1;
    }
    this.head = h;
    this.count = Math.min(cap, this.count + n);
    if (n > 0) this.lastT = frame.t0 + (n - 1) * dt;
    this.lastSeq = frame.seq;
    this.version++;
    this.notify();
  }

  /** newest value of a channel (µV), NaN when there is none */
  latest(channel: number, kind: SeriesKind): number {
    if (this.count === 0 || channel >= this.channelCount) return Number.NaN;
    const i = this.head === 0 ? this.capacity - 1 : this.head - 1;
    return (kind === 'raw' ? this.raw : this.env)[channel][i];
  }

  /** the largest envelope value in the last `seconds` of a channel (µV), NaN when empty */
  recentMax(channel: number, kind: SeriesKind, seconds: number): number {
    if (this.count === 0 || channel >= this.channelCount) return Number.NaN;
    const buf = (kind === 'raw' ? this.raw : this.env)[channel];
    const n = Math.min(this.count, Math.ceil(seconds * this.rateHz));
    let m = -Infinity;
    let i = this.head;
    for (let k = 0; k < n; k++) {
      i = i === 0 ? this.capacity - 1 : i - 1;
      const v = kind === 'raw' ? Math.abs(buf[i]) : buf[i];
      if (v > m) m = v;
    }
    return m;
  }

  /**
   * Copies the newest `windowS` seconds into `x` (time relative to the newest point, s) and the
   * `ys` (one per spec), oldest first. Returns the number of points written.
   */
  copyWindow(
    windowS: number,
    x: Float64Array,
    specs: readonly { channel: number; kind: SeriesKind; scale?: (v: number) => number }[],
    ys: Float64Array[],
  ): number {
    if (this.count === 0) return 0;
    const n = Math.min(this.count, x.length, Math.ceil(windowS * this.rateHz) + 1);
    const cap = this.capacity;
    let start = this.head - n;
    if (start < 0) start += cap;
    const tNew = this.lastT;
    let j = start;
    for (let k = 0; k < n; k++) {
      x[k] = this.time[j] - tNew;
      j = j + 1 === cap ? 0 : j + 1;
    }
    for (let s = 0; s < specs.length; s++) {
      const spec = specs[s];
      const out = ys[s];
      if (spec.channel >= this.channelCount) {
        out.fill(0, 0, n);
        continue;
      }
      const src = (spec.kind === 'raw' ? this.raw : this.env)[spec.channel];
      const scale = spec.scale;
      j = start;
      if (scale) {
        for (let k = 0; k < n; k++) {
          out[k] = scale(src[j]);
          j = j + 1 === cap ? 0 : j + 1;
        }
      } else {
        for (let k = 0; k < n; k++) {
          out[k] = src[j];
          j = j + 1 === cap ? 0 : j + 1;
        }
      }
    }
    return n;
  }

  /** called after every push/reset; returns the unsubscribe function */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  private notify(): void {
    for (const l of this.listeners) l();
  }
}

/**
 * One chart's view of a `LiveSeries`: fixed-size Float64Arrays reused on every draw, and
 * `subarray` views re-made only when the point count changes (while the window fills).
 */
export class LiveWindow {
  private x: Float64Array;
  private ys: Float64Array[];
  private views: Float64Array[] = [];
  private n = -1;
  constructor(
    private readonly source: LiveSeries,
    private readonly windowS: number,
    private readonly specs: readonly { channel: number; kind: SeriesKind; scale?: (v: number) => number }[],
  ) {
    this.x = new Float64Array(0);
    this.ys = [];
    this.ensure();
  }

  private ensure(): void {
    const size = Math.max(2, Math.ceil(this.windowS * (this.source.rateHz || 200)) + 1);
    if (this.x.length !== size) {
      this.x = new Float64Array(size);
      this.ys = this.specs.map(() => new Float64Array(size));
      this.n = -1;
    }
  }

  /** uPlot data: [x, y0, y1, …]; the same array object while the point count stays the same */
  data(): Float64Array[] {
    this.ensure();
    const n = this.source.copyWindow(this.windowS, this.x, this.specs, this.ys);
    if (n !== this.n) {
      this.n = n;
      this.views = [this.x.subarray(0, n), ...this.ys.map((y) => y.subarray(0, n))];
    }
    return this.views;
  }

  get points(): number {
    return Math.max(0, this.n);
  }
}
