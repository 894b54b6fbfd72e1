/**
 * #/sessions: the recorded sessions, filtered by lifter and exercise (a virtualised list:
 * SessionList.tsx), rename inline, details with notes and set tags (SessionDetails.tsx), delete
 * with Undo (the session waits in the data folder's bin), replay; and the progress over sessions
 * of one lifter for one exercise: baseline vs internal-focus sets over dates.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Exercise, ProgressPoint, SessionListing, SessionUpdate } from '../../../src/host/contract';
import { useApi, useIsViewer } from '../api/api-context';
import { invokeOrTakeEarly, takeArrivedEarly } from '../api/early-requests';
import { errorText } from '../training/use-training-controller';
import { ImportFile } from './ImportFile';
import { SessionList } from './SessionList';
import { SessionDetails } from './SessionDetails';
import { UndoToast } from './UndoToast';
import { ALL, NO_EXERCISE, NO_LIFTER, filterChoices, filterSessions, type SessionFilter } from './session-filters';
import { useLifters } from '../lifters/use-lifters';
import { useAfterIdle } from './use-after-idle';
import { Suspense, lazy } from 'react';

// uPlot is loaded with the chart, after the list is up
const ProgressChart = lazy(() => import('./ProgressChart').then((m) => ({ default: m.ProgressChart })));
import { demoSessionsNote, progressSummary, sessionMeans, withoutDemoSessions } from './progress';
import '../training/training.css';
import './sessions.css';

/** the listing and the exercise names when both arrived before the first render (api/page-start.ts) */
function arrivedAtStart(): { sessions: SessionListing[]; exercises: Exercise[] } | null {
  const sessions = takeArrivedEarly('listSessions');
  if (!sessions) return null;
  const exercises = takeArrivedEarly('listExercises');
  return { sessions: sessions.value, exercises: exercises?.value ?? [] };
}

export function SessionsView() {
  const api = useApi();
  const readOnly = useIsViewer();
  const [first] = useState(arrivedAtStart);
  const [sessions, setSessions] = useState<SessionListing[] | null>(first?.sessions ?? null);
  const [exercises, setExercises] = useState<Exercise[]>(first?.exercises ?? []);
  const [error, setError] = useState<string | null>(null);
  const [deleted, setDeleted] = useState<SessionListing | null>(null);
  const [busy, setBusy] = useState(false);
  const [filter, setFilter] = useState<SessionFilter>({ lifter: ALL, exercise: ALL });
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const lifters = useLifters();
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

  // the first load: the listing and the exercise names together, so the rows render once with
  // their names; when the page opened here, both were asked for at start (api/page-start.ts)
  useEffect(() => {
    if (first) return;
    let alive = true;
    void Promise.allSettled([invokeOrTakeEarly(api, 'listSessions'), invokeOrTakeEarly(api, 'listExercises')]).then(([list, names]) => {
      if (!alive) return;
      if (names.status === 'fulfilled') setExercises(names.value);
      if (list.status === 'fulfilled') {
        setSessions(list.value);
        setError(null);
      } else setError(errorText(list.reason));
    });
    return () => {
      alive = false;
    };
  }, [api, first]);

  const exerciseName = useMemo(() => new Map(exercises.map((e) => [e.id, e.name])), [exercises]);
  /** exercises that have sessions first (most sessions first), then the rest of the library */
  const progressChoices = useMemo(() => {
    const counts = new Map<string, number>();
    for (const s of sessions ?? []) if (s.exerciseId) counts.set(s.exerciseId, (counts.get(s.exerciseId) ?? 0) + 1);
    const ids = [...counts.keys()].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0));
    for (const e of exercises) if (!counts.has(e.id)) ids.push(e.id);
    return ids.map((id) => ({ id, name: exerciseName.get(id) ?? id, sessions: counts.get(id) ?? 0 }));
  }, [sessions, exercises, exerciseName]);

  // until one is chosen, the exercise with the most sessions (derived, not set by an effect: the
  // page renders once when the listing arrives, not twice)
  const shownProgressExercise = progressExercise || (progressChoices[0]?.id ?? '');

  // the exercise filtered is the one whose progress is shown
  useEffect(() => {
    if (filter.exercise !== ALL && filter.exercise !== NO_EXERCISE) setProgressExercise(filter.exercise);
  }, [filter.exercise]);

  // progress is one person's history: the filtered lifter, else the lifter training now
  const progressLifter = filter.lifter !== ALL && filter.lifter !== NO_LIFTER ? filter.lifter : (lifters.list?.currentId ?? null);
  // the chart (below the list) is asked for once the list is on screen and the page is idle: its
  // answer (one point per set: ~500 kB at 1,000 sessions) and uPlot no longer hold up the list
  const listShown = sessions !== null;
  const progressWanted = useAfterIdle(listShown);
  useEffect(() => {
    if (!shownProgressExercise || !progressWanted) return;
    let alive = true;
    setProgress(null);
    setProgressError(null);
    api.invoke('getProgress', progressLifter ? { exerciseId: shownProgressExercise, lifterId: progressLifter } : { exerciseId: shownProgressExercise }).then(
      (p) => alive && setProgress(p),
      (e) => alive && setProgressError(errorText(e)),
    );
    return () => {
      alive = false;
    };
    // sessions: a rename/delete/retag may change the points
  }, [api, shownProgressExercise, sessions, progressLifter, progressWanted]);

  // the list's callbacks are stable (useCallback, the selection updated from its current value),
  // so the memoised rows render only when their session changes
  const rename = useCallback(
    async (id: string, name: string) => {
      try {
        setSessions(await api.invoke('renameSession', { id, name }));
        setError(null);
      } catch (e) {
        setError(errorText(e));
      }
    },
    [api],
  );

  /** delete at once: the files move to the bin, and the toast offers Undo */
  const remove = useCallback(
    async (s: SessionListing) => {
      try {
        setSessions(await api.invoke('deleteSession', { id: s.id }));
        setError(null);
        setDeleted(s);
        setSelectedId((current) => (current === s.id ? null : current));
      } catch (e) {
        setError(errorText(e));
      }
    },
    [api],
  );

  const undo = async () => {
    if (!deleted) return;
    setBusy(true);
    try {
      setSessions(await api.invoke('restoreSession', { id: deleted.id }));
      setError(null);
      setDeleted(null);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const dismissUndo = useCallback(() => setDeleted(null), []);

  const update = async (change: Omit<SessionUpdate, 'id'>) => {
    if (!selectedId) return;
    try {
      setSessions(await api.invoke('updateSession', { id: selectedId, ...change }));
      setError(null);
    } catch (e) {
      setError(errorText(e));
      throw e;
    }
  };

  const replay = useCallback(
    async (id: string) => {
      try {
        await api.invoke('openReplay', { sessionId: id });
        window.location.hash = '#/';
      } catch (e) {
        setError(errorText(e));
      }
    },
    [api],
  );
  const toggleSelected = useCallback((id: string) => setSelectedId((current) => (current === id ? null : id)), []);
  const renameFromList = useCallback((id: string, name: string) => void rename(id, name), [rename]);
  const replayFromList = useCallback((id: string) => void replay(id), [replay]);
  const removeFromList = useCallback((s: SessionListing) => void remove(s), [remove]);

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

  // demo sessions (simulated band) are not training: left out, and said so
  const training = useMemo(() => (progress ? withoutDemoSessions(progress) : null), [progress]);
  const means = useMemo(() => (training ? sessionMeans(training.points) : null), [training]);
  const demoNote = training ? demoSessionsNote(training.demoSessions) : null;
  const summary = [...(means && training ? progressSummary(means, '%MVC', training.points) : []), ...(demoNote ? [demoNote] : [])];
  const shown = useMemo(() => filterSessions(sessions ?? [], filter), [sessions, filter]);
  const lifterChoices = useMemo(() => filterChoices(sessions ?? [], 'lifterId'), [sessions]);
  const exerciseChoices = useMemo(() => filterChoices(sessions ?? [], 'exerciseId'), [sessions]);
  const selected = selectedId ? (sessions ?? []).find((s) => s.id === selectedId) ?? null : null;
  const nameOfExercise = useCallback((id: string) => exerciseName.get(id) ?? id, [exerciseName]);
  const lifterLabel = (id: string) => (id === NO_LIFTER ? 'no lifter recorded' : (lifters.nameOf(id) ?? id));

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
        <div className="mc-session-filters" data-testid="session-filters">
          <label className="mc-field mc-field--inline">
            <span className="mc-field__label">Lifter</span>
            <select className="mc-select" data-testid="filter-lifter" value={filter.lifter} onChange={(e) => setFilter({ ...filter, lifter: e.currentTarget.value })}>
              <option value={ALL}>All lifters</option>
              {lifters.list?.lifters
                .filter((l) => !lifterChoices.some((c) => c.value === l.id))
                .map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.name} (0)
                  </option>
                ))}
              {lifterChoices.map((c) => (
                <option key={c.value} value={c.value}>
                  {lifterLabel(c.value)} ({c.count})
                </option>
              ))}
            </select>
          </label>
          <label className="mc-field mc-field--inline">
            <span className="mc-field__label">Exercise</span>
            <select className="mc-select" data-testid="filter-exercise" value={filter.exercise} onChange={(e) => setFilter({ ...filter, exercise: e.currentTarget.value })}>
              <option value={ALL}>All exercises</option>
              {exerciseChoices.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.value === NO_EXERCISE ? 'no exercise chosen' : nameOfExercise(c.value)} ({c.count})
                </option>
              ))}
            </select>
          </label>
          <span className="mc-muted mc-num" data-testid="filter-count">
            {sessions ? (shown.length === sessions.length ? `${shown.length} shown` : `${shown.length} of ${sessions.length} shown`) : ''}
          </span>
        </div>
        {sessions && sessions.length === 0 ? (
          <p className="mc-hint">No sessions yet. Connect a device on the Live page: every stream is recorded.</p>
        ) : sessions && shown.length === 0 ? (
          <p className="mc-hint" data-testid="filter-empty">No session matches these filters.</p>
        ) : (
          <SessionList
            sessions={shown}
            exerciseName={nameOfExercise}
            lifterName={lifters.nameOf}
            selectedId={selectedId}
            scrollKey={`${filter.lifter}|${filter.exercise}`}
            readOnly={readOnly}
            onSelect={toggleSelected}
            onRename={renameFromList}
            onReplay={replayFromList}
            onDelete={removeFromList}
            onError={setError}
          />
        )}
      </section>

      {selected && (
        <SessionDetails
          s={selected}
          lifterName={lifters.nameOf(selected.lifterId)}
          exerciseName={selected.exerciseId ? nameOfExercise(selected.exerciseId) : null}
          readOnly={readOnly}
          onUpdate={update}
          onClose={() => setSelectedId(null)}
        />
      )}

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
            Progress{progressLifter ? <span className="mc-muted" data-testid="progress-lifter"> · {lifters.nameOf(progressLifter) ?? progressLifter}</span> : null}
          </h2>
          <label className="mc-field mc-field--inline">
            <span className="mc-field__label">Exercise</span>
            <select className="mc-select" data-testid="progress-exercise" value={shownProgressExercise} onChange={(e) => setProgressExercise(e.currentTarget.value)}>
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
        <div data-testid="progress-chart" className="mc-progress__chart" data-points={training?.points.length ?? 0}>
          {progressError ? (
            <p className="mc-error-text">Could not load progress: {progressError}</p>
          ) : !progress ? (
            <p className="mc-hint">{shownProgressExercise ? 'Loading…' : 'Choose an exercise.'}</p>
          ) : (training?.points.length ?? 0) === 0 ? (
            <p className="mc-hint">No finished sets for this exercise yet. Tag sets as Baseline and Internal focus to see progress here.</p>
          ) : (
            means && (
              <Suspense fallback={<p className="mc-hint">Loading the chart…</p>}>
                <ProgressChart data={means} unit="%MVC" />
              </Suspense>
            )
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

      {deleted && <UndoToast name={deleted.name} busy={busy} onUndo={() => void undo()} onDismiss={dismissUndo} />}
    </div>
  );
}

