/** Start/end set, the set's tag, next cue, takeover tone, full screen, and the shortcut hints. */
import type { SetTag } from '../../../src/host/contract';
import { TAG_CHOICES, TAG_LABELS } from './format';
import { toggleFullscreen, toggleSet } from './shortcuts';
import { ShortcutHelp } from './ShortcutHelp';
import type { TrainingController } from './use-training-controller';

/** the shortcut key of each tag (shortcuts.ts) */
const TAG_KEY: Record<SetTag, string> = { untagged: '0', baseline: '1', internal: '2', external: '3' };

export function SetControls({
  ctl,
  tone,
  compact = false,
}: {
  ctl: TrainingController;
  tone?: { enabled: boolean; setEnabled(on: boolean): void };
  compact?: boolean;
}) {
  const t = ctl.state;
  const ro = ctl.readOnly || !t;
  const active = t?.setActive ?? false;
  const n = t?.setNumber ?? 1;
  return (
    <div className={`mc-controls${compact ? ' mc-controls--compact' : ''}`} role="group" aria-label="Set controls">
      <button
        type="button"
        className={`mc-btn mc-btn--set${active ? ' mc-btn--set-active' : ''}`}
        data-testid="set-toggle"
        aria-pressed={active}
        disabled={ro}
        onClick={() => toggleSet(ctl)}
      >
        <span className="mc-btn__icon" aria-hidden="true">
          {active ? '■' : '▶'}
        </span>
        {active ? `End set ${n}` : `Start set ${n}`}
        <kbd className="mc-kbd">Space</kbd>
      </button>
      <label className="mc-field">
        <span className="mc-field__label">Set tag</span>
        <select
          className={`mc-select mc-tag-select mc-tag-select--${t?.setTag ?? 'untagged'}`}
          data-testid="set-tag-select"
          value={t?.setTag ?? 'untagged'}
          disabled={ro}
          onChange={(e) => {
            const tag = e.currentTarget.value as SetTag;
            // hand the keyboard back to the shortcuts
            e.currentTarget.blur();
            void ctl.run('tagSet', { tag });
          }}
        >
          {TAG_CHOICES.map((tag) => (
            <option key={tag} value={tag}>
              {TAG_KEY[tag]} · {TAG_LABELS[tag]}
            </option>
          ))}
        </select>
      </label>
      <div className="mc-controls__row">
        <button type="button" className="mc-btn" data-testid="next-cue" disabled={ro} onClick={() => void ctl.run('nextCue', null)}>
          Next cue <kbd className="mc-kbd">N</kbd>
        </button>
        <button type="button" className="mc-btn" data-testid="fullscreen" onClick={toggleFullscreen} aria-label="Full screen">
          Full screen <kbd className="mc-kbd">F</kbd>
        </button>
      </div>
      {tone && (
        <label className="mc-switch">
          <input type="checkbox" data-testid="tone-toggle" checked={tone.enabled} onChange={(e) => tone.setEnabled(e.currentTarget.checked)} />
          <span className="mc-switch__track" aria-hidden="true" />
          <span>Tone on takeover</span>
        </label>
      )}
      {!compact && <ShortcutHelp />}
    </div>
  );
}
