/**
 * What every device family's decoder has in common (node-serialport's transform idea, kept pure):
 * bytes in, typed events out, never a throw. The serial source (src/devices/serial-device.ts)
 * turns these events into SampleSource events; unit tests feed bytes directly.
 *
 * Units: samples are µV at the electrodes where the family gives a physical scale, otherwise the
 * unit the decoder's StreamInfo names (`unit`: 'a.u.' for the SpikerShield, 'ADC counts' for a
 * text stream without a scale preset).
 */
import type { LinkCounters, StreamInfo } from '../sample-source';

/** The device families Myocue speaks. */
export const BAND_FAMILIES = ['myocue', 'cyton', 'arduino', 'bitalino', 'spiker'] as const;
export type BandFamily = (typeof BAND_FAMILIES)[number];
/** what a user picks: a family, or 'auto' to detect it on the port */
export type BandChoice = BandFamily | 'auto';

/** Human names, for messages and the device picker. */
export const FAMILY_LABEL: Record<BandFamily, string> = {
  myocue: 'Myocue band',
  cyton: 'OpenBCI Cyton',
  arduino: 'Arduino / ESP32 text stream',
  bitalino: 'BITalino (r)evolution',
  spiker: 'Backyard Brains SpikerShield',
};

export type FamilyEvent =
  /** the stream's shape; sent before the first samples and again whenever it changes */
  | { type: 'info'; info: StreamInfo }
  /** consecutive frames, channel-interleaved, contiguous with the previous samples unless a 'lost' came between */
  | { type: 'samples'; samples: Float64Array; frames: number }
  /** frames known to be missing before the next samples (from a sequence counter or a rate × time estimate) */
  | { type: 'lost'; frames: number }
  /** a plain sentence for the user: a warning (too slow for EMG) or an error (board is off) */
  | { type: 'notice'; level: 'info' | 'warning' | 'error'; text: string };

export interface FamilyDecoder {
  /** linesOk = packets/lines/frames accepted, linesLost, linesCorrupt, bytesDiscarded, gaps, samplesMissing */
  readonly counters: LinkCounters;
  /** Bytes as they came from the port, and when (ms, any monotonic clock). Never throws. */
  push(bytes: Uint8Array, atMs: number): FamilyEvent[];
  /** After a reconnect: forget partial frames and sequence expectations (the caller marks the gap). */
  resync(): void;
}

/**
 * Collects decoded frames of one push() into a reusable typed buffer and hands them out as one
 * 'samples' event per contiguous run (no per-sample allocation on the hot path).
 */
export class FrameCollector {
  private buf: Float64Array;
  private frames = 0;
  constructor(private channels: number, initialFrames = 256) {
    this.buf = new Float64Array(channels * initialFrames);
  }

  get channelCount(): number {
    return this.channels;
  }

  /** Changes the channel count (drops anything not yet flushed: call flush first). */
  reshape(channels: number): void {
    this.channels = channels;
    this.frames = 0;
    if (this.buf.length < channels * 64) this.buf = new Float64Array(channels * 256);
  }

  /** Reserves one frame and returns its offset in `data`: write `data[offset + c]` for every channel. */
  reserveFrame(): number {
    const need = (this.frames + 1) * this.channels;
    if (need > this.buf.length) {
      const grown = new Float64Array(Math.max(need, this.buf.length * 2));
      grown.set(this.buf.subarray(0, this.frames * this.channels));
      this.buf = grown;
    }
    const offset = this.frames * this.channels;
    this.frames++;
    return offset;
  }

  /** The buffer reserveFrame() offsets point into (valid until the next reserveFrame()). */
  get data(): Float64Array {
    return this.buf;
  }

  /** Frames collected and not yet flushed. */
  get pendingFrames(): number {
    return this.frames;
  }

  /** Moves what was collected into `events` as one 'samples' event. */
  flush(events: FamilyEvent[]): void {
    if (this.frames === 0) return;
    events.push({ type: 'samples', samples: this.buf.slice(0, this.frames * this.channels), frames: this.frames });
    this.frames = 0;
  }
}
