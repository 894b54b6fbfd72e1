/**
 * Main-process side of the renderer bridge: one `ipcMain.handle` for every command and one
 * `webContents.send` per host event.
 *
 * Every invoke is checked three ways before it reaches the host:
 *  1. the sender is a window we attached (not some other webContents, e.g. a devtools extension);
 *  2. the sending frame is the top frame of our app origin (app://myocue), not a page the window
 *     was navigated to or an iframe;
 *  3. validateCommand: whitelisted command, argument shape and ranges (the same check the
 *     browser host runs on WebSocket messages).
 * Windows attached as 'viewer' (the coach screen) may only send VIEWER_COMMAND_NAMES, as on the
 * network. Commands the shell answers itself (`chooseFile`, `saveExport`: the native open and save
 * dialogs, which the host cannot show) go to `shell` after the same checks; every other command
 * goes to the host.
 *
 * Live frames (~30 a second) are sent in their binary encoding (src/host/live-frame-codec.ts),
 * encoded once per frame for every window (src/host/live-frame-bytes.ts): one Uint8Array to structured-clone instead of 2 × C
 * arrays of numbers. The page decodes it (renderer/src/api/connect-api.ts); the other events are
 * sent as they are.
 *
 * Electron is imported for types only, so the unit test drives it with fakes.
 */
import type { IpcMainInvokeEvent } from 'electron';
import { EVENT_NAMES, VIEWER_COMMAND_NAMES, type CommandName, type Commands, type EventName, type LiveFrame, type MyocueApi } from '../src/host/contract';
import { liveFrameBytes } from '../src/host/live-frame-bytes';
import { validateCommand } from '../src/host/command-validation';
import { isAppUrl } from './app-origin';
import { EVENT_CHANNEL, INVOKE_CHANNEL, type EventMessage, type InvokeReply } from './ipc-channels';

/** The part of an invoke event we read (IpcMainInvokeEvent satisfies it). */
export type InvokeEventLike = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'> | {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
};

/** The part of ipcMain we use (Electron's IpcMain satisfies it). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** The part of a WebContents we use (Electron's WebContents satisfies it). */
export interface WebContentsLike {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

export type WindowRole = 'controller' | 'viewer';

export interface IpcBridge {
  /** Forward host events to this window and accept its invokes; undone when it is destroyed. */
  attach(webContents: WebContentsLike, role: WindowRole): () => void;
  /** Stop everything (app quit). */
  dispose(): void;
}

const VIEWER_COMMANDS = new Set<CommandName>(VIEWER_COMMAND_NAMES);

/** Commands of the contract the Electron main process answers itself, by the sending window's id. */
export interface ShellCommands {
  chooseFile(senderId: number): Promise<Commands['chooseFile']['result']>;
  saveExport(senderId: number, arg: Commands['saveExport']['arg']): Promise<Commands['saveExport']['result']>;
}

export function registerIpc(ipcMain: IpcMainLike, api: MyocueApi, isTrustedUrl: (url: string) => boolean = isAppUrl, shell?: ShellCommands): IpcBridge {
  const windows = new Map<number, { role: WindowRole; detach: () => void }>();

  ipcMain.handle(INVOKE_CHANNEL, async (event, command, arg): Promise<InvokeReply> => {
    const win = windows.get(event.sender.id);
    if (!win) return { ok: false, error: 'IPC from an unknown window was refused' };
    const frame = event.senderFrame;
    // senderFrame is null once the frame navigated away or was destroyed: refuse, never guess
    if (!frame || frame.parent !== null || !isTrustedUrl(frame.url)) {
      return { ok: false, error: 'IPC from a page that is not Myocue was refused' };
    }
    const checked = validateCommand(command, arg);
    if (!checked.ok) return { ok: false, error: checked.error };
    if (win.role === 'viewer' && !VIEWER_COMMANDS.has(checked.command)) {
      return { ok: false, error: `${checked.command}: this is a read-only viewer` };
    }
    try {
      const result =
        shell && checked.command === 'chooseFile'
          ? await shell.chooseFile(event.sender.id)
          : shell && checked.command === 'saveExport'
            ? await shell.saveExport(event.sender.id, checked.arg as Commands['saveExport']['arg'])
            : await api.invoke(checked.command, checked.arg as never);
      return { ok: true, result };
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
  });

  let unencodable = 0;
  /** the frame's bytes, or null (said once) for a frame the codec refuses: skipped, never thrown into the host */
  const encodeOnce = (frame: LiveFrame): Uint8Array | null => {
    try {
      return liveFrameBytes.of(frame);
    } catch (err) {
      if (unencodable++ === 0) console.error(`myocue: a live frame was not sent to the window: ${(err as Error).message}`);
      return null;
    }
  };

  const attach = (webContents: WebContentsLike, role: WindowRole): (() => void) => {
    windows.get(webContents.id)?.detach();
    const offs = EVENT_NAMES.map((event: EventName) =>
      api.subscribe(event, (payload) => {
        if (webContents.isDestroyed()) return;
        const sent = event === 'frame' ? encodeOnce(payload as LiveFrame) : payload;
        if (sent === null) return;
        const message: EventMessage = { event, payload: sent };
        webContents.send(EVENT_CHANNEL, message);
      }),
    );
    let attached = true;
    const detach = () => {
      if (!attached) return;
      attached = false;
      offs.forEach((off) => off());
      if (windows.get(webContents.id)?.detach === detach) windows.delete(webContents.id);
    };
    windows.set(webContents.id, { role, detach });
    webContents.once('destroyed', detach);
    return detach;
  };

  return {
    attach,
    dispose() {
      ipcMain.removeHandler(INVOKE_CHANNEL);
      for (const w of [...windows.values()]) w.detach();
    },
  };
}
