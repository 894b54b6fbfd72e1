/**
 * What the browser host sends one WebSocket client, with bounded memory. A client that stops
 * reading (a TV on weak Wi-Fi, a suspended tablet, a hostile page) would otherwise make the host
 * queue every message for it: 20 stalled clients took the host from 88 MB to 1225 MB in 270 s.
 *
 * - live frames are dropped while more than `frameDropBytes` are queued (the display skips ahead);
 * - status and training events are state, not history: while more than `coalesceBytes` are
 *   queued only the latest of each is kept, and sent once the queue drains;
 * - a client whose queue stays above `coalesceBytes` for `stallCloseMs` is closed (its page
 *   reconnects by itself and gets the current state), as is one whose unread results pass
 *   `maxQueuedBytes`.
 * Per client the host therefore holds at most about maxQueuedBytes, however long it stalls.
 */
import type { EventName } from './contract';

/** The part of a `ws` WebSocket the outbox uses. */
export interface OutboxSocket {
  readonly bufferedAmount: number;
  readonly readyState: number;
  readonly OPEN: number;
  /** text (JSON) or a binary message (a live frame in the binary encoding) */
  send(data: string | Uint8Array): void;
  terminate(): void;
}

export interface OutboxLimits {
  /** live frames are dropped above this many queued bytes */
  frameDropBytes: number;
  /** status/training are coalesced to the latest above this many queued bytes */
  coalesceBytes: number;
  /** a client that stays above coalesceBytes this long (ms) is closed */
  stallCloseMs: number;
  /** a client above this many queued bytes is closed at once (it sends commands but never reads) */
  maxQueuedBytes: number;
  /** how often a waiting client's queue is looked at, ms */
  checkIntervalMs: number;
}

export const DEFAULT_OUTBOX_LIMITS: OutboxLimits = {
  frameDropBytes: 1 << 20,
  coalesceBytes: 256 << 10,
  stallCloseMs: 15_000,
  maxQueuedBytes: 8 << 20,
  checkIntervalMs: 200,
};

export interface OutboxStats {
  queuedBytes: number;
  framesDropped: number;
  eventsCoalesced: number;
  closedAsStalled: boolean;
}

export class ClientOutbox {
  /** the latest status / training text waiting for the queue to drain */
  private readonly waiting = new Map<EventName, string>();
  private stalledSinceMs: number | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly stats: OutboxStats = { queuedBytes: 0, framesDropped: 0, eventsCoalesced: 0, closedAsStalled: false };

  constructor(
    private readonly ws: OutboxSocket,
    private readonly limits: OutboxLimits = DEFAULT_OUTBOX_LIMITS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** An event, already serialised once for every client of its kind (live frames may be binary). */
  sendEvent(event: EventName, text: string | Uint8Array): void {
    if (!this.open()) return;
    const queued = this.ws.bufferedAmount;
    if (event === 'frame') {
      if (queued > this.limits.frameDropBytes) {
        this.stats.framesDropped++;
        this.watch();
        return;
      }
      this.ws.send(text);
      return;
    }
    if (typeof text !== 'string') return; // only live frames have a binary form
    if (queued > this.limits.coalesceBytes || this.waiting.size > 0) {
      if (this.waiting.has(event)) this.stats.eventsCoalesced++;
      // re-insert so the newest event goes out last
      this.waiting.delete(event);
      this.waiting.set(event, text);
      this.watch();
      return;
    }
    this.ws.send(text);
  }

  /** The answer to a command: always sent, unless the client never reads them. */
  sendResult(text: string): void {
    if (!this.open()) return;
    if (this.ws.bufferedAmount + text.length > this.limits.maxQueuedBytes) return this.closeStalled();
    this.ws.send(text);
  }

  snapshot(): OutboxStats {
    return { ...this.stats, queuedBytes: this.open() ? this.ws.bufferedAmount : 0 };
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.waiting.clear();
  }

  private open(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  private watch(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.check(), this.limits.checkIntervalMs);
    this.timer.unref?.();
    this.check();
  }

  private check(): void {
    if (!this.open()) return this.dispose();
    const queued = this.ws.bufferedAmount;
    if (queued > this.limits.coalesceBytes) {
      // still not drained: a client this far behind for stallCloseMs is not reading
      this.stalledSinceMs ??= this.now();
      if (this.now() - this.stalledSinceMs >= this.limits.stallCloseMs) this.closeStalled();
      return;
    }
    this.stalledSinceMs = null;
    const texts = [...this.waiting.values()];
    this.waiting.clear();
    for (const t of texts) this.ws.send(t);
    if (this.waiting.size === 0) this.dispose();
  }

  private closeStalled(): void {
    this.stats.closedAsStalled = true;
    this.dispose();
    this.ws.terminate();
  }
}
