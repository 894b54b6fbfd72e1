/**
 * true once `ready` has been true and the page has then been idle (requestIdleCallback, at most
 * `timeoutMs` later): work below the fold (the Sessions page's progress chart) waits until what
 * the user looks at first (the list) is painted and the page answers input (issue 10.5). Stays
 * true afterwards. Where requestIdleCallback is missing, a timer of `fallbackMs` stands in.
 */
import { useEffect, useState } from 'react';

export function useAfterIdle(ready: boolean, timeoutMs = 1000, fallbackMs = 50): boolean {
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    if (!ready || idle) return;
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback(() => setIdle(true), { timeout: timeoutMs });
      return () => cancelIdleCallback(id);
    }
    const t = setTimeout(() => setIdle(true), fallbackMs);
    return () => clearTimeout(t);
  }, [ready, idle, timeoutMs, fallbackMs]);
  return idle;
}
