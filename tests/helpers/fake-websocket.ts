/**
 * A stand-in for the browser's WebSocket, for unit tests of the page's transport (renderer/src/api/ws-api.ts):
 * the test opens it and delivers messages by hand. `useFakeWebSocket()` installs it as the global
 * WebSocket for the current test file and puts the real one back after each test.
 */
import { afterEach } from 'vitest';

export class FakeSocket {
  static OPEN = 1;
  /** the socket the transport made last */
  static last: FakeSocket | null = null;
  readyState = 0;
  binaryType = 'blob';
  /** the command names sent, in order */
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number }) => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(
    readonly url: string,
    readonly protocols?: string | string[],
  ) {
    FakeSocket.last = this;
  }
  /** a real socket throws when sent to before it is open, so this one does too */
  send(text: string): void {
    if (this.readyState !== FakeSocket.OPEN) throw new Error('send before open');
    this.sent.push((JSON.parse(text) as { command: string }).command);
  }
  close(): void {}
  open(): void {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }
}

/** Installs FakeSocket as globalThis.WebSocket; after each test the one before is restored. */
export function useFakeWebSocket(): void {
  const g = globalThis as unknown as { WebSocket?: unknown };
  const original = g.WebSocket;
  afterEach(() => {
    g.WebSocket = original;
  });
}

/** Makes the next WebSocket the transport opens a FakeSocket (call inside a test, after useFakeWebSocket()). */
export function installFakeWebSocket(): void {
  (globalThis as unknown as { WebSocket?: unknown }).WebSocket = FakeSocket;
}
