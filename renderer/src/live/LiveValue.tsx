/**
 * A number read from the live buffer a few times per second, written straight to the DOM.
 *
 * All live numbers of the page share one timer per interval, and write their text at the end of
 * an animation frame after the charts (draw-scheduler's requestAfterDraw): at 32 channels that is
 * one task and one style/layout pass every 200 ms instead of 33 timers, each dirtying the page
 * at its own moment (issue 10.8).
 */
import { useEffect, useRef } from 'react';
import { useLiveSeries } from '../api/api-context';
import type { SeriesKind } from '../charts/live-series';
import { cancelDraw, requestAfterDraw } from '../charts/draw-scheduler';

/** the numbers that tick every `everyMs`, and the one timer that ticks them */
const tickers = new Map<number, { writes: Set<() => void>; timer: ReturnType<typeof setInterval> }>();

function everyInterval(everyMs: number, write: () => void): () => void {
  let group = tickers.get(everyMs);
  if (!group) {
    const writes = new Set<() => void>();
    const timer = setInterval(() => {
      for (const w of writes) requestAfterDraw(w);
    }, everyMs);
    tickers.set(everyMs, (group = { writes, timer }));
  }
  group.writes.add(write);
  return () => {
    group.writes.delete(write);
    cancelDraw(write);
    if (group.writes.size === 0) {
      clearInterval(group.timer);
      tickers.delete(everyMs);
    }
  };
}

export function LiveValue({ channel, kind = 'envelope', everyMs = 200, digits = 0, className, testId }: { channel: number; kind?: SeriesKind; everyMs?: number; digits?: number; className?: string; testId?: string }) {
  const series = useLiveSeries();
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    let last = '';
    const write = () => {
      const v = series.latest(channel, kind);
      const text = Number.isFinite(v) ? v.toFixed(digits) : '—';
      if (text !== last && ref.current) ref.current.textContent = last = text;
    };
    write();
    return everyInterval(everyMs, write);
  }, [series, channel, kind, everyMs, digits]);
  return (
    <span ref={ref} className={className} data-testid={testId}>
      —
    </span>
  );
}
