/**
 * The simulated band speaking the real wire protocol (firmware-protocol/PROTOCOL.md) on a serial
 * device, e.g. one end of a socat pty pair. Used by `myocue simulate --out PATH`, the integration
 * tests and the latency bench: the host cannot tell it from the firmware.
 *
 * Like the firmware it waits for START (unless `autostart`), then sends its header and data lines
 * paced by the wall clock: every few ms it sends all lines due since START, in one write. Like a
 * band whose transmit buffer overflows, it drops lines (the host sees the sequence jump) when the
 * port does not keep up, rather than queueing without bound.
 */
import { SerialPort } from 'serialport';
import { ReadlineParser } from '@serialport/parser-readline';
import { decodeCommand, encodeDataLine, encodeHeaderLine, type BandCommand, type BandHeader } from '../../firmware-protocol/codec';
import { COUNT_MAX, COUNT_MIN } from '../../firmware-protocol/base64url-24';
import { EmgSimulator, resolveSimulatorOptions } from './simulated-emg';
import { BAND_MICROVOLTS_PER_COUNT } from './simulated-band';
import type { SimulatorOptions } from './simulator-options';

export interface BandEmulatorOptions {
  path: string;
  /** default 921600 (what the real band uses) */
  baudRate?: number;
  options?: Partial<SimulatorOptions>;
  /** start streaming at once, without waiting for START */
  autostart?: boolean;
  onLog?: (line: string) => void;
  /** called for every data line handed to the port; atMs is performance.now() */
  onLineWritten?: (firstSampleIndex: number, frames: number, atMs: number) => void;
}

export interface BandEmulator {
  stop(): Promise<void>;
  /** data lines written since the emulator started */
  readonly linesWritten: number;
}

export const EMULATOR_DEVICE_ID = 'myocue-emulator';
export const EMULATOR_FIRMWARE = 'myocue-sim 1';
/** pacing timer, ms: short enough that a 10-frame line at 2000 Hz (5 ms) leaves within a tick or two */
const PUMP_MS = 5;
/** more unsent output than this and new lines are dropped, like a full UART buffer */
const MAX_QUEUED_BYTES = 64 * 1024;
/** after an event-loop stall, at most this much backlog is sent; older lines are dropped */
const MAX_BACKLOG_S = 1;

/** Frames per line: about 200 lines/s (≤ 5 ms of latency per line), 1..10 frames. */
export function samplesPerLineFor(sampleRateHz: number): number {
  return Math.max(1, Math.min(10, Math.round(sampleRateHz / 200)));
}

export async function startBandEmulator(o: BandEmulatorOptions): Promise<BandEmulator> {
  const emulator = new SerialBandEmulator(o);
  await emulator.open();
  return emulator;
}

class SerialBandEmulator implements BandEmulator {
  private readonly sim: SimulatorOptions;
  private readonly baudRate: number;
  private readonly log: (line: string) => void;
  private readonly port: SerialPort;
  private sampleRateHz: number;
  private stopping = false;
  private written = 0;
  // the stream since the last START (or RATE while streaming)
  private timer: NodeJS.Timeout | null = null;
  private generator: EmgSimulator | null = null;
  private header: BandHeader | null = null;
  private streamStartMs = 0;
  private linesProduced = 0;
  private microvolts = new Float64Array(0);
  private counts = new Int32Array(0);

  constructor(private readonly o: BandEmulatorOptions) {
    this.sim = resolveSimulatorOptions(o.options ?? {});
    this.sampleRateHz = this.sim.sampleRateHz;
    this.baudRate = o.baudRate ?? 921_600;
    this.log = o.onLog ?? (() => undefined);
    this.port = new SerialPort({ path: o.path, baudRate: this.baudRate, autoOpen: false });
  }

  get linesWritten(): number {
    return this.written;
  }

  async open(): Promise<void> {
    const port = this.port;
    await new Promise<void>((resolve, reject) =>
      port.open((err) => (err ? reject(new Error(`band emulator: cannot open ${this.o.path}: ${err.message}`)) : resolve())),
    );
    const lines = port.pipe(new ReadlineParser({ delimiter: '\n', encoding: 'latin1' }));
    lines.on('data', (line: string) => this.onCommandLine(line));
    port.on('error', (err) => this.log(`band emulator: port error on ${this.o.path}: ${err.message}`));
    port.on('close', (err?: Error | null) => {
      this.haltStream();
      if (!this.stopping) this.log(`band emulator: ${this.o.path} closed under us${err ? ` (${err.message})` : ''}; streaming stopped`);
    });
    if (this.o.autostart) this.startStream();
  }

  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.haltStream();
    if (!this.port.isOpen) return;
    await new Promise<void>((resolve) => this.port.close(() => resolve()));
  }

  // ---- commands -----------------------------------------------------------------------------

  private onCommandLine(line: string): void {
    const command = decodeCommand(line);
    if (!command) {
      const shown = line.replace(/[^\x20-\x7e]/g, '?').trim().slice(0, 40);
      if (shown) this.send(`#ERR unknown command: ${shown}\n`);
      return;
    }
    this.onCommand(command);
  }

  private onCommand(c: BandCommand): void {
    switch (c.type) {
      case 'start':
        // START always (re)starts: the host gets a header and a stream from sample 0
        this.startStream();
        break;
      case 'stop':
        this.haltStream();
        this.send('#OK stop\n');
        break;
      case 'identify':
        this.send(encodeHeaderLine(this.currentHeader()));
        break;
      case 'rate': {
        if (c.hz < 100 || c.hz > 20000) {
          this.send(`#ERR rate ${c.hz} Hz out of range (100 to 20000)\n`);
          break;
        }
        this.sampleRateHz = c.hz;
        this.send(`#OK rate ${c.hz}\n`);
        if (this.timer) this.startStream();
        else this.send(encodeHeaderLine(this.currentHeader()));
        break;
      }
    }
  }

  // ---- streaming ----------------------------------------------------------------------------

  private currentHeader(): BandHeader {
    return {
      protocolVersion: 1,
      deviceId: EMULATOR_DEVICE_ID,
      firmware: EMULATOR_FIRMWARE,
      sampleRateHz: this.sampleRateHz,
      channelCount: this.sim.channels,
      adcBits: 24,
      microvoltsPerCount: BAND_MICROVOLTS_PER_COUNT,
      samplesPerLine: samplesPerLineFor(this.sampleRateHz),
    };
  }

  private startStream(): void {
    this.haltStream();
    if (!this.port.isOpen) return;
    const header = this.currentHeader();
    this.header = header;
    this.generator = new EmgSimulator({ ...this.sim, sampleRateHz: header.sampleRateHz });
    const samples = header.samplesPerLine * header.channelCount;
    this.microvolts = new Float64Array(samples);
    this.counts = new Int32Array(samples);
    this.linesProduced = 0;
    const bytesPerLine = 11 + 4 * samples;
    const linkBytesPerS = this.baudRate / 10; // 8N1: 10 bits per byte
    const needBytesPerS = (bytesPerLine * header.sampleRateHz) / header.samplesPerLine;
    if (needBytesPerS > linkBytesPerS) {
      this.log(
        `band emulator: ${header.channelCount} ch at ${header.sampleRateHz} Hz needs ${(needBytesPerS / 1000).toFixed(1)} kB/s, ` +
          `more than ${this.baudRate} baud carries (${(linkBytesPerS / 1000).toFixed(1)} kB/s); a real band would lose lines`,
      );
    }
    this.send(encodeHeaderLine(header));
    this.streamStartMs = performance.now();
    this.timer = setInterval(() => this.pump(), PUMP_MS);
  }

  private haltStream(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.generator = null;
  }

  /** Sends every line due by now, in one write. */
  private pump(): void {
    const gen = this.generator;
    const h = this.header;
    if (!gen || !h || !this.port.isOpen) return;
    const now = performance.now();
    const spl = h.samplesPerLine;
    const linesPerS = h.sampleRateHz / spl;
    let due = Math.floor(((now - this.streamStartMs) / 1000) * linesPerS) - this.linesProduced;
    if (due <= 0) return;
    const maxBacklog = Math.max(10, Math.ceil(MAX_BACKLOG_S * linesPerS));
    let dropped = 0;
    if (due > maxBacklog) {
      dropped = due - maxBacklog;
      due = maxBacklog;
    }
    if (this.port.writableLength > MAX_QUEUED_BYTES) {
      dropped += due;
      due = 0;
    }
    // dropped lines still pass through the generator and the counter: the host sees the hole
    for (let i = 0; i < dropped; i++) {
      gen.fill(this.microvolts, spl);
      this.linesProduced++;
    }
    if (dropped > 0) this.log(`band emulator: dropped ${dropped} line(s) (port not keeping up or event loop stalled)`);
    if (due === 0) return;

    const upc = h.microvoltsPerCount;
    const uv = this.microvolts;
    const counts = this.counts;
    let batch = '';
    const firstLine = this.linesProduced;
    for (let i = 0; i < due; i++) {
      gen.fill(uv, spl);
      for (let k = 0; k < uv.length; k++) {
        // divide (not multiply by the reciprocal): bit-identical to the offline Math.round(µV / µVperCount)
        const c = Math.round(uv[k] / upc);
        counts[k] = c < COUNT_MIN ? COUNT_MIN : c > COUNT_MAX ? COUNT_MAX : c;
      }
      batch += encodeDataLine(this.linesProduced & 0xffff, counts, h.channelCount, spl);
      this.linesProduced++;
    }
    const atMs = performance.now();
    this.send(batch);
    this.written += due;
    const onLine = this.o.onLineWritten;
    if (onLine) for (let i = 0; i < due; i++) onLine((firstLine + i) * spl, spl, atMs);
  }

  private send(text: string): void {
    if (!this.port.isOpen) return;
    this.port.write(text, 'latin1', (err) => {
      if (err && !this.stopping) this.log(`band emulator: write failed on ${this.o.path}: ${err.message}`);
    });
  }
}
