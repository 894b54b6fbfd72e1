/**
 * The browser transport sends what waited for the socket first, in the order it was asked, and
 * only then tells its 'open' listeners (which send their own requests): the Sessions page's
 * early listing requests (api/page-start.ts) must not queue behind the status refresh.
 */
import { describe, expect, it } from 'vitest';
import { createWsApi } from '../../renderer/src/api/ws-api';
import { FakeSocket, installFakeWebSocket, useFakeWebSocket } from '../helpers/fake-websocket';

useFakeWebSocket();

describe('createWsApi: opening the socket', () => {
  it('sends the requests that waited, in order, before the open listeners send theirs', () => {
    installFakeWebSocket();
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
