/**
 * The training state the views show, and one way to send training commands.
 *
 * The host pushes `training` a few times per second; every training command also answers with the
 * new state, which is shown at once (so a click on "Start set" does not wait for the next push).
 * The newest of the two wins. Command errors are kept as a plain message for the view to show.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { replaceEqualDeep } from './structural-sharing';
import { LiveReadout, pinLiveNumbers } from './live-readout';
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
  /**
   * the live numbers (target/assist %MVC, target share) of every push, for read-outs that write
   * them to the DOM directly: `state` keeps the numbers of its last structural change, so a push
   * that moved only these does not re-render the views (live-readout.ts)
   */
  readout: LiveReadout;
}

/** the controller's commands and flags are the same (the state aside) */
export function sameCommands(a: TrainingController, b: TrainingController): boolean {
  return a.run === b.run && a.readOnly === b.readOnly && a.busy === b.busy && a.error === b.error && a.clearError === b.clearError;
}

/**
 * The named parts of two training states are the same objects. With the controller's structural
 * sharing (structural-sharing.ts) a part that did not change keeps its identity, so this is how a
 * memoised view says "nothing I show changed" on a push that moved only the live numbers.
 */
export function sameParts<K extends keyof TrainingState>(a: TrainingState | null, b: TrainingState | null, keys: readonly K[]): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return keys.every((k) => a[k] === b[k]);
}

export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return typeof e === 'string' ? e : 'The host did not answer.';
}

export function useTrainingController(): TrainingController {
  const api = useApi();
  const readOnly = useIsViewer();
  const pushed = useTraining();
  /** a command's answer, and the push it came after: a newer push wins (no extra render to clear it) */
  const [own, setOwnAnswer] = useState<{ state: TrainingState; after: TrainingState | null } | null>(null);
  const pushedRef = useRef(pushed);
  pushedRef.current = pushed;
  const setOwn = useCallback((s: TrainingState | null) => setOwnAnswer(s ? { state: s, after: pushedRef.current } : null), []);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(0);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  // first paint before the first push (or when the host is not streaming): ask once
  useEffect(() => {
    if (pushed) return;
    let cancelled = false;
    api.invoke('getTraining', null).then(
      (s) => {
        if (!cancelled) setOwnAnswer((cur) => cur ?? { state: s, after: null });
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
    [api, readOnly, setOwn],
  );

  const clearError = useCallback(() => setError(null), []);
  // a push is newer than any earlier command answer
  const latest = own && own.after === pushed ? own.state : pushed;
  // every state's live numbers go to the read-out (idempotent: a second render stores the same)
  const readout = useRef<LiveReadout | null>(null);
  readout.current ??= new LiveReadout();
  readout.current.update(latest);
  // the parts that did not change since the last state keep their identity (memoised views skip
  // them); the live numbers are pinned to the last state's, so a numbers-only push keeps `state`
  const sharedRef = useRef<TrainingState | null>(null);
  const state = useMemo(() => (sharedRef.current = replaceEqualDeep(sharedRef.current, pinLiveNumbers(latest, sharedRef.current))), [latest]);
  const isBusy = busy > 0;
  const live = readout.current;
  return useMemo(() => ({ state, readOnly, run, error, clearError, busy: isBusy, readout: live }), [state, readOnly, run, error, clearError, isBusy, live]);
}
