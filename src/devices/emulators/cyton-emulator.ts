/**
 * An OpenBCI Cyton (or Cyton + Daisy) behind its USB dongle, as the firmware answers
 * (OpenBCI_32bit_Library.cpp processChar; DEVICES.md §1.2-1.5): `v` → banner ending in `$$$`
 * (with the "On Daisy" line when a Daisy is attached), `d` → defaults `$$$`, `b` → 33-byte packets
 * at 250 Hz from counter 0, `s` → stop. Text replies only while not streaming. With
 * `boardOff` the dongle answers for a board that is switched off (`Failure: …$$$`).
 * Daisy: one packet per 250 Hz tick, odd counter = channels 1-8, even = 9-16, so 125 Hz frames.
 */
import { ads1299MicrovoltsPerCount, CYTON_DAISY_RATE_HZ, CYTON_RATE_HZ } from '../families/cyton-decoder';
import { CytonGainTracker } from '../families/cyton-gain-tracker';
import { PacedEmulator, type DeviceEmulator, type EmulatorOptions, type EmulatorStats, type WireFormat } from './paced-emulator';

export interface CytonEmulatorOptions extends EmulatorOptions {
  daisy?: boolean;
  /** the dongle is plugged in but the board is off */
  boardOff?: boolean;
}

export const CYTON_BANNER = (daisy: boolean) =>
  'OpenBCI V3 8-16 channel\nOn Board ADS1299 Device ID: 0x3E\n' +
  (daisy ? 'On Daisy ADS1299 Device ID: 0x3E\n' : '') +
  'LIS3DH Device ID: 0x33\nFirmware: v3.1.2\n$$$';
export const CYTON_BOARD_OFF = 'Failure: Communications timeout - Device failed to poll Host$$$';

const COUNT_MAX = 0x7fffff;

export class CytonFormat implements WireFormat {
  private counter = 0;
  /** µV per count per channel, from the gains in force when `b` came */
  private readonly upc: number[];
  constructor(
    private readonly daisy: boolean,
    gains: number[],
  ) {
    this.upc = gains.map((g) => ads1299MicrovoltsPerCount(g));
  }

  private packet(out: Buffer, at: number, uv: Float64Array, from: number, stats: EmulatorStats, statsFrom: number, counter: number, keep: boolean): void {
    out[at] = 0xa0;
    out[at + 1] = counter & 0xff;
    for (let ch = 0; ch < 8; ch++) {
      const upc = this.upc[(statsFrom < 0 ? 0 : statsFrom) + ch];
      let c = Math.round(uv[from + ch] / upc);
      c = c > COUNT_MAX ? COUNT_MAX : c < -COUNT_MAX - 1 ? -COUNT_MAX - 1 : c;
      if (keep && statsFrom >= 0) stats.sumSquares[statsFrom + ch] += (c * upc) ** 2;
      const v = c & 0xffffff;
      out[at + 2 + 3 * ch] = v >> 16;
      out[at + 3 + 3 * ch] = (v >> 8) & 0xff;
      out[at + 4 + 3 * ch] = v & 0xff;
    }
    out.fill(0, at + 26, at + 32);
    out[at + 32] = 0xc0;
  }

  encode(uv: Float64Array, frames: number, keep: Uint8Array, stats: EmulatorStats): Buffer {
    const perFrame = this.daisy ? 2 : 1;
    // Daisy: the first packet after `b` (counter 0, even) carries a stale Daisy mean and no board half
    const lead = this.daisy && this.counter === 0 ? 1 : 0;
    let kept = 0;
    for (let f = 0; f < frames; f++) kept += keep[f];
    const out = Buffer.alloc((kept * perFrame + lead) * 33);
    let at = 0;
    if (lead) {
      this.packet(out, 0, new Float64Array(8), 0, stats, -1, 0, false);
      this.counter = 1;
      at = 33;
    }
    const ch = this.daisy ? 16 : 8;
    for (let f = 0; f < frames; f++) {
      const k = keep[f] === 1;
      if (k) {
        this.packet(out, at, uv, f * ch, stats, 0, this.counter, true);
        at += 33;
        if (this.daisy) {
          this.packet(out, at, uv, f * ch + 8, stats, 8, this.counter + 1, true);
          at += 33;
        }
        stats.framesWritten++;
      } else stats.framesDropped++;
      this.counter = (this.counter + perFrame) & 0xff;
    }
    return out;
  }
}

export async function startCytonEmulator(o: CytonEmulatorOptions): Promise<DeviceEmulator> {
  const daisy = o.daisy ?? false;
  // multi-character `x…X` / `z…Z` commands: the next chars belong to the command (1000 ms timeout in the firmware)
  let multi = 0;
  let pending = '';
  const gains = new CytonGainTracker();
  const onData = (bytes: Buffer) => {
    for (const byte of bytes) {
      const c = String.fromCharCode(byte);
      if (multi > 0) {
        multi--;
        pending += c;
        if (multi === 0 && pending[0] === 'x') {
          const problem = gains.apply(pending);
          if (!emu.streaming) emu.send(problem ? `Failure: ${problem}$$$` : `Success: Channel set for ${pending[1]}$$$`);
        }
        continue;
      }
      if (o.boardOff) {
        // the host radio answers every command itself when the board does not poll it
        if ('vdbs'.includes(c)) emu.send(CYTON_BOARD_OFF);
        continue;
      }
      switch (c) {
        case 'v':
          emu.halt();
          emu.send(CYTON_BANNER(daisy));
          break;
        case 'd':
          gains.apply('d');
          if (!emu.streaming) emu.send('updating channel settings to default$$$');
          break;
        case 'b':
          emu.startStream(daisy ? CYTON_DAISY_RATE_HZ : CYTON_RATE_HZ, daisy ? 16 : 8, new CytonFormat(daisy, [...gains.gains]));
          break;
        case 's':
          emu.halt();
          break;
        case 'x':
          multi = 8;
          pending = 'x';
          break;
        case 'z':
          multi = 4;
          pending = 'z';
          break;
        case '~':
          multi = 1;
          pending = '~';
          break;
        default:
          break;
      }
    }
  };
  // onData (above) runs only once the port delivers bytes, after this line
  const emu = new PacedEmulator(o, 115200, onData);
  await emu.open();
  return emu;
}
