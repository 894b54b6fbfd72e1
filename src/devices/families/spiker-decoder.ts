/**
 * Backyard Brains Muscle SpikerShield / SpikerBox serial stream (DEVICES.md §5; Spike-Recorder
 * ArduinoSerial.cpp processDataIntoSamples, SpikerShield firmware):
 * - a frame is N samples of 2 bytes; only the first byte of a frame has bit 7 set:
 *   value = ((b0 & 0x7F) << 7) | (b1 & 0x7F)
 * - messages are wrapped in escapes: FF FF 01 01 80 FF  KEY:VALUE;…  FF FF 01 01 81 FF
 *   (`HWT:MUSCLESS;` answers `b:;`)
 * The boards give no physical unit: samples are ADC counts minus mid-scale, in "a.u.".
 * No sequence counter: a frame cut short by a new start byte is the only loss we can see.
 */
import { emptyCounters, type LinkCounters, type StreamInfo } from '../sample-source';
import { FrameCollector, type FamilyDecoder, type FamilyEvent } from './family-decoder';

export const SPIKER_ESCAPE_START = Uint8Array.of(0xff, 0xff, 0x01, 0x01, 0x80, 0xff);
export const SPIKER_ESCAPE_END = Uint8Array.of(0xff, 0xff, 0x01, 0x01, 0x81, 0xff);
/** SpikerShield timer: OCR1A = (198 + 1)·N − 1 at 16 MHz / 8 → 10 050 Hz / N (the firmware's interrupt_Number = 198) */
export function spikerShieldRateHz(channels: number): number {
  return 16e6 / 8 / (199 * channels);
}

/** What a board type (HWT) tells us: ADC mid-scale (10-bit boards 512, 14-bit boxes 8192). */
export function spikerMidScale(hwt: string | undefined): number {
  return hwt && /^(HUMANSB|UNIBOX|NRNSBPRO|MSBPCDC|NSBPCDC)$/.test(hwt) ? 8192 : 512;
}

/** Frames bytes for a sample frame (the emulator's and the tests' encoder). */
export function encodeSpikerFrame(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length * 2);
  for (let i = 0; i < values.length; i++) {
    const v = Math.max(0, Math.min(0x3fff, Math.round(values[i])));
    out[2 * i] = ((v >> 7) & 0x7f) | (i === 0 ? 0x80 : 0);
    out[2 * i + 1] = v & 0x7f;
  }
  return out;
}

/** An escape-framed message, e.g. "HWT:MUSCLESS;". */
export function encodeSpikerMessage(text: string): Uint8Array {
  const body = Uint8Array.from(text, (ch) => ch.charCodeAt(0) & 0x7f);
  const out = new Uint8Array(SPIKER_ESCAPE_START.length + body.length + SPIKER_ESCAPE_END.length);
  out.set(SPIKER_ESCAPE_START, 0);
  out.set(body, SPIKER_ESCAPE_START.length);
  out.set(SPIKER_ESCAPE_END, SPIKER_ESCAPE_START.length + body.length);
  return out;
}

/** KEY:VALUE; pairs of a message. */
export function parseSpikerMessage(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(';')) {
    const i = part.indexOf(':');
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

export interface SpikerDecoderOptions {
  /** channels per frame, as set with `c:N;` (1..6); default 1 */
  channels?: number;
  /** samples per second per channel; default the SpikerShield's 10 050 Hz / N */
  rateHz?: number;
  /** board type from the `b:;` reply, if known */
  hardwareType?: string;
}

export class SpikerDecoder implements FamilyDecoder {
  readonly counters: LinkCounters = emptyCounters();
  private channels: number;
  private rateHz: number;
  private rateGiven: boolean;
  private hwt: string | undefined;
  private mid: number;
  private readonly out: FrameCollector;
  private readonly values = new Int32Array(6);
  /** bytes of the current frame seen so far (0: waiting for a start byte) */
  private frameBytes = 0;
  private hi = 0;
  /** escape matching: how many bytes of the start (or, inside a message, the end) sequence matched */
  private escMatch = 0;
  private inMessage = false;
  private message = '';
  private infoSent = false;
  private readonly held: number[] = [];

  constructor(o: SpikerDecoderOptions = {}) {
    this.channels = o.channels ?? 1;
    this.rateGiven = o.rateHz !== undefined;
    this.rateHz = o.rateHz ?? spikerShieldRateHz(this.channels);
    this.hwt = o.hardwareType;
    this.mid = spikerMidScale(this.hwt);
    this.out = new FrameCollector(this.channels);
  }

  get hardwareType(): string | undefined {
    return this.hwt;
  }

  info(): StreamInfo {
    return {
      deviceId: `backyard-brains-${(this.hwt ?? 'spiker').toLowerCase()}`,
      firmware: this.hwt ?? 'unknown',
      sampleRateHz: this.rateHz,
      channelCount: this.channels,
      adcBits: 24,
      microvoltsPerCount: 1 / 64,
      channelLabels: Array.from({ length: this.channels }, (_, i) => `ch${i + 1}`),
      family: 'spiker',
      scale: `ADC counts − ${this.mid} (no physical unit)`,
      unit: 'a.u.',
      rateSource: this.rateGiven ? 'user' : 'device',
      notes: ['The SpikerShield has no calibrated gain: amplitudes are in arbitrary units (a.u.). Calibrate an MVC and read %MVC.'],
    };
  }

  resync(): void {
    this.frameBytes = 0;
    this.escMatch = 0;
    this.inMessage = false;
    this.message = '';
    this.held.length = 0;
  }

  push(bytes: Uint8Array, _atMs: number): FamilyEvent[] {
    const events: FamilyEvent[] = [];
    try {
      for (let i = 0; i < bytes.length; i++) this.onByte(bytes[i], events);
    } catch (err) {
      this.counters.linesCorrupt++;
      events.push({ type: 'notice', level: 'warning', text: `SpikerShield decoder error: ${err instanceof Error ? err.message : String(err)}` });
    }
    this.out.flush(events);
    return events;
  }

  private onByte(b: number, events: FamilyEvent[]): void {
    const seq = this.inMessage ? SPIKER_ESCAPE_END : SPIKER_ESCAPE_START;
    if (b === seq[this.escMatch]) {
      this.held.push(b);
      this.escMatch++;
      if (this.escMatch === seq.length) {
        this.escMatch = 0;
        this.held.length = 0;
        if (this.inMessage) this.onMessage(this.message, events);
        else this.frameBytes = 0; // a message interrupts any frame in progress
        this.inMessage = !this.inMessage;
        this.message = '';
      }
      return;
    }
    if (this.escMatch > 0) {
      // not an escape after all: the held bytes were ordinary bytes
      // not an escape after all: the first held byte was ordinary; the rest may start a real escape
      const held = this.held.splice(0);
      this.escMatch = 0;
      this.onPlainByte(held[0], events);
      for (let i = 1; i < held.length; i++) this.onByte(held[i], events);
      this.onByte(b, events);
      return;
    }
    this.onPlainByte(b, events);
  }

  private onPlainByte(b: number, events: FamilyEvent[]): void {
    if (this.inMessage) {
      if (this.message.length < 256) this.message += String.fromCharCode(b & 0x7f);
      return;
    }
    const c = this.counters;
    const start = (b & 0x80) !== 0;
    if (start) {
      if (this.frameBytes !== 0) {
        // a new frame began before this one was complete: bytes were lost
        c.linesCorrupt++;
        c.linesLost++;
        c.bytesDiscarded += this.frameBytes;
        this.out.flush(events);
        events.push({ type: 'lost', frames: 1 });
        c.gaps++;
        c.samplesMissing++;
      }
      this.hi = b & 0x7f;
      this.frameBytes = 1;
      return;
    }
    if (this.frameBytes === 0) {
      c.bytesDiscarded++;
      return;
    }
    const k = this.frameBytes;
    if (k % 2 === 1) this.values[k >> 1] = (this.hi << 7) | (b & 0x7f);
    else this.hi = b & 0x7f;
    this.frameBytes++;
    if (this.frameBytes === 2 * this.channels) {
      this.frameBytes = 0;
      c.linesOk++;
      if (!this.infoSent) {
        this.out.flush(events);
        events.push({ type: 'info', info: this.info() });
        this.infoSent = true;
      }
      const o = this.out.reserveFrame();
      const d = this.out.data;
      for (let ch = 0; ch < this.channels; ch++) d[o + ch] = this.values[ch] - this.mid;
    }
  }

  private onMessage(text: string, events: FamilyEvent[]): void {
    const kv = parseSpikerMessage(text);
    if (kv.HWT && kv.HWT !== this.hwt) {
      this.hwt = kv.HWT;
      this.mid = spikerMidScale(this.hwt);
      this.infoSent = false;
      events.push({ type: 'notice', level: 'info', text: `Backyard Brains board type ${kv.HWT}` });
    }
  }
}
