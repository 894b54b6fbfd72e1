/**
 * The live session's beginning and end, at the top of the training view (issue 11): before a
 * session, "Start session" (nothing is recorded, no set is kept; the live view works); while it
 * runs, its name and clock and "End session"; once ended, its summary. Starting the first set
 * also starts the session (the host does that).
 */
import { useCallback, useEffect, useState } from 'react';
import type { HostStatus, SessionSummary } from '../../../src/host/contract';
import { useApi, useIsViewer, useStatus } from '../api/api-context';
import { errorText } from '../training/use-training-controller';
import { formatDuration } from '../training/format';
import { SessionSummaryCard } from './SessionSummaryCard';
import './session.css';

/** Counts the session's clock on between status pushes (they come on changes, not every second). */
function useSessionClock(session: HostStatus['session'] | undefined): number {
  const [base, setBase] = useState<{ d: number; at: number } | null>(null);
  const [, tick] = useState(0);
  const running = session?.phase === 'running';
  useEffect(() => {
    setBase(session?.durationS !== undefined ? { d: session.durationS, at: performance.now() } : null);
  }, [session?.durationS, session?.phase]);
  useEffect(() => {
    if (!running) return;
    const id = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(id);
  }, [running]);
  if (!base) return 0;
  return running ? base.d + (performance.now() - base.at) / 1000 : base.d;
}

export function SessionBar() {
  const api = useApi();
  const status = useStatus();
  const readOnly = useIsViewer();
  const session = status?.session;
  const [summary, setSummary] = useState<SessionSummary | null>(null);
  /** the start of the session whose summary the user closed */
  const [closedAt, setClosedAt] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const clock = useSessionClock(session);
  const phase = session?.phase ?? 'idle';

  // the summary shown is the one of the session the status names (ended here, elsewhere, or
  // before this page loaded: then it is fetched)
  const current = phase === 'ended' && summary && summary.startedAt === session?.startedAt ? summary : null;
  useEffect(() => {
    if (phase !== 'ended' || current || readOnly) return;
    let alive = true;
    api.invoke('getSessionSummary', null).then(
      (s) => alive && setSummary(s),
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, [api, phase, current, readOnly]);

  const run = useCallback(
    async (what: 'start' | 'end') => {
      setBusy(true);
      try {
        if (what === 'start') await api.invoke('startSession', null);
        else setSummary(await api.invoke('endSession', null));
        setError(null);
      } catch (e) {
        setError(errorText(e));
      } finally {
        setBusy(false);
      }
    },
    [api],
  );

  if (!status || status.replay) return null;
  return (
    <div className="mc-session" data-testid="session-bar" data-phase={phase}>
      {phase === 'running' ? (
        <div className="mc-card mc-session__bar">
          <span className="mc-session__dot" aria-hidden="true" />
          <span className="mc-session__name" data-testid="session-name">
            {session?.name}
          </span>
          {session?.demo && (
            <span className="mc-chip mc-chip--muted" data-testid="session-demo" title="On the simulated band: a demo session, kept out of progress">
              demo
            </span>
          )}
          <span className="mc-num mc-session__clock" data-testid="session-clock">
            {formatDuration(clock)}
          </span>
          {!readOnly && (
            <button type="button" className="mc-btn mc-btn--danger" data-testid="session-end" disabled={busy} onClick={() => void run('end')}>
              ■ End session
            </button>
          )}
        </div>
      ) : current && closedAt !== current.startedAt ? (
        <SessionSummaryCard summary={current} busy={busy} onStartNew={readOnly ? undefined : () => void run('start')} onClose={() => setClosedAt(current.startedAt)} />
      ) : (
        <div className="mc-card mc-session__bar mc-session__bar--idle">
          <span className="mc-session__idle" data-testid="session-idle">
            {readOnly ? 'No session running.' : 'No session yet: the live view runs, nothing is recorded and no set is kept until you start one (or start a set).'}
          </span>
          {!readOnly && (
            <button type="button" className="mc-btn mc-btn--primary" data-testid="session-start" disabled={busy} onClick={() => void run('start')}>
              ▶ Start session
            </button>
          )}
        </div>
      )}
      {error && (
        <p className="mc-error-text" role="alert" data-testid="session-error">
          {error}
        </p>
      )}
    </div>
  );
}
