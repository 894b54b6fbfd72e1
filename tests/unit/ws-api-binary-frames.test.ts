/**
 * The page's WebSocket client and binary live frames: it asks for them by subprotocol, hands a
 * decoded frame to the 'frame' listeners, still reads JSON frames (a host without the encoding),
 * and drops a truncated or garbage binary message with a clear message (counted, said once),
 * never throwing out of the socket's handler nor passing garbage to the charts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWsApi } from '../../renderer/src/api/ws-api';
import { FakeSocket, installFakeWebSocket, useFakeWebSocket } from '../helpers/fake-websocket';
import type { LiveFrame } from '../../src/host/contract';
import { LIVE_FRAME_PROTOCOL, encodeLiveFrame } from '../../src/host/live-frame-codec';

useFakeWebSocket();
afterEach(() => {
  vi.restoreAllMocks();
});

const frame: LiveFrame = { seq: 3, t0: 1.5, displayRateHz: 200, channelCount: 1, pointCount: 2, raw: [[1.25, -2.5]], envelope: [[3, 4]], receivedAtMs: 10 };
const bytesOf = (f: LiveFrame) => {
  const u = encodeLiveFrame(f);
  return u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength);
};

describe('createWsApi: binary live frames', () => {
  it('asks for the binary subprotocol and passes decoded frames on; JSON frames still work', () => {
    installFakeWebSocket();
    const api = createWsApi({ url: 'ws://test/ws' });
    const sock = FakeSocket.last!;
    expect(sock.protocols).toBe(LIVE_FRAME_PROTOCOL);
    expect(sock.binaryType).toBe('arraybuffer');
    const got: LiveFrame[] = [];
    api.subscribe('frame', (f) => got.push(f));
    sock.open();
    sock.onmessage!({ data: bytesOf(frame) });
    sock.onmessage!({ data: JSON.stringify({ type: 'event', event: 'frame', payload: { ...frame, seq: 4 } }) });
    expect(got.map((f) => f.seq)).toEqual([3, 4]);
    expect(got[0].raw[0]).toBeInstanceOf(Float32Array);
    expect(Array.from(got[0].raw[0])).toEqual([1.25, -2.5]);
    expect(got[1].raw[0]).toEqual([1.25, -2.5]);
    expect(api.rejectedFrames.count).toBe(0);
    api.close();
  });

  it('drops truncated and garbage binary messages with a clear message, and keeps reading', () => {
    installFakeWebSocket();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const api = createWsApi({ url: 'ws://test/ws' });
    const sock = FakeSocket.last!;
    const got: LiveFrame[] = [];
    api.subscribe('frame', (f) => got.push(f));
    sock.open();
    const whole = bytesOf(frame);
    expect(() => sock.onmessage!({ data: whole.slice(0, whole.byteLength - 3) })).not.toThrow();
    expect(api.rejectedFrames.lastError).toMatch(/^live frame: .*truncated/);
    expect(() => sock.onmessage!({ data: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48]).buffer })).not.toThrow();
    expect(api.rejectedFrames.lastError).toMatch(/not a Myocue live frame/);
    // a Blob (binaryType not honoured) is refused by name, not misread
    expect(() => sock.onmessage!({ data: { size: 48 } })).not.toThrow();
    expect(api.rejectedFrames.lastError).toMatch(/not an ArrayBuffer/);
    expect(api.rejectedFrames.count).toBe(3);
    expect(got).toEqual([]);
    // said once, not per message
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/live frame from the host was dropped: live frame: .*truncated/);
    sock.onmessage!({ data: whole });
    expect(got.map((f) => f.seq)).toEqual([3]);
    api.close();
  });

  it('binaryFrames: false asks for JSON only', () => {
    installFakeWebSocket();
    const api = createWsApi({ url: 'ws://test/ws', binaryFrames: false });
    expect(FakeSocket.last!.protocols).toBeUndefined();
    api.close();
  });
});
