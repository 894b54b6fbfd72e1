/**
 * A fake host behind the browser server (src/host/browser-server.ts) for in-process tests: it
 * emits what the test says, and answers no command unless a subclass overrides `invoke`.
 */
import type { Commands, CommandName, EventName, HostEvents, MyocueApi } from '../../src/host/contract';

export class EmittingApi implements MyocueApi {
  readonly listeners = new Map<EventName, Set<(p: never) => void>>();
  invoke<K extends CommandName>(command: K, _arg: Commands[K]['arg']): Promise<Commands[K]['result']> {
    return Promise.reject(new Error(`${command}: not in the fake`));
  }
  subscribe<E extends EventName>(event: E, listener: (payload: HostEvents[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as (p: never) => void);
    return () => set.delete(listener as (p: never) => void);
  }
  /** the event to every subscriber, as the host would */
  emit<E extends EventName>(event: E, payload: HostEvents[E]): void {
    for (const l of this.listeners.get(event) ?? []) (l as (p: HostEvents[E]) => void)(payload);
  }
}
