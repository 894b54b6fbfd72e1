/**
 * #/coach: the training read-out for a TV or tablet across the gym, readable at 5 m: huge type,
 * high contrast, few elements. Read-only viewers get no controls and no shortcuts; otherwise the
 * keyboard shortcuts of the live page work here too.
 */
import { useConnection, useStatus } from '../api/api-context';
import { CueText, MvcBar, noCueText, RepCount, ShareGauge, TakeoverWarning } from '../training/gauges';
import { musclesOf, SetStatus } from '../training/LiveTraining';
import { SetControls } from '../training/SetControls';
import { baseMuscle, SymmetryBars } from '../training/Symmetry';
import { useTrainingShortcuts } from '../training/shortcuts';
import { ShortcutHelp } from '../training/ShortcutHelp';
import { TrainingEnvelopesMemo } from '../training/TrainingEnvelopes';
import { useTrainingController } from '../training/use-training-controller';
import { calibrationRunning, calibrationText } from '../training/ChannelSetup';
import '../training/training.css';
import { LastSetVerdict } from './LastSetVerdict';
import { NoSignalOverlay, signalState } from './NoSignal';
import { useSetCues } from './use-set-cues';
import './coach.css';

export function CoachView() {
  const ctl = useTrainingController();
  const status = useStatus();
  const connection = useConnection();
  useTrainingShortcuts(ctl, !ctl.readOnly);
  const t = ctl.state;
  const signal = signalState(connection, status);
  const cues = useSetCues(t);

  if (!t) {
    return (
      <div className="mc-coach mc-coach--waiting" data-testid="coach-view">
        <h1 className="mc-coach__exercise" data-testid="exercise">
          Myocue
        </h1>
        <p className="mc-coach__wait">Waiting for the training session…</p>
      </div>
    );
  }
  const m = musclesOf(t);
  const hasAssist = t.setup.assistingChannels.length > 0;
  const calib = calibrationRunning(t.calibration) ? calibrationText(t.calibration) : null;
  const lastSet = t.sets.length ? t.sets[t.sets.length - 1] : null;

  return (
    <div
      className={`mc-coach${t.setActive ? ' mc-coach--active' : ''}${t.assistTakeover && signal.live ? ' mc-coach--takeover' : ''}${signal.live ? '' : ' mc-coach--nosignal'}`}
      data-testid="coach-view"
      data-readonly={ctl.readOnly}
      data-signal={signal.live ? 'live' : 'lost'}
    >
      <header className="mc-coach__header">
        <h1 className="mc-coach__exercise" data-testid="exercise" data-exercise-id={t.setup.exerciseId ?? ''}>
          {t.exercise?.name ?? 'No exercise chosen'}
        </h1>
        <SetStatus t={t} size="huge" />
      </header>

      {lastSet && <LastSetVerdict set={lastSet} cue={cues.get(lastSet.number)} compact={t.setActive} />}

      {calib && (
        <div className="mc-coach__calib" role="status" data-testid="calibration-step">
          {calib}
        </div>
      )}

      <div className="mc-coach__live">
      {!signal.live && <NoSignalOverlay s={signal} />}
      <main className="mc-coach__main" aria-hidden={signal.live ? undefined : true}>
        {/* the live numbers are written to the DOM from the controller's read-out (training/live-readout.ts) */}
        <MvcBar role="target" title="Target" muscle={m.target} value={null} live={t.setup.targetChannel === null ? undefined : ctl.readout.number('targetPct')} normalisation={t.normalisation} testId="target-mvc" size="huge" />
        <div className="mc-coach__middle">
          <ShareGauge share={null} live={ctl.readout.number('targetShare')} baseline={t.baselineShare} takeover={t.assistTakeover} size="huge" />
          <RepCount count={t.repCount} inRep={t.inRep} size="huge" />
        </div>
        <MvcBar
          role="assist"
          title="Assisting"
          muscle={m.assisting}
          value={null}
          live={hasAssist ? ctl.readout.number('assistPct') : undefined}
          normalisation={t.normalisation}
          testId="assist-mvc"
          size="huge"
          alarm={t.assistTakeover}
        />
      </main>

      {t.symmetry && t.setup.symmetryPair && (
        <div className="mc-coach__sym">
          <SymmetryBars live={t.symmetry} muscle={baseMuscle(t.setup.muscles[t.setup.symmetryPair.left] ?? '')} normalisation={t.normalisation} size="huge" />
        </div>
      )}

      <div className="mc-coach__cue-wrap">
        <CueText cue={t.cue} size="huge" emptyText={noCueText(t.exercise !== null, t.setTag)} />
        <TakeoverWarning active={t.assistTakeover} muscle={m.assisting || undefined} size="huge" />
      </div>

      <section className="mc-coach__chart" aria-label="Target and assisting envelopes">
        <TrainingEnvelopesMemo training={t} testId="coach-envelopes" height={150} windowS={8} compact />
      </section>
      </div>

      {!ctl.readOnly && (
        <footer className="mc-coach__footer">
          <SetControls ctl={ctl} compact />
          <ShortcutHelp />
          {ctl.error && (
            <p className="mc-error-text" role="alert">
              {ctl.error}
            </p>
          )}
        </footer>
      )}
    </div>
  );
}
