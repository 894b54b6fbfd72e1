/**
 * Transport for a replayed session (shown on the live page while status.replay is set): play /
 * pause, speed, a scrub slider over the recording, position, and jumps to the set and rep marks.
 * Everything goes through replayControl; the position shown follows the host's status pushes,
 * smoothed between pushes while playing. The marks are grouped per set with its reps inside
 * (mark-groups.ts). Arrow keys on the slider step 5 s (Page Up/Down 30 s, Home/End) from the
 * position shown, so after a seek they go on from the new place.
 */
import { useEffect, useRef, useState } from 'react';
import type { Commands, ReplayStatus } from '../../../src/host/contract';
import { useApi, useIsViewer, useStatus } from '../api/api-context';
import { formatClock } from '../training/format';
import { groupMarks, setGroupLabel } from './mark-groups';
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

  // seek on the native `change` (release of the thumb): dragging only moves the shown value
  // (`input` events, onInput below). React's onChange would fire on `change` too and set the drag
  // value again after it was cleared — with a real mouse the browser runs microtasks between
  // listeners, so a queued clear ran first and the label and slider froze at the drag value.
  useEffect(() => {
    const el = scrubRef.current;
    if (!el) return;
    const onChange = () => {
      const v = Number(el.value);
      setDrag(null);
      if (Number.isFinite(v)) sendRef.current({ action: 'seek', timeS: Math.max(0, v) });
    };
    el.addEventListener('change', onChange);
    return () => el.removeEventListener('change', onChange);
  }, []);

  /** keyboard on the slider: steps from the position shown now (not the slider's last value) */
  const onKey = (e: React.KeyboardEvent<HTMLInputElement>) => {
    const steps: Record<string, number> = { ArrowRight: 5, ArrowUp: 5, ArrowLeft: -5, ArrowDown: -5, PageUp: 30, PageDown: -30 };
    let to: number | null = null;
    if (e.key in steps) to = position + steps[e.key];
    else if (e.key === 'Home') to = 0;
    else if (e.key === 'End') to = duration;
    if (to === null) return;
    e.preventDefault();
    setDrag(null);
    send({ action: 'seek', timeS: Math.min(duration, Math.max(0, to)) });
  };

  const groups = groupMarks(r.marks);
  const setMarks = groups.sets;
  const pct = (t: number) => (duration > 0 ? Math.min(100, Math.max(0, (t / duration) * 100)) : 0);

  return (
    <section className="mc-replay" aria-label="Replay" data-testid="replay-bar" data-playing={r.playing}>
      <div className="mc-replay__title">
        <span className="mc-replay__badge">Replay</span>
        <span className="mc-replay__name" title={r.path}>
          {r.title}
        </span>
        {r.corrections && !r.corrections.saved && (
          <span className="mc-replay__note" role="note" data-testid="replay-corrections-note">
            {r.corrections.note}
          </span>
        )}
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
            onInput={(e) => setDrag(Number(e.currentTarget.value))}
            onChange={() => undefined}
            onKeyDown={onKey}
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
      {(groups.sets.length > 0 || groups.loose.length > 0) && (
        <div className="mc-replay__marks" role="group" aria-label={`Jump to marks (${setMarks.length} sets)`} data-testid="replay-marks">
          {groups.sets.map((g) => (
            <div key={g.set} className={`mc-replay__set mc-replay__set--${g.tag ?? 'unknown'}`} data-testid="replay-set-group" data-set={g.set} data-reps={g.reps.length}>
              <button
                type="button"
                className="mc-replay__mark mc-replay__mark--set"
                data-testid="replay-mark"
                data-kind="set"
                data-time-s={g.startS}
                disabled={readOnly}
                onClick={() => send({ action: 'seek', timeS: Math.max(0, g.startS) })}
                title={`Jump to the start of set ${g.set} (${formatClock(g.startS)}${g.endS !== null ? `–${formatClock(g.endS)}` : ''})${g.cues.length ? `\nCue: ${g.cues.join(' / ')}` : ''}`}
              >
                <span>{setGroupLabel(g)}</span>
                <span className="mc-replay__mark-time mc-num">{formatClock(g.startS)}</span>
              </button>
              {g.reps.length > 0 && (
                <span className="mc-replay__reps" role="group" aria-label={`Reps of set ${g.set}`}>
                  {g.reps.map((rm) => (
                    <button
                      key={`${rm.rep}-${rm.timeS}`}
                      type="button"
                      className="mc-replay__rep"
                      data-testid="replay-mark"
                      data-kind="rep"
                      data-time-s={rm.timeS}
                      disabled={readOnly}
                      onClick={() => send({ action: 'seek', timeS: Math.max(0, rm.timeS) })}
                      title={`Set ${g.set}, rep ${rm.rep} (${formatClock(rm.timeS)})`}
                      aria-label={`Set ${g.set}, rep ${rm.rep}`}
                    >
                      {rm.rep}
                    </button>
                  ))}
                </span>
              )}
            </div>
          ))}
          {groups.loose.map((m, i) => (
            <button
              key={`loose-${i}`}
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
