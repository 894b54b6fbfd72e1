/**
 * The lifters of the data folder and the current one, loaded once per mount, with the commands
 * that change them (each answers with the new list).
 */
import { useCallback, useEffect, useState } from 'react';
import type { Lifter, LifterList } from '../../../src/host/contract';
import { useApi } from '../api/api-context';
import { errorText } from '../training/use-training-controller';
import { invokeOrTakeEarly, takeArrivedEarly } from '../api/early-requests';

export interface LiftersController {
  list: LifterList | null;
  current: Lifter | null;
  error: string | null;
  add(name: string): Promise<boolean>;
  select(id: string): Promise<boolean>;
  nameOf(id: string | null | undefined): string | null;
}

export function useLifters(): LiftersController {
  const api = useApi();
  // the Sessions page's lifters may have arrived before the first render (api/page-start.ts)
  const [list, setList] = useState<LifterList | null>(() => takeArrivedEarly('listLifters')?.value ?? null);
  const [error, setError] = useState<string | null>(null);
  const [loadedAtStart] = useState(() => list !== null);
  useEffect(() => {
    if (loadedAtStart) return;
    let alive = true;
    // the Sessions page asked for the lifters when the page started (api/page-start.ts)
    invokeOrTakeEarly(api, 'listLifters').then(
      (l) => alive && setList(l),
      (e) => alive && setError(errorText(e)),
    );
    return () => {
      alive = false;
    };
  }, [api, loadedAtStart]);
  const run = useCallback(
    async (p: Promise<LifterList>) => {
      try {
        setList(await p);
        setError(null);
        return true;
      } catch (e) {
        setError(errorText(e));
        return false;
      }
    },
    [],
  );
  const add = useCallback((name: string) => run(api.invoke('addLifter', { name })), [api, run]);
  const select = useCallback((id: string) => run(api.invoke('selectLifter', { id })), [api, run]);
  const current = list?.lifters.find((l) => l.id === list.currentId) ?? null;
  const nameOf = useCallback((id: string | null | undefined) => (id ? (list?.lifters.find((l) => l.id === id)?.name ?? null) : null), [list]);
  return { list, current, error, add, select, nameOf };
}
