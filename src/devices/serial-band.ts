/**
 * The Myocue band on a serial port (USB CDC or a UART bridge), speaking firmware-protocol/PROTOCOL.md.
 *
 * open port → ReadlineParser (one protocol line per event) → BandStreamDecoder (header, checksum,
 * sequence counter) → µV blocks to the host. The port is watched: if it closes or errors (band
 * unplugged, cable pulled, pty gone) we report it, retry with backoff, resume when the port comes
 * back, and mark the hole in the stream as a 'gap' with its length, so nothing is lost silently.
 */
import { SerialPort } from 'serialport';
import { ReadlineParser } from '@serialport/parser-readline';
import {
  emptyCounters,
  SourceEmitter,
  type LinkCounters,
  type SampleSource,
  type SourceListener,
  type StreamInfo,
} from './sample-source';
import { BandStreamDecoder, encodeCommand, type BandHeader } from '../../firmware-protocol/codec';
import type { DeviceListing } from '../host/contract';
import { portListingMessage } from './port-listing-message';

export interface SerialBandOptions {
  path: string;
  /** default 921600: 8 ch × 2000 Hz needs it (link budget in PROTOCOL.md) */
  baudRate?: number;
  /** how long to wait for the band's header after START, ms (default 3000) */
  headerTimeoutMs?: number;
  /** no line for this long while streaming = stalled link, ms (default 2000) */
  stallTimeoutMs?: number;
  /** reconnect backoff: first and maximum delay, ms (defaults 250 and 4000) */
  retryInitialMs?: number;
  retryMaxMs?: number;
}

export const DEFAULT_BAUD_RATE = 921_600;

export class SerialBand implements SampleSource {
  readonly kind = 'serial' as const;
  private readonly emitter = new SourceEmitter();
  private readonly opts: Required<SerialBandOptions>;
  private port: SerialPort | null = null;
  private decoder = new BandStreamDecoder();
  private header: BandHeader | null = null;
  private stopping = false;
  private retryDelayMs: number;
  private retryTimer: NodeJS.Timeout | null = null;
  private headerTimer: NodeJS.Timeout | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private lastLineAtMs = 0;
  /** wall-clock ms when the link dropped; null while connected */
  private disconnectedAtMs: number | null = null;
  /** extra counters kept here (disconnect gaps), added to the decoder's */
  private disconnectGaps = 0;
  private disconnectSamplesMissing = 0;
  /** stream index of the next sample (continues across reconnects) */
  private nextSampleIndex = 0;
  private pendingBlocks: { microvolts: Float64Array; frames: number; firstSampleIndex: number }[] = [];
  private flushScheduled = false;

  constructor(options: SerialBandOptions) {
    this.opts = {
      baudRate: DEFAULT_BAUD_RATE,
      headerTimeoutMs: 3000,
      stallTimeoutMs: 2000,
      retryInitialMs: 250,
      retryMaxMs: 4000,
      // an option given as undefined keeps its default
      ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
    } as Required<SerialBandOptions>;
    this.retryDelayMs = this.opts.retryInitialMs;
  }

  on(listener: SourceListener): () => void {
    return this.emitter.on(listener);
  }

  async start(): Promise<void> {
    this.stopping = false;
    this.emitter.emit({ type: 'state', state: 'connecting', message: `Opening ${this.opts.path} at ${this.opts.baudRate} baud` });
    await this.openPort();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.clearTimers();
    const port = this.port;
    this.port = null;
    if (port && port.isOpen) {
      await writeWithTimeout(port, encodeCommand({ type: 'stop' }), 200).catch(() => undefined);
      await new Promise<void>((resolve) => port.close(() => resolve()));
    }
    this.emitter.emit({ type: 'state', state: 'idle', message: 'Disconnected' });
  }

  counters(): LinkCounters {
    const c = this.decoder.counters;
    return {
      ...c,
      gaps: c.gaps + this.disconnectGaps,
      samplesMissing: c.samplesMissing + this.disconnectSamplesMissing,
    };
  }

  // ---- opening and reconnecting -------------------------------------------------------------

  private async openPort(): Promise<void> {
    const port = new SerialPort({ path: this.opts.path, baudRate: this.opts.baudRate, autoOpen: false });
    try {
      await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    } catch (err) {
      this.onOpenFailed(err);
      return;
    }
    if (this.stopping) {
      port.close();
      return;
    }
    this.port = port;
    this.retryDelayMs = this.opts.retryInitialMs;
    const parser = port.pipe(new ReadlineParser({ delimiter: '\n', encoding: 'latin1' }));
    parser.on('data', (line: string) => this.onLine(line));
    port.on('close', (err?: Error & { disconnected?: boolean }) => this.onPortLost(port, err));
    port.on('error', (err) => this.onPortLost(port, err));
    this.lastLineAtMs = Date.now();
    // a fresh START makes the band send its header (it may have been streaming already)
    await writeWithTimeout(port, encodeCommand({ type: 'start' }), 1000).catch((err) => this.onPortLost(port, err));
    this.armHeaderTimeout(port);
    this.armWatchdog(port);
  }

  private onOpenFailed(err: unknown): void {
    if (this.stopping) return;
    const message = explainOpenError(this.opts.path, err);
    const reconnecting = this.disconnectedAtMs !== null;
    this.emitter.emit({
      type: 'state',
      state: reconnecting ? 'reconnecting' : 'error',
      message: `${message} Retrying in ${(this.retryDelayMs / 1000).toFixed(1)} s.`,
    });
    if (!reconnecting) this.disconnectedAtMs = null;
    this.scheduleRetry();
  }

  private onPortLost(port: SerialPort, err?: Error | null): void {
    if (port !== this.port || this.stopping) return;
    this.port = null;
    this.clearTimers();
    if (port.isOpen) port.close(() => undefined);
    this.flushPending();
    this.disconnectedAtMs ??= Date.now();
    const why = err?.message ? ` (${err.message})` : '';
    this.emitter.emit({
      type: 'state',
      state: 'reconnecting',
      message: `Band on ${this.opts.path} disconnected${why}. Recorded data is kept; reconnecting…`,
    });
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.stopping || this.retryTimer) return;
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, this.opts.retryMaxMs);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.openPort();
    }, delay);
  }

  private armHeaderTimeout(port: SerialPort): void {
    if (this.headerTimer) clearTimeout(this.headerTimer);
    const sentAt = Date.now();
    this.headerTimer = setTimeout(() => {
      this.headerTimer = null;
      if (port !== this.port || this.headerSeenSinceOpen) return;
      this.emitter.emit({
        type: 'state',
        state: 'error',
        message:
          `No header from ${this.opts.path} within ${((Date.now() - sentAt) / 1000).toFixed(1)} s after START: ` +
          `is this a Myocue band (firmware-protocol/PROTOCOL.md) at ${this.opts.baudRate} baud? Still listening.`,
      });
      // ask once more: the band may have been busy booting
      void writeWithTimeout(port, encodeCommand({ type: 'identify' }), 500).catch(() => undefined);
    }, this.opts.headerTimeoutMs);
    this.headerSeenSinceOpen = false;
  }
  private headerSeenSinceOpen = false;

  private armWatchdog(port: SerialPort): void {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = setInterval(() => {
      if (port !== this.port || !this.headerSeenSinceOpen) return;
      const silentMs = Date.now() - this.lastLineAtMs;
      if (silentMs > this.opts.stallTimeoutMs) {
        // the OS may not notice an unplugged USB bridge until a write: treat silence as a loss
        this.onPortLost(port, new Error(`no data for ${(silentMs / 1000).toFixed(1)} s`));
      }
    }, Math.max(100, this.opts.stallTimeoutMs / 4));
  }

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.headerTimer) clearTimeout(this.headerTimer);
    if (this.watchdog) clearInterval(this.watchdog);
    this.retryTimer = this.headerTimer = this.watchdog = null;
  }

  // ---- lines --------------------------------------------------------------------------------

  private onLine(line: string): void {
    this.lastLineAtMs = Date.now();
    for (const ev of this.decoder.push(line)) {
      switch (ev.type) {
        case 'header':
          this.onHeader(ev.header);
          break;
        case 'samples':
          this.pendingBlocks.push({ microvolts: ev.microvolts, frames: ev.frames, firstSampleIndex: ev.firstSampleIndex });
          this.nextSampleIndex = ev.firstSampleIndex + ev.frames;
          this.scheduleFlush();
          break;
        case 'gap':
          this.flushPending();
          this.emitter.emit({
            type: 'gap',
            firstSampleIndex: ev.firstSampleIndex,
            missingSamples: ev.missingSamples,
            durationMs: this.header ? (ev.missingSamples / this.header.sampleRateHz) * 1000 : 0,
            reason: 'lost-lines',
          });
          break;
        case 'reply':
          if (ev.text.startsWith('#ERR')) {
            this.emitter.emit({ type: 'state', state: 'error', message: `Band says: ${ev.text.slice(1)}` });
          }
          break;
        case 'corrupt':
          break;
      }
    }
    this.scheduleFlush();
  }

  private onHeader(h: BandHeader): void {
    this.headerSeenSinceOpen = true;
    if (this.headerTimer) {
      clearTimeout(this.headerTimer);
      this.headerTimer = null;
    }
    const changed =
      !this.header ||
      this.header.sampleRateHz !== h.sampleRateHz ||
      this.header.channelCount !== h.channelCount ||
      this.header.microvoltsPerCount !== h.microvoltsPerCount;
    if (this.disconnectedAtMs !== null && this.header && !changed) {
      // back after an unplug: the hole is as long as we were away
      const durationMs = Date.now() - this.disconnectedAtMs;
      const missing = Math.max(0, Math.round((durationMs / 1000) * h.sampleRateHz));
      this.disconnectGaps++;
      this.disconnectSamplesMissing += missing;
      this.emitter.emit({
        type: 'gap',
        firstSampleIndex: this.nextSampleIndex,
        missingSamples: missing,
        durationMs,
        reason: 'disconnect',
      });
      this.nextSampleIndex += missing;
    }
    this.decoder.resumeAt(this.nextSampleIndex);
    this.disconnectedAtMs = null;
    this.header = h;
    if (changed) {
      const info: StreamInfo = {
        deviceId: h.deviceId,
        firmware: h.firmware,
        sampleRateHz: h.sampleRateHz,
        channelCount: h.channelCount,
        adcBits: h.adcBits,
        microvoltsPerCount: h.microvoltsPerCount,
        channelLabels: Array.from({ length: h.channelCount }, (_, i) => `ch${i + 1}`),
      };
      this.emitter.emit({ type: 'info', info });
    }
    this.emitter.emit({
      type: 'state',
      state: 'streaming',
      message: `${h.deviceId} (firmware ${h.firmware}): ${h.channelCount} ch at ${h.sampleRateHz} Hz`,
    });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.pendingBlocks.length === 0) return;
    this.flushScheduled = true;
    // all lines of one chunk from the port arrive synchronously: send them as one block
    setImmediate(() => this.flushPending());
  }

  /** Joins the decoded lines received since the last flush into one SampleBlock. */
  private flushPending(): void {
    this.flushScheduled = false;
    const blocks = this.pendingBlocks;
    if (blocks.length === 0 || !this.header) {
      this.pendingBlocks = [];
      return;
    }
    this.pendingBlocks = [];
    const ch = this.header.channelCount;
    // split at any discontinuity so every block is contiguous
    let start = 0;
    while (start < blocks.length) {
      let end = start + 1;
      while (end < blocks.length && blocks[end].firstSampleIndex === blocks[end - 1].firstSampleIndex + blocks[end - 1].frames) end++;
      let frames = 0;
      for (let i = start; i < end; i++) frames += blocks[i].frames;
      const samples = new Float64Array(frames * ch);
      let off = 0;
      for (let i = start; i < end; i++) {
        samples.set(blocks[i].microvolts, off);
        off += blocks[i].microvolts.length;
      }
      this.emitter.emit({
        type: 'samples',
        block: { samples, frameCount: frames, channelCount: ch, firstSampleIndex: blocks[start].firstSampleIndex, receivedAtMs: performance.now() },
      });
      start = end;
    }
    this.emitter.emit({ type: 'counters', counters: this.counters() });
  }
}

/** Turns an open() failure into advice a lifter can act on. */
export function explainOpenError(path: string, err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const msg = e?.message ?? String(err);
  if (/EACCES|Permission denied/i.test(msg)) {
    return `Cannot open ${path}: permission denied. On Linux add yourself to the 'dialout' group (sudo usermod -aG dialout $USER, then log in again).`;
  }
  if (/EBUSY|Resource busy|Cannot lock/i.test(msg)) {
    return `Cannot open ${path}: the port is busy. Another program has it open (on Linux ModemManager grabs new /dev/ttyACM* ports for ~10 s after plug-in).`;
  }
  if (/ENOENT|No such file|File not found/i.test(msg)) {
    return `Cannot open ${path}: no such port. Is the band plugged in? Check the path with \`myocue devices\`.`;
  }
  return `Cannot open ${path}: ${msg}.`;
}

/** Lists serial ports; never rejects (SerialPort.list() rejects where udev is missing). */
export async function listSerialPorts(): Promise<DeviceListing> {
  try {
    const ports = await SerialPort.list();
    return {
      ports: ports.map((p) => ({
        path: p.path,
        manufacturer: p.manufacturer,
        vendorId: p.vendorId,
        productId: p.productId,
        serialNumber: p.serialNumber,
      })),
    };
  } catch (err) {
    return {
      ports: [],
      error: portListingMessage(err),
    };
  }
}

/** port.write + drain with a timeout: drain can hang on some platforms (ENGINEERING.md). */
function writeWithTimeout(port: SerialPort, data: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`write timed out after ${timeoutMs} ms`)), timeoutMs);
    port.write(data, 'latin1', (err) => {
      clearTimeout(timer);
      if (err) reject(err);
      else resolve();
    });
  });
}

export { emptyCounters };
