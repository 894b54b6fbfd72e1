/**
 * A BITalino (r)evolution on its Bluetooth serial port, as the firmware answers the official APIs
 * (DEVICES.md §4.2): `0x07` → version line (idle only), `(code<<6)|0x03` → rate,
 * `(mask<<2)|0x01` → live frames for the masked analog inputs (CRC4, 4-bit sequence), `0x00` /
 * `0xFF` → idle. Values follow the EMG sensor's transfer function: ADC = (µV / (3.3 V / 1009) + ½) × 2^n.
 */
import {
  BITALINO_RATES_HZ,
  bitalinoChannelsOfStart,
  bitalinoEmgMicrovolts,
  encodeBitalinoFrame,
  type BitalinoRate,
} from '../families/bitalino-frame';
import { PacedEmulator, type DeviceEmulator, type EmulatorOptions, type EmulatorStats, type WireFormat } from './paced-emulator';

export const BITALINO_VERSION_TEXT = 'BITalino_v5.2\n';

export class BitalinoFormat implements WireFormat {
  private seq = 0;
  constructor(private readonly n: number) {}
  encode(uv: Float64Array, frames: number, keep: Uint8Array, stats: EmulatorStats): Buffer {
    const parts: Uint8Array[] = [];
    const n = this.n;
    const analog = new Array<number>(n).fill(0);
    for (let f = 0; f < frames; f++) {
      const seq = this.seq;
      this.seq = (this.seq + 1) & 15;
      if (!keep[f]) {
        stats.framesDropped++;
        continue;
      }
      for (let k = 0; k < n; k++) {
        const bits = k >= 4 ? 6 : 10;
        const full = 2 ** bits;
        let a = Math.round((uv[f * n + k] / ((3.3 / 1009) * 1e6) + 0.5) * full);
        a = a < 0 ? 0 : a > full - 1 ? full - 1 : a;
        analog[k] = a;
        stats.sumSquares[k] += bitalinoEmgMicrovolts(a, bits) ** 2;
      }
      parts.push(encodeBitalinoFrame({ seq, digital: 0, analog }));
      stats.framesWritten++;
    }
    return Buffer.concat(parts);
  }
}

export async function startBitalinoEmulator(o: EmulatorOptions): Promise<DeviceEmulator> {
  let rate: BitalinoRate = 1000;
  const onData = (bytes: Buffer) => {
    for (const b of bytes) {
      if (b === 0x00 || b === 0xff) {
        emu.halt();
        continue;
      }
      if (emu.streaming) continue; // (r)evolution: only stop (and outputs) act while streaming
      if (b === 0x07) {
        emu.send(BITALINO_VERSION_TEXT);
      } else if ((b & 0x03) === 0x03 && (b & 0x3c) === 0) {
        rate = BITALINO_RATES_HZ[b >> 6];
      } else {
        // live (…01) or simulated (…10) acquisition: both stream frames for the masked inputs
        const live = (b & 0x03) === 0x02 ? (b & ~0x03) | 0x01 : b;
        const channels = bitalinoChannelsOfStart(live);
        if (channels) emu.startStream(rate, channels.length, new BitalinoFormat(channels.length));
      }
    }
  };
  // onData (above) runs only once the port delivers bytes, after this line
  const emu = new PacedEmulator(o, 115200, onData);
  await emu.open();
  return emu;
}
