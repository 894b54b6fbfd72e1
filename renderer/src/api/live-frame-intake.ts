/**
 * Where a binary live frame enters the page, whichever transport brought it: the browser host's
 * WebSocket (an ArrayBuffer per message) or Electron's IPC (a Uint8Array, structured-cloned from
 * the main process through the preload). Both carry the same encoding (src/host/live-frame-codec.ts),
 * so both get the same check and the same answer to a bad message: dropped, counted, said once.
 * The display skips that frame and the page keeps running; garbage never reaches the charts.
 */
import type { LiveFrame } from '../../../src/host/contract';
import { decodeLiveFrame } from '../../../src/host/live-frame-codec';

/** How many binary messages were not a live frame, and what was wrong with the last one. */
export interface RejectedFrames {
  count: number;
  lastError: string | null;
}

export interface LiveFrameIntake {
  readonly rejected: RejectedFrames;
  /** the decoded frame (sample arrays are views on `data`), or null when `data` was dropped */
  take(data: unknown): LiveFrame | null;
}

export function createLiveFrameIntake(transport: string): LiveFrameIntake {
  const rejected: RejectedFrames = { count: 0, lastError: null };
  return {
    rejected,
    take(data) {
      try {
        if (!(data instanceof ArrayBuffer) && !(data instanceof Uint8Array)) {
          throw new Error('live frame: a binary message that is not an ArrayBuffer or a Uint8Array');
        }
        return decodeLiveFrame(data);
      } catch (err) {
        rejected.count++;
        rejected.lastError = (err as Error).message;
        // said once, not per message (a bad stream would flood the console at 30 frames/s)
        if (rejected.count === 1) console.warn(`Myocue (${transport}): a live frame from the host was dropped: ${rejected.lastError}`);
        return null;
      }
    },
  };
}
