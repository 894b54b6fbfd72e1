/**
 * The sandboxed preload: exposes `window.myocue` (a BridgeApi: the host's API, live frames in their binary encoding) and nothing else. The page gets two
 * functions, never ipcRenderer (which would let it send on any channel) nor the IPC event objects
 * (whose `sender` is ipcRenderer). Names are checked here so a typo fails in the page at once;
 * the main process validates everything again, as the page is not trusted.
 *
 * Sandboxed preloads may only require 'electron': the build bundles contract.ts's constants in.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { COMMAND_NAMES, EVENT_NAMES, type BridgeApi, type BridgeEvents, type EventName } from '../src/host/contract';
import { EVENT_CHANNEL, INVOKE_CHANNEL, type EventMessage, type InvokeReply } from './ipc-channels';

const commands = new Set<string>(COMMAND_NAMES);
const events = new Set<string>(EVENT_NAMES);
/** Entries are objects, not the functions themselves, so subscribing the same function twice and
 *  unsubscribing once leaves one subscription (as with the WebSocket client). */
type Entry = { listener: (payload: unknown) => void };
const listeners = new Map<EventName, Set<Entry>>(EVENT_NAMES.map((e) => [e, new Set()]));

// one IPC listener for the life of the page; subscribe() only edits the local sets
ipcRenderer.on(EVENT_CHANNEL, (_event, message: EventMessage) => {
  const set = message && typeof message.event === 'string' ? listeners.get(message.event as EventName) : undefined;
  if (!set) return;
  for (const entry of [...set]) {
    try {
      entry.listener(message.payload);
    } catch (err) {
      // one broken view must not stop the others from getting the event
      console.error(`myocue: a "${message.event}" listener threw`, err);
    }
  }
});

const api: BridgeApi = {
  async invoke(command, arg) {
    if (typeof command !== 'string' || !commands.has(command)) throw new Error(`unknown command "${String(command)}"`);
    const reply = (await ipcRenderer.invoke(INVOKE_CHANNEL, command, arg)) as InvokeReply;
    if (!reply.ok) throw new Error(reply.error);
    return reply.result as never;
  },
  subscribe<E extends EventName>(event: E, listener: (payload: BridgeEvents[E]) => void): () => void {
    if (typeof event !== 'string' || !events.has(event)) throw new Error(`unknown event "${String(event)}"`);
    if (typeof listener !== 'function') throw new Error('subscribe: listener must be a function');
    const set = listeners.get(event)!;
    const entry: Entry = { listener: listener as (payload: unknown) => void };
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  },
};

contextBridge.exposeInMainWorld('myocue', api);
