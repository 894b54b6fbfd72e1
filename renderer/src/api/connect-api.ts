/**
 * Picks the transport: Electron's preload bridge (`window.myocue`) when present, else the
 * WebSocket client of the browser host.
 */
import type { MyocueApi } from '../../../src/host/contract';
import { createWsApi, type ConnectionState } from './ws-api';

export type { ConnectionState } from './ws-api';

/** `onConnection` calls the listener at once with the current state, then on every change. */
export type ConnectedApi = MyocueApi & { onConnection(listener: (s: ConnectionState) => void): () => void };

declare global {
  interface Window {
    myocue?: MyocueApi;
  }
}

export function connectApi(): ConnectedApi {
  const bridge = typeof window !== 'undefined' ? window.myocue : undefined;
  if (bridge) {
    // IPC to our own main process does not drop: always open
    return {
      invoke: (command, arg) => bridge.invoke(command, arg),
      subscribe: (event, listener) => bridge.subscribe(event, listener),
      onConnection(listener) {
        listener('open');
        return () => undefined;
      },
    };
  }
  return createWsApi();
}
