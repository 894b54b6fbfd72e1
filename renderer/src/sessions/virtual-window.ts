/**
 * Which rows of a long list are in the DOM (issue 10.5: 1,000 sessions): those in the viewport
 * plus `overscan` above and below, at a fixed row height. Pure, so the bounds are unit-tested.
 */
export interface VirtualWindow {
  /** first row rendered (0-based) */
  start: number;
  /** one past the last row rendered */
  end: number;
  /** px of empty space standing in for the rows above / below */
  padTop: number;
  padBottom: number;
}

export function virtualWindow(rowCount: number, rowHeightPx: number, scrollTopPx: number, viewportPx: number, overscan = 6): VirtualWindow {
  if (rowCount <= 0 || !(rowHeightPx > 0)) return { start: 0, end: 0, padTop: 0, padBottom: 0 };
  const top = Math.max(0, Number.isFinite(scrollTopPx) ? scrollTopPx : 0);
  const view = Math.max(rowHeightPx, Number.isFinite(viewportPx) ? viewportPx : 0);
  const first = Math.min(rowCount - 1, Math.floor(top / rowHeightPx));
  const start = Math.max(0, first - overscan);
  const end = Math.min(rowCount, Math.ceil((top + view) / rowHeightPx) + overscan);
  return { start, end, padTop: start * rowHeightPx, padBottom: (rowCount - end) * rowHeightPx };
}
