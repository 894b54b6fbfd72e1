import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LiveSeries } from '../../renderer/src/charts/live-series';
import { TraceLayer, type TraceContext, type TraceSpec } from '../../renderer/src/charts/trace-layer';
import type { LiveFrame } from '../../src/host/contract';

/**
 * A canvas reduced to what the traces' correctness depends on: per device-pixel column, the path
 * vertices stroked (and filled) in it, with clearRect, a clip rectangle and the self-shift
 * (drawImage of the canvas onto itself with 'copy') applied as a canvas applies them.
 */
class ColumnCanvas {
  stroked: number[][];
  filled: number[][];
  ops: string[] = [];
  private path: [number, number][] = [];
  private clipStack: [number, number][] = [];
  private clipX: [number, number];
  private pendingRect: [number, number] = [0, 0];
  strokeStyle = '';
  fillStyle = '';
  lineWidth = 1;
  lineJoin: CanvasLineJoin = 'miter';
  lineCap: CanvasLineCap = 'butt';
  globalCompositeOperation: GlobalCompositeOperation = 'source-over';

  constructor(readonly w: number) {
    this.stroked = Array.from({ length: w }, () => []);
    this.filled = Array.from({ length: w }, () => []);
    this.clipX = [0, w];
  }

  get ctx(): TraceContext {
    return this as unknown as TraceContext;
  }

  beginPath() {
    this.path = [];
  }
  moveTo(x: number, y: number) {
    this.path.push([x, y]);
  }
  lineTo(x: number, y: number) {
    this.path.push([x, y]);
  }
  closePath() {}
  rect(x: number, _y: number, w: number) {
    this.pendingRect = [x, x + w];
  }
  clip() {
    this.clipX = [Math.max(this.clipX[0], this.pendingRect[0]), Math.min(this.clipX[1], this.pendingRect[1])];
  }
  save() {
    this.clipStack.push(this.clipX);
  }
  restore() {
    this.clipX = this.clipStack.pop() ?? [0, this.w];
  }
  private paint(into: number[][]) {
    for (const [x, y] of this.path) {
      const col = Math.floor(x);
      if (x >= this.clipX[0] && x < this.clipX[1] && col >= 0 && col < this.w) into[col].push(Math.round(y * 1000) / 1000);
    }
  }
  stroke() {
    this.paint(this.stroked);
  }
  fill() {
    this.paint(this.filled);
  }
  clearRect(x: number, _y: number, w: number) {
    this.ops.push(`clear ${x}`);
    for (let c = Math.max(0, Math.floor(x)); c < Math.min(this.w, Math.ceil(x + w)); c++) {
      this.stroked[c] = [];
      this.filled[c] = [];
    }
  }
  drawImage(_img: unknown, dx: number) {
    this.ops.push(`shift ${dx}`);
    expect(this.globalCompositeOperation).toBe('copy');
    const shift = (cols: number[][]) => Array.from({ length: this.w }, (_, i) => (i - dx >= 0 && i - dx < this.w ? cols[i - dx] : []));
    this.stroked = shift(this.stroked);
    this.filled = shift(this.filled);
  }
}

const RATE = 200;

function frame(seq: number, t0: number, values: number[][]): LiveFrame {
  return { seq, t0, displayRateHz: RATE, channelCount: values.length, pointCount: values[0].length, raw: values, envelope: values.map((v) => v.map((x) => Math.abs(x))), receivedAtMs: 0 };
}

const SPECS: TraceSpec[] = [
  { channel: 0, kind: 'raw', color: '#ff000066', width: 1 },
  { channel: 1, kind: 'envelope', color: '#00ff00', width: 2.5, fill: '#00ff0026', scale: (v) => v * 0.5 },
];

describe('TraceLayer: the live traces drawn from the ring, new pixels only', () => {
  it('draws each column as its first, lowest, highest and last value, newest at the right edge', () => {
    const src = new LiveSeries(30);
    // 1 s window on 100 px: 2 points per column
    const values = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? i : -i));
    src.push(frame(0, 0, [values, values]));
    const canvas = new ColumnCanvas(100);
    const layer = new TraceLayer(canvas.ctx, {} as CanvasImageSource, src, 1, [{ channel: 0, kind: 'raw', color: '#fff', width: 1 }]);
    layer.setGeometry(100, 50, 1);
    layer.setRange(-200, 200);
    expect(layer.draw()).toBe('full');
    const y = (v: number) => ((200 - v) / 400) * 50;
    // the newest point (index 199, value -199) is alone in the last column with 198
    expect(canvas.stroked[99].sort()).toEqual([y(198), y(-199), y(198), y(-199)].map((v) => Math.round(v * 1000) / 1000).sort());
    // a column in the middle: points 100 (100) and 101 (-101)
    expect(canvas.stroked[50]).toContain(Math.round(y(100) * 1000) / 1000);
    expect(canvas.stroked[50]).toContain(Math.round(y(-101) * 1000) / 1000);
    // the window is 201 points: the oldest (index 0) is left of the plot, nothing falls outside
    expect(canvas.stroked.every((c) => c.length > 0)).toBe(true);
  });

  it('after any sequence of frames, shifting and redrawing strips shows what one full draw shows', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(50, 137, 400, 601),
        fc.array(fc.integer({ min: 1, max: 14 }), { minLength: 5, maxLength: 120 }),
        fc.integer({ min: 0, max: 1000 }),
        (width, frameSizes, seed) => {
          const src = new LiveSeries(30);
          const canvas = new ColumnCanvas(width);
          const layer = new TraceLayer(canvas.ctx, {} as CanvasImageSource, src, 2, SPECS);
          layer.setGeometry(width, 80, 1);
          layer.setRange(-100, 100);
          let p = 0;
          frameSizes.forEach((n, seq) => {
            const v = Array.from({ length: n }, (_, i) => 90 * Math.sin((p + i) * 0.37 + seed) * Math.cos((p + i) * 0.05));
            src.push(frame(seq, p / RATE, [v, v.map((x) => x * 0.8)]));
            p += n;
            layer.draw();
          });
          const fresh = new ColumnCanvas(width);
          const full = new TraceLayer(fresh.ctx, {} as CanvasImageSource, src, 2, SPECS);
          full.setGeometry(width, 80, 1);
          full.setRange(-100, 100);
          expect(full.draw()).toBe('full');
          const sorted = (cols: number[][]) => cols.map((c) => [...c].sort((a, b) => a - b));
          expect(sorted(canvas.stroked)).toEqual(sorted(fresh.stroked));
          expect(sorted(canvas.filled)).toEqual(sorted(fresh.filled));
          // and it did draw only strips after the first frames (a full draw only at the start)
          expect(layer.fullDraws).toBe(1);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('redraws whole when the y range steps, the stream restarts, or a plot width passed', () => {
    const src = new LiveSeries(30);
    const canvas = new ColumnCanvas(100);
    const layer = new TraceLayer(canvas.ctx, {} as CanvasImageSource, src, 1, SPECS);
    layer.setGeometry(100, 50, 1);
    layer.setRange(-100, 100);
    const v = (n: number) => Array.from({ length: n }, (_, i) => Math.sin(i));
    src.push(frame(0, 0, [v(50), v(50)]));
    expect(layer.draw()).toBe('full');
    src.push(frame(1, 50 / RATE, [v(4), v(4)]));
    expect(layer.draw()).toBe('strip');
    expect(canvas.ops.at(-2)).toBe('shift -2');
    layer.setRange(-50, 50);
    src.push(frame(2, 54 / RATE, [v(4), v(4)]));
    expect(layer.draw()).toBe('full');
    // more than the plot's width at once (a chart back into view)
    src.push(frame(3, 58 / RATE, [v(400), v(400)]));
    expect(layer.draw()).toBe('full');
    // the stream restarts: time goes back
    src.push(frame(0, 0, [v(10), v(10)]));
    expect(layer.draw()).toBe('full');
    src.reset();
    expect(layer.draw()).toBe('none');
    expect(canvas.stroked.every((c) => c.length === 0)).toBe(true);
  });

  it('extent() is the range of the scaled values over the window', () => {
    const src = new LiveSeries(30);
    const layer = new TraceLayer(new ColumnCanvas(10).ctx, {} as CanvasImageSource, src, 1, SPECS);
    expect(layer.extent()).toBeNull();
    // 1 s window = 201 points: the first 99 of these 300 are outside it
    const values = Array.from({ length: 300 }, (_, i) => (i < 99 ? 1000 : i % 7) - 3);
    src.push(frame(0, 0, [values, values]));
    // raw: -3..3; envelope |v| × 0.5: 0..1.5
    expect(layer.extent()).toEqual([-3, 3]);
  });
});
