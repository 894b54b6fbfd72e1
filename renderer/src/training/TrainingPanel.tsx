/**
 * The MMC training experience on the live page: pick the exercise, assign and check the channels,
 * calibrate MVCs, then lift set by set and see whether an internal focus moves the work onto the
 * target muscle (live gauge and bars, reps, set summaries with comparisons).
 */
import { memo, useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { SetTag } from '../../../src/host/contract';
import type { Exercise } from '../../../src/host/contract';
import { useApi, useStatus } from '../api/api-context';
import { CalibrationBanner } from './CalibrationBanner';
import { ChannelSetupMemo } from './ChannelSetup';
import { ExerciseCardMemo } from './ExerciseCard';
import { LiveTraining } from './LiveTraining';
import { RepTableMemo, SetSummariesMemo } from './SetResults';
import { TrainingEnvelopesMemo } from './TrainingEnvelopes';
import { useTrainingShortcuts } from './shortcuts';
import { useTakeoverTone } from './takeover-tone';
import { errorText, useTrainingController } from './use-training-controller';
import { SessionBar } from '../session/SessionBar';

/** the session bar follows the host status itself: nothing of a training push reaches it */
const SessionBarMemo = memo(SessionBar);
import './training.css';

/** The exercise library, loaded once per mount. */
export function useExercises(): { exercises: Exercise[] | null; error: string | null; setExercises: (list: Exercise[]) => void } {
  const api = useApi();
  const [exercises, setExercises] = useState<Exercise[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    api.invoke('listExercises', null).then(
      (list) => alive && setExercises(list),
      (e) => alive && setError(errorText(e)),
    );
    return () => {
      alive = false;
    };
  }, [api]);
  return { exercises, error, setExercises };
}

/**
 * `chart`: the live target-vs-assisting chart of the page, placed right under the live read-out;
 * `aside`: what goes on top of the setup column (the device bar). On a wide window (a 1366×768
 * laptop and up) the live read-out and the chart take the main column and fit the screen, the
 * device bar and setup sit in a side column (tests/e2e/layout-fit.test.ts).
 */
export function TrainingPanel({ chart, aside }: { chart?: ReactNode; aside?: ReactNode } = {}) {
  const ctl = useTrainingController();
  const status = useStatus();
  const { exercises, error: exError, setExercises } = useExercises();
  const tone = useTakeoverTone(ctl.state?.assistTakeover ?? false);
  useTrainingShortcuts(ctl, !ctl.readOnly);
  const t = ctl.state;
  // once set up, the live read-out comes first (narrow layouts stack it above the setup)
  const ready = !!t && t.setup.exerciseId !== null && t.setup.targetChannel !== null;
  const api = useApi();
  const recordingId = status?.recording.sessionId;
  /** a finished set's note, into the recording's journal (the host pushes the notes back) */
  const saveSetNote = useCallback(
    async (sessionId: string, set: number, note: string) => {
      try {
        await api.invoke('updateSession', { id: sessionId, setNote: { set, note } });
      } catch (e) {
        setNoteError(errorText(e));
        throw e;
      }
      setNoteError(null);
    },
    [api],
  );
  const [noteError, setNoteError] = useState<string | null>(null);
  // callbacks that stay the same from push to push, so the memoised set cards skip a live-only push
  const runRef = useRef(ctl.run);
  runRef.current = ctl.run;
  const retag = useCallback((set: number, tag: SetTag) => void runRef.current('retagSet', { set, tag }), []);
  const noteFor = useCallback((set: number, note: string) => saveSetNote(recordingId!, set, note), [saveSetNote, recordingId]);

  return (
    <div className={`mc-training${ready ? ' mc-training--ready' : ''}`} data-testid="training-panel">
      {ctl.error && (
        <div className="mc-alert" role="alert">
          <span>{ctl.error}</span>
          <button type="button" className="mc-btn mc-btn--small" onClick={ctl.clearError} aria-label="Dismiss">
            ✕
          </button>
        </div>
      )}
      <SessionBarMemo />
      {noteError && (
        <div className="mc-alert" role="alert">
          <span>Could not save the note: {noteError}</span>
          <button type="button" className="mc-btn mc-btn--small" onClick={() => setNoteError(null)} aria-label="Dismiss">
            ✕
          </button>
        </div>
      )}
      {t && <CalibrationBanner ctl={ctl} t={t} />}
      <div className="mc-training__primary">
        <div className="mc-training__main">
          {t ? <LiveTraining ctl={ctl} tone={tone} /> : <p className="mc-hint mc-card">Waiting for the training state from the host…</p>}
          {chart}
        </div>
        {t && (
          <div className="mc-training__more">
            <section className="mc-card mc-chart-card" aria-label="Target and assisting envelopes, reps marked">
              <TrainingEnvelopesMemo training={t} testId="training-envelopes" height={200} />
            </section>
            <div className="mc-training__results">
              <RepTableMemo reps={t.reps} normalisation={t.normalisation} inRep={t.inRep} setActive={t.setActive} />
              <SetSummariesMemo
                sets={t.sets}
                normalisation={t.normalisation}
                onRetag={ctl.readOnly ? undefined : retag}
                notes={t.setNotes}
                onNote={ctl.readOnly || t.context === 'replay' || !recordingId ? undefined : noteFor}
              />
            </div>
          </div>
        )}
      </div>
      <aside className="mc-training__side" aria-label="Device and setup">
        {aside}
        <div className="mc-training__setup">
          <ExerciseCardMemo ctl={ctl} exercises={exercises} loadError={exError} onExercisesChanged={setExercises} />
          <ChannelSetupMemo ctl={ctl} status={status} />
        </div>
      </aside>
    </div>
  );
}
