/**
 * A note on a session or a set: shown as text with an "Edit note" / "Add note" button; editing is
 * a textarea saved with Save (or Ctrl/⌘+Enter) and dropped with Cancel (or Escape). An empty note
 * removes it. Used on the Sessions page (session details) and under a finished set in training.
 */
import { useEffect, useRef, useState } from 'react';

export const MAX_NOTE_CHARS = 4000;

export function NoteField({
  value,
  label,
  testId,
  readOnly = false,
  onSave,
}: {
  value: string;
  /** what the note is on, for screen readers: "session Leg day", "set 2" */
  label: string;
  testId: string;
  readOnly?: boolean;
  /** resolves when saved; a rejection keeps the editor open (the caller shows the error) */
  onSave(note: string): Promise<void> | void;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(value);
  const [saving, setSaving] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (!editing) setDraft(value);
  }, [value, editing]);
  useEffect(() => {
    if (editing) ref.current?.focus();
  }, [editing]);

  const save = async () => {
    setSaving(true);
    try {
      await onSave(draft.trim());
      setEditing(false);
    } catch {
      /* the caller shows why; the draft stays */
    } finally {
      setSaving(false);
    }
  };

  if (!editing) {
    return (
      <div className="mc-note" data-testid={testId}>
        {value ? <p className="mc-note__text" data-testid={`${testId}-text`}>{value}</p> : null}
        {!readOnly && (
          <button type="button" className="mc-btn mc-btn--ghost mc-btn--small" data-testid={`${testId}-edit`} aria-label={`${value ? 'Edit' : 'Add a'} note on ${label}`} onClick={() => setEditing(true)}>
            {value ? 'Edit note' : '+ Note'}
          </button>
        )}
      </div>
    );
  }
  return (
    <div className="mc-note mc-note--editing" data-testid={testId}>
      <textarea
        ref={ref}
        className="mc-input mc-note__input"
        data-testid={`${testId}-input`}
        value={draft}
        maxLength={MAX_NOTE_CHARS}
        rows={2}
        aria-label={`Note on ${label}`}
        placeholder="e.g. felt it in the hamstrings on reps 5-8"
        onChange={(e) => setDraft(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void save();
          if (e.key === 'Escape') setEditing(false);
        }}
      />
      <div className="mc-note__actions">
        <button type="button" className="mc-btn mc-btn--small mc-btn--primary" data-testid={`${testId}-save`} disabled={saving} onClick={() => void save()}>
          {saving ? 'Saving…' : 'Save note'}
        </button>
        <button type="button" className="mc-btn mc-btn--small" onClick={() => setEditing(false)}>
          Cancel
        </button>
      </div>
    </div>
  );
}
