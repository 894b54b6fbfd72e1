/**
 * Ring buffers of the decimated live signal, per channel: filtered signal ("raw") and RMS
 * envelope, plus the stream time of every point. Filled from `LiveFrame`s without allocating per
 * point; charts draw straight from the rings (`TraceLayer`).
 *
 * Time on the chart is relative to the newest point (…, -2, -1, 0 s), so the trace scrolls.
 */
import type { LiveFrame } from '../../../src/host/contract';

export type SeriesKind = 'raw' | 'envelope';

const EMPTY = new Float64Array(0);

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
  /**
   * increases when the points stop following on from the ones before (reset, new rate or
   * channel count, a restarted stream or a replay jump): a chart that draws only its new pixels
   * (TraceLayer) redraws whole when it moved
   */
  epoch = 0;
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
    this.epoch++;
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
    this.epoch++;
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
      this.epoch++;
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

  /** ring slot of the point `back` places before the newest (0 = newest); valid for back < count */
  slotBack(back: number): number {
    const i = this.head - 1 - back;
    return i < 0 ? i + this.capacity : i;
  }

  /** stream time of the point in ring slot `slot`, s */
  timeAt(slot: number): number {
    return this.time[slot];
  }

  /** the ring of one channel's values (µV), indexed by slot; empty when the channel is not there */
  values(channel: number, kind: SeriesKind): Float64Array {
    if (channel >= this.channelCount) return EMPTY;
    return (kind === 'raw' ? this.raw : this.env)[channel];
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
