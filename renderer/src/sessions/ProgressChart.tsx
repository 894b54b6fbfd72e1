/**
 * Progress over dates: target %MVC, assisting %MVC and target share (%) per session, one series
 * per metric and tag (baseline dashed, internal focus solid, external dotted). uPlot, sized to
 * its container.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { SetTag } from '../../../src/host/contract';
import { TAG_LABELS, TAG_ORDER } from '../training/format';
import type { ProgressByTag, SessionMean } from './progress';

const COLORS = { target: '#3ce0a0', assist: '#ff8a4c', share: '#7cc4ff' };
const DASHES: Record<SetTag, number[] | undefined> = { baseline: [7, 5], internal: undefined, external: [2, 5], untagged: [1, 4] };
const AXIS = '#8a93a8';
const GRID = 'rgba(255,255,255,0.06)';

interface Metric {
  key: 'target' | 'assist' | 'share';
  label: string;
  value: (m: SessionMean) => number;
}

export function ProgressChart({ data, unit, height = 300 }: { data: ProgressByTag; unit: string; height?: number }) {
  const boxRef = useRef<HTMLDivElement>(null);
  const key = JSON.stringify(data) + unit;

  useEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    const metrics: Metric[] = [
      { key: 'target', label: `Target ${unit}`, value: (m) => m.targetMeanPct },
      { key: 'assist', label: `Assisting ${unit}`, value: (m) => m.assistMeanPct },
      { key: 'share', label: 'Target share %', value: (m) => m.targetShare * 100 },
    ];
    const tags = TAG_ORDER.filter((t) => data[t].length > 0);
    const xs = [...new Set(tags.flatMap((t) => data[t].map((m) => m.t)))].sort((a, b) => a - b);
    const series: uPlot.Series[] = [{ label: 'Date' }];
    const columns: (number | null)[][] = [];
    for (const tag of tags) {
      const at = new Map(data[tag].map((m) => [m.t, m]));
      for (const metric of metrics) {
        series.push({
          label: `${TAG_LABELS[tag]} · ${metric.label}`,
          stroke: COLORS[metric.key],
          width: tag === 'internal' ? 2.5 : 1.75,
          dash: DASHES[tag],
          spanGaps: true,
          points: { show: true, size: tag === 'internal' ? 8 : 6, fill: tag === 'internal' ? COLORS[metric.key] : '#0b0e14' },
          value: (_u, v) => (v === null || v === undefined ? '—' : `${v.toFixed(0)}${metric.key === 'share' ? ' %' : ''}`),
        });
        columns.push(xs.map((x) => {
          const m = at.get(x);
          if (!m) return null;
          const v = metric.value(m);
          return Number.isFinite(v) ? v : null;
        }));
      }
    }
    const font = '12px Inter, system-ui, sans-serif';
    const opts: uPlot.Options = {
      width: Math.max(200, box.clientWidth),
      height,
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false }, points: { size: 8 } },
      scales: {
        x: {
          time: true,
          range: (_u, min, max) => (min === max ? [min - 3 * 86400, max + 3 * 86400] : [min - (max - min) * 0.04, max + (max - min) * 0.04]),
        },
        y: { range: (_u, _min, max) => [0, Math.max(100, Math.ceil(((max ?? 0) * 1.1) / 10) * 10)] },
      },
      axes: [
        { stroke: AXIS, font, grid: { stroke: GRID, width: 1 }, ticks: { show: false } },
        { stroke: AXIS, font, grid: { stroke: GRID, width: 1 }, ticks: { show: false }, label: `${unit} · share %`, labelFont: font, size: 52 },
      ],
      series,
    };
    const u = new uPlot(opts, [xs, ...columns] as uPlot.AlignedData, box);
    const ro = new ResizeObserver(() => {
      const w = Math.max(200, Math.floor(box.clientWidth));
      if (w !== u.width) u.setSize({ width: w, height });
    });
    ro.observe(box);
    return () => {
      ro.disconnect();
      u.destroy();
    };
    // rebuilt only when the series set or the height changes; the data is pushed into the chart separately
  }, [key, height]);

  return <div ref={boxRef} className="mc-progress-chart" />;
}
