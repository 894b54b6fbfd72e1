/** The running MVC calibration, large enough to read from the bench: what to do and for how long. */
import type { CalibrationStep, TrainingState } from '../../../src/host/contract';
import { calibrationRunning, calibrationText } from './ChannelSetup';
import type { TrainingController } from './use-training-controller';

export function CalibrationBanner({ ctl, t }: { ctl: TrainingController; t: TrainingState }) {
  const step: CalibrationStep = t.calibration;
  if (!calibrationRunning(step)) return null;
  const contract = step.phase === 'mvc' && step.contract;
  const muscle = t.setup.muscles[step.channel] || `channel ${step.channel + 1}`;
  return (
    <section className={`mc-calib-banner${contract ? ' mc-calib-banner--contract' : ''}`} role="status" aria-live="assertive" data-testid="calibration-banner">
      <div className="mc-calib-banner__who">
        MVC calibration · <strong>{muscle}</strong>
      </div>
      <div className="mc-calib-banner__text" data-testid="calibration-step">
        {calibrationText(step)}
      </div>
      <button type="button" className="mc-btn" disabled={ctl.readOnly} onClick={() => void ctl.run('calibrate', { action: 'cancel', channel: step.channel })}>
        Cancel calibration
      </button>
    </section>
  );
}
