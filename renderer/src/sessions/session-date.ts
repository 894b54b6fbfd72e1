/**
 * The Sessions page's dates: "5 Jan 2026, 18:04", local time, from fixed English names like the
 * sessions' own default names (src/recording/session-name.ts) and the report. Not Intl: the
 * first `Intl.DateTimeFormat` of a page costs 50-150 ms of main thread in Chromium on this
 * 2-core machine (ICU's date patterns are loaded), measured in a fresh page; the 1,000-session
 * list must be interactive in ≤ 400 ms (issue 10.5), and the rows need only a day, a month and a
 * 24-hour time. Pure: unit-tested in tests/unit/session-date.test.ts.
 */
import { DASH } from '../training/format';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** ISO date-time → "5 Jan 2026, 18:04" (local); "—" without one; an unreadable value as it is. */
export function formatSessionDateTime(iso: string | null | undefined): string {
  if (!iso) return DASH;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}, ${two(d.getHours())}:${two(d.getMinutes())}`;
}
