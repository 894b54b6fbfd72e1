/**
 * A session row's less frequent actions behind one button: rename, the HTML report, export
 * (whole session or one set, CSV / EDF+ / BDF+) and delete. A disclosure (the button says whether
 * its panel is open, aria-expanded, and names it, aria-controls); the panel is a group of ordinary
 * buttons and the export menu, reached with Tab, and is in the DOM only while open.
 *
 * Why not every action on every row (until 2 Dec 2026): with 1,000 sessions the rows in view were
 * most of the Sessions page's first render, style and layout (issue 10.5), ~30 elements each, most
 * of them the Export… select with its options and the Report and Delete buttons. Now a row is
 * ~16 elements: Replay and Details stay on the row, the rest opens here for one row at a time.
 *
 * Closes with Escape (focus back on the button), the button again, or a press outside; it stays
 * open while an export or a report is being made, so its "Exporting…" / "Making…" stay visible.
 */
import { useEffect, useRef } from 'react';
import type { SessionListing } from '../../../src/host/contract';
import { ExportMenu } from './ExportMenu';
import { ReportButton } from './ReportButton';

export interface SessionActionsProps {
  s: SessionListing;
  open: boolean;
  readOnly: boolean;
  /** opens (the session's id) or closes (null) this row's panel */
  onOpen(id: string | null): void;
  onRename(): void;
  onDelete(s: SessionListing): void;
  onError(message: string): void;
}

export function SessionActions({ s, open, readOnly, onOpen, onRename, onDelete, onError }: SessionActionsProps) {
  const wrap = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const label = s.name || 'session';
  const panelId = `mc-session-actions-${s.id}`;

  useEffect(() => {
    if (!open) return;
    // the first action gets the focus, as a menu's first item would
    panel.current?.querySelector<HTMLElement>('button, select')?.focus();
    const outside = (e: PointerEvent) => {
      if (wrap.current && e.target instanceof Node && !wrap.current.contains(e.target)) onOpen(null);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open, onOpen]);

  const close = () => {
    onOpen(null);
    toggle.current?.focus();
  };

  return (
    <div
      ref={wrap}
      className="mc-row-actions"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          close();
        }
      }}
    >
      <button
        ref={toggle}
        type="button"
        className="mc-btn mc-btn--small"
        data-testid="session-actions"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-label={`More actions for ${label}: rename, report, export, delete`}
        onClick={() => onOpen(open ? null : s.id)}
      >
        More ▾
      </button>
      {open && (
        <div ref={panel} id={panelId} className="mc-row-actions__panel" role="group" aria-label={`Actions for ${label}`} data-testid="session-actions-panel">
          {!readOnly && (
            <button
              type="button"
              className="mc-btn mc-btn--small"
              data-testid="session-rename"
              aria-label={`Rename ${label}`}
              onClick={() => {
                onOpen(null);
                onRename();
              }}
            >
              Rename
            </button>
          )}
          <ReportButton sessionId={s.id} name={s.name} onError={onError} />
          <ExportMenu sessionId={s.id} name={s.name} sets={s.sets} onError={onError} />
          {!readOnly && (
            <button type="button" className="mc-btn mc-btn--small mc-btn--ghost-danger" data-testid="session-delete" onClick={() => {
                onOpen(null);
                onDelete(s);
              }} aria-label={`Delete ${label}`}>
              Delete
            </button>
          )}
        </div>
      )}
    </div>
  );
}
