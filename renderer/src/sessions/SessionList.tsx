/**
 * The list of recorded sessions, virtualised (issue 10.5): with 1,000 sessions only the rows in
 * view (and a few around them) are in the DOM, at a fixed row height, so the page is interactive
 * as fast with a year of sessions as with ten. Each row: date, name (rename inline), lifter,
 * exercise, sets, duration, headline numbers, and its actions (replay, report, export, details,
 * delete).
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { SessionListing } from '../../../src/host/contract';
import { DASH, formatDateTime, formatDuration, formatShare, pctNumber } from '../training/format';
import { ReportButton } from './ReportButton';
import { ExportMenu } from './ExportMenu';
import { virtualWindow } from './virtual-window';

/** px per row (the CSS gives every row this height: .mc-session-list tr) */
export const SESSION_ROW_PX = 48;

function NameCell({ s, editing, readOnly, onStart, onCommit, onCancel }: { s: SessionListing; editing: boolean; readOnly: boolean; onStart(): void; onCommit(name: string): void; onCancel(): void }) {
  const [draft, setDraft] = useState(s.name);
  const inputRef = useRef<HTMLInputElement>(null);
  const done = useRef(false);
  useEffect(() => {
    if (editing) {
      setDraft(s.name);
      done.current = false;
      requestAnimationFrame(() => inputRef.current?.select());
    }
  }, [editing, s.name]);
  if (editing) {
    const commit = () => {
      if (done.current) return;
      done.current = true;
      const v = draft.trim();
      if (v && v !== s.name) onCommit(v);
      else onCancel();
    };
    return (
      <div className="mc-rename">
        <input
          ref={inputRef}
          className="mc-input"
          data-testid="session-rename"
          value={draft}
          maxLength={200}
          aria-label={`New name for ${s.name || 'session'}`}
          onChange={(e) => setDraft(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit();
            if (e.key === 'Escape') {
              done.current = true;
              onCancel();
            }
          }}
          onBlur={commit}
        />
      </div>
    );
  }
  return (
    <div className="mc-session-name">
      <span className="mc-session-name__text">{s.name || <span className="mc-muted">untitled</span>}</span>
      {!readOnly && (
        <button type="button" className="mc-btn mc-btn--ghost mc-btn--small" data-testid="session-rename" onClick={onStart} aria-label={`Rename ${s.name || 'session'}`}>
          Rename
        </button>
      )}
    </div>
  );
}

export interface SessionListProps {
  sessions: SessionListing[];
  exerciseName(id: string): string;
  lifterName(id: string | null | undefined): string | null;
  selectedId: string | null;
  /** changes when the filter changes: the list scrolls back to the top */
  scrollKey: string;
  readOnly: boolean;
  onSelect(id: string): void;
  onRename(id: string, name: string): void;
  onReplay(id: string): void;
  onDelete(s: SessionListing): void;
  onError(message: string): void;
}

export function SessionList(p: SessionListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const [editing, setEditing] = useState<string | null>(null);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    setViewport(el.clientHeight || 600);
    const ro = new ResizeObserver(() => setViewport(el.clientHeight || 600));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // a new filter starts at the top
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
    setScrollTop(0);
  }, [p.scrollKey]);

  const w = virtualWindow(p.sessions.length, SESSION_ROW_PX, scrollTop, viewport);
  const rows = p.sessions.slice(w.start, w.end);
  return (
    <div
      ref={scroller}
      className="mc-table-wrap mc-session-list"
      data-testid="session-list"
      data-rows-total={p.sessions.length}
      // a named, focusable scroll region: the keyboard scrolls it (arrows, Page Up/Down, Home/End)
      // and screen readers announce it; rows out of view are not in the DOM
      role="region"
      aria-label={`Recorded sessions, ${p.sessions.length} in all`}
      tabIndex={0}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
    >
      <table className="mc-table mc-sessions__table" aria-rowcount={p.sessions.length + 1}>
        <colgroup>
          <col style={{ width: 150 }} />
          <col />
          <col style={{ width: 110 }} />
          <col style={{ width: 140 }} />
          <col style={{ width: 56 }} />
          <col style={{ width: 80 }} />
          <col style={{ width: 150 }} />
          <col style={{ width: 70 }} />
          <col style={{ width: 420 }} />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Name</th>
            <th scope="col">Lifter</th>
            <th scope="col">Exercise</th>
            <th scope="col" className="mc-num-col">Sets</th>
            <th scope="col" className="mc-num-col">Duration</th>
            <th scope="col" className="mc-num-col">Target</th>
            <th scope="col" className="mc-num-col">Share</th>
            <th scope="col">
              <span className="mc-sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {w.padTop > 0 && (
            <tr className="mc-session-list__pad" aria-hidden="true" style={{ height: w.padTop }}>
              <td colSpan={9} />
            </tr>
          )}
          {rows.map((s, i) => (
            <tr
              key={s.id}
              data-testid="session-row"
              data-session-id={s.id}
              data-lifter-id={s.lifterId ?? ''}
              data-exercise-id={s.exerciseId ?? ''}
              aria-rowindex={w.start + i + 2}
              aria-selected={p.selectedId === s.id}
              className={p.selectedId === s.id ? 'is-selected' : undefined}
            >
              <td className="mc-num mc-nowrap">{formatDateTime(s.startedAt)}</td>
              <td className="mc-session-name-cell">
                <NameCell
                  s={s}
                  editing={editing === s.id}
                  readOnly={p.readOnly}
                  onStart={() => setEditing(s.id)}
                  onCommit={(name) => {
                    setEditing(null);
                    p.onRename(s.id, name);
                  }}
                  onCancel={() => setEditing(null)}
                />
                {s.demo && (
                  <span className="mc-chip mc-chip--muted" data-testid="session-demo-badge" title="Recorded from the simulated band: a demo, left out of progress">
                    demo
                  </span>
                )}
              </td>
              <td className="mc-ellipsis" data-testid="session-lifter">{p.lifterName(s.lifterId) ?? <span className="mc-muted">{DASH}</span>}</td>
              <td className="mc-ellipsis">{s.exerciseId ? p.exerciseName(s.exerciseId) : <span className="mc-muted">{DASH}</span>}</td>
              <td className="mc-num mc-num-col">{s.sets}</td>
              <td className="mc-num mc-num-col">{formatDuration(s.durationS)}</td>
              <td className="mc-num mc-num-col mc-c-target">{s.targetMeanPct === null ? DASH : `${pctNumber(s.targetMeanPct)} ${listingUnit(s.normalisation)}`}</td>
              <td className="mc-num mc-num-col">{formatShare(s.targetShare)}</td>
              <td>
                <div className="mc-actions">
                  <button type="button" className="mc-btn mc-btn--small mc-btn--primary" data-testid="session-replay" disabled={p.readOnly} onClick={() => p.onReplay(s.id)}>
                    ▶ Replay
                  </button>
                  <button
                    type="button"
                    className="mc-btn mc-btn--small"
                    data-testid="session-details"
                    aria-pressed={p.selectedId === s.id}
                    onClick={() => p.onSelect(s.id)}
                    aria-label={`Details, notes and set tags of ${s.name || 'session'}`}
                  >
                    {s.notes ? 'Notes ✎' : 'Details'}
                  </button>
                  <ReportButton sessionId={s.id} name={s.name} onError={p.onError} />
                  <ExportMenu sessionId={s.id} name={s.name} sets={s.sets} onError={p.onError} />
                  {!p.readOnly && (
                    <button type="button" className="mc-btn mc-btn--small mc-btn--ghost-danger" data-testid="session-delete" onClick={() => p.onDelete(s)} aria-label={`Delete ${s.name || 'session'}`}>
                      Delete
                    </button>
                  )}
                </div>
              </td>
            </tr>
          ))}
          {w.padBottom > 0 && (
            <tr className="mc-session-list__pad" aria-hidden="true" style={{ height: w.padBottom }}>
              <td colSpan={9} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

/** "%MVC" only where an MVC was used; "% of session peak" otherwise. */
export function listingUnit(n: SessionListing['normalisation']): string {
  switch (n) {
    case 'mvc':
      return '%MVC';
    case 'session-peak':
      return '% of session peak';
    case 'mixed':
      return '% (MVC and session peak)';
    default:
      return '% (reference not recorded)';
  }
}
