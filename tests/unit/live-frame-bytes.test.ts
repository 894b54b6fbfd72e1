/**
 * LiveFrameBytes (src/host/live-frame-bytes.ts), the one cache of a live frame's binary encoding:
 * a frame is encoded once however often it is asked for, a refused frame throws on every ask and
 * keeps nothing, and the two transports that use it (Electron's IPC bridge and the browser host's
 * binary WebSocket clients) send the same bytes for a frame, encoded once between them.
 */
import { describe, expect, it, vi } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import WebSocket from 'ws';

// counts the encodes every user of the codec makes, the shared cache's included
const codec = vi.hoisted(() => ({ encodes: 0 }));
vi.mock('../../src/host/live-frame-codec', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/host/live-frame-codec')>();
  return {
    ...actual,
    encodeLiveFrame: (...args: Parameters<typeof actual.encodeLiveFrame>) => {
      codec.encodes++;
      return actual.encodeLiveFrame(...args);
    },
  };
});

import { LiveFrameBytes } from '../../src/host/live-frame-bytes';
import { LIVE_FRAME_PROTOCOL, decodeLiveFrame, encodeLiveFrame } from '../../src/host/live-frame-codec';
import { startBrowserServer } from '../../src/host/browser-server';
import { registerIpc } from '../../electron/ipc-bridge';
import type { EventMessage } from '../../electron/ipc-channels';
import { EmittingApi } from '../helpers/emitting-api';
import { useCleanups, useTempDirs } from '../helpers/test-cleanups';
import { FakeIpcMain, FakeWebContents, smallLiveFrame as liveFrame } from '../helpers/electron-fakes';

const cleanups = useCleanups();
const tempDir = useTempDirs('myocue-frame-bytes-', cleanups);

describe('LiveFrameBytes', () => {
  it('encodes a frame once however often it is asked for, and each new frame once', () => {
    let encodes = 0;
    const bytes = new LiveFrameBytes((f) => (encodes++, encodeLiveFrame(f)));
    const a = liveFrame(1);
    const first = bytes.of(a);
    expect(bytes.of(a)).toBe(first);
    expect(bytes.of(a)).toBe(first);
    expect(encodes).toBe(1);
    expect(first).toEqual(encodeLiveFrame(a));
    // an equal but new frame object is a new emit: encoded anew
    const b = liveFrame(1);
    expect(bytes.of(b)).not.toBe(first);
    expect(bytes.of(b)).toEqual(first);
    expect(encodes).toBe(2);
  });

  it('throws what the codec throws for a frame it refuses, on every ask, keeping nothing', () => {
    let encodes = 0;
    const bytes = new LiveFrameBytes((f) => (encodes++, encodeLiveFrame(f)));
    const bad = { ...liveFrame(1), channelCount: -1 };
    expect(() => bytes.of(bad)).toThrow(RangeError);
    expect(() => bytes.of(bad)).toThrow(/channelCount -1/);
    expect(encodes).toBe(2);
  });
});

describe('both transports, one cache', () => {
  it('IPC windows and binary WebSocket clients get identical bytes for a frame, encoded once between them', async () => {
    const api = new EmittingApi();
    // Electron's side: two windows
    const bridge = registerIpc(new FakeIpcMain(), api);
    cleanups.push(() => bridge.dispose());
    const win = new FakeWebContents(1);
    const coach = new FakeWebContents(2);
    bridge.attach(win, 'controller');
    bridge.attach(coach, 'viewer');
    // the browser host's side: two binary clients on the same host
    const staticDir = tempDir();
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Myocue</title>');
    const server = await startBrowserServer({ api, staticDir, port: 0 });
    cleanups.push(() => server.close());
    const got: Uint8Array[][] = [[], []];
    await Promise.all(
      got.map(
        (into) =>
          new Promise<void>((resolve, reject) => {
            const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, [LIVE_FRAME_PROTOCOL]);
            cleanups.push(() => ws.terminate());
            ws.on('message', (data, isBinary) => {
              if (isBinary) into.push(new Uint8Array(data as Buffer));
            });
            ws.once('open', () => resolve());
            ws.once('error', reject);
          }),
      ),
    );
    // 2 windows + 2 sockets
    for (let i = 0; i < 200 && (api.listeners.get('frame')?.size ?? 0) < 4; i++) await new Promise((r) => setTimeout(r, 10));
    expect(api.listeners.get('frame')?.size).toBe(4);

    const frame = liveFrame(7);
    codec.encodes = 0;
    api.emit('frame', frame);
    for (let i = 0; i < 200 && got.some((g) => g.length === 0); i++) await new Promise((r) => setTimeout(r, 10));
    expect(codec.encodes).toBe(1);

    const toWin = (win.sent[0].args[0] as EventMessage).payload as Uint8Array;
    const toCoach = (coach.sent[0].args[0] as EventMessage).payload as Uint8Array;
    expect(toWin).toBeInstanceOf(Uint8Array);
    expect(toCoach).toBe(toWin);
    expect(got.map((g) => g.length)).toEqual([1, 1]);
    for (const [bytes] of got) expect(Array.from(bytes)).toEqual(Array.from(toWin));
    const back = decodeLiveFrame(toWin);
    expect({ ...back, raw: back.raw.map((r) => Array.from(r)), envelope: back.envelope.map((e) => Array.from(e)) }).toEqual(frame);
  });
});
