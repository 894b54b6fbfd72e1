/**
 * One session's details on the Sessions page: its note, and per finished set its tag (editable:
 * a set tagged wrongly in the gym is corrected here, and progress follows) and its note. Saved to
 * the session's sidecar by the host (`updateSession`); the report shows the notes.
 */
import type { SessionListing, SetTag } from '../../../src/host/contract';
import { TAG_CHOICES, TAG_LABELS } from '../training/format';
import { formatSessionDateTime } from './session-date';
import { NoteField } from './NoteField';

export function SessionDetails({
  s,
  lifterName,
  exerciseName,
  readOnly,
  onUpdate,
  onClose,
}: {
  s: SessionListing;
  lifterName: string | null;
  exerciseName: string | null;
  readOnly: boolean;
  /** resolves when saved; rejects (the page shows why) when not */
  onUpdate(change: { notes?: string; setNote?: { set: number; note: string }; retag?: { set: number; tag: SetTag } }): Promise<void>;
  onClose(): void;
}) {
  const tags = s.setTags ?? [];
  return (
    <section className="mc-card mc-session-details" data-testid="session-details-panel" data-session-id={s.id} aria-labelledby="mc-session-details-title">
      <div className="mc-card__head">
        <h2 id="mc-session-details-title" className="mc-card__title">
          {s.name || 'Untitled session'}
        </h2>
        <span className="mc-muted">
          {formatSessionDateTime(s.startedAt)}
          {lifterName ? ` · ${lifterName}` : ''}
          {exerciseName ? ` · ${exerciseName}` : ''}
        </span>
        <button type="button" className="mc-btn mc-btn--small" onClick={onClose} aria-label="Close the details">
          ✕
        </button>
      </div>
      <h3 className="mc-session-details__sub">Session note</h3>
      <NoteField value={s.notes ?? ''} label={`session ${s.name}`} testId="session-note" readOnly={readOnly} onSave={(notes) => onUpdate({ notes })} />
      <h3 className="mc-session-details__sub">Sets</h3>
      {tags.length === 0 ? (
        <p className="mc-hint">No finished sets in this session.</p>
      ) : (
        <ol className="mc-session-details__sets">
          {tags.map((tag, i) => {
            const n = i + 1;
            return (
              <li key={n} className="mc-session-details__set" data-testid="session-set" data-set-number={n} data-tag={tag}>
                <span className="mc-set__number">Set {n}</span>
                {readOnly ? (
                  <span className={`mc-tag mc-tag--${tag}`}>{TAG_LABELS[tag]}</span>
                ) : (
                  <select
                    className={`mc-select mc-tag mc-tag--${tag}`}
                    data-testid="session-set-retag"
                    aria-label={`Tag of set ${n}`}
                    value={tag}
                    onChange={(e) => void onUpdate({ retag: { set: n, tag: e.currentTarget.value as SetTag } }).catch(() => undefined)}
                  >
                    {TAG_CHOICES.map((t) => (
                      <option key={t} value={t}>
                        {TAG_LABELS[t]}
                      </option>
                    ))}
                  </select>
                )}
                <NoteField value={s.setNotes?.[String(n)] ?? ''} label={`set ${n}`} testId="session-set-note" readOnly={readOnly} onSave={(note) => onUpdate({ setNote: { set: n, note } })} />
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
