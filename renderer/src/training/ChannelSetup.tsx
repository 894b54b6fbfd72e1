/**
 * One row per channel: role (target / assisting / not used), muscle name, signal quality
 * (verdict, plain reasons, baseline noise, mains ratio) and MVC calibration.
 */
import { memo, useEffect, useState } from 'react';
import type { CalibrationStep, ChannelQuality, HostStatus, MvcCalibration, TrainingSetup, TrainingState } from '../../../src/host/contract';
import { formatDate, formatUv } from './format';
import { sameCommands, sameParts, type TrainingController } from './use-training-controller';
import { LifterPicker } from '../lifters/LifterPicker';
import { SymmetryPairPicker } from './Symmetry';

type Role = 'target' | 'assisting' | 'none';

export function channelCountOf(status: HostStatus | null, t: TrainingState | null): number {
  const fromDevice = status?.device.info?.channelCount ?? 0;
  if (fromDevice > 0) return fromDevice;
  if (!t) return 0;
  return Math.max(
    t.quality.length,
    t.mvc.length,
    t.setup.muscles.length,
    (t.setup.targetChannel ?? -1) + 1,
    ...t.setup.assistingChannels.map((c) => c + 1),
  );
}

function roleOf(setup: TrainingSetup, ch: number): Role {
  if (setup.targetChannel === ch) return 'target';
  if (setup.assistingChannels.includes(ch)) return 'assisting';
  return 'none';
}

/** The setup change for giving channel `ch` a role, with a muscle name suggested by the exercise. */
export function roleChange(t: TrainingState, ch: number, role: Role, channelCount: number): Partial<TrainingSetup> {
  const s = t.setup;
  let target = s.targetChannel;
  let assisting = s.assistingChannels.filter((c) => c !== ch);
  if (role === 'target') {
    target = ch;
  } else {
    if (target === ch) target = null;
    if (role === 'assisting') assisting = [...assisting, ch].sort((a, b) => a - b);
  }
  const change: Partial<TrainingSetup> = { targetChannel: target, assistingChannels: assisting };
  // fill an empty muscle name from the exercise
  const ex = t.exercise;
  if (ex && role !== 'none' && !s.muscles[ch]) {
    const used = new Set(s.muscles.filter(Boolean));
    const pool = role === 'target' ? ex.target : ex.assisting;
    const pick = pool.find((m) => !used.has(m.muscle)) ?? pool[0];
    if (pick) {
      const muscles = Array.from({ length: Math.max(channelCount, s.muscles.length) }, (_, i) => s.muscles[i] ?? '');
      muscles[ch] = pick.muscle.slice(0, 100);
      change.muscles = muscles;
    }
  }
  return change;
}

export function calibrationText(step: CalibrationStep): string {
  switch (step.phase) {
    case 'idle':
      return '';
    case 'rest':
      return `Relax… ${Math.max(0, Math.ceil(step.remainingS))} s`;
    case 'mvc':
      return step.contract
        ? `Contract as hard as you can! trial ${step.trial}/${step.trials} ${Math.max(0, Math.ceil(step.remainingS))} s`
        : `Relax… trial ${step.trial}/${step.trials} ${Math.max(0, Math.ceil(step.remainingS))} s`;
    case 'done':
      return `MVC ${formatUv(step.result.mvcUv)} · ${formatDate(step.result.date)}`;
    case 'failed':
      return `MVC calibration failed: ${step.reason}.`;
  }
}

export function calibrationRunning(step: CalibrationStep): step is Extract<CalibrationStep, { phase: 'rest' | 'mvc' }> {
  return step.phase === 'rest' || step.phase === 'mvc';
}

function MuscleInput({ value, placeholder, disabled, onCommit, label }: { value: string; placeholder: string; disabled: boolean; onCommit(v: string): void; label: string }) {
  const [draft, setDraft] = useState(value);
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    if (!editing) setDraft(value);
  }, [value, editing]);
  const commit = () => {
    setEditing(false);
    const v = draft.trim().slice(0, 100);
    if (v !== value) onCommit(v);
  };
  return (
    <input
      className="mc-input"
      type="text"
      value={draft}
      placeholder={placeholder}
      maxLength={100}
      disabled={disabled}
      aria-label={label}
      onFocus={() => setEditing(true)}
      onChange={(e) => setDraft(e.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') e.currentTarget.blur();
        if (e.key === 'Escape') {
          setDraft(value);
          setEditing(false);
          e.currentTarget.blur();
        }
      }}
    />
  );
}

function QualityCell({ q, ch }: { q: ChannelQuality | undefined; ch: number }) {
  if (!q) {
    return (
      <div className="mc-quality" data-testid={`quality-channel-${ch}`} data-verdict="unknown">
        <span className="mc-badge mc-badge--unknown">no data</span>
      </div>
    );
  }
  const label = q.verdict === 'good' ? 'Good' : q.verdict === 'check' ? 'Check' : 'Bad';
  return (
    <div className="mc-quality" data-testid={`quality-channel-${ch}`} data-verdict={q.verdict}>
      <span className={`mc-badge mc-badge--${q.verdict}`}>{label}</span>
      <span className="mc-quality__nums mc-num">
        noise {formatUv(q.baselineNoiseUv, 1)} · mains {(q.mainsPowerRatio * 100).toFixed(0)} %
        {q.clippingRatio > 0 ? ` · clip ${(q.clippingRatio * 100).toFixed(1)} %` : ''}
      </span>
      {q.reasons.length > 0 && (
        <ul className="mc-quality__reasons">
          {q.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function MvcCell({ mvc }: { mvc: MvcCalibration | null | undefined }) {
  if (!mvc) return <span className="mc-muted">not calibrated</span>;
  return (
    <span className="mc-mvc">
      <span className="mc-num">{formatUv(mvc.mvcUv)}</span>
      <span className="mc-muted"> · {formatDate(mvc.date)}</span>
    </span>
  );
}

/** the parts of the training state the channel rows (and the symmetry pair picker) show */
const CHANNEL_SETUP_PARTS = ['setup', 'exercise', 'quality', 'mvc', 'calibration', 'normalisation'] as const;

/** what the rows read of the host status: the device's channel count and labels */
function sameDeviceChannels(a: HostStatus | null, b: HostStatus | null): boolean {
  const ia = a?.device.info;
  const ib = b?.device.info;
  if (ia === ib) return true;
  const la = ia?.channelLabels ?? [];
  const lb = ib?.channelLabels ?? [];
  return ia?.channelCount === ib?.channelCount && la.length === lb.length && la.every((l, i) => l === lb[i]);
}

/**
 * Re-rendered only when what it shows changes (the quality check ~1/s, a setup change), not on
 * every training push (~10/s, issue 10.8). A new read of `ctl.state` or `status` in
 * ChannelSetup needs its part listed here.
 */
export const ChannelSetupMemo = memo(
  ChannelSetup,
  (a, b) => sameCommands(a.ctl, b.ctl) && sameParts(a.ctl.state, b.ctl.state, CHANNEL_SETUP_PARTS) && sameDeviceChannels(a.status, b.status),
);

export function ChannelSetup({ ctl, status }: { ctl: TrainingController; status: HostStatus | null }) {
  const t = ctl.state;

  if (!t) {
    return (
      <section className="mc-card mc-channels">
        <h2 className="mc-card__title">Channels</h2>
        <p className="mc-hint">Waiting for the host…</p>
      </section>
    );
  }
  const n = channelCountOf(status, t);
  const labels = status?.device.info?.channelLabels ?? [];
  const step = t.calibration;
  const running = calibrationRunning(step);
  const ro = ctl.readOnly;

  const setMuscle = (ch: number, name: string) => {
    const muscles = Array.from({ length: Math.max(n, t.setup.muscles.length) }, (_, i) => t.setup.muscles[i] ?? '');
    muscles[ch] = name;
    void ctl.run('setupTraining', { muscles });
  };

  return (
    <section className="mc-card mc-channels" aria-labelledby="mc-channels-title">
      <div className="mc-card__head">
        <h2 id="mc-channels-title" className="mc-card__title">
          Channels
        </h2>
        <span className={`mc-norm mc-norm--${t.normalisation}`} data-testid="normalisation">
          {t.normalisation === 'mvc' ? 'Numbers are %MVC' : 'No MVC: numbers are % of session peak'}
        </span>
        {/* whose MVCs are used and whose sessions are recorded: lifters are people (src/lifters/) */}
        <LifterPicker readOnly={ro} />
      </div>
      {n === 0 ? (
        <p className="mc-hint">Connect a device to assign channels.</p>
      ) : (
        // many channels (a Cyton+Daisy, a 32-channel amplifier): the list scrolls in its own box,
        // so the setup column does not push the channel charts thousands of pixels down
        <div className={`mc-table-wrap${n > 8 ? ' mc-table-wrap--many' : ''}`} data-testid="channel-setup-list">
          <table className="mc-table mc-channels__table">
            <thead>
              <tr>
                <th scope="col">Ch</th>
                <th scope="col">Role</th>
                <th scope="col">Muscle</th>
                <th scope="col">Signal quality</th>
                <th scope="col">MVC</th>
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: n }, (_, ch) => {
                const role = roleOf(t.setup, ch);
                const q = t.quality.find((x) => x.channel === ch) ?? t.quality[ch];
                const mine = running && step.channel === ch;
                const suggestion = role === 'target' ? t.exercise?.target[0]?.muscle : role === 'assisting' ? t.exercise?.assisting[0]?.muscle : undefined;
                return (
                  <tr key={ch} className={`mc-role--${role}${mine ? ' mc-row--calibrating' : ''}`}>
                    <th scope="row" className="mc-num">
                      {ch + 1}
                      {labels[ch] && labels[ch] !== `ch${ch + 1}` ? <span className="mc-muted mc-chlabel">{labels[ch]}</span> : null}
                    </th>
                    <td>
                      <select
                        className={`mc-select mc-role-select mc-role-select--${role}`}
                        value={role}
                        disabled={ro}
                        aria-label={`Role of channel ${ch + 1}`}
                        data-testid={`role-${ch}`}
                        onChange={(e) => void ctl.run('setupTraining', roleChange(t, ch, e.currentTarget.value as Role, n))}
                      >
                        <option value="target">Target</option>
                        <option value="assisting">Assisting</option>
                        <option value="none">Not used</option>
                      </select>
                    </td>
                    <td>
                      <MuscleInput
                        value={t.setup.muscles[ch] ?? ''}
                        placeholder={suggestion ?? 'muscle'}
                        disabled={ro}
                        label={`Muscle on channel ${ch + 1}`}
                        onCommit={(v) => setMuscle(ch, v)}
                      />
                    </td>
                    <td>
                      <QualityCell q={q} ch={ch} />
                    </td>
                    <td>
                      <div className="mc-calib-cell">
                        <MvcCell mvc={t.mvc[ch]} />
                        {role !== 'none' && (
                          <button
                            type="button"
                            className={`mc-btn mc-btn--small${mine ? ' mc-btn--danger' : ''}`}
                            data-testid={`calibrate-${ch}`}
                            disabled={ro || (running && !mine)}
                            onClick={() => void ctl.run('calibrate', { action: mine ? 'cancel' : 'start', channel: ch })}
                          >
                            {mine ? 'Cancel' : t.mvc[ch] ? 'Recalibrate' : 'Calibrate MVC'}
                          </button>
                        )}
                        {step.phase !== 'idle' && step.channel === ch && (
                          <div className={`mc-calib-step mc-calib-step--${step.phase}`} data-testid={`calibration-step-${ch}`}>
                            {calibrationText(step)}
                          </div>
                        )}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {n >= 2 && <SymmetryPairPicker ctl={ctl} t={t} channelCount={n} />}
        </div>
      )}
    </section>
  );
}
