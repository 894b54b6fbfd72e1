/**
 * Picks the transport: Electron's preload bridge (`window.myocue`) when present, else the
 * WebSocket client of the browser host.
 *
 * Over the bridge, live frames arrive in the binary encoding (electron/ipc-bridge.ts encodes each
 * frame once for every window): one Uint8Array is structured-cloned per frame instead of 2 × C
 * arrays of numbers, and the page decodes it here as the WebSocket client does.
 */
import type { BridgeApi, BridgeEvents, EventName, HostEvents, LiveFrame, MyocueApi } from '../../../src/host/contract';
import { createLiveFrameIntake, type RejectedFrames } from './live-frame-intake';
import { createWsApi, type ConnectionState } from './ws-api';

export type { ConnectionState } from './ws-api';

/** `onConnection` calls the listener at once with the current state, then on every change. */
export type ConnectedApi = MyocueApi & { onConnection(listener: (s: ConnectionState) => void): () => void };

declare global {
  interface Window {
    myocue?: BridgeApi;
  }
}

export function connectApi(): ConnectedApi {
  const bridge = typeof window !== 'undefined' ? window.myocue : undefined;
  return bridge ? bridgeApi(bridge) : createWsApi();
}

/** The API over Electron's preload bridge; `rejectedFrames` counts binary frames that did not decode. */
export function bridgeApi(bridge: BridgeApi): ConnectedApi & { readonly rejectedFrames: RejectedFrames } {
  const frameIntake = createLiveFrameIntake('IPC');
  return {
    invoke: (command, arg) => bridge.invoke(command, arg),
    subscribe<E extends EventName>(event: E, listener: (payload: HostEvents[E]) => void): () => void {
      if (event !== 'frame') return bridge.subscribe(event, listener as (payload: BridgeEvents[E]) => void);
      const onFrame = listener as (frame: LiveFrame) => void;
      return bridge.subscribe('frame', (bytes) => {
        const frame = frameIntake.take(bytes);
        if (frame) onFrame(frame);
      });
    },
    // IPC to our own main process does not drop: always open
    onConnection(listener) {
      listener('open');
      return () => undefined;
    },
    rejectedFrames: frameIntake.rejected,
  };
}
