/**
 * A scrolling chart of live series from the shared `LiveSeries` buffer. React renders it once;
 * new data only marks it dirty, and the shared animation-frame scheduler redraws it (no React
 * state per frame). Sized to its container with a ResizeObserver.
 *
 * Two layers: a uPlot that draws only the axes and grid, and over its plot area a canvas with the
 * traces alone, drawn straight from the ring buffer by a `TraceLayer` (trace-layer.ts: per frame
 * the canvas shifts itself by the columns that passed and redraws a strip at the right, min/max
 * per pixel column). The axis text was most of the drawing time (fillText ~60 % of it in a
 * Chromium profile, 8 ch); the x range is fixed and the y range moves in nice steps
 * (`niceCeil`), so the axes layer is redrawn only when the y range steps (the traces then
 * redraw whole).
 *
 * The back uPlot draws into a canvas that is not in the document, copied (drawImage) into the
 * visible one after each of its draws: canvas text on a canvas in the document first brings the
 * page's style and layout up to date (Chromium's fillText), so every y step of an axes layer paid
 * for whatever the page had changed since the last frame, 2-25 ms inside the drawing callback at
 * 32 channels (issue 10.8, Chromium trace). A detached canvas has no style to update; the copy is
 * a bitmap blit.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useLiveSeries } from '../api/api-context';
import type { LiveSeries, SeriesKind } from './live-series';
import { TraceLayer, type TraceSpec } from './trace-layer';
import { cancelDraw, requestDraw, requestSlowDraw } from './draw-scheduler';
import { niceCeil } from './axis-steps';

export interface LiveSeriesSpec {
  label: string;
  color: string;
  channel: number;
  kind: SeriesKind;
  /** display scale (e.g. µV → %MVC); the data-last-* attributes stay in µV */
  scale?: (v: number) => number;
}

export interface LiveChartProps {
  series: LiveSeriesSpec[];
  /** seconds shown */
  windowS?: number;
  /** px; the width follows the container */
  height?: number;
  testId?: string;
  /** y unit shown on the axis */
  unit?: string;
  /** one name per series: the container gets `data-last-<name>` = latest value, µV (every ~200 ms) */
  lastValueAttrs?: string[];
  /** compact axes for small multiples */
  compact?: boolean;
  /** a buffer other than the page's live one (tests) */
  source?: LiveSeries;
  className?: string;
}

const AXIS = '#8a93a8';
const GRID = 'rgba(255,255,255,0.06)';

export function LiveChart({ series, windowS = 10, height = 240, testId, unit = 'µV', lastValueAttrs, compact = false, source, className }: LiveChartProps) {
  const shared = useLiveSeries();
  const buffer = source ?? shared;
  const boxRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<HTMLDivElement>(null);
  const axesRef = useRef<HTMLDivElement>(null);
  // the chart is rebuilt only when what it shows changes, not on every render
  const key = JSON.stringify([series.map((s) => [s.label, s.color, s.channel, s.kind, !!s.scale]), windowS, height, unit, compact, lastValueAttrs]);
  const scalesRef = useRef(series.map((s) => s.scale));
  scalesRef.current = series.map((s) => s.scale);
  // the traces keep their drawn pixels from frame to frame: a scale that maps differently (a new
  // MVC) must redraw them whole. The scales are linear (µV → %MVC), so two values identify one.
  const scaleSigRef = useRef('');
  scaleSigRef.current = series.map((s) => (s.scale ? `${s.scale(1)}:${s.scale(1000)}` : '-')).join('|');

  useEffect(() => {
    const box = boxRef.current;
    const host = plotRef.current;
    const axesHost = axesRef.current;
    if (!box || !host || !axesHost) return;
    const hasScale = () => scalesRef.current.some(Boolean);
    const symmetric = series.some((s) => s.kind === 'raw');
    let rate = buffer.rateHz;
    let yMax = 0;
    const minSpan = symmetric ? 20 : 10;
    /** the y range both layers show: [lo, top] with top a nice step above the smoothed maximum */
    let shown: [number, number] = symmetric ? [-minSpan, minSpan] : [0, minSpan];
    let axesStale = false;

    /** follows the data's extent in the window: sets `shown` (and marks the axes stale) when it steps */
    const updateRange = (lo: number, hi: number): void => {
      const want = Math.max(minSpan, (symmetric ? Math.max(Math.abs(lo), Math.abs(hi)) : hi) * 1.15);
      // rise at once, fall slowly: the axis does not jump with every rep
      yMax = want > yMax ? want : yMax + (want - yMax) * 0.03;
      const top = niceCeil(yMax);
      if (top !== shown[1]) {
        shown = symmetric ? [-top, top] : [0, top];
        axesStale = true;
      }
    };

    const font = compact ? '11px Inter, system-ui, sans-serif' : '12px Inter, system-ui, sans-serif';
    const opts: uPlot.Options = {
      width: Math.max(50, box.clientWidth),
      height,
      pxAlign: false,
      legend: { show: false },
      cursor: { show: false, drag: { x: false, y: false } },
      select: { show: false, left: 0, top: 0, width: 0, height: 0 },
      scales: {
        x: { time: false, auto: false, range: () => [-windowS, 0] },
        y: { auto: false, range: () => shown },
      },
      axes: [
        {
          stroke: AXIS,
          font,
          size: compact ? 22 : 30,
          space: compact ? 70 : 90,
          grid: { stroke: GRID, width: 1 },
          ticks: { show: false },
          values: (_u, vals) => vals.map((v) => (v === 0 ? 'now' : `${v} s`)),
        },
        {
          stroke: AXIS,
          font,
          size: compact ? 44 : 56,
          space: compact ? 28 : 40,
          grid: { stroke: GRID, width: 1 },
          ticks: { show: false },
          values: (_u, vals) => vals.map((v) => `${Math.round(v)}`),
          label: compact ? undefined : unit,
          labelFont: font,
          labelSize: 18,
        },
      ],
      series: [
        {},
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: s.kind === 'envelope' ? (compact ? 1.75 : 2.5) : 1,
          fill: s.kind === 'envelope' && !symmetric ? `${s.color}26` : undefined,
          points: { show: false },
        })),
      ],
    };
    // the back layer: axes and grid only, its y range set from the front's (no data needed),
    // drawn off the document and copied into the visible canvas after each draw
    const shownAxes = document.createElement('canvas');
    shownAxes.className = 'live-chart-axes-canvas';
    axesHost.appendChild(shownAxes);
    const shownCtx = shownAxes.getContext('2d');
    /** called after each draw of the axes layer (its plot area may have moved) */
    let axesDrawn = () => {};
    const copyAxes = (a: uPlot) => {
      axesDrawn();
      const src = a.ctx.canvas;
      if (!shownCtx) return;
      if (shownAxes.width !== src.width || shownAxes.height !== src.height) {
        shownAxes.width = src.width;
        shownAxes.height = src.height;
        shownAxes.style.width = src.style.width;
        shownAxes.style.height = src.style.height;
      } else {
        shownCtx.clearRect(0, 0, shownAxes.width, shownAxes.height);
      }
      shownCtx.drawImage(src, 0, 0);
    };
    const axes = new uPlot(
      {
        ...opts,
        drawOrder: ['axes'] as unknown as uPlot.DrawOrderKey[],
        scales: { x: opts.scales!.x, y: { auto: false, range: () => shown } },
        hooks: { draw: [copyAxes] },
      },
      [[-windowS, 0], ...series.map(() => [0, 0])] as unknown as uPlot.AlignedData,
      document.createElement('div'),
    );
    // the front layer: the traces alone, on a canvas the size of the plot area, drawn from the
    // ring buffer, only their new pixels per frame (trace-layer.ts). Its box has uPlot's
    // `u-over` class: overlays (the training chart's rep bands) go into it, over the plot area.
    const plot = document.createElement('div');
    plot.className = 'u-over live-chart-plot';
    const canvas = document.createElement('canvas');
    canvas.className = 'live-chart-trace-canvas';
    plot.appendChild(canvas);
    host.appendChild(plot);
    const ctx = canvas.getContext('2d');
    const traceSpecs = (): TraceSpec[] =>
      series.map((s, i) => ({
        channel: s.channel,
        kind: s.kind,
        scale: scalesRef.current[i] ? (v: number) => scalesRef.current[i]!(v) : undefined,
        color: s.color,
        width: s.kind === 'envelope' ? (compact ? 1.75 : 2.5) : 1,
        fill: s.kind === 'envelope' && !symmetric ? `${s.color}26` : undefined,
      }));
    let specsScaled = hasScale();
    let drawnScaleSig = scaleSigRef.current;
    const makeLayer = () => (ctx ? new TraceLayer(ctx, canvas, buffer, windowS, traceSpecs()) : null);
    let traces = makeLayer();
    let lastVersion = -1;
    let lastAttrAt = 0;
    // charts scrolled out of view are not drawn (they catch up when they come back)
    let visible = true;
    // small multiples scroll smoothly enough at 20 fps, all in the same frames (draw-scheduler's
    // slow tick): drawing them less often leaves the 2 cores to the big charts, the host and the
    // browser's own compositing, which redraws the union of what changed in a frame
    const ask = () => (compact ? requestSlowDraw(draw) : requestDraw(draw));
    /** the plot area of the axes layer (device px), followed by the traces' canvas */
    let box0 = '';
    const placeTraces = () => {
      const b = axes.bbox;
      const dpr = uPlot.pxRatio;
      const k = `${b.left},${b.top},${b.width},${b.height},${dpr}`;
      if (k === box0) return;
      box0 = k;
      plot.style.left = `${b.left / dpr}px`;
      plot.style.top = `${b.top / dpr}px`;
      plot.style.width = `${b.width / dpr}px`;
      plot.style.height = `${b.height / dpr}px`;
      canvas.width = Math.max(1, Math.floor(b.width));
      canvas.height = Math.max(1, Math.floor(b.height));
      traces?.setGeometry(b.width, b.height, dpr);
      traces?.setRange(shown[0], shown[1]);
      lastVersion = -1;
      ask();
    };
    axesDrawn = placeTraces;
    let axesRedraws = 0;
    const syncAxes = () => {
      if (!axesStale) return;
      axesStale = false;
      axes.batch(() => axes.setScale('y', { min: shown[0], max: shown[1] }));
      traces?.setRange(shown[0], shown[1]);
      // tests check the axes are redrawn rarely (an attribute write only when they are) and read
      // the range to check the traces' pixels
      box.setAttribute('data-axes-redraws', String(++axesRedraws));
      box.setAttribute('data-y-range', `${shown[0]},${shown[1]}`);
    };
    syncAxes();

    const draw = () => {
      if (!visible || buffer.version === lastVersion) return;
      lastVersion = buffer.version;
      if (buffer.rateHz !== rate || hasScale() !== specsScaled) {
        rate = buffer.rateHz;
        specsScaled = hasScale();
        traces = makeLayer();
        box0 = '';
        placeTraces();
      }
      if (!traces) return;
      if (scaleSigRef.current !== drawnScaleSig) {
        drawnScaleSig = scaleSigRef.current;
        traces.invalidate();
      }
      const ext = traces.extent();
      if (ext) updateRange(ext[0], ext[1]);
      syncAxes();
      // tests check the traces are drawn whole rarely (an attribute write only when they are)
      if (traces.draw() === 'full') box.setAttribute('data-trace-full-draws', String(traces.fullDraws));
    };
    // the test attributes follow the data even while the chart is out of view
    const writeAttrs = () => {
      const now = performance.now();
      if (now - lastAttrAt < 200) return;
      lastAttrAt = now;
      box.setAttribute('data-points', String(Math.min(buffer.count, Math.ceil(windowS * buffer.rateHz) + 1)));
      if (lastValueAttrs) {
        for (let i = 0; i < lastValueAttrs.length && i < series.length; i++) {
          const v = buffer.latest(series[i].channel, series[i].kind);
          if (Number.isFinite(v)) box.setAttribute(`data-last-${lastValueAttrs[i]}`, v.toFixed(2));
        }
      }
    };
    const schedule = () => {
      writeAttrs();
      if (visible) ask();
    };
    const off = buffer.subscribe(schedule);
    const io = new IntersectionObserver((entries) => {
      visible = entries[entries.length - 1].isIntersecting;
      if (visible) ask();
    });
    io.observe(box);
    placeTraces();
    if (buffer.count > 0) ask();

    const ro = new ResizeObserver(() => {
      const w = Math.max(50, Math.floor(box.clientWidth));
      if (w !== axes.width) {
        axes.setSize({ width: w, height });
      }
    });
    ro.observe(box);
    return () => {
      off();
      cancelDraw(draw);
      ro.disconnect();
      io.disconnect();
      axes.destroy();
      plot.remove();
      shownAxes.remove();
    };
    // rebuilt only when the data or the chart's identity changes; the other props are read through refs
  }, [buffer, key]);

  return (
    <div ref={boxRef} className={`live-chart ${className ?? ''}`} data-testid={testId} data-points="0" style={{ minHeight: height }}>
      <div className="live-chart-layers">
        <div ref={axesRef} className="live-chart-axes" />
        <div ref={plotRef} className="live-chart-traces" />
      </div>
    </div>
  );
}
