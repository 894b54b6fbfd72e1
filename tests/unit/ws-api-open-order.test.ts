/**
 * The browser transport sends what waited for the socket first, in the order it was asked, and
 * only then tells its 'open' listeners (which send their own requests): the Sessions page's
 * early listing requests (api/page-start.ts) must not queue behind the status refresh.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createWsApi } from '../../renderer/src/api/ws-api';

class FakeSocket {
  static OPEN = 1;
  static last: FakeSocket | null = null;
  readyState = 0;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((ev: { data: string }) => void) | null = null;
  onclose: ((ev: { code: number }) => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.last = this;
  }
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

const g = globalThis as unknown as { WebSocket?: unknown };
const original = g.WebSocket;
afterEach(() => {
  g.WebSocket = original;
});

describe('createWsApi: opening the socket', () => {
  it('sends the requests that waited, in order, before the open listeners send theirs', () => {
    g.WebSocket = FakeSocket;
    const api = createWsApi({ url: 'ws://test/ws', invokeTimeoutMs: 60_000 });
    api.onConnection((s) => {
      if (s === 'open') {
        void api.invoke('getStatus', null).catch(() => undefined);
        void api.invoke('getTraining', null).catch(() => undefined);
      }
    });
    for (const c of ['listLifters', 'listExercises', 'listSessions'] as const) void api.invoke(c, null).catch(() => undefined);
    const sock = FakeSocket.last!;
    expect(sock.sent).toEqual([]);
    sock.open();
    expect(sock.sent).toEqual(['listLifters', 'listExercises', 'listSessions', 'getStatus', 'getTraining']);
    expect(api.connection).toBe('open');
    api.close();
  });
});
