/** An in-app confirmation (never window.confirm): focus starts on Cancel, Escape cancels, focus is kept inside. */
import { useEffect, useId, useRef, type ReactNode } from 'react';

export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  confirmTestId,
  danger = false,
  busy = false,
  onConfirm,
  onCancel,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  confirmTestId?: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm(): void;
  onCancel(): void;
}) {
  const titleId = useId();
  const boxRef = useRef<HTMLDivElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    cancelRef.current?.focus();
    return () => before?.focus?.();
  }, []);
  return (
    <div className="mc-dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && !busy && onCancel()}>
      <div
        ref={boxRef}
        className="mc-dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && !busy) {
            e.stopPropagation();
            onCancel();
          }
          if (e.key === 'Tab') {
            const items = boxRef.current?.querySelectorAll<HTMLElement>('button:not(:disabled)');
            if (!items || items.length === 0) return;
            const first = items[0];
            const last = items[items.length - 1];
            if (e.shiftKey && document.activeElement === first) {
              e.preventDefault();
              last.focus();
            } else if (!e.shiftKey && document.activeElement === last) {
              e.preventDefault();
              first.focus();
            }
          }
        }}
      >
        <h2 id={titleId} className="mc-dialog__title">
          {title}
        </h2>
        <div className="mc-dialog__body">{children}</div>
        <div className="mc-dialog__actions">
          <button ref={cancelRef} type="button" className="mc-btn" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button type="button" className={`mc-btn ${danger ? 'mc-btn--danger-solid' : 'mc-btn--primary'}`} data-testid={confirmTestId} onClick={onConfirm} disabled={busy}>
            {busy ? 'Working…' : confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
