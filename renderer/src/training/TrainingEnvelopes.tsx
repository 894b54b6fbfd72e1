/**
 * Target vs assisting envelopes on the shared LiveChart, in %MVC when every role channel has an
 * MVC (else in µV, and the caption says the bars are relative to the session peak). Reps of the
 * current set are shaded on the chart and the rep in progress is highlighted: an overlay inside
 * uPlot's plot area, moved on the same animation frame as the chart.
 */
import { memo, useEffect, useRef, type RefObject } from 'react';
import type { TrainingState } from '../../../src/host/contract';
import { LiveChart, type LiveSeriesSpec } from '../charts/LiveChart';
import { useLiveSeries } from '../api/api-context';
import { cancelDraw, requestDraw } from '../charts/draw-scheduler';
import { sameParts } from './use-training-controller';

/** the theme's role colours (styles.css --target / --assist), then distinct ones for more assisting channels */
export const TARGET_COLOR = '#3ce0a0';
export const ASSIST_COLORS = ['#ff8a4c', '#c38bff', '#ffd166', '#ff6b9a', '#4dd4e6'];

export interface EnvelopeSetup {
  series: LiveSeriesSpec[];
  unit: string;
  /** plain note on what the numbers mean */
  note: string;
}

export function envelopeSetup(t: TrainingState): EnvelopeSetup | null {
  const target = t.setup.targetChannel;
  if (target === null) return null;
  const channels = [target, ...t.setup.assistingChannels.filter((c) => c !== target)];
  const mvcs = channels.map((c) => t.mvc[c] ?? null);
  const allMvc = t.normalisation === 'mvc' && mvcs.every((m) => m !== null && m.mvcUv > 0);
  const name = (c: number) => t.setup.muscles[c] || `Channel ${c + 1}`;
  const series: LiveSeriesSpec[] = channels.map((c, i) => {
    const mvc = mvcs[i];
    return {
      label: `${i === 0 ? 'Target' : 'Assisting'}: ${name(c)}`,
      color: i === 0 ? TARGET_COLOR : ASSIST_COLORS[(i - 1) % ASSIST_COLORS.length],
      channel: c,
      kind: 'envelope',
      scale: allMvc && mvc ? (v: number) => (v / mvc.mvcUv) * 100 : undefined,
    };
  });
  return allMvc
    ? { series, unit: '%MVC', note: 'Envelopes in %MVC (stored MVC per channel)' }
    : {
        series,
        unit: 'µV',
        note:
          t.normalisation === 'session-peak'
            ? 'No MVC yet: envelopes in µV; the bars and table are % of this session’s peak'
            : 'Envelopes in µV (not every channel has an MVC)',
      };
}

function RepOverlay({ boxRef, training, windowS }: { boxRef: RefObject<HTMLDivElement | null>; training: TrainingState; windowS: number }) {
  const series = useLiveSeries();
  const onsetRef = useRef<number | null>(null);
  const stateRef = useRef(training);
  stateRef.current = training;

  // the onset of the rep in progress is not in the state: note the stream time when it starts
  const wasInRep = useRef(false);
  if (training.inRep && !wasInRep.current) onsetRef.current = Number.isFinite(series.lastT) ? series.lastT : null;
  if (!training.inRep) onsetRef.current = null;
  wasInRep.current = training.inRep;

  useEffect(() => {
    const layer = document.createElement('div');
    layer.className = 'mc-rep-layer';
    const draw = () => {
      const box = boxRef.current;
      const over = box?.querySelector<HTMLDivElement>('.u-over');
      if (!box || !over) return;
      if (layer.parentElement !== over) over.appendChild(layer);
      const t = stateRef.current;
      const now = series.lastT;
      const bands: { a: number; b: number; cls: string; label: string }[] = [];
      if (Number.isFinite(now)) {
        for (const r of t.reps) bands.push({ a: r.startS - now, b: r.endS - now, cls: 'mc-rep-band', label: String(r.index) });
        if (t.inRep && onsetRef.current !== null) bands.push({ a: onsetRef.current - now, b: 0, cls: 'mc-rep-band mc-rep-band--live', label: String(t.repCount + 1) });
      }
      const visible = bands.filter((b) => b.b > -windowS && b.a < 0.01);
      while (layer.children.length < visible.length) {
        const el = document.createElement('div');
        el.appendChild(document.createElement('span'));
        layer.appendChild(el);
      }
      while (layer.children.length > visible.length) layer.lastChild?.remove();
      visible.forEach((b, i) => {
        const el = layer.children[i] as HTMLDivElement;
        const left = Math.max(0, (b.a + windowS) / windowS);
        const right = Math.min(1, (b.b + windowS) / windowS);
        el.className = b.cls;
        el.style.left = `${(left * 100).toFixed(3)}%`;
        el.style.width = `${(Math.max(0, right - left) * 100).toFixed(3)}%`;
        (el.firstChild as HTMLSpanElement).textContent = b.label;
      });
    };
    const off = series.subscribe(() => requestDraw(draw));
    requestDraw(draw);
    return () => {
      off();
      cancelDraw(draw);
      layer.remove();
    };
  }, [series, boxRef, windowS]);
  return null;
}

/** the parts of the training state the chart and its rep overlay show (envelopeSetup, RepOverlay) */
const ENVELOPE_PARTS = ['setup', 'mvc', 'normalisation', 'reps', 'inRep', 'repCount'] as const;

/**
 * Re-rendered only when the series, the reps or the rep in progress change, not on every
 * training push (~10/s, issue 10.8): the traces follow the live buffer by themselves.
 */
export const TrainingEnvelopesMemo = memo(
  TrainingEnvelopes,
  (a, b) =>
    a.height === b.height && a.windowS === b.windowS && a.testId === b.testId && a.compact === b.compact && sameParts(a.training, b.training, ENVELOPE_PARTS),
);

export function TrainingEnvelopes({ training, height = 220, windowS = 10, testId, compact = false }: { training: TrainingState; height?: number; windowS?: number; testId: string; compact?: boolean }) {
  const setup = envelopeSetup(training);
  const boxRef = useRef<HTMLDivElement>(null);
  if (!setup) {
    return <div className="mc-chart-empty">Assign a target channel to see target vs assisting envelopes.</div>;
  }
  return (
    <div className="mc-envelopes">
      <div className="mc-envelopes__legend">
        {setup.series.map((s) => (
          <span key={s.channel} className="mc-legend">
            <i style={{ background: s.color }} aria-hidden="true" />
            {s.label}
          </span>
        ))}
        <span className="mc-envelopes__note">{setup.note}</span>
      </div>
      <div ref={boxRef} className="mc-envelopes__chart">
        <LiveChart series={setup.series} windowS={windowS} height={height} testId={testId} unit={setup.unit} compact={compact} />
        <RepOverlay boxRef={boxRef} training={training} windowS={windowS} />
      </div>
    </div>
  );
}
