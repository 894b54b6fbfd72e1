/**
 * #/sessions: the recorded sessions (rename inline, delete after an in-app confirmation, replay),
 * and progress over sessions for one exercise: baseline vs internal-focus sets over dates.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Exercise, ProgressPoint, SessionListing } from '../../../src/host/contract';
import { useApi, useIsViewer } from '../api/api-context';
import { DASH, formatDateTime, formatDuration, formatShare, pctNumber } from '../training/format';
import { errorText } from '../training/use-training-controller';
import { ConfirmDialog } from './ConfirmDialog';
import { ReportButton } from './ReportButton';
import { ExportMenu } from './ExportMenu';
import { ImportFile } from './ImportFile';
import { ProgressChart } from './ProgressChart';
import { progressSummary, sessionMeans } from './progress';
import '../training/training.css';
import './sessions.css';

function NameCell({ s, editing, readOnly, onStart, onCommit, onCancel }: { s: SessionListing; editing: boolean; readOnly: boolean; onStart(): void; onCommit(name: string): void; onCancel(): void }) {
  const [draft, setDraft] = useState(s.name);
  const inputRef = useRef<HTMLInputElement>(null);
  const done = useRef(false);
  useEffect(() => {
    if (editing) {
      setDraft(s.name);
      done.current = false;
      requestAnimationFrame(() => inputRef.current?.select());
    }
  }, [editing, s.name]);
  if (editing) {
    const commit = () => {
      if (done.current) return;
      done.current = true;
      const v = draft.trim();
      if (v && v !== s.name) onCommit(v);
      else onCancel();
    };
    return (
      <div className="mc-rename">
        <input
          ref={inputRef}
          className="mc-input"
          data-testid="session-rename"
          value={draft}
          maxLength={200}
          aria-label={`New name for ${s.name || 'session'}`}
          onChange={(e) => setDraft(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit();
            if (e.key === 'Escape') {
              done.current = true;
              onCancel();
            }
          }}
          onBlur={commit}
        />
      </div>
    );
  }
  return (
    <div className="mc-session-name">
      <span className="mc-session-name__text">{s.name || <span className="mc-muted">untitled</span>}</span>
      {!readOnly && (
        <button type="button" className="mc-btn mc-btn--ghost mc-btn--small" data-testid="session-rename" onClick={onStart} aria-label={`Rename ${s.name || 'session'}`}>
          Rename
        </button>
      )}
    </div>
  );
}

export function SessionsView() {
  const api = useApi();
  const readOnly = useIsViewer();
  const [sessions, setSessions] = useState<SessionListing[] | null>(null);
  const [exercises, setExercises] = useState<Exercise[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<SessionListing | null>(null);
  const [busy, setBusy] = useState(false);
  const [progressExercise, setProgressExercise] = useState<string>('');
  const [progress, setProgress] = useState<ProgressPoint[] | null>(null);
  const [progressError, setProgressError] = useState<string | null>(null);
  const [openPath, setOpenPath] = useState('');
  const [openError, setOpenError] = useState<string | null>(null);
  const [opening, setOpening] = useState(false);

  const reload = useCallback(() => {
    api.invoke('listSessions', null).then(
      (list) => {
        setSessions(list);
        setError(null);
      },
      (e) => setError(errorText(e)),
    );
  }, [api]);

  useEffect(() => {
    reload();
    api.invoke('listExercises', null).then(setExercises, () => undefined);
  }, [api, reload]);

  const exerciseName = useMemo(() => new Map(exercises.map((e) => [e.id, e.name])), [exercises]);
  /** exercises that have sessions first (most sessions first), then the rest of the library */
  const progressChoices = useMemo(() => {
    const counts = new Map<string, number>();
    for (const s of sessions ?? []) if (s.exerciseId) counts.set(s.exerciseId, (counts.get(s.exerciseId) ?? 0) + 1);
    const ids = [...counts.keys()].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0));
    for (const e of exercises) if (!counts.has(e.id)) ids.push(e.id);
    return ids.map((id) => ({ id, name: exerciseName.get(id) ?? id, sessions: counts.get(id) ?? 0 }));
  }, [sessions, exercises, exerciseName]);

  useEffect(() => {
    if (!progressExercise && progressChoices.length > 0) setProgressExercise(progressChoices[0].id);
  }, [progressChoices, progressExercise]);

  useEffect(() => {
    if (!progressExercise) return;
    let alive = true;
    setProgress(null);
    setProgressError(null);
    api.invoke('getProgress', { exerciseId: progressExercise }).then(
      (p) => alive && setProgress(p),
      (e) => alive && setProgressError(errorText(e)),
    );
    return () => {
      alive = false;
    };
    // sessions: a rename/delete may change the points
  }, [api, progressExercise, sessions]);

  const rename = async (id: string, name: string) => {
    setEditing(null);
    try {
      setSessions(await api.invoke('renameSession', { id, name }));
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  };

  const confirmDelete = async () => {
    if (!deleting) return;
    setBusy(true);
    try {
      setSessions(await api.invoke('deleteSession', { id: deleting.id }));
      setError(null);
      setDeleting(null);
    } catch (e) {
      setError(errorText(e));
      setDeleting(null);
    } finally {
      setBusy(false);
    }
  };

  const replay = async (id: string) => {
    try {
      await api.invoke('openReplay', { sessionId: id });
      window.location.hash = '#/';
    } catch (e) {
      setError(errorText(e));
    }
  };

  /** a recording of another tool (OpenBCI, OpenSignals, Vicon, CSV, EDF/BDF) by its path on the host */
  const openFile = async () => {
    const path = openPath.trim();
    if (!path) {
      setOpenError('Type the path of a recording file first.');
      return;
    }
    setOpening(true);
    setOpenError(null);
    try {
      await api.invoke('openReplay', { path });
      window.location.hash = '#/';
    } catch (e) {
      // the host's own words: which file, and what is wrong with it
      setOpenError(errorText(e));
    } finally {
      setOpening(false);
    }
  };

  const means = useMemo(() => (progress ? sessionMeans(progress) : null), [progress]);
  const summary = means ? progressSummary(means, '%MVC', progress ?? []) : [];
  const sorted = useMemo(() => [...(sessions ?? [])].sort((a, b) => b.startedAt.localeCompare(a.startedAt)), [sessions]);

  if (readOnly) {
    return (
      <div className="mc-sessions" data-testid="sessions-view">
        <header className="mc-page-head">
          <h1 className="mc-page-title">Sessions</h1>
        </header>
        <p className="mc-card mc-hint">This screen is a read-only viewer: sessions are managed on the computer the band is connected to.</p>
      </div>
    );
  }

  return (
    <div className="mc-sessions" data-testid="sessions-view">
      <header className="mc-page-head">
        <h1 className="mc-page-title">Sessions</h1>
        <span className="mc-muted mc-num">{sessions ? `${sessions.length} recorded` : 'loading…'}</span>
        <button type="button" className="mc-btn mc-btn--small" onClick={reload}>
          Refresh
        </button>
      </header>
      {error && (
        <div className="mc-alert" role="alert">
          <span>{error}</span>
          <button type="button" className="mc-btn mc-btn--small" onClick={() => setError(null)} aria-label="Dismiss">
            ✕
          </button>
        </div>
      )}

      <section className="mc-card" aria-labelledby="mc-session-list-title">
        <h2 id="mc-session-list-title" className="mc-card__title">
          Recorded sessions
        </h2>
        {sessions && sessions.length === 0 ? (
          <p className="mc-hint">No sessions yet. Connect a device on the Live page: every stream is recorded.</p>
        ) : (
          <div className="mc-table-wrap">
            <table className="mc-table mc-sessions__table">
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Name</th>
                  <th scope="col">Exercise</th>
                  <th scope="col" className="mc-num-col">Sets</th>
                  <th scope="col" className="mc-num-col">Duration</th>
                  <th scope="col" className="mc-num-col">Target</th>
                  <th scope="col" className="mc-num-col">Share</th>
                  <th scope="col">
                    <span className="mc-sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {sorted.map((s) => (
                  <tr key={s.id} data-testid="session-row" data-session-id={s.id}>
                    <td className="mc-num mc-nowrap">{formatDateTime(s.startedAt)}</td>
                    <td className="mc-session-name-cell">
                      <NameCell
                        s={s}
                        editing={editing === s.id}
                        readOnly={readOnly}
                        onStart={() => setEditing(s.id)}
                        onCommit={(name) => void rename(s.id, name)}
                        onCancel={() => setEditing(null)}
                      />
                    </td>
                    <td>{s.exerciseId ? (exerciseName.get(s.exerciseId) ?? s.exerciseId) : <span className="mc-muted">{DASH}</span>}</td>
                    <td className="mc-num mc-num-col">{s.sets}</td>
                    <td className="mc-num mc-num-col">{formatDuration(s.durationS)}</td>
                    <td className="mc-num mc-num-col mc-c-target">{s.targetMeanPct === null ? DASH : `${pctNumber(s.targetMeanPct)} ${listingUnit(s.normalisation)}`}</td>
                    <td className="mc-num mc-num-col">{formatShare(s.targetShare)}</td>
                    <td>
                      <div className="mc-actions">
                        <button type="button" className="mc-btn mc-btn--small mc-btn--primary" data-testid="session-replay" disabled={readOnly} onClick={() => void replay(s.id)}>
                          ▶ Replay
                        </button>
                        <ReportButton sessionId={s.id} name={s.name} onError={setError} />
                        <ExportMenu sessionId={s.id} name={s.name} sets={s.sets} onError={setError} />
                        {!readOnly && (
                          <button type="button" className="mc-btn mc-btn--small mc-btn--ghost-danger" data-testid="session-delete" onClick={() => setDeleting(s)} aria-label={`Delete ${s.name || 'session'}`}>
                            Delete
                          </button>
                        )}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="mc-card mc-open-file" aria-labelledby="mc-open-file-title">
        <h2 id="mc-open-file-title" className="mc-card__title">
          Replay a file of another tool
        </h2>
        <ImportFile onOpened={() => (window.location.hash = '#/')} />
        <form
          className="mc-open-file__form"
          onSubmit={(e) => {
            e.preventDefault();
            void openFile();
          }}
        >
          <label className="mc-field mc-open-file__field">
            <span className="mc-field__label">Path on this computer (OpenBCI .txt, OpenSignals, Vicon CSV, BioSPPy, CSV, EDF/BDF)</span>
            <input
              className="mc-input"
              data-testid="open-file-path"
              value={openPath}
              placeholder="/home/me/recordings/OpenBCI-RAW-2024-01-01.txt"
              spellCheck={false}
              autoComplete="off"
              aria-invalid={openError ? true : undefined}
              aria-describedby={openError ? 'mc-open-file-error' : undefined}
              onChange={(e) => {
                setOpenPath(e.currentTarget.value);
                setOpenError(null);
              }}
            />
          </label>
          <button type="submit" className="mc-btn mc-btn--primary" data-testid="open-file-button" disabled={opening}>
            {opening ? 'Opening…' : 'Open'}
          </button>
        </form>
        {openError && (
          <p id="mc-open-file-error" className="mc-error-text" role="alert" data-testid="open-file-error">
            Could not open the file: {openError}
          </p>
        )}
      </section>

      <section className="mc-card mc-progress" aria-labelledby="mc-progress-title">
        <div className="mc-card__head">
          <h2 id="mc-progress-title" className="mc-card__title">
            Progress
          </h2>
          <label className="mc-field mc-field--inline">
            <span className="mc-field__label">Exercise</span>
            <select className="mc-select" data-testid="progress-exercise" value={progressExercise} onChange={(e) => setProgressExercise(e.currentTarget.value)}>
              {progressChoices.length === 0 && <option value="">no exercises</option>}
              {progressChoices.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                  {c.sessions > 0 ? ` (${c.sessions})` : ''}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="mc-progress__legend" aria-hidden="true">
          <span><i className="mc-line mc-line--solid" /> internal focus</span>
          <span><i className="mc-line mc-line--dashed" /> baseline</span>
          <span><i className="mc-line mc-line--dotted" /> external focus</span>
          <span><i className="mc-dot mc-dot--target" /> target %MVC</span>
          <span><i className="mc-dot mc-dot--assist" /> assisting %MVC</span>
          <span><i className="mc-dot mc-dot--share" /> target share %</span>
        </div>
        <div data-testid="progress-chart" className="mc-progress__chart" data-points={progress?.length ?? 0}>
          {progressError ? (
            <p className="mc-error-text">Could not load progress: {progressError}</p>
          ) : !progress ? (
            <p className="mc-hint">{progressExercise ? 'Loading…' : 'Choose an exercise.'}</p>
          ) : progress.length === 0 ? (
            <p className="mc-hint">No finished sets for this exercise yet. Tag sets as Baseline and Internal focus to see progress here.</p>
          ) : (
            means && <ProgressChart data={means} unit="%MVC" />
          )}
        </div>
        {summary.length > 0 && (
          <ul className="mc-progress__summary" data-testid="progress-summary">
            {summary.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        )}
      </section>

      {deleting && (
        <ConfirmDialog
          title="Delete this session?"
          confirmLabel="Delete session"
          confirmTestId="confirm-delete"
          danger
          busy={busy}
          onConfirm={() => void confirmDelete()}
          onCancel={() => setDeleting(null)}
        >
          <p>
            <strong>{deleting.name || 'Untitled session'}</strong> from {formatDateTime(deleting.startedAt)} ({deleting.sets} {deleting.sets === 1 ? 'set' : 'sets'}, {formatDuration(deleting.durationS)}) and its recording
            files will be removed. This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}

/** "%MVC" only where an MVC was used; "% of session peak" otherwise. */
function listingUnit(n: SessionListing['normalisation']): string {
  switch (n) {
    case 'mvc':
      return '%MVC';
    case 'session-peak':
      return '% of session peak';
    case 'mixed':
      return '% (MVC and session peak)';
    default:
      return '% (reference not recorded)';
  }
}
