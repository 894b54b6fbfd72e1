/** A number read from the live buffer a few times per second, written straight to the DOM. */
import { useEffect, useRef } from 'react';
import { useLiveSeries } from '../api/api-context';
import type { SeriesKind } from '../charts/live-series';

export function LiveValue({ channel, kind = 'envelope', everyMs = 200, digits = 0, className, testId }: { channel: number; kind?: SeriesKind; everyMs?: number; digits?: number; className?: string; testId?: string }) {
  const series = useLiveSeries();
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    let last = '';
    const tick = () => {
      const v = series.latest(channel, kind);
      const text = Number.isFinite(v) ? v.toFixed(digits) : '—';
      if (text !== last && ref.current) ref.current.textContent = last = text;
    };
    tick();
    const id = setInterval(tick, everyMs);
    return () => clearInterval(id);
  }, [series, channel, kind, everyMs, digits]);
  return (
    <span ref={ref} className={className} data-testid={testId}>
      —
    </span>
  );
}
