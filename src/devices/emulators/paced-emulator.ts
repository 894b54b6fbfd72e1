/**
 * What every device emulator shares (`myocue simulate --band …`): a serial device opened at the
 * family's baud rate, commands read from it, and a stream paced by the wall clock: every few ms
 * all frames due since the stream started are generated (the existing sEMG simulator,
 * simulated-emg.ts) and written in one go, like a real board's UART. Frames can be dropped on
 * purpose (`dropEvery`, `dropFraction`) so hosts can be tested for loss counting; a port that does
 * not keep up loses frames too, rather than queueing without bound.
 */
import { SerialPort } from 'serialport';
import { EmgSimulator, resolveSimulatorOptions } from '../simulated-emg';
import type { SimulatorOptions } from '../simulator-options';

export interface EmulatorDropOptions {
  /** drop every Nth frame (0/undefined: none) */
  dropEvery?: number;
  /** drop this fraction of frames at random (seeded) */
  dropFraction?: number;
}

export interface EmulatorOptions extends EmulatorDropOptions {
  path: string;
  /** sEMG content; sampleRateHz and channels are set by the family */
  options?: Partial<SimulatorOptions>;
  onLog?: (line: string) => void;
  /** keep every frame's µV as generated (before quantisation), for tests comparing what arrived */
  keepHistory?: boolean;
}

/** What a host could know was sent: per channel, the sum of squares of the values it encodes (µV or a.u.). */
export interface EmulatorStats {
  framesGenerated: number;
  framesWritten: number;
  framesDropped: number;
  channelCount: number;
  sampleRateHz: number;
  sumSquares: Float64Array;
}

export interface DeviceEmulator {
  readonly stats: EmulatorStats;
  /** with keepHistory: the µV of every frame written (not dropped), channel-interleaved */
  readonly history: number[];
  stop(): Promise<void>;
}

const PUMP_MS = 5;
const MAX_QUEUED_BYTES = 256 * 1024;
const MAX_BACKLOG_S = 1;

/** A family's wire format: what the paced loop calls. */
export interface WireFormat {
  /** bytes for `frames` frames of µV (channel-interleaved); `keep[f]` false = drop frame f (counters still advance) */
  encode(uv: Float64Array, frames: number, keep: Uint8Array, stats: EmulatorStats): Buffer;
}

export class PacedEmulator implements DeviceEmulator {
  readonly stats: EmulatorStats;
  readonly history: number[] = [];
  readonly port: SerialPort;
  private timer: NodeJS.Timeout | null = null;
  private sim: EmgSimulator | null = null;
  private format: WireFormat | null = null;
  private startMs = 0;
  private uv = new Float64Array(0);
  private keep = new Uint8Array(0);
  private stopping = false;
  private rng = 0x2545f491;
  readonly log: (line: string) => void;

  constructor(
    private readonly o: EmulatorOptions,
    baudRate: number,
    onData: (bytes: Buffer) => void,
  ) {
    this.log = o.onLog ?? (() => undefined);
    this.stats = { framesGenerated: 0, framesWritten: 0, framesDropped: 0, channelCount: 0, sampleRateHz: 0, sumSquares: new Float64Array(0) };
    this.port = new SerialPort({ path: o.path, baudRate, autoOpen: false });
    this.port.on('data', (b: Buffer) => {
      try {
        onData(b);
      } catch (err) {
        this.log(`emulator: command handling failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
    this.port.on('error', (err) => this.log(`emulator: port error on ${o.path}: ${err.message}`));
    this.port.on('close', () => this.halt());
  }

  async open(): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      this.port.open((err) => (err ? reject(new Error(`emulator: cannot open ${this.o.path}: ${err.message}`)) : resolve())),
    );
  }

  get streaming(): boolean {
    return this.timer !== null;
  }

  /** (Re)starts the paced stream: a fresh generator at `sampleRateHz` × `channels`. */
  startStream(sampleRateHz: number, channels: number, format: WireFormat): void {
    this.halt();
    const base = resolveSimulatorOptions({ ...(this.o.options ?? {}), channels, sampleRateHz: Math.max(100, sampleRateHz) });
    // the simulator needs ≥ 100 Hz; slower families (BITalino 1/10 Hz) take every k-th frame
    this.sim = new EmgSimulator(base);
    this.format = format;
    this.stats.channelCount = channels;
    this.stats.sampleRateHz = sampleRateHz;
    if (this.stats.sumSquares.length !== channels) this.stats.sumSquares = new Float64Array(channels);
    this.startMs = performance.now();
    this.produced = 0;
    this.timer = setInterval(() => this.pump(), PUMP_MS);
  }
  private produced = 0;

  halt(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sim = null;
  }

  send(data: Buffer | Uint8Array | string): void {
    if (!this.port.isOpen) return;
    this.port.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.from(data), (err) => {
      if (err && !this.stopping) this.log(`emulator: write failed on ${this.o.path}: ${err.message}`);
    });
  }

  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.halt();
    if (!this.port.isOpen) return;
    await new Promise<void>((resolve) => this.port.drain(() => resolve()));
    await new Promise<void>((resolve) => this.port.close(() => resolve()));
  }

  private random(): number {
    // xorshift32: drops are repeatable
    let x = this.rng;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.rng = x >>> 0;
    return this.rng / 4294967296;
  }

  private pump(): void {
    const sim = this.sim;
    const format = this.format;
    if (!sim || !format || !this.port.isOpen) return;
    const rate = this.stats.sampleRateHz;
    const due = Math.floor(((performance.now() - this.startMs) / 1000) * rate) - this.produced;
    if (due <= 0) return;
    const maxBacklog = Math.max(10, Math.ceil(MAX_BACKLOG_S * rate));
    let lostToBacklog = 0;
    if (due > maxBacklog || this.port.writableLength > MAX_QUEUED_BYTES) {
      lostToBacklog = this.port.writableLength > MAX_QUEUED_BYTES ? due : due - maxBacklog;
      this.log(`emulator: ${lostToBacklog} frame(s) lost (port not keeping up or event loop stalled)`);
    }
    const ch = this.stats.channelCount;
    if (this.uv.length < due * ch) this.uv = new Float64Array(due * ch * 2);
    if (this.keep.length < due) this.keep = new Uint8Array(due * 2);
    const every = this.o.dropEvery ?? 0;
    const fraction = this.o.dropFraction ?? 0;
    const uv = this.uv.subarray(0, due * ch);
    sim.fill(uv, due);
    for (let f = 0; f < due; f++) {
      const n = this.produced + f + 1;
      const drop = f < lostToBacklog || (every > 0 && n % every === 0) || (fraction > 0 && this.random() < fraction);
      this.keep[f] = drop ? 0 : 1;
    }
    this.produced += due;
    this.stats.framesGenerated += due;
    if (this.o.keepHistory) {
      for (let f = 0; f < due; f++) if (this.keep[f]) for (let c = 0; c < ch; c++) this.history.push(uv[f * ch + c]);
    }
    const bytes = format.encode(uv, due, this.keep, this.stats);
    if (bytes.length) this.send(bytes);
  }
}
