/**
 * Transport for a replayed session (shown on the live page while status.replay is set): play /
 * pause, speed, a scrub slider over the recording, position, and jumps to the set and rep marks.
 * Everything goes through replayControl; the position shown follows the host's status pushes,
 * smoothed between pushes while playing.
 */
import { useEffect, useRef, useState } from 'react';
import type { Commands, ReplayStatus } from '../../../src/host/contract';
import { useApi, useIsViewer, useStatus } from '../api/api-context';
import { formatClock } from '../training/format';
import { errorText } from '../training/use-training-controller';
import '../training/training.css';
import './replay.css';

const SPEEDS = [0.25, 0.5, 1, 2, 4, 8] as const;

function speedLabel(s: number): string {
  return `${s}×`;
}

/** host position, advanced locally between status pushes while playing */
function useSmoothedPosition(r: ReplayStatus): number {
  const at = useRef({ pos: r.positionS, t: performance.now() });
  const [, tick] = useState(0);
  useEffect(() => {
    at.current = { pos: r.positionS, t: performance.now() };
  }, [r.positionS, r.playing, r.speed]);
  useEffect(() => {
    if (!r.playing) return;
    const id = window.setInterval(() => tick((n) => n + 1), 200);
    return () => window.clearInterval(id);
  }, [r.playing]);
  if (!r.playing) return r.positionS;
  const ahead = ((performance.now() - at.current.t) / 1000) * r.speed;
  // never run more than a second ahead of the host
  return Math.min(r.durationS, at.current.pos + Math.min(ahead, 1 * r.speed));
}

export function ReplayBar() {
  const status = useStatus();
  const r = status?.replay;
  if (!r) return null;
  return <ReplayTransport r={r} />;
}

function ReplayTransport({ r }: { r: ReplayStatus }) {
  const api = useApi();
  const readOnly = useIsViewer();
  const [error, setError] = useState<string | null>(null);
  const [drag, setDrag] = useState<number | null>(null);
  const scrubRef = useRef<HTMLInputElement>(null);
  const position = useSmoothedPosition(r);
  const shown = drag ?? position;
  const duration = Math.max(0, r.durationS);

  const send = (arg: Commands['replayControl']['arg']) => {
    api.invoke('replayControl', arg).then(
      () => setError(null),
      (e) => setError(errorText(e)),
    );
  };
  const sendRef = useRef(send);
  sendRef.current = send;

  // seek on the native `change` (release of the thumb, each key step): React's onChange fires on
  // every input event while dragging, which would flood the host with seeks
  useEffect(() => {
    const el = scrubRef.current;
    if (!el) return;
    const onChange = () => {
      const v = Number(el.value);
      // after React's own onChange of this same event (it may have set a drag value)
      queueMicrotask(() => setDrag(null));
      if (Number.isFinite(v)) sendRef.current({ action: 'seek', timeS: Math.max(0, v) });
    };
    el.addEventListener('change', onChange);
    return () => el.removeEventListener('change', onChange);
  }, []);

  const setMarks = r.marks.filter((m) => m.kind === 'set');
  const pct = (t: number) => (duration > 0 ? Math.min(100, Math.max(0, (t / duration) * 100)) : 0);

  return (
    <section className="mc-replay" aria-label="Replay" data-testid="replay-bar" data-playing={r.playing}>
      <div className="mc-replay__title">
        <span className="mc-replay__badge">Replay</span>
        <span className="mc-replay__name" title={r.path}>
          {r.title}
        </span>
      </div>
      <div className="mc-replay__transport">
        <button
          type="button"
          className={`mc-replay__play${r.playing ? ' is-playing' : ''}`}
          data-testid="replay-play"
          aria-pressed={r.playing}
          aria-label={r.playing ? 'Pause' : 'Play'}
          disabled={readOnly}
          onClick={() => send({ action: r.playing ? 'pause' : 'play' })}
        >
          <span aria-hidden="true">{r.playing ? '❚❚' : '▶'}</span>
        </button>
        <div className="mc-replay__track">
          <input
            ref={scrubRef}
            type="range"
            className="mc-replay__scrub"
            data-testid="replay-scrub"
            min={0}
            max={duration || 0}
            step={0.1}
            value={Math.min(shown, duration)}
            disabled={readOnly || duration <= 0}
            aria-label="Replay position"
            aria-valuetext={`${formatClock(shown)} of ${formatClock(duration)}`}
            onChange={(e) => setDrag(Number(e.currentTarget.value))}
            style={{ ['--mc-progress' as string]: `${pct(shown)}%` }}
          />
          <div className="mc-replay__ticks" aria-hidden="true">
            {r.marks.map((m, i) => (
              <i key={i} className={`mc-replay__tick mc-replay__tick--${m.kind}`} style={{ left: `${pct(m.timeS)}%` }} />
            ))}
          </div>
        </div>
        <span className="mc-replay__pos mc-num" data-testid="replay-position" data-position-s={r.positionS.toFixed(2)} data-duration-s={duration.toFixed(2)}>
          {formatClock(shown)} / {formatClock(duration)}
        </span>
        <label className="mc-replay__speed">
          <span className="mc-sr-only">Speed</span>
          <select
            className="mc-select"
            data-testid="replay-speed"
            value={String(r.speed)}
            disabled={readOnly}
            onChange={(e) => {
              const speed = Number(e.currentTarget.value);
              e.currentTarget.blur();
              send({ action: 'speed', speed });
            }}
          >
            {!SPEEDS.includes(r.speed as (typeof SPEEDS)[number]) && <option value={String(r.speed)}>{speedLabel(r.speed)}</option>}
            {SPEEDS.map((s) => (
              <option key={s} value={String(s)}>
                {speedLabel(s)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {r.marks.length > 0 && (
        <div className="mc-replay__marks" role="group" aria-label={`Jump to marks (${setMarks.length} sets)`}>
          {r.marks.map((m, i) => (
            <button
              key={i}
              type="button"
              className={`mc-replay__mark mc-replay__mark--${m.kind}`}
              data-testid="replay-mark"
              data-time-s={m.timeS}
              data-kind={m.kind}
              disabled={readOnly}
              onClick={() => send({ action: 'seek', timeS: Math.max(0, m.timeS) })}
              title={`Jump to ${formatClock(m.timeS)}`}
            >
              <span>{m.label}</span>
              <span className="mc-replay__mark-time mc-num">{formatClock(m.timeS)}</span>
            </button>
          ))}
        </div>
      )}
      {error && (
        <p className="mc-error-text" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
