/**
 * Requests sent when the page starts, before the view that needs them is rendered (issue 10.5:
 * the Sessions page's listing is in flight while React loads and renders, instead of being asked
 * for by the view's first effect ~300 ms later). Each answer is taken once by the view that
 * asked for it at start (`takeEarly`); later loads (Refresh, after a change) ask the host again.
 * Pure bookkeeping over any `MyocueApi`, so it is unit-tested with a fake.
 */
import type { CommandName, Commands, EarlyCommand, MyocueApi } from '../../../src/host/contract';
import { EarlyUnavailable, fetchEarly } from './early-fetch';

/** the commands a view may have requested at start: those without an argument */
type NoArgCommand = { [K in CommandName]: Commands[K]['arg'] extends null ? K : never }[CommandName];

const early = new Map<CommandName, Promise<unknown>>();
/** the early answers that have arrived (kept until taken), so a first render can use them at once */
const arrived = new Map<CommandName, unknown>();

function remember(command: CommandName, answer: Promise<unknown>): void {
  // a failure nobody has taken yet is not an unhandled rejection: the taker sees it
  answer.then(
    (value) => {
      if (early.get(command) === answer) arrived.set(command, value);
    },
    () => undefined,
  );
  early.set(command, answer);
}

/** Sends `command` now; its answer waits for `takeEarly(command)`. A second call while one waits sends nothing. */
export function sendEarly<K extends NoArgCommand>(api: MyocueApi, command: K): void {
  if (early.has(command)) return;
  remember(command, api.invoke(command, null as Commands[K]['arg']));
}

/** The answer of a request sent at start, once; null when none was sent (or it was taken). */
export function takeEarly<K extends NoArgCommand>(command: K): Promise<Commands[K]['result']> | null {
  const answer = early.get(command) as Promise<Commands[K]['result']> | undefined;
  if (!answer) return null;
  early.delete(command);
  arrived.delete(command);
  return answer;
}

/**
 * The answer of a request sent at start when it has already arrived, once (a view's first render
 * then shows it, instead of a loading state and a second render); null otherwise.
 */
export function takeArrivedEarly<K extends NoArgCommand>(command: K): { value: Commands[K]['result'] } | null {
  if (!arrived.has(command)) return null;
  const value = arrived.get(command) as Commands[K]['result'];
  early.delete(command);
  arrived.delete(command);
  return { value };
}

/**
 * Resolves when every request sent at start has been answered (or failed), or after `capMs`:
 * the page's first render waits for its data this long (main.tsx), so that it renders and lays
 * out once, with the data, rather than a loading state first.
 */
export function earlyAnswered(capMs: number): Promise<void> {
  const waiting = [...early.values()];
  if (waiting.length === 0) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, capMs);
    void Promise.allSettled(waiting).then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** The early answer if one waits, else a new request. */
export function invokeOrTakeEarly<K extends NoArgCommand>(api: MyocueApi, command: K): Promise<Commands[K]['result']> {
  return takeEarly(command) ?? api.invoke(command, null as Commands[K]['arg']);
}

/**
 * Asks over HTTP at once (early-fetch.ts: the socket may not be open yet); when that route gives
 * no answer, over the socket. Like `sendEarly`, its answer waits for `takeEarly(command)`.
 */
export function fetchOrSendEarly<K extends EarlyCommand>(api: MyocueApi, command: K, fetchFn?: typeof fetch): void {
  if (early.has(command)) return;
  const answer = fetchEarly(command, fetchFn).catch((e: unknown) => {
    if (e instanceof EarlyUnavailable) return api.invoke(command, null as Commands[K]['arg']);
    throw e;
  });
  remember(command, answer);
}

/** for tests: forget requests not taken */
export function clearEarly(): void {
  early.clear();
  arrived.clear();
}
