/**
 * Requests sent when the page starts, before the view that needs them is rendered (issue 10.5:
 * the Sessions page's listing is in flight while React loads and renders, instead of being asked
 * for by the view's first effect ~300 ms later). Each answer is taken once by the view that
 * asked for it at start (`takeEarly`); later loads (Refresh, after a change) ask the host again.
 * Pure bookkeeping over any `MyocueApi`, so it is unit-tested with a fake.
 */
import type { CommandName, Commands, MyocueApi } from '../../../src/host/contract';

/** the commands a view may have requested at start: those without an argument */
type NoArgCommand = { [K in CommandName]: Commands[K]['arg'] extends null ? K : never }[CommandName];

const early = new Map<CommandName, Promise<unknown>>();

/** Sends `command` now; its answer waits for `takeEarly(command)`. A second call while one waits sends nothing. */
export function sendEarly<K extends NoArgCommand>(api: MyocueApi, command: K): void {
  if (early.has(command)) return;
  const answer = api.invoke(command, null as Commands[K]['arg']);
  // a failure nobody has taken yet is not an unhandled rejection: the taker sees it
  answer.catch(() => undefined);
  early.set(command, answer);
}

/** The answer of a request sent at start, once; null when none was sent (or it was taken). */
export function takeEarly<K extends NoArgCommand>(command: K): Promise<Commands[K]['result']> | null {
  const answer = early.get(command) as Promise<Commands[K]['result']> | undefined;
  if (!answer) return null;
  early.delete(command);
  return answer;
}

/** The early answer if one waits, else a new request. */
export function invokeOrTakeEarly<K extends NoArgCommand>(api: MyocueApi, command: K): Promise<Commands[K]['result']> {
  return takeEarly(command) ?? api.invoke(command, null as Commands[K]['arg']);
}

/** for tests: forget requests not taken */
export function clearEarly(): void {
  early.clear();
}
