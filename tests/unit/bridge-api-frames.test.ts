/**
 * The page's side of Electron's bridge (renderer/src/api/connect-api.ts bridgeApi): live frames
 * come from the preload as one Uint8Array each (electron/ipc-bridge.ts encodes them) and reach the
 * 'frame' listeners decoded; a truncated or foreign message is dropped, counted and said once; the
 * other events and the commands pass through unchanged.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bridgeApi } from '../../renderer/src/api/connect-api';
import type { BridgeApi, BridgeEvents, EventName, LiveFrame } from '../../src/host/contract';
import { encodeLiveFrame } from '../../src/host/live-frame-codec';

afterEach(() => {
  vi.restoreAllMocks();
});

/** What the preload exposes, driven by the test: `push` is the main process sending an event. */
function fakeBridge() {
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  const bridge: BridgeApi = {
    invoke: vi.fn(async () => 'answered') as unknown as BridgeApi['invoke'],
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (p: unknown) => void);
      return () => set.delete(listener as (p: unknown) => void);
    },
  };
  const push = <E extends EventName>(event: E, payload: BridgeEvents[E] | unknown) => listeners.get(event)?.forEach((l) => l(payload));
  return { bridge, push, count: () => [...listeners.values()].reduce((n, s) => n + s.size, 0) };
}

const frame: LiveFrame = { seq: 9, t0: 2.5, displayRateHz: 250, channelCount: 2, pointCount: 2, raw: [[1.25, -2.5], [0.5, 0]], envelope: [[3, 4], [5, 6.75]], receivedAtMs: 42 };

describe('bridgeApi: live frames over Electron IPC', () => {
  it('decodes each binary frame for the frame listeners and passes the other events and commands through', async () => {
    const { bridge, push, count } = fakeBridge();
    const api = bridgeApi(bridge);
    const frames: LiveFrame[] = [];
    const statuses: unknown[] = [];
    const off = api.subscribe('frame', (f) => frames.push(f));
    api.subscribe('status', (s) => statuses.push(s));
    push('frame', encodeLiveFrame(frame));
    push('status', { device: { state: 'streaming' } });
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({ seq: 9, t0: 2.5, displayRateHz: 250, channelCount: 2, pointCount: 2, receivedAtMs: 42 });
    expect(frames[0].raw[1]).toBeInstanceOf(Float32Array);
    expect(frames[0].raw.map((c) => Array.from(c))).toEqual(frame.raw);
    expect(frames[0].envelope.map((c) => Array.from(c))).toEqual(frame.envelope);
    expect(statuses).toEqual([{ device: { state: 'streaming' } }]);
    await expect(api.invoke('getStatus', null as never)).resolves.toBe('answered');
    expect(api.rejectedFrames.count).toBe(0);
    off();
    expect(count()).toBe(1);
  });

  it('drops a truncated, foreign or non-binary frame with a clear message said once, and keeps reading', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { bridge, push } = fakeBridge();
    const api = bridgeApi(bridge);
    const frames: LiveFrame[] = [];
    api.subscribe('frame', (f) => frames.push(f));
    const bytes = encodeLiveFrame(frame);
    expect(() => push('frame', bytes.slice(0, bytes.length - 4))).not.toThrow();
    expect(api.rejectedFrames.lastError).toMatch(/truncated/);
    expect(() => push('frame', new Uint8Array(48).fill(7))).not.toThrow();
    expect(api.rejectedFrames.lastError).toMatch(/not a Myocue live frame/);
    // an old main process sending frames as objects: refused by name, never misread
    expect(() => push('frame', frame)).not.toThrow();
    expect(api.rejectedFrames.lastError).toMatch(/not an ArrayBuffer or a Uint8Array/);
    expect(api.rejectedFrames.count).toBe(3);
    expect(frames).toHaveLength(0);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/^Myocue \(IPC\): a live frame from the host was dropped: /);
    push('frame', bytes);
    expect(frames.map((f) => f.seq)).toEqual([9]);
  });
});
