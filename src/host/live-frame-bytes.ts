/**
 * `LiveFrameBytes`: a live frame's bytes in the binary encoding (live-frame-codec.ts), encoded once
 * for everything in this process that sends it: the browser host's binary WebSocket clients
 * (browser-server.ts) and Electron's windows (electron/ipc-bridge.ts). Both use the one
 * `liveFrameBytes` below, so a frame sent to 20 clients and 2 windows is encoded once.
 *
 * A frame is a fresh object per emit, so a WeakMap keyed on it never serves stale bytes, and the
 * bytes go with the frame once nothing holds it.
 */
import type { LiveFrame } from './contract';
import { encodeLiveFrame } from './live-frame-codec';

export class LiveFrameBytes {
  private readonly bytes = new WeakMap<LiveFrame, Uint8Array>();

  constructor(private readonly encode: (frame: LiveFrame) => Uint8Array = encodeLiveFrame) {}

  /**
   * The frame's bytes, encoded on the first ask. A frame the codec refuses throws what the codec
   * throws (a RangeError saying what is wrong) on every ask: nothing is kept for it.
   */
  of(frame: LiveFrame): Uint8Array {
    let bytes = this.bytes.get(frame);
    if (!bytes) this.bytes.set(frame, (bytes = this.encode(frame)));
    return bytes;
  }
}

/** the one cache the transports share */
export const liveFrameBytes = new LiveFrameBytes();
