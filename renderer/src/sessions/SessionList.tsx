/**
 * The list of recorded sessions, virtualised (issue 10.5): with 1,000 sessions only the rows in
 * view (and a few around them) are in the DOM, at a fixed row height, so the page is interactive
 * as fast with a year of sessions as with ten. Each row: date, name (renamed inline), lifter,
 * exercise, sets, duration, headline numbers, Replay, Details, and "More" (SessionActions.tsx:
 * rename, report, export, delete, in a panel opened for one row at a time).
 */
import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { SessionListing } from '../../../src/host/contract';
import { DASH, formatDuration, formatShare, pctNumber } from '../training/format';
import { formatSessionDateTime } from './session-date';
import { SessionActions } from './SessionActions';
import { virtualWindow } from './virtual-window';

/** px per row (the CSS gives every row this height: .mc-session-list tr) */
export const SESSION_ROW_PX = 48;
/**
 * rows rendered beyond the view at each end: enough for Tab and the arrow keys to reach the next
 * row before the scroll renders it (each row is ~16 elements: at 1,000 sessions the first frame's
 * style and layout are mostly the rows', issue 10.5)
 */
export const SESSION_OVERSCAN_ROWS = 3;

function NameCell({ s, editing, onCommit, onCancel }: { s: SessionListing; editing: boolean; onCommit(name: string): void; onCancel(): void }) {
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

/**
 * The list scrolls by whole rows as far as React is concerned: the scroll offset and the viewport
 * are kept rounded to rows (the viewport up, plus one row, so the rows shown always cover the
 * view), and a scroll within a row or a resize that shows no other row renders nothing.
 */
function rowsTop(scrollTopPx: number): number {
  return Math.floor(Math.max(0, scrollTopPx) / SESSION_ROW_PX) * SESSION_ROW_PX;
}
function rowsViewport(heightPx: number): number {
  return (Math.ceil(Math.max(0, heightPx) / SESSION_ROW_PX) + 1) * SESSION_ROW_PX;
}
/** before the list is laid out: the CSS's max-height, min(62vh, 640px) */
function expectedViewport(): number {
  return rowsViewport(typeof window === 'undefined' ? 600 : Math.min(0.62 * window.innerHeight, 640));
}

/**
 * The list's props change only when the listing, the filter, the selection or a name lookup
 * changes (SessionsView keeps its callbacks stable), and each row is memoised: a change of the
 * page around the list (the progress chart loading, an error, the undo toast) renders no row, and
 * a scroll renders only the rows that come into view.
 */
export const SessionList = memo(function SessionList(p: SessionListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(expectedViewport);
  const [editing, setEditing] = useState<string | null>(null);
  /** the row whose actions panel is open (one at a time) */
  const [actionsFor, setActionsFor] = useState<string | null>(null);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    // the observer reports the size after the first layout: no layout is forced here
    const ro = new ResizeObserver(() => setViewport(rowsViewport(el.clientHeight || 600)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // a new filter starts at the top
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
    setScrollTop(0);
  }, [p.scrollKey]);

  const w = virtualWindow(p.sessions.length, SESSION_ROW_PX, scrollTop, viewport, SESSION_OVERSCAN_ROWS);
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
      onScroll={(e) => setScrollTop(rowsTop(e.currentTarget.scrollTop))}
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
          <col style={{ width: 290 }} />
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
            <SessionRow
              key={s.id}
              s={s}
              rowIndex={w.start + i + 2}
              selected={p.selectedId === s.id}
              editing={editing === s.id}
              actionsOpen={actionsFor === s.id}
              readOnly={p.readOnly}
              exerciseName={p.exerciseName}
              lifterName={p.lifterName}
              onEdit={setEditing}
              onActions={setActionsFor}
              onSelect={p.onSelect}
              onRename={p.onRename}
              onReplay={p.onReplay}
              onDelete={p.onDelete}
              onError={p.onError}
            />
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
});

interface SessionRowProps extends Pick<SessionListProps, 'readOnly' | 'exerciseName' | 'lifterName' | 'onSelect' | 'onRename' | 'onReplay' | 'onDelete' | 'onError'> {
  s: SessionListing;
  /** aria-rowindex: the header is row 1 */
  rowIndex: number;
  selected: boolean;
  editing: boolean;
  /** start (id) or end (null) renaming */
  onEdit(id: string | null): void;
  actionsOpen: boolean;
  /** open (id) or close (null) a row's actions panel */
  onActions(id: string | null): void;
}

/** One session's row: date, name (rename inline), lifter, exercise, sets, duration, numbers, actions. */
const SessionRow = memo(function SessionRow({ s, rowIndex, selected, editing, actionsOpen, readOnly, exerciseName, lifterName, onEdit, onActions, onSelect, onRename, onReplay, onDelete, onError }: SessionRowProps) {
  return (
    <tr
      data-testid="session-row"
      data-session-id={s.id}
      data-lifter-id={s.lifterId ?? ''}
      data-exercise-id={s.exerciseId ?? ''}
      aria-rowindex={rowIndex}
      aria-selected={selected}
      className={selected ? 'is-selected' : undefined}
    >
      <td className="mc-num mc-nowrap">{formatSessionDateTime(s.startedAt)}</td>
      <td className="mc-session-name-cell">
        <NameCell
          s={s}
          editing={editing}
          onCommit={(name) => {
            onEdit(null);
            onRename(s.id, name);
          }}
          onCancel={() => onEdit(null)}
        />
        {s.demo && (
          <span className="mc-chip mc-chip--muted" data-testid="session-demo-badge" title="Recorded from the simulated band: a demo, left out of progress">
            demo
          </span>
        )}
      </td>
      <td className="mc-ellipsis" data-testid="session-lifter">{lifterName(s.lifterId) ?? <span className="mc-muted">{DASH}</span>}</td>
      <td className="mc-ellipsis">{s.exerciseId ? exerciseName(s.exerciseId) : <span className="mc-muted">{DASH}</span>}</td>
      <td className="mc-num mc-num-col">{s.sets}</td>
      <td className="mc-num mc-num-col">{formatDuration(s.durationS)}</td>
      <td className="mc-num mc-num-col mc-c-target">{s.targetMeanPct === null ? DASH : `${pctNumber(s.targetMeanPct)} ${listingUnit(s.normalisation)}`}</td>
      <td className="mc-num mc-num-col">{formatShare(s.targetShare)}</td>
      <td className="mc-session-actions-cell">
        <div className="mc-actions">
          <button type="button" className="mc-btn mc-btn--small mc-btn--primary" data-testid="session-replay" disabled={readOnly} onClick={() => onReplay(s.id)}>
            ▶ Replay
          </button>
          <button
            type="button"
            className="mc-btn mc-btn--small"
            data-testid="session-details"
            aria-pressed={selected}
            onClick={() => onSelect(s.id)}
            aria-label={`Details, notes and set tags of ${s.name || 'session'}`}
          >
            {s.notes ? 'Notes ✎' : 'Details'}
          </button>
          <SessionActions s={s} open={actionsOpen} readOnly={readOnly} onOpen={onActions} onRename={() => onEdit(s.id)} onDelete={onDelete} onError={onError} />
        </div>
      </td>
    </tr>
  );
});

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
