/**
 * The browser transport: `MyocueApi` over the browser host's WebSocket (`/ws` on the page's own
 * origin, `?token=` passed on from the page URL). Reconnects with exponential backoff; commands
 * sent while the socket is down wait for it (up to `invokeTimeoutMs`), commands in flight when it
 * drops fail with a plain message.
 */
import type { CommandName, Commands, EventName, HostEvents, LiveFrame, MyocueApi, ServerMessage } from '../../../src/host/contract';
import { LIVE_FRAME_PROTOCOL } from '../../../src/host/live-frame-codec';
import { createLiveFrameIntake, type RejectedFrames } from './live-frame-intake';

/** 'unauthorized': the host refused this link (its token is missing or wrong); retrying cannot help */
export type ConnectionState = 'connecting' | 'open' | 'closed' | 'unauthorized';

/** The browser host's close code for a link without its token (src/host/browser-server.ts). */
export const CLOSE_TOKEN_REQUIRED = 4401;

export interface WsApi extends MyocueApi {
  /** calls the listener at once with the current state, then on every change */
  onConnection(listener: (s: ConnectionState) => void): () => void;
  readonly connection: ConnectionState;
  /** stop reconnecting and close (tests, page unload) */
  close(): void;
  /** binary messages that were not a live frame (dropped), and what was wrong with the last one */
  readonly rejectedFrames: RejectedFrames;
}

export interface WsApiOptions {
  url?: string;
  /** first reconnect delay, ms (doubles up to maxBackoffMs) */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  invokeTimeoutMs?: number;
  /** ask for live frames in the binary encoding (live-frame-codec.ts; default true) */
  binaryFrames?: boolean;
}

/** ws(s)://<this host>/ws[?token=…] from the page location. */
export function defaultWsUrl(loc: Location = window.location): string {
  const proto = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  const token = new URLSearchParams(loc.search).get('token');
  return `${proto}//${loc.host}/ws` + (token ? `?token=${encodeURIComponent(token)}` : '');
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout>;
  sent: boolean;
  text: string;
}

export function createWsApi(options: WsApiOptions = {}): WsApi {
  const url = options.url ?? defaultWsUrl();
  const minBackoff = options.minBackoffMs ?? 250;
  const maxBackoff = options.maxBackoffMs ?? 4000;
  const invokeTimeout = options.invokeTimeoutMs ?? 15_000;
  const binaryFrames = options.binaryFrames ?? true;
  const frameIntake = createLiveFrameIntake('WebSocket');

  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const connListeners = new Set<(s: ConnectionState) => void>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let ws: WebSocket | null = null;
  let state: ConnectionState = 'connecting';
  let backoff = minBackoff;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  const setState = (s: ConnectionState) => {
    if (s === state) return;
    state = s;
    for (const l of [...connListeners]) l(s);
  };

  const open = () => {
    retryTimer = null;
    if (closed) return;
    setState('connecting');
    let sock: WebSocket;
    try {
      // live frames as Float32 samples in binary messages (no JSON.parse garbage per frame);
      // a host that does not know the subprotocol keeps sending JSON text, read below as well
      sock = binaryFrames ? new WebSocket(url, LIVE_FRAME_PROTOCOL) : new WebSocket(url);
      sock.binaryType = 'arraybuffer';
    } catch {
      scheduleRetry();
      return;
    }
    ws = sock;
    sock.onopen = () => {
      backoff = minBackoff;
      // what waited goes first, in the order it was asked (the page's early requests), before
      // the 'open' listeners send their own (api-context's getStatus/getTraining)
      for (const p of pending.values()) {
        if (!p.sent) {
          sock.send(p.text);
          p.sent = true;
        }
      }
      setState('open');
    };
    sock.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return onBinary(ev.data);
      let msg: ServerMessage;
      try {
        msg = JSON.parse(ev.data) as ServerMessage;
      } catch {
        return;
      }
      if (msg.type === 'event') {
        const set = listeners.get(msg.event);
        if (set) for (const l of set) (l as (p: unknown) => void)(msg.payload);
      } else if (msg.type === 'result') {
        const p = pending.get(msg.id);
        if (!p) return;
        pending.delete(msg.id);
        clearTimeout(p.timer);
        if (msg.ok) p.resolve(msg.result);
        else p.reject(new Error(msg.error));
      }
    };
    sock.onclose = (ev) => {
      if (ws !== sock) return;
      ws = null;
      if (ev.code === CLOSE_TOKEN_REQUIRED) {
        for (const [id, p] of pending) {
          pending.delete(id);
          clearTimeout(p.timer);
          p.reject(new Error('This link needs its token: open the full URL that `myocue serve` printed.'));
        }
        setState('unauthorized');
        return;
      }
      // commands already sent will never be answered on this socket
      for (const [id, p] of pending) {
        if (p.sent) {
          pending.delete(id);
          clearTimeout(p.timer);
          p.reject(new Error('The connection to the Myocue host was lost.'));
        }
      }
      setState('closed');
      scheduleRetry();
    };
    sock.onerror = () => undefined; // onclose follows
  };

  /** a binary message: a live frame, or (garbage, truncated) dropped with what was wrong with it */
  const onBinary = (data: unknown) => {
    const frame = frameIntake.take(data);
    if (!frame) return;
    const set = listeners.get('frame');
    if (set) for (const l of set) (l as (p: LiveFrame) => void)(frame);
  };

  const scheduleRetry = () => {
    if (closed || retryTimer) return;
    const delay = backoff;
    backoff = Math.min(maxBackoff, backoff * 2);
    retryTimer = setTimeout(open, delay);
  };

  open();

  return {
    get connection() {
      return state;
    },
    rejectedFrames: frameIntake.rejected,
    invoke<K extends CommandName>(command: K, arg: Commands[K]['arg']): Promise<Commands[K]['result']> {
      return new Promise((resolve, reject) => {
        if (state === 'unauthorized') return reject(new Error('This link needs its token: open the full URL that `myocue serve` printed.'));
        const id = nextId++;
        const text = JSON.stringify({ type: 'invoke', id, command, arg: arg ?? null });
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${command}: the host did not answer within ${Math.round(invokeTimeout / 1000)} s.`));
        }, invokeTimeout);
        const p: Pending = { resolve: resolve as (v: unknown) => void, reject, timer, sent: false, text };
        pending.set(id, p);
        if (ws && ws.readyState === WebSocket.OPEN) {
          ws.send(text);
          p.sent = true;
        }
      });
    },
    subscribe<E extends EventName>(event: E, listener: (payload: HostEvents[E]) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (payload: never) => void);
      return () => {
        set.delete(listener as (payload: never) => void);
      };
    },
    onConnection(listener) {
      connListeners.add(listener);
      listener(state);
      return () => {
        connListeners.delete(listener);
      };
    },
    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      ws?.close();
      ws = null;
      setState('closed');
    },
  };
}
