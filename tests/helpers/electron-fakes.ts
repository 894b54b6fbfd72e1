/**
 * Fakes of the Electron main process's parts the IPC bridge uses (electron/ipc-bridge.ts), for
 * unit tests that drive it without Electron, and a small live frame to send through it.
 */
import type { InvokeEventLike, IpcMainLike, WebContentsLike } from '../../electron/ipc-bridge';
import { INVOKE_CHANNEL } from '../../electron/ipc-channels';
import type { LiveFrame } from '../../src/host/contract';

/** a small real frame: 2 channels × 3 points, values exact in Float32 */
export const smallLiveFrame = (seq: number): LiveFrame => ({
  seq,
  t0: 0.25 * seq,
  displayRateHz: 500,
  channelCount: 2,
  pointCount: 3,
  raw: [[1.5, -2.25, 3], [0, 0.5, -0.125]],
  envelope: [[4, 5, 6], [7, 8.5, 9.75]],
  receivedAtMs: 1000 + seq,
});

type Handler = (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>;

export class FakeIpcMain implements IpcMainLike {
  handlers = new Map<string, Handler>();
  handle(channel: string, listener: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What Electron does on ipcRenderer.invoke from `sender` in a frame at `url`. */
  invoke(sender: FakeWebContents, url: string | null, ...args: unknown[]): Promise<unknown> {
    const h = this.handlers.get(INVOKE_CHANNEL);
    if (!h) throw new Error('no handler');
    return h({ sender: { id: sender.id }, senderFrame: url === null ? null : { url, parent: null } }, ...args);
  }
}

export class FakeWebContents implements WebContentsLike {
  sent: { channel: string; args: unknown[] }[] = [];
  destroyed = false;
  private onDestroyed: (() => void)[] = [];
  constructor(readonly id: number) {}
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('send after destroy');
    this.sent.push({ channel, args });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  once(_event: 'destroyed', listener: () => void): this {
    this.onDestroyed.push(listener);
    return this;
  }
  destroy(): void {
    this.destroyed = true;
    this.onDestroyed.splice(0).forEach((l) => l());
  }
}
