/**
 * The training state the views show, and one way to send training commands.
 *
 * The host pushes `training` a few times per second; every training command also answers with the
 * new state, which is shown at once (so a click on "Start set" does not wait for the next push).
 * The newest of the two wins. Command errors are kept as a plain message for the view to show.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Commands, TrainingState } from '../../../src/host/contract';
import { useApi, useIsViewer, useTraining } from '../api/api-context';

/** Commands whose result is a TrainingState. */
export type TrainingCommand = {
  [K in keyof Commands]: Commands[K]['result'] extends TrainingState ? K : never;
}[keyof Commands];

export interface TrainingController {
  state: TrainingState | null;
  readOnly: boolean;
  /** sends a training command; resolves with the new state or null (the error is in `error`) */
  run<K extends TrainingCommand>(command: K, arg: Commands[K]['arg']): Promise<TrainingState | null>;
  error: string | null;
  clearError(): void;
  /** a command is in flight (buttons may show it; never blocks the UI) */
  busy: boolean;
}

export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return typeof e === 'string' ? e : 'The host did not answer.';
}

export function useTrainingController(): TrainingController {
  const api = useApi();
  const readOnly = useIsViewer();
  const pushed = useTraining();
  const [own, setOwn] = useState<TrainingState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(0);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  // a push is newer than any earlier command answer
  useEffect(() => {
    setOwn(null);
  }, [pushed]);

  // first paint before the first push (or when the host is not streaming): ask once
  useEffect(() => {
    if (pushed) return;
    let cancelled = false;
    api.invoke('getTraining', null).then(
      (s) => {
        if (!cancelled) setOwn((cur) => cur ?? s);
      },
      () => {
        /* not fatal: the push will come */
      },
    );
    return () => {
      cancelled = true;
    };
    // only on mount, and again if pushes stop arriving
  }, [api, pushed === null]);

  const run = useCallback(
    async <K extends TrainingCommand>(command: K, arg: Commands[K]['arg']): Promise<TrainingState | null> => {
      if (readOnly) return null;
      setBusy((n) => n + 1);
      try {
        const s = (await api.invoke(command, arg)) as TrainingState;
        if (mounted.current) {
          setOwn(s);
          setError(null);
        }
        return s;
      } catch (e) {
        if (mounted.current) setError(errorText(e));
        return null;
      } finally {
        if (mounted.current) setBusy((n) => n - 1);
      }
    },
    [api, readOnly],
  );

  const clearError = useCallback(() => setError(null), []);
  return { state: own ?? pushed, readOnly, run, error, clearError, busy: busy > 0 };
}
