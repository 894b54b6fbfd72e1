/**
 * "Session deleted · Undo": shown after a delete for UNDO_TOAST_MS. The session waits in the data
 * folder's bin (BIN_KEEP_DAYS days, contract.ts) whether or not the toast is still up; Undo puts it
 * back at once.
 */
import { useEffect } from 'react';
import { BIN_KEEP_DAYS } from '../../../src/host/contract';

export const UNDO_TOAST_MS = 12_000;

export function UndoToast({ name, busy, onUndo, onDismiss }: { name: string; busy: boolean; onUndo(): void; onDismiss(): void }) {
  useEffect(() => {
    const t = setTimeout(onDismiss, UNDO_TOAST_MS);
    return () => clearTimeout(t);
  }, [name, onDismiss]);
  return (
    <div className="mc-toast" role="status" aria-live="polite" data-testid="undo-toast">
      <span>
        Deleted <strong>{name || 'the session'}</strong>. It stays in the bin for {BIN_KEEP_DAYS} days.
      </span>
      <button type="button" className="mc-btn mc-btn--small mc-btn--primary" data-testid="undo-delete" disabled={busy} onClick={onUndo}>
        {busy ? 'Restoring…' : 'Undo'}
      </button>
      <button type="button" className="mc-btn mc-btn--small" onClick={onDismiss} aria-label="Dismiss">
        ✕
      </button>
    </div>
  );
}
