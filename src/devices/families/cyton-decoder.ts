/**
 * OpenBCI Cyton (8 ch) and Cyton + Daisy (16 ch) over the USB dongle: the 33-byte packets, the
 * text replies around them, Daisy pairing, per-channel gain, lost packets.
 *
 * Byte facts (DEVICES.md §1.4-1.6, from OpenBCI_Cyton_Library / OpenBCI_Radios / BrainFlow):
 * - packet: 0xA0, counter u8, 8 × int24 big-endian two's complement, 6 aux bytes, footer 0xC0-0xC6
 * - µV = counts × 4.5 V / gain / (2^23 − 1) × 1e6 (ADS1299 VREF 4.5 V; gain 24 after `d`)
 * - Daisy over the dongle: one packet per 250 Hz tick, odd counter = board channels 1-8, even
 *   counter = Daisy channels 9-16 (ADS_writeChannelDataAvgDaisy: `sampleCounter % 2 != 0` →
 *   meanBoardDataRaw), so a 16-channel frame is the pair (odd n, even n+1) at 125 Hz; the very
 *   first packet after `b` (counter 0, even) has no board half and is dropped.
 * - text (banner ending in `$$$`, `Failure: …$$$` when the board is off) only while not streaming.
 */
import { emptyCounters, type LinkCounters, type StreamInfo } from '../sample-source';
import { FrameCollector, type FamilyDecoder, type FamilyEvent } from './family-decoder';
import { SequenceTracker } from './sequence-tracker';

export const CYTON_PACKET_BYTES = 33;
export const CYTON_HEADER = 0xa0;
export const CYTON_FOOTER_MIN = 0xc0;
export const CYTON_FOOTER_MAX = 0xc6;
/** samples per second over the dongle: the firmware forces 250 Hz on `b` (Library.cpp, OPENBCI_STREAM_START) */
export const CYTON_RATE_HZ = 250;
export const CYTON_DAISY_RATE_HZ = 125;
/** ADS1299 reference voltage, V */
export const ADS1299_VREF_V = 4.5;
/** the gain `d` (defaults) sets on every channel */
export const CYTON_DEFAULT_GAIN = 24;

/** µV per count for an ADS1299 channel at `gain` (cyton.cpp eeg_scale; GUI scale_fac_uVolts_per_count). */
export function ads1299MicrovoltsPerCount(gain: number): number {
  return (ADS1299_VREF_V / gain / (2 ** 23 - 1)) * 1e6;
}

/** Signed 24-bit big-endian (custom_cast.h cast_24bit_to_int32). */
export function int24be(b: Uint8Array, at: number): number {
  const v = (b[at] << 16) | (b[at + 1] << 8) | b[at + 2];
  return v & 0x800000 ? v - 0x1000000 : v;
}

export interface CytonBanner {
  daisy: boolean;
  firmware: string;
}

/** Reads the `v` banner: "OpenBCI V3 8-16 channel … [On Daisy ADS1299 Device ID …] … Firmware: v3.1.2 $$$". */
export function parseCytonBanner(text: string): CytonBanner | null {
  if (!/OpenBCI/i.test(text)) return null;
  const fw = /Firmware:\s*(v[\d.]+)/i.exec(text);
  return { daisy: /On Daisy/i.test(text), firmware: fw ? fw[1] : 'unknown' };
}

export interface CytonDecoderOptions {
  /** 16 channels (Daisy) or 8; normally learnt from the banner, this forces it */
  daisy?: boolean;
  /** per-channel ADS1299 gain (16 entries; default 24 each, what `d` sets) */
  gains?: number[];
}

export class CytonDecoder implements FamilyDecoder {
  readonly counters: LinkCounters = emptyCounters();
  private daisy: boolean;
  private daisyForced: boolean;
  private firmware = 'unknown';
  private readonly gains: number[];
  private scale = new Float64Array(16);
  private readonly packet = new Uint8Array(CYTON_PACKET_BYTES);
  private filled = 0;
  private text = '';
  private infoSent = false;
  private readonly seq = new SequenceTracker({ modulus: 256 });
  private out: FrameCollector;
  /** packets since the stream started, lost ones included (null until the first packet) */
  private packetIndex: number | null = null;
  /** the last frame written (null: none since the stream started or resynced) */
  private lastFrame: number | null = null;
  /** Daisy: the board half (odd counter) waiting for its Daisy half, and its frame number */
  private readonly boardHalf = new Float64Array(8);
  private boardHalfFrame = -1;

  constructor(o: CytonDecoderOptions = {}) {
    this.daisy = o.daisy ?? false;
    this.daisyForced = o.daisy !== undefined;
    this.gains = Array.from({ length: 16 }, (_, i) => o.gains?.[i] ?? CYTON_DEFAULT_GAIN);
    this.updateScale();
    this.out = new FrameCollector(this.channelCount);
  }

  get channelCount(): number {
    return this.daisy ? 16 : 8;
  }
  get sampleRateHz(): number {
    return this.daisy ? CYTON_DAISY_RATE_HZ : CYTON_RATE_HZ;
  }
  get isDaisy(): boolean {
    return this.daisy;
  }

  /** The gain of a channel changed (a `x…X` command was sent and acknowledged). */
  setGain(channel: number, gain: number): void {
    this.gains[channel] = gain;
    this.updateScale();
    this.infoSent = false;
  }

  info(): StreamInfo {
    const ch = this.channelCount;
    let upc = 0;
    // the BDF keeps one scale per stream: the coarsest channel's, so no channel clips
    for (let c = 0; c < ch; c++) upc = Math.max(upc, this.scale[c]);
    return {
      deviceId: this.daisy ? 'openbci-cyton-daisy' : 'openbci-cyton',
      firmware: this.firmware,
      sampleRateHz: this.sampleRateHz,
      channelCount: ch,
      adcBits: 24,
      microvoltsPerCount: upc,
      channelLabels: Array.from({ length: ch }, (_, i) => `ch${i + 1}`),
      family: 'cyton',
      scale: `ADS1299 gain ${[...new Set(this.gains.slice(0, ch))].join('/')}`,
      unit: 'µV',
      rateSource: 'device',
      notes: [
        this.daisy
          ? 'Cyton + Daisy streams 125 Hz per channel over the dongle: only muscle activity below about 60 Hz is seen, so amplitudes read low and the fatigue (median frequency) figure is not meaningful.'
          : 'The Cyton streams 250 Hz over the dongle: muscle activity above 125 Hz is lost, so amplitudes read lower than on a 1-2 kHz amplifier and the fatigue (median frequency) figure is biased low.',
      ],
    };
  }

  resync(): void {
    this.filled = 0;
    this.text = '';
    this.seq.reset();
    this.packetIndex = null;
    this.lastFrame = null;
    this.boardHalfFrame = -1;
  }

  push(bytes: Uint8Array, atMs: number): FamilyEvent[] {
    const events: FamilyEvent[] = [];
    try {
      this.decode(bytes, atMs, events);
    } catch (err) {
      this.counters.linesCorrupt++;
      events.push({ type: 'notice', level: 'warning', text: `Cyton decoder error: ${err instanceof Error ? err.message : String(err)}` });
    }
    this.out.flush(events);
    return events;
  }

  private decode(bytes: Uint8Array, atMs: number, events: FamilyEvent[]): void {
    const packetsInChunk = Math.max(1, Math.floor(bytes.length / CYTON_PACKET_BYTES));
    const p = this.packet;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (this.filled === 0) {
        if (b === CYTON_HEADER) {
          p[0] = b;
          this.filled = 1;
        } else {
          this.onTextByte(b, events);
        }
        continue;
      }
      p[this.filled++] = b;
      if (this.filled < CYTON_PACKET_BYTES) continue;
      this.filled = 0;
      const footer = p[32];
      if (footer < CYTON_FOOTER_MIN || footer > CYTON_FOOTER_MAX) {
        // not a packet: the 0xA0 was data or text; rescan from the byte after it
        this.counters.bytesDiscarded++;
        this.rescanFrom(p, 1, atMs, events);
        continue;
      }
      this.onPacket(p, atMs, packetsInChunk, events);
    }
  }

  /** Feeds bytes [from..33) of a rejected packet back through the scanner (rare: only on damage). */
  private rescanFrom(p: Uint8Array, from: number, atMs: number, events: FamilyEvent[]): void {
    this.decode(p.slice(from), atMs, events);
  }

  private onTextByte(b: number, events: FamilyEvent[]): void {
    // printable text and newlines only; anything else between packets is noise
    if (b === 10 || b === 13 || (b >= 32 && b < 127)) {
      this.text += String.fromCharCode(b);
      if (this.text.length > 2048) this.text = this.text.slice(-1024);
      if (this.text.endsWith('$$$')) this.onTextMessage(this.text.slice(0, -3), events);
    } else {
      this.counters.bytesDiscarded++;
    }
  }

  private onTextMessage(message: string, events: FamilyEvent[]): void {
    this.text = '';
    if (/Failure:/i.test(message)) {
      events.push({
        type: 'notice',
        level: 'error',
        text: 'The OpenBCI dongle answers but the Cyton board does not: is the board switched on (switch on PC) and within radio range? The dongle said: ' +
          message.trim().replace(/\s+/g, ' '),
      });
      return;
    }
    const banner = parseCytonBanner(message);
    if (banner) {
      this.firmware = banner.firmware;
      if (!this.daisyForced && banner.daisy !== this.daisy) {
        this.out.flush(events);
        this.daisy = banner.daisy;
        this.out.reshape(this.channelCount);
        this.infoSent = false;
      }
    }
  }

  private onPacket(p: Uint8Array, atMs: number, packetsInChunk: number, events: FamilyEvent[]): void {
    const c = this.counters;
    // text seen before the first packet belongs to the handshake
    this.text = '';
    const verdict = this.seq.next(p[1], atMs, CYTON_RATE_HZ, packetsInChunk);
    if (verdict.kind !== 'ok') {
      // a repeated packet, or a counter jump the clock cannot explain (a damaged counter byte)
      c.linesCorrupt++;
      return;
    }
    c.linesOk++;
    c.linesLost += verdict.lost;
    // the packet index since the stream started (lost packets included), and its frame
    this.packetIndex = this.packetIndex === null ? p[1] : this.packetIndex + 1 + verdict.lost;
    if (!this.infoSent) {
      this.out.flush(events);
      events.push({ type: 'info', info: this.info() });
      this.infoSent = true;
    }
    const scale = this.scale;
    if (!this.daisy) {
      this.emitFrameStart(this.packetIndex, events);
      const o = this.out.reserveFrame();
      const d = this.out.data;
      for (let ch = 0; ch < 8; ch++) d[o + ch] = int24be(p, 2 + 3 * ch) * scale[ch];
      return;
    }
    // Daisy: the pair (odd 2k−1 = board channels 1-8, even 2k = Daisy channels 9-16) is frame k
    const frame = (this.packetIndex + 1) >> 1;
    if ((this.packetIndex & 1) === 1) {
      for (let ch = 0; ch < 8; ch++) this.boardHalf[ch] = int24be(p, 2 + 3 * ch) * scale[ch];
      this.boardHalfFrame = frame;
      return;
    }
    // an even packet without its board half (lost, or the first packet after `b`) makes no frame;
    // the frame is counted as lost when the next whole frame comes
    if (this.boardHalfFrame !== frame) return;
    this.boardHalfFrame = -1;
    this.emitFrameStart(frame, events);
    const o = this.out.reserveFrame();
    const d = this.out.data;
    for (let ch = 0; ch < 8; ch++) d[o + ch] = this.boardHalf[ch];
    for (let ch = 0; ch < 8; ch++) d[o + 8 + ch] = int24be(p, 2 + 3 * ch) * scale[8 + ch];
  }

  /** Before frame `frame` is written: report the frames skipped since the last one. */
  private emitFrameStart(frame: number, events: FamilyEvent[]): void {
    const last = this.lastFrame;
    this.lastFrame = frame;
    if (last === null) return;
    const lost = frame - last - 1;
    if (lost <= 0) return;
    this.out.flush(events);
    events.push({ type: 'lost', frames: lost });
    this.counters.gaps++;
    this.counters.samplesMissing += lost;
  }

  private updateScale(): void {
    for (let c = 0; c < 16; c++) this.scale[c] = ads1299MicrovoltsPerCount(this.gains[c]);
  }
}
