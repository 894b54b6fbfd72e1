/**
 * Live frames over the browser host's WebSocket, through real sockets: a client that names the
 * binary subprotocol (LIVE_FRAME_PROTOCOL, what the page does) gets each frame as one binary
 * message that decodes to the frame the host emitted; a client that does not (an older page, a
 * script) still gets JSON text; status stays JSON text for both; another subprotocol is refused.
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import WebSocket from 'ws';
import { startBrowserServer } from '../../src/host/browser-server';
import type { HostEvents, LiveFrame } from '../../src/host/contract';
import { EmittingApi } from '../helpers/emitting-api';
import { LIVE_FRAME_PROTOCOL, decodeLiveFrame } from '../../src/host/live-frame-codec';
import { useCleanups, useTempDirs } from '../helpers/test-cleanups';

const cleanups = useCleanups();
const tmp = useTempDirs('myocue-static-', cleanups);

async function serve(): Promise<{ port: number; api: EmittingApi }> {
  const dir = tmp();
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Myocue</title>');
  const api = new EmittingApi();
  const s = await startBrowserServer({ api, staticDir: dir, port: 0 });
  cleanups.push(() => s.close());
  return { port: s.port, api };
}

/** opens a client and collects what it receives: binary messages as bytes, text as parsed JSON */
function client(url: string, protocols?: string[]): Promise<{ ws: WebSocket; got: (Uint8Array | { type: string; event?: string; payload?: unknown })[] }> {
  return new Promise((resolve, reject) => {
    const ws = protocols ? new WebSocket(url, protocols) : new WebSocket(url);
    const got: (Uint8Array | { type: string; event?: string; payload?: unknown })[] = [];
    ws.on('message', (data, isBinary) => got.push(isBinary ? new Uint8Array(data as Buffer) : JSON.parse(String(data))));
    ws.once('open', () => resolve({ ws, got }));
    ws.once('error', reject);
    cleanups.push(() => ws.terminate());
  });
}

const frame: LiveFrame = {
  seq: 41,
  t0: 3.25,
  displayRateHz: 200,
  channelCount: 2,
  pointCount: 3,
  raw: [
    [1.5, -2.25, 300.125],
    [0, 4, -8],
  ],
  envelope: [
    [10, 11, 12],
    [0.5, 0.25, 0.125],
  ],
  receivedAtMs: 1234.5,
};

/** Waits for `cond` (at most 20 s, not 2 s: a loaded 2-core runner can hold a socket's messages that long); then the test's checks follow. */
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
}

describe('live frames on the WebSocket', () => {
  it('binary to a client that asks for it, JSON to one that does not, status JSON to both', async () => {
    const { port, api } = await serve();
    const url = `ws://127.0.0.1:${port}/ws`;
    const bin = await client(url, [LIVE_FRAME_PROTOCOL]);
    const text = await client(url);
    expect(bin.ws.protocol).toBe(LIVE_FRAME_PROTOCOL);
    expect(text.ws.protocol).toBe('');
    await until(() => api.listeners.get('frame')?.size === 2);
    api.emit('frame', frame);
    api.emit('status', { displayRateHz: 200 } as HostEvents['status']);
    await until(() => bin.got.length >= 2 && text.got.length >= 2);

    const b = bin.got[0];
    expect(b).toBeInstanceOf(Uint8Array);
    const d = decodeLiveFrame(b as Uint8Array);
    expect({ ...d, raw: d.raw.map((r) => Array.from(r)), envelope: d.envelope.map((e) => Array.from(e)) }).toEqual(frame);
    expect(bin.got[1]).toMatchObject({ type: 'event', event: 'status' });

    expect(text.got[0]).toEqual({ type: 'event', event: 'frame', payload: frame });
    expect(text.got[1]).toMatchObject({ type: 'event', event: 'status' });
  });

  it('refuses a subprotocol it does not speak (the client sees the handshake fail)', async () => {
    const { port } = await serve();
    await expect(client(`ws://127.0.0.1:${port}/ws`, ['something.else'])).rejects.toThrow(/protocol/i);
  });
});
