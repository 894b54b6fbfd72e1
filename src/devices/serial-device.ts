/**
 * Any supported EMG device on a serial port: the Myocue band, an OpenBCI Cyton (+ Daisy) dongle,
 * an Arduino text stream, a BITalino, a Backyard Brains SpikerShield. One source, the family
 * plugged in as a driver (handshake) and a decoder (families/*):
 *
 *   open port → [detect the family] → driver handshake → bytes → family decoder → µV blocks
 *
 * The link is watched as for the band: a closed port, an error or silence is a disconnect,
 * reported, retried with backoff and resumed; the hole is marked as a 'gap' from the last sample
 * received to the first new one (so recorded time + gaps = wall time), lost packets the decoder
 * finds are gaps too, and the counters go on across reconnects.
 */
import { statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { SerialPort } from 'serialport';
import {
  emptyCounters,
  SourceEmitter,
  type LinkCounters,
  type SampleSource,
  type SourceListener,
  type SourceState,
  type StreamInfo,
} from './sample-source';
import { FAMILY_LABEL, type BandChoice, type BandFamily, type FamilyDecoder, type FamilyEvent } from './families/family-decoder';
import { createDriver, type FamilyDriver, type FamilySettings, type LinkIO } from './families/family-driver';
import { describeBytes, detectFamily, type Detection } from './families/family-detect';

export type { BandChoice };

export interface SerialDeviceOptions {
  path: string;
  /** the family, or 'auto' to detect it (default 'auto') */
  band?: BandChoice;
  /** overrides the family's baud rate */
  baudRate?: number;
  settings?: FamilySettings;
  /** no byte for this long while streaming = a lost link, ms (default 2000; slow text streams get 3 s more) */
  stallTimeoutMs?: number;
  /** no samples this long after the handshake: say so (and poke the device), ms (default 3000) */
  firstDataTimeoutMs?: number;
  retryInitialMs?: number;
  retryMaxMs?: number;
  /** listening phase of the detection, ms (default 1200) */
  listenMs?: number;
}

/** Bytes kept for detection and for the "got N bytes that look like …" message. */
const LOG_BYTES = 16 * 1024;
const TEXT_CHARS = 8192;

export class SerialDevice implements SampleSource {
  readonly kind = 'serial' as const;
  private readonly emitter = new SourceEmitter();
  private readonly o: Required<Omit<SerialDeviceOptions, 'baudRate' | 'settings'>> & Pick<SerialDeviceOptions, 'baudRate' | 'settings'>;
  private port: SerialPort | null = null;
  private family: BandFamily | null;
  private driver: FamilyDriver | null = null;
  private decoder: FamilyDecoder | null = null;
  /** counters of the decoders before the current one (a new decoder per connection) */
  private previous: LinkCounters = emptyCounters();
  private disconnectGaps = 0;
  private disconnectSamplesMissing = 0;
  private info: StreamInfo | null = null;
  private nextSampleIndex = 0;
  private stopping = false;
  private retryDelayMs: number;
  private retryTimer: NodeJS.Timeout | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private lastByteAtMs = 0;
  /** wall-clock ms of the last sample received (for disconnect gaps), null before the first */
  private lastSampleWallMs: number | null = null;
  /** set after a disconnect: the next samples close the gap */
  private awaitingResume = false;
  private streamStartedAtMs = 0;
  private noDataReported = false;
  /** when the device was last asked again to send data (no data since START), wall ms */
  private lastNoDataPokeMs = 0;
  private handshaking = false;
  private log = new Uint8Array(LOG_BYTES);
  private logLength = 0;
  private text = '';
  private textWaiters = new Set<() => void>();
  private detection: Detection | null = null;

  constructor(options: SerialDeviceOptions) {
    const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    this.o = {
      band: 'auto',
      stallTimeoutMs: 2000,
      firstDataTimeoutMs: 3000,
      retryInitialMs: 250,
      retryMaxMs: 4000,
      listenMs: 1200,
      ...defined,
    } as SerialDevice['o'];
    this.family = this.o.band === 'auto' ? null : this.o.band;
    this.retryDelayMs = this.o.retryInitialMs;
  }

  /** The family in use (null until detected). */
  get detectedFamily(): BandFamily | null {
    return this.family;
  }
  get lastDetection(): Detection | null {
    return this.detection;
  }

  on(listener: SourceListener): () => void {
    return this.emitter.on(listener);
  }

  async start(): Promise<void> {
    this.stopping = false;
    const what = this.family ? FAMILY_LABEL[this.family] : 'an EMG device (detecting the family)';
    this.state('connecting', `Opening ${this.o.path} for ${what}`);
    await this.openPort();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.clearTimers();
    const port = this.port;
    this.port = null;
    if (port && port.isOpen) {
      if (this.driver) await withTimeout(this.driver.stop(this.io(port)), 300).catch(() => undefined);
      await new Promise<void>((resolve) => port.close(() => resolve()));
    }
    for (const w of this.textWaiters) w();
    this.state('idle', 'Disconnected');
  }

  counters(): LinkCounters {
    const c = this.decoder?.counters ?? emptyCounters();
    const p = this.previous;
    return {
      linesOk: p.linesOk + c.linesOk,
      linesLost: p.linesLost + c.linesLost,
      linesCorrupt: p.linesCorrupt + c.linesCorrupt,
      bytesDiscarded: p.bytesDiscarded + c.bytesDiscarded,
      gaps: p.gaps + c.gaps + this.disconnectGaps,
      samplesMissing: p.samplesMissing + c.samplesMissing + this.disconnectSamplesMissing,
      linesDuplicate: (p.linesDuplicate ?? 0) + (c.linesDuplicate ?? 0),
    };
  }

  private state(state: SourceState, message?: string): void {
    this.emitter.emit({ type: 'state', state, ...(message !== undefined ? { message } : {}) });
  }

  // ---- the port ---------------------------------------------------------------------------

  private async openPort(): Promise<void> {
    let baudRate: number;
    try {
      baudRate = this.o.baudRate ?? (this.family ? createDriver(this.family, this.o.settings).baudRate : 115_200);
    } catch (err) {
      this.state('error', err instanceof Error ? err.message : String(err)); // a setting that cannot work: no retry
      return;
    }
    const notPort = notASerialPort(this.o.path);
    if (notPort) {
      this.state('error', notPort);
      return; // a file will not turn into a port: no retry
    }
    const port = new SerialPort({ path: this.o.path, baudRate, autoOpen: false });
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
    this.retryDelayMs = this.o.retryInitialMs;
    setLowLatency(port, this.o.path);
    port.on('data', (b: Buffer) => this.onBytes(port, b));
    port.on('close', (err?: Error | null) => this.onPortLost(port, err ?? undefined));
    port.on('error', (err) => this.onPortLost(port, err));
    this.lastByteAtMs = Date.now();
    this.armWatchdog(port);
    void this.handshake(port);
  }

  private onOpenFailed(err: unknown): void {
    if (this.stopping) return;
    const message = explainOpenError(this.o.path, err);
    this.state(this.awaitingResume ? 'reconnecting' : 'error', `${message} Retrying in ${(this.retryDelayMs / 1000).toFixed(1)} s.`);
    this.scheduleRetry();
  }

  private onPortLost(port: SerialPort, err?: Error): void {
    if (port !== this.port || this.stopping) return;
    this.port = null;
    this.clearTimers();
    if (port.isOpen) port.close(() => undefined);
    for (const w of this.textWaiters) w();
    if (this.decoder) {
      addCounters(this.previous, this.decoder.counters);
      this.decoder = null;
    }
    if (this.info) this.awaitingResume = true;
    const why = err?.message ? ` (${err.message})` : '';
    const name = this.family ? FAMILY_LABEL[this.family] : 'Device';
    this.state('reconnecting', `${name} on ${this.o.path} disconnected${why}. Recorded data is kept; reconnecting…`);
    this.scheduleRetry();
  }

  private scheduleRetry(delayMs?: number): void {
    if (this.stopping || this.retryTimer) return;
    const delay = delayMs ?? this.retryDelayMs;
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, this.o.retryMaxMs);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.port) void this.handshake(this.port);
      else void this.openPort();
    }, delay);
  }

  private armWatchdog(port: SerialPort): void {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = setInterval(() => this.checkLink(port), 250);
  }

  private checkLink(port: SerialPort): void {
    if (port !== this.port || this.handshaking || !this.decoder) return;
    const now = Date.now();
    if (this.lastSampleWallMs !== null && this.lastSampleWallMs >= this.streamStartedAtMs) {
      // streaming: silence is an unplugged link the OS may not report until a write
      const rate = this.info?.sampleRateHz ?? 100;
      const stallMs = this.o.stallTimeoutMs + (rate < 50 ? 3000 : 0);
      const silent = now - this.lastByteAtMs;
      if (silent > stallMs) this.onPortLost(port, new Error(`no data for ${(silent / 1000).toFixed(1)} s`));
      return;
    }
    // no data since START: ask again every firstDataTimeoutMs (a band still booting may miss the
    // first requests), and say so once
    if (now - this.streamStartedAtMs > this.o.firstDataTimeoutMs && now - this.lastNoDataPokeMs > this.o.firstDataTimeoutMs) {
      this.lastNoDataPokeMs = now;
      const first = !this.noDataReported;
      this.noDataReported = true;
      const waited = (now - this.streamStartedAtMs) / 1000;
      const driver = this.driver!;
      void driver.noData(this.io(port), this.o.baudRate ?? driver.baudRate, waited).then(
        (message) => {
          if (first && port === this.port && !this.stopping) this.state('error', message);
        },
        () => undefined,
      );
    }
  }

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.watchdog) clearInterval(this.watchdog);
    this.retryTimer = this.watchdog = null;
  }

  // ---- detection and handshake --------------------------------------------------------------

  private async handshake(port: SerialPort): Promise<void> {
    if (this.handshaking) return;
    this.handshaking = true;
    this.decoder = null;
    this.logLength = 0;
    this.text = '';
    const io = this.io(port);
    try {
      if (!this.family) {
        const found = await detectFamily(io, { bytes: () => this.log.subarray(0, this.logLength) }, { listenMs: this.o.listenMs, baudRate: this.o.baudRate });
        if (port !== this.port || this.stopping) return;
        if (!found) {
          const seen = describeBytes(this.log.subarray(0, this.logLength));
          const retryS = Math.min(10, this.retryDelayMs / 1000 + 2);
          this.state('error', `No EMG device recognised on ${this.o.path}: ${seen}. Choose the family with --band (or in the device picker) if you know it. Trying again in ${retryS.toFixed(0)} s.`);
          this.handshaking = false;
          this.scheduleRetry(retryS * 1000);
          return;
        }
        this.detection = found;
        this.family = found.family;
        this.state('connecting', `Found ${FAMILY_LABEL[found.family]} on ${this.o.path} by ${found.how} after ${(found.afterMs / 1000).toFixed(1)} s; starting it`);
      }
      const driver = createDriver(this.family, this.o.settings);
      this.driver = driver;
      await io.setBaudRate(this.o.baudRate ?? driver.baudRate);
      const decoder = await driver.start(io);
      if (port !== this.port || this.stopping) return;
      this.decoder = decoder;
      this.streamStartedAtMs = Date.now();
      this.noDataReported = false;
      this.lastNoDataPokeMs = 0;
    } catch (err) {
      if (port !== this.port || this.stopping) return;
      this.state('error', err instanceof Error ? err.message : String(err));
      this.handshaking = false;
      this.scheduleRetry(Math.max(1000, this.retryDelayMs));
      return;
    }
    this.handshaking = false;
  }

  private io(port: SerialPort): LinkIO {
    return {
      path: this.o.path,
      write: (data) => writeWithTimeout(port, data, 1000),
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      clearText: () => {
        this.text = '';
      },
      waitForText: (match, timeoutMs) =>
        new Promise((resolve) => {
          const check = () => {
            if (match.test(this.text)) return done(this.text);
            if (port !== this.port || this.stopping) return done(null);
          };
          const done = (v: string | null) => {
            clearTimeout(timer);
            this.textWaiters.delete(check);
            resolve(v);
          };
          const timer = setTimeout(() => done(match.test(this.text) ? this.text : null), timeoutMs);
          this.textWaiters.add(check);
          check();
        }),
      setBaudRate: (baudRate) =>
        new Promise((resolve) => {
          if (!port.isOpen || port.baudRate === baudRate) return resolve();
          // a pty or a USB-CDC board ignores the rate; a failure here is not fatal
          port.update({ baudRate }, () => resolve());
        }),
    };
  }

  // ---- bytes --------------------------------------------------------------------------------

  private onBytes(port: SerialPort, bytes: Buffer): void {
    if (port !== this.port) return;
    this.lastByteAtMs = Date.now();
    const decoder = this.decoder;
    if (!decoder || this.handshaking) {
      this.keepForHandshake(bytes);
      return;
    }
    let events: FamilyEvent[];
    try {
      events = decoder.push(bytes, performance.now());
    } catch (err) {
      // decoders do not throw; if one does, it costs this chunk, not the connection
      events = [{ type: 'notice', level: 'warning', text: `decoder error: ${err instanceof Error ? err.message : String(err)}` }];
    }
    this.onEvents(events);
  }

  private keepForHandshake(bytes: Buffer): void {
    // bounded: the last LOG_BYTES bytes and TEXT_CHARS characters
    if (bytes.length >= LOG_BYTES) {
      this.log.set(bytes.subarray(bytes.length - LOG_BYTES));
      this.logLength = LOG_BYTES;
    } else {
      if (this.logLength + bytes.length > LOG_BYTES) {
        const keep = LOG_BYTES - bytes.length;
        this.log.copyWithin(0, this.logLength - keep, this.logLength);
        this.logLength = keep;
      }
      this.log.set(bytes, this.logLength);
      this.logLength += bytes.length;
    }
    this.text += bytes.toString('latin1');
    if (this.text.length > TEXT_CHARS) this.text = this.text.slice(-TEXT_CHARS);
    for (const w of [...this.textWaiters]) w();
  }

  private onEvents(events: FamilyEvent[]): void {
    let sawSamples = false;
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      switch (e.type) {
        case 'info': {
          // warnings the decoder gives with this info belong to it (said once, next to the device)
          const notes = [...(e.info.notes ?? [])];
          for (let j = i + 1; j < events.length && events[j].type === 'notice'; j++) {
            const n = events[j] as Extract<FamilyEvent, { type: 'notice' }>;
            if (n.level === 'warning') notes.push(n.text);
          }
          this.onInfo({ ...e.info, notes });
          break;
        }
        case 'samples':
          if (!this.info) break;
          this.onSamples(e.samples, e.frames);
          sawSamples = true;
          break;
        case 'lost': {
          if (!this.info || e.frames <= 0) break;
          this.emitter.emit({
            type: 'gap',
            firstSampleIndex: this.nextSampleIndex,
            missingSamples: e.frames,
            durationMs: (e.frames / this.info.sampleRateHz) * 1000,
            reason: 'lost-lines',
          });
          this.nextSampleIndex += e.frames;
          break;
        }
        case 'notice':
          if (e.level === 'error') this.state('error', e.text);
          else if (!(i > 0 && events[i - 1].type === 'info') && this.info) this.state('streaming', `${this.summary()}. ${e.text}`);
          break;
      }
    }
    if (sawSamples) this.emitter.emit({ type: 'counters', counters: this.counters() });
  }

  private onInfo(incoming: StreamInfo): void {
    const old = this.info;
    let info = incoming;
    // a re-estimated rate after a reconnect (a new text-stream decoder) is the same stream within
    // the estimate's precision: keep the old figure, so the recording and the gap go on
    if (old && old.rateSource === 'estimated' && info.rateSource === 'estimated' && Math.abs(info.sampleRateHz - old.sampleRateHz) / old.sampleRateHz < 0.03) {
      info = { ...info, sampleRateHz: old.sampleRateHz };
    }
    const changed =
      !old ||
      old.sampleRateHz !== info.sampleRateHz ||
      old.channelCount !== info.channelCount ||
      old.microvoltsPerCount !== info.microvoltsPerCount ||
      old.channelLabels.join() !== info.channelLabels.join();
    // after a reconnect the same stream comes back: the gap is closed by its first samples
    this.info = changed ? info : { ...info, notes: old!.notes };
    if (changed) {
      if (old) this.awaitingResume = false; // a different stream: a new recording starts, nothing to bridge
      this.emitter.emit({ type: 'info', info });
    }
    this.state('streaming', this.summary());
  }

  private summary(): string {
    const i = this.info!;
    const rate = i.rateSource === 'estimated' ? `~${i.sampleRateHz} Hz (estimated${i.rateJitterPct !== undefined ? `, ±${i.rateJitterPct} %` : ''})` : `${i.sampleRateHz} Hz`;
    const family = this.family ? FAMILY_LABEL[this.family] : i.deviceId;
    return `${family} on ${basename(this.o.path)}: ${i.channelCount} ch at ${rate}, ${i.unit ?? 'µV'}${i.deviceId && i.family === 'myocue' ? ` (${i.deviceId}, firmware ${i.firmware})` : ''}`;
  }

  private onSamples(samples: Float64Array, frames: number): void {
    const info = this.info!;
    const now = Date.now();
    if (this.awaitingResume) {
      this.awaitingResume = false;
      // from the last sample before the loss to the first one after it: these frames end now
      const firstNewMs = now - (frames / info.sampleRateHz) * 1000;
      const durationMs = Math.max(0, firstNewMs - (this.lastSampleWallMs ?? firstNewMs));
      const missing = Math.round((durationMs / 1000) * info.sampleRateHz);
      if (missing > 0) {
        this.disconnectGaps++;
        this.disconnectSamplesMissing += missing;
        this.emitter.emit({ type: 'gap', firstSampleIndex: this.nextSampleIndex, missingSamples: missing, durationMs, reason: 'disconnect' });
        this.nextSampleIndex += missing;
      }
    }
    this.lastSampleWallMs = now;
    this.emitter.emit({
      type: 'samples',
      block: { samples, frameCount: frames, channelCount: info.channelCount, firstSampleIndex: this.nextSampleIndex, receivedAtMs: performance.now() },
    });
    this.nextSampleIndex += frames;
  }
}

function addCounters(into: LinkCounters, c: LinkCounters): void {
  into.linesOk += c.linesOk;
  into.linesLost += c.linesLost;
  into.linesCorrupt += c.linesCorrupt;
  into.bytesDiscarded += c.bytesDiscarded;
  into.gaps += c.gaps;
  into.samplesMissing += c.samplesMissing;
  into.linesDuplicate = (into.linesDuplicate ?? 0) + (c.linesDuplicate ?? 0);
}

/** A plain sentence if `path` exists but cannot be a serial port (a regular file, a folder). */
export function notASerialPort(path: string): string | null {
  let st;
  try {
    st = statSync(path);
  } catch {
    return null; // missing: open() says "no such port" (and the band may appear later)
  }
  if (st.isFile()) return `${path} is a file, not a serial port. To look at a recording use \`myocue analyze ${path}\` or open it under Sessions; for a band, give its port (see \`myocue devices\`).`;
  if (st.isDirectory()) return `${path} is a folder, not a serial port. Give the band's port, e.g. /dev/ttyACM0 or COM3 (see \`myocue devices\`).`;
  return null;
}

/** Turns an open() failure into advice a lifter can act on. */
export function explainOpenError(path: string, err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const msg = e?.message ?? String(err);
  if (/EACCES|Permission denied/i.test(msg)) {
    return `Cannot open ${path}: permission denied. On Linux add yourself to the 'dialout' group (sudo usermod -aG dialout $USER, then log in again).`;
  }
  if (/EBUSY|Resource busy|Cannot lock/i.test(msg)) {
    return `Cannot open ${path}: the port is busy. Another program has it open (the OpenBCI GUI, Spike Recorder, the Arduino Serial Monitor; on Linux ModemManager grabs new /dev/ttyACM* ports for ~10 s after plug-in).`;
  }
  if (/ENOENT|No such file|File not found/i.test(msg)) {
    return `Cannot open ${path}: no such port. Is the band plugged in? Check the path with \`myocue devices\`.`;
  }
  if (/ENOTTY|Inappropriate ioctl/i.test(msg)) {
    return `Cannot open ${path}: it is not a serial port (the system cannot set a baud rate on it). Give the band's port, see \`myocue devices\`.`;
  }
  return `Cannot open ${path}: ${msg}.`;
}

/**
 * FTDI bridges (the Cyton dongle's FT231X) hold bytes up to 16 ms by default, which makes the
 * stream bursty (brainflow#81). Linux: ASYNC_LOW_LATENCY through the binding, or the sysfs
 * latency timer; both often need rights we do not have, so failure is fine.
 */
function setLowLatency(port: SerialPort, path: string): void {
  if (process.platform !== 'linux') return;
  (port as unknown as { set(o: { lowLatency: boolean }, cb: (err: Error | null) => void): void }).set({ lowLatency: true }, () => undefined);
  const m = /ttyUSB\d+$/.exec(path);
  if (m) {
    try {
      writeFileSync(`/sys/bus/usb-serial/devices/${m[0]}/latency_timer`, '1');
    } catch {
      // not root, or not a usb-serial device: the binding's flag is all we can do
    }
  }
}

/** port.write + drain with a timeout: drain can hang on some platforms. */
function writeWithTimeout(port: SerialPort, data: Uint8Array | string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`write timed out after ${timeoutMs} ms`)), timeoutMs);
    port.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.from(data), (err) => {
      clearTimeout(timer);
      if (err) reject(err);
      else resolve();
    });
  });
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms))]);
}
