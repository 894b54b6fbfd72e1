/**
 * A Backyard Brains Muscle SpikerShield (SpikeRecorderMuscleSpikerShield firmware; DEVICES.md §5):
 * streams from power-up, 1 channel at 10 050 Hz; `b:;` → `HWT:MUSCLESS;` in escape framing;
 * `c:N;` → N channels at 10 050 / N Hz. Values: 512 + µV × `countsPerUv` (a.u.), 10-bit.
 */
import { encodeSpikerFrame, encodeSpikerMessage, spikerShieldRateHz } from '../families/spiker-decoder';
import { PacedEmulator, type DeviceEmulator, type EmulatorOptions, type EmulatorStats, type WireFormat } from './paced-emulator';

/** counts per µV of the emulated board (the real gain is not published: that is why it reads a.u.) */
export const SPIKER_EMULATOR_COUNTS_PER_UV = 0.4;

export class SpikerFormat implements WireFormat {
  constructor(private readonly n: number) {}
  encode(uv: Float64Array, frames: number, keep: Uint8Array, stats: EmulatorStats): Buffer {
    const n = this.n;
    const out = Buffer.alloc(frames * 2 * n);
    let at = 0;
    const v = new Array<number>(n);
    for (let f = 0; f < frames; f++) {
      if (!keep[f]) {
        stats.framesDropped++;
        continue;
      }
      for (let c = 0; c < n; c++) {
        let x = Math.round(512 + uv[f * n + c] * SPIKER_EMULATOR_COUNTS_PER_UV);
        x = x < 0 ? 0 : x > 1023 ? 1023 : x;
        v[c] = x;
        stats.sumSquares[c] += ((x - 512) / SPIKER_EMULATOR_COUNTS_PER_UV) ** 2;
      }
      out.set(encodeSpikerFrame(v), at);
      at += 2 * n;
      stats.framesWritten++;
    }
    return out.subarray(0, at);
  }
}

export async function startSpikerEmulator(o: EmulatorOptions & { baudRate?: number }): Promise<DeviceEmulator> {
  let channels = 1;
  let text = '';
  const start = () => emu.startStream(spikerShieldRateHz(channels), channels, new SpikerFormat(channels));
  const onData = (bytes: Buffer) => {
    text += bytes.toString('latin1');
    if (text.length > 256) text = text.slice(-256);
    // the firmware reads `key:value;` pairs and acts on the character before each ':'
    let semi: number;
    while ((semi = text.indexOf(';')) >= 0) {
      const cmd = text.slice(0, semi);
      text = text.slice(semi + 1);
      const colon = cmd.lastIndexOf(':');
      if (colon <= 0) continue;
      const key = cmd[colon - 1];
      const value = cmd.slice(colon + 1).trim();
      if (key === 'b') emu.send(encodeSpikerMessage('HWT:MUSCLESS;'));
      else if (key === 'c') {
        const n = Number(value);
        if (Number.isInteger(n) && n >= 1 && n <= 6 && n !== channels) {
          channels = n;
          start();
        }
      }
    }
  };
  // onData (above) runs only once the port delivers bytes, after this line
  const emu = new PacedEmulator(o, o.baudRate ?? 230400, onData);
  await emu.open();
  start();
  return emu;
}
