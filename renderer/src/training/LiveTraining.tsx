/**
 * The live read-out while lifting: target and assisting bars, the target-share gauge, the rep
 * count, the cue, the takeover warning and the set controls. The three live numbers come from the
 * controller's read-out and are written to the DOM directly (live-readout.ts): this view renders
 * only when something else of the training state changed (memo on the controller).
 */
import { memo } from 'react';
import type { TrainingState } from '../../../src/host/contract';
import { TAG_LABELS } from './format';
import { CueText, MvcBar, noCueText, RepCount, ShareGauge, TakeoverWarning } from './gauges';
import { SetControls } from './SetControls';
import { baseMuscle, SymmetryBars } from './Symmetry';
import type { TrainingController } from './use-training-controller';

export function musclesOf(t: TrainingState): { target: string; assisting: string } {
  const name = (c: number) => t.setup.muscles[c] || `Channel ${c + 1}`;
  const target = t.setup.targetChannel === null ? '' : name(t.setup.targetChannel);
  const assisting = t.setup.assistingChannels.filter((c) => c !== t.setup.targetChannel).map(name).join(', ');
  return { target, assisting };
}

export function SetStatus({ t, size = 'normal' }: { t: TrainingState; size?: 'normal' | 'huge' }) {
  return (
    <div className={`mc-setstatus mc-setstatus--${size}`} data-testid="set-status" data-set-number={t.setNumber} data-tag={t.setTag} data-active={t.setActive}>
      <span className={`mc-setstatus__dot${t.setActive ? ' mc-setstatus__dot--on' : ''}`} aria-hidden="true" />
      <span className="mc-setstatus__set mc-num">Set {t.setNumber}</span>
      <span className={`mc-tag mc-tag--${t.setTag}`}>{TAG_LABELS[t.setTag]}</span>
      <span className="mc-setstatus__state">{t.setActive ? 'in progress' : 'ready'}</span>
    </div>
  );
}

type LiveTrainingProps = { ctl: TrainingController; tone: { enabled: boolean; setEnabled(on: boolean): void } };

/** the controller is the same object while nothing but the live numbers changed (use-training-controller) */
export const LiveTraining = memo(LiveTrainingView, (a: LiveTrainingProps, b: LiveTrainingProps) => a.ctl === b.ctl && a.tone.enabled === b.tone.enabled && a.tone.setEnabled === b.tone.setEnabled);

function LiveTrainingView({ ctl, tone }: LiveTrainingProps) {
  const t = ctl.state;
  if (!t) return null;
  const m = musclesOf(t);
  const hasAssist = t.setup.assistingChannels.length > 0;
  return (
    <section className={`mc-card mc-live${t.setActive ? ' mc-live--active' : ''}${t.assistTakeover ? ' mc-live--takeover' : ''}`} aria-label="Live training">
      <div className="mc-live__top">
        <SetStatus t={t} />
        {t.context === 'replay' && (
          <span className="mc-chip mc-chip--muted" data-testid="replay-context" title="The replay has its own sets, tags and baseline; your live session is kept as it was">
            Replay: sets as recorded
          </span>
        )}
        {t.normalisation === 'session-peak' && <span className="mc-norm mc-norm--session-peak">% of session peak — calibrate MVC for %MVC</span>}
      </div>
      <div className="mc-live__grid">
        <div className="mc-live__meters">
          <MvcBar
            role="target"
            title="Target"
            muscle={m.target}
            value={null}
            live={t.setup.targetChannel === null ? undefined : ctl.readout.number('targetPct')}
            normalisation={t.normalisation}
            testId="target-mvc"
          />
          <ShareGauge share={null} live={ctl.readout.number('targetShare')} baseline={t.baselineShare} takeover={t.assistTakeover} />
          <MvcBar
            role="assist"
            title="Assisting"
            muscle={m.assisting}
            value={null}
            live={hasAssist ? ctl.readout.number('assistPct') : undefined}
            normalisation={t.normalisation}
            testId="assist-mvc"
            alarm={t.assistTakeover}
          />
        </div>
        {t.symmetry && t.setup.symmetryPair && (
          <div className="mc-live__sym">
            <SymmetryBars live={t.symmetry} muscle={baseMuscle(t.setup.muscles[t.setup.symmetryPair.left] ?? '')} normalisation={t.normalisation} />
          </div>
        )}
        <div className="mc-live__warn">
          <TakeoverWarning
            active={t.assistTakeover}
            muscle={m.assisting || undefined}
            idleText={
              t.baselineShare === null
                ? 'Takeover alarm starts after a baseline set'
                : `Watching for takeover: alarm below your baseline share of ${Math.round(t.baselineShare * 100)} %`
            }
          />
        </div>
        <div className="mc-live__center">
          <RepCount count={t.repCount} inRep={t.inRep} />
          <CueText cue={t.cue} emptyText={noCueText(t.exercise !== null, t.setTag)} />
        </div>
        <SetControls ctl={ctl} tone={tone} />
      </div>
    </section>
  );
}
