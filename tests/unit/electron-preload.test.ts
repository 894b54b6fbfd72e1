import { describe, it, expect, vi, beforeAll } from 'vitest';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../electron/ipc-channels';
import { COMMAND_NAMES, type MyocueApi } from '../../src/host/contract';

// The real 'electron' module cannot load without the binary; the preload only needs these two.
const electron = vi.hoisted(() => {
  const onHandlers: ((event: unknown, message: unknown) => void)[] = [];
  return {
    exposed: new Map<string, unknown>(),
    onHandlers,
    contextBridge: { exposeInMainWorld: vi.fn() },
    ipcRenderer: {
      invoke: vi.fn(async (_channel: string, command: string, arg: unknown): Promise<{ ok: boolean; result?: unknown; error?: string }> => ({
        ok: true,
        result: { command, arg },
      })),
      on: vi.fn((_channel: string, handler: (event: unknown, message: unknown) => void) => {
        onHandlers.push(handler);
      }),
      send: vi.fn(),
    },
  };
});
vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer }));

let api: MyocueApi;

beforeAll(async () => {
  await import('../../electron/preload');
  expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  api = electron.contextBridge.exposeInMainWorld.mock.calls[0][1] as MyocueApi;
});

/** What the main process sends on the event channel. */
const push = (message: unknown) => electron.onHandlers.forEach((h) => h({ sender: 'ipcRenderer-must-not-leak' }, message));

describe('preload', () => {
  it('exposes exactly window.myocue with invoke and subscribe, and no Electron object', () => {
    const [name, exposed] = electron.contextBridge.exposeInMainWorld.mock.calls[0];
    expect(name).toBe('myocue');
    expect(Object.keys(exposed as object).sort()).toEqual(['invoke', 'subscribe']);
    for (const value of Object.values(exposed as object)) expect(typeof value).toBe('function');
    expect(Object.values(exposed as object)).not.toContain(electron.ipcRenderer);
    // one listener on the event channel only
    expect(electron.ipcRenderer.on).toHaveBeenCalledTimes(1);
    expect(electron.ipcRenderer.on.mock.calls[0][0]).toBe(EVENT_CHANNEL);
  });

  it('sends known commands over the one invoke channel and unwraps the reply', async () => {
    await expect(api.invoke('connect', { kind: 'sim' })).resolves.toEqual({ command: 'connect', arg: { kind: 'sim' } });
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(INVOKE_CHANNEL, 'connect', { kind: 'sim' });
    for (const command of COMMAND_NAMES) await api.invoke(command, null as never);
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledTimes(1 + COMMAND_NAMES.length);
  });

  it('rejects unknown commands without any IPC', async () => {
    electron.ipcRenderer.invoke.mockClear();
    await expect(api.invoke('shutdown' as never, null as never)).rejects.toThrow('unknown command "shutdown"');
    await expect(api.invoke('__proto__' as never, null as never)).rejects.toThrow('unknown command');
    await expect(api.invoke(42 as never, null as never)).rejects.toThrow('unknown command');
    expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it('turns an error reply into an Error with the plain message', async () => {
    electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: false, error: 'connect: path must be a non-empty string' });
    await expect(api.invoke('connect', { kind: 'serial', path: '' })).rejects.toThrow(/^connect: path must be a non-empty string$/);
  });

  it('delivers events to subscribers of that event only, payload only, until unsubscribed', () => {
    const status = vi.fn();
    const frame = vi.fn();
    const offStatus = api.subscribe('status', status);
    api.subscribe('frame', frame);
    push({ event: 'status', payload: { n: 1 } });
    expect(status).toHaveBeenCalledWith({ n: 1 });
    expect(status.mock.calls[0]).toHaveLength(1);
    expect(frame).not.toHaveBeenCalled();

    offStatus();
    push({ event: 'status', payload: { n: 2 } });
    expect(status).toHaveBeenCalledTimes(1);

    // junk on the channel is ignored
    push(null);
    push({ event: 'toString', payload: 1 });
    push({ event: '__proto__', payload: 1 });
    expect(frame).not.toHaveBeenCalled();
  });

  it('keeps delivering when one listener throws', () => {
    const bad = vi.fn(() => {
      throw new Error('view bug');
    });
    const good = vi.fn();
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    api.subscribe('training', bad);
    api.subscribe('training', good);
    push({ event: 'training', payload: {} });
    expect(good).toHaveBeenCalledTimes(1);
    expect(err).toHaveBeenCalled();
    err.mockRestore();
  });

  it('rejects unknown events and non-function listeners', () => {
    expect(() => api.subscribe('everything' as never, () => undefined)).toThrow('unknown event "everything"');
    expect(() => api.subscribe('status', 'alert(1)' as never)).toThrow('listener must be a function');
  });
});
