import { describe, it, expect, vi, beforeEach } from 'vitest';
import { registerIpc } from '../../electron/ipc-bridge';
import { EVENT_CHANNEL, INVOKE_CHANNEL, type EventMessage } from '../../electron/ipc-channels';
import type { EventName, MyocueApi } from '../../src/host/contract';
import { decodeLiveFrame } from '../../src/host/live-frame-codec';
import { FakeIpcMain, FakeWebContents, smallLiveFrame as liveFrame } from '../helpers/electron-fakes';

/** A host fake: records invokes, lets the test emit events and count subscribers. */
function fakeApi() {
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  const api = {
    invoke: vi.fn(async (command: string, arg: unknown) => ({ echoed: command, arg })),
    subscribe: vi.fn((event: EventName, listener: (p: unknown) => void) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    }),
  };
  return {
    api: api as unknown as MyocueApi & typeof api,
    emit: (event: EventName, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload)),
    count: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
  };
}

const APP = 'app://myocue/index.html';

describe('registerIpc', () => {
  let ipc: FakeIpcMain;
  let host: ReturnType<typeof fakeApi>;
  let win: FakeWebContents;

  beforeEach(() => {
    ipc = new FakeIpcMain();
    host = fakeApi();
    win = new FakeWebContents(1);
  });

  it('passes a valid command from our window to the host and returns its result', async () => {
    const bridge = registerIpc(ipc, host.api);
    bridge.attach(win, 'controller');
    const arg = { kind: 'serial', path: '/dev/ttyACM0' };
    await expect(ipc.invoke(win, APP, 'connect', arg)).resolves.toEqual({ ok: true, result: { echoed: 'connect', arg } });
    expect(host.api.invoke).toHaveBeenCalledWith('connect', arg);
    // no-argument commands reach the host with null
    await ipc.invoke(win, `${APP}#/coach`, 'getStatus', undefined);
    expect(host.api.invoke).toHaveBeenLastCalledWith('getStatus', null);
  });

  it('rejects an invalid argument with the validation message, without calling the host', async () => {
    registerIpc(ipc, host.api).attach(win, 'controller');
    await expect(ipc.invoke(win, APP, 'connect', { kind: 'serial', path: '' })).resolves.toEqual({
      ok: false,
      error: 'connect: path must be a non-empty string',
    });
    await expect(ipc.invoke(win, APP, 'shutdown', null)).resolves.toMatchObject({ ok: false, error: expect.stringContaining('unknown command') });
    await expect(ipc.invoke(win, APP, 'updateDsp', JSON.parse('{"__proto__":{"x":1}}'))).resolves.toMatchObject({ ok: false });
    expect(host.api.invoke).not.toHaveBeenCalled();
  });

  it('refuses senders that are not our app page', async () => {
    registerIpc(ipc, host.api).attach(win, 'controller');
    for (const url of ['https://evil.example/', 'file:///home/u/evil.html', 'app://evil/index.html', 'about:blank']) {
      await expect(ipc.invoke(win, url, 'getStatus', null)).resolves.toMatchObject({ ok: false, error: expect.stringContaining('not Myocue') });
    }
    // a destroyed or navigated-away frame
    await expect(ipc.invoke(win, null, 'getStatus', null)).resolves.toMatchObject({ ok: false });
    // a sub-frame of our page
    const h = ipc.handlers.get(INVOKE_CHANNEL)!;
    await expect(h({ sender: { id: 1 }, senderFrame: { url: APP, parent: {} } }, 'getStatus', null)).resolves.toMatchObject({ ok: false });
    // a webContents we never attached
    await expect(ipc.invoke(new FakeWebContents(99), APP, 'getStatus', null)).resolves.toMatchObject({ ok: false, error: expect.stringContaining('unknown window') });
    expect(host.api.invoke).not.toHaveBeenCalled();
  });

  it('chooseFile (the native file dialog) is answered by the shell for the asking window, never by the host; a viewer may not ask', async () => {
    const chooseFile = vi.fn(async (senderId: number) => ({ path: `/data/imports/picked-${senderId}.csv`, fileName: 'picked.csv' }));
    const bridge = registerIpc(ipc, host.api, undefined, { chooseFile, saveExport: vi.fn(async () => null) });
    bridge.attach(win, 'controller');
    const coach = new FakeWebContents(2);
    bridge.attach(coach, 'viewer');
    await expect(ipc.invoke(win, APP, 'chooseFile', null)).resolves.toEqual({ ok: true, result: { path: '/data/imports/picked-1.csv', fileName: 'picked.csv' } });
    expect(chooseFile).toHaveBeenCalledWith(1);
    await expect(ipc.invoke(win, APP, 'chooseFile', { path: '/etc/passwd' })).resolves.toMatchObject({ ok: false, error: expect.stringContaining('takes no argument') });
    await expect(ipc.invoke(coach, APP, 'chooseFile', null)).resolves.toEqual({ ok: false, error: 'chooseFile: this is a read-only viewer' });
    expect(chooseFile).toHaveBeenCalledTimes(1);
    expect(host.api.invoke).not.toHaveBeenCalled();
  });

  it('saveExport (the native save dialog) is answered by the shell with the checked file name, never by the host; a viewer may not ask', async () => {
    const saveExport = vi.fn(async (senderId: number, arg: { fileName: string }) => ({ savedTo: `/home/me/Downloads/${senderId}-${arg.fileName}` }));
    const bridge = registerIpc(ipc, host.api, undefined, { chooseFile: vi.fn(async () => null), saveExport });
    bridge.attach(win, 'controller');
    const coach = new FakeWebContents(2);
    bridge.attach(coach, 'viewer');
    await expect(ipc.invoke(win, APP, 'saveExport', { fileName: 'Hip thrust set 1.bdf' })).resolves.toEqual({ ok: true, result: { savedTo: '/home/me/Downloads/1-Hip thrust set 1.bdf' } });
    expect(saveExport).toHaveBeenCalledWith(1, { fileName: 'Hip thrust set 1.bdf' });
    await expect(ipc.invoke(win, APP, 'saveExport', { fileName: '../../.ssh/id_rsa.bdf' })).resolves.toMatchObject({ ok: false, error: expect.stringContaining('fileName') });
    await expect(ipc.invoke(coach, APP, 'saveExport', { fileName: 'x.bdf' })).resolves.toEqual({ ok: false, error: 'saveExport: this is a read-only viewer' });
    expect(saveExport).toHaveBeenCalledTimes(1);
    expect(host.api.invoke).not.toHaveBeenCalled();
  });

  it('limits a viewer window (coach screen) to the viewer commands', async () => {
    const coach = new FakeWebContents(2);
    registerIpc(ipc, host.api).attach(coach, 'viewer');
    await expect(ipc.invoke(coach, APP, 'getTraining', null)).resolves.toMatchObject({ ok: true });
    await expect(ipc.invoke(coach, APP, 'disconnect', null)).resolves.toEqual({ ok: false, error: 'disconnect: this is a read-only viewer' });
    expect(host.api.invoke).toHaveBeenCalledTimes(1);
  });

  it('returns host errors as plain messages', async () => {
    host.api.invoke.mockRejectedValueOnce(new Error('Cannot open /dev/ttyACM0: permission denied'));
    registerIpc(ipc, host.api).attach(win, 'controller');
    await expect(ipc.invoke(win, APP, 'connect', { kind: 'serial', path: '/dev/ttyACM0' })).resolves.toEqual({
      ok: false,
      error: 'Cannot open /dev/ttyACM0: permission denied',
    });
  });

  it('forwards every host event to attached windows and unsubscribes when a window is destroyed', () => {
    const bridge = registerIpc(ipc, host.api);
    const coach = new FakeWebContents(2);
    bridge.attach(win, 'controller');
    bridge.attach(coach, 'viewer');
    expect(host.count()).toBe(6);

    host.emit('status', { device: { state: 'streaming' } });
    host.emit('frame', liveFrame(1));
    host.emit('training', { repCount: 3 });
    expect(win.sent.map((m) => m.channel)).toEqual([EVENT_CHANNEL, EVENT_CHANNEL, EVENT_CHANNEL]);
    expect(win.sent.map((m) => m.args[0])).toMatchObject([
      { event: 'status', payload: { device: { state: 'streaming' } } },
      { event: 'frame' },
      { event: 'training', payload: { repCount: 3 } },
    ]);
    expect(coach.sent).toHaveLength(3);

    coach.destroy();
    expect(host.count()).toBe(3);
    host.emit('frame', liveFrame(2));
    expect(coach.sent).toHaveLength(3);
    expect(win.sent).toHaveLength(4);

    // invokes from the destroyed window's id are refused afterwards
    return expect(ipc.invoke(coach, APP, 'getStatus', null)).resolves.toMatchObject({ ok: false });
  });

  it('sends a live frame in its binary encoding, encoded once for every window, that decodes to the frame', () => {
    const bridge = registerIpc(ipc, host.api);
    const coach = new FakeWebContents(2);
    bridge.attach(win, 'controller');
    bridge.attach(coach, 'viewer');
    const frame = liveFrame(7);
    host.emit('frame', frame);
    const toWin = (win.sent[0].args[0] as EventMessage).payload;
    const toCoach = (coach.sent[0].args[0] as EventMessage).payload;
    expect(toWin).toBeInstanceOf(Uint8Array);
    expect(toCoach).toBe(toWin); // one encoding, not one per window
    const back = decodeLiveFrame(toWin as Uint8Array);
    expect(back).toMatchObject({ seq: 7, t0: frame.t0, displayRateHz: 500, channelCount: 2, pointCount: 3, receivedAtMs: frame.receivedAtMs });
    expect(back.raw.map((c) => Array.from(c))).toEqual(frame.raw);
    expect(back.envelope.map((c) => Array.from(c))).toEqual(frame.envelope);
  });

  it('skips a frame the codec refuses, once said, without throwing into the host or stopping later frames', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    registerIpc(ipc, host.api).attach(win, 'controller');
    expect(() => host.emit('frame', { seq: 1, channelCount: -1 })).not.toThrow();
    expect(() => host.emit('frame', { seq: 2, channelCount: 1e9 })).not.toThrow();
    expect(win.sent).toHaveLength(0);
    expect(error).toHaveBeenCalledTimes(1);
    expect(String(error.mock.calls[0][0])).toMatch(/live frame was not sent.*channelCount/);
    host.emit('frame', liveFrame(3));
    expect(win.sent).toHaveLength(1);
    error.mockRestore();
  });

  it('dispose removes the handler and all subscriptions', () => {
    const bridge = registerIpc(ipc, host.api);
    bridge.attach(win, 'controller');
    bridge.dispose();
    expect(ipc.handlers.size).toBe(0);
    expect(host.count()).toBe(0);
  });

  it('re-attaching the same webContents does not double the events', () => {
    const bridge = registerIpc(ipc, host.api);
    bridge.attach(win, 'controller');
    bridge.attach(win, 'controller');
    expect(host.count()).toBe(3);
    host.emit('status', {});
    expect(win.sent).toHaveLength(1);
  });
});
