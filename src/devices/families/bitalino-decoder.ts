/**
 * BITalino (r)evolution live stream → µV frames. Frames have no start marker: like the C++ API we
 * check the CRC4 and shift by one byte on failure; to lock on (after connect or damage) we also
 * want the next frame to pass its CRC with the next sequence number, so a 1-in-16 CRC accident
 * cannot misalign the stream. Losses come from the 4-bit sequence, with host time for whole wraps
 * after a long silence (sequence-tracker.ts).
 */
import { emptyCounters, type LinkCounters, type StreamInfo } from '../sample-source';
import { FrameCollector, type FamilyDecoder, type FamilyEvent } from './family-decoder';
import { SequenceTracker } from './sequence-tracker';
import { bitalinoCrc4, bitalinoEmgMicrovolts, bitalinoFrameBytes, decodeBitalinoFrameInto, type BitalinoRate } from './bitalino-frame';

export interface BitalinoDecoderOptions {
  /** analog inputs streamed, as indices 0..5 = A1..A6 (ascending order is what the device sends) */
  channels: number[];
  /** 1, 10, 100 or 1000 Hz (EMG needs 1000) */
  rateHz: BitalinoRate;
  /** firmware version text from the version reply, if known */
  firmware?: string;
}

export class BitalinoDecoder implements FamilyDecoder {
  readonly counters: LinkCounters = emptyCounters();
  private readonly channels: number[];
  private readonly n: number;
  private readonly frameBytes: number;
  private readonly rateHz: number;
  private readonly bits: number[];
  private buf: Uint8Array;
  private len = 0;
  private locked = false;
  private infoSent = false;
  private firmware: string;
  private readonly seq: SequenceTracker;
  private readonly out: FrameCollector;
  private readonly adc: Int32Array;

  constructor(o: BitalinoDecoderOptions) {
    this.channels = [...new Set(o.channels)].sort((a, b) => a - b);
    this.n = this.channels.length;
    this.frameBytes = bitalinoFrameBytes(this.n);
    this.rateHz = o.rateHz;
    this.firmware = o.firmware ?? 'unknown';
    // the 5th and 6th selected values are 6-bit (bitalino.cpp)
    this.bits = this.channels.map((_, k) => (k >= 4 ? 6 : 10));
    this.buf = new Uint8Array(4096);
    // whole 16-frame wraps are taken from the clock only after a clear silence (USB/Bluetooth deliver in bursts)
    this.seq = new SequenceTracker({ modulus: 16, minSilenceMs: 250, slackPackets: 8 });
    this.out = new FrameCollector(this.n);
    this.adc = new Int32Array(6);
  }

  setFirmware(text: string): void {
    this.firmware = text;
  }

  info(): StreamInfo {
    return {
      deviceId: 'bitalino',
      firmware: this.firmware,
      sampleRateHz: this.rateHz,
      channelCount: this.n,
      adcBits: 24,
      // µV per count of the 10-bit inputs; the recording keeps µV at a finer step below
      microvoltsPerCount: (3.3 / 1009) * 1e6 / 1024 / 64,
      channelLabels: this.channels.map((c) => `A${c + 1}`),
      family: 'bitalino',
      scale: 'BITalino EMG sensor: (ADC/2^n − ½) × 3.3 V / 1009',
      unit: 'µV',
      rateSource: 'device',
      notes: this.rateHz < 1000 ? [`BITalino at ${this.rateHz} Hz is too slow for EMG: choose 1000 Hz.`] : [],
    };
  }

  resync(): void {
    this.len = 0;
    this.locked = false;
    this.seq.reset();
  }

  push(bytes: Uint8Array, atMs: number): FamilyEvent[] {
    const events: FamilyEvent[] = [];
    try {
      this.append(bytes);
      this.decode(atMs, Math.max(1, Math.floor(bytes.length / this.frameBytes)), events);
    } catch (err) {
      this.counters.linesCorrupt++;
      this.len = 0;
      events.push({ type: 'notice', level: 'warning', text: `BITalino decoder error: ${err instanceof Error ? err.message : String(err)}` });
    }
    this.out.flush(events);
    return events;
  }

  private append(bytes: Uint8Array): void {
    if (this.len + bytes.length > this.buf.length) {
      const grown = new Uint8Array(Math.max(this.buf.length * 2, this.len + bytes.length));
      grown.set(this.buf.subarray(0, this.len));
      this.buf = grown;
    }
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }

  private crcOk(at: number): boolean {
    return bitalinoCrc4(this.buf, at, this.frameBytes) === (this.buf[at + this.frameBytes - 1] & 0x0f);
  }

  private decode(atMs: number, framesInChunk: number, events: FamilyEvent[]): void {
    const N = this.frameBytes;
    const b = this.buf;
    const c = this.counters;
    let p = 0;
    while (p + N <= this.len) {
      if (!this.locked) {
        // lock on: this frame and the next pass their CRC and count up by one
        if (p + 2 * N > this.len) break;
        if (this.crcOk(p) && this.crcOk(p + N) && (b[p + 2 * N - 1] >> 4) === (((b[p + N - 1] >> 4) + 1) & 15)) {
          this.locked = true;
        } else {
          p++;
          c.bytesDiscarded++;
          continue;
        }
      }
      if (!this.crcOk(p)) {
        // damaged or misaligned: shift one byte and lock on again (bitalino.cpp does the shift)
        c.linesCorrupt++;
        c.bytesDiscarded++;
        this.locked = false;
        p++;
        continue;
      }
      const seq = decodeBitalinoFrameInto(b, p, this.n, this.adc);
      p += N;
      const verdict = this.seq.next(seq, atMs, this.rateHz, framesInChunk);
      if (verdict.kind !== 'ok') {
        c.linesCorrupt++;
        continue;
      }
      c.linesOk++;
      if (!this.infoSent) {
        events.push({ type: 'info', info: this.info() });
        this.infoSent = true;
      }
      if (verdict.lost > 0) {
        this.out.flush(events);
        events.push({ type: 'lost', frames: verdict.lost });
        c.linesLost += verdict.lost;
        c.gaps++;
        c.samplesMissing += verdict.lost;
      }
      const o = this.out.reserveFrame();
      const d = this.out.data;
      for (let k = 0; k < this.n; k++) d[o + k] = bitalinoEmgMicrovolts(this.adc[k], this.bits[k]);
    }
    // keep the unread tail
    b.copyWithin(0, p, this.len);
    this.len -= p;
  }
}
