/**
 * An Arduino sketch printing an analog EMG sensor for the Serial Plotter: a banner line, then one
 * line of comma-separated ADC counts per sample (`512,498\r\n`, Serial.println style), paced by
 * a timer at `rateHz` (default 1000, what a good sketch does; 20 is SparkFun's delay(50) example).
 * Counts follow the `--scale` preset (default MyoWare RAW on a 10-bit 5 V Uno): count =
 * µV / µV-per-count + offset, clamped to the ADC range. It ignores what it is sent, like the sketches.
 */
import { parseAnalogScale, ADC_PRESETS } from '../families/analog-scale';
import { PacedEmulator, type DeviceEmulator, type EmulatorOptions, type EmulatorStats, type WireFormat } from './paced-emulator';

export interface ArduinoEmulatorOptions extends EmulatorOptions {
  rateHz?: number;
  channels?: number;
  /** the preset the emulated board matches (default 'myoware-raw:10bit-5v') */
  scale?: string;
  /** print `label:value` pairs instead of bare values */
  labels?: string[];
  baudRate?: number;
}

export const ARDUINO_BANNER = 'MyoWare Example_01_analogRead_SINGLE\r\n';

export class PlotterTextFormat implements WireFormat {
  constructor(
    private readonly upc: number,
    private readonly offset: number,
    private readonly maxCount: number,
    private readonly channels: number,
    private readonly labels: string[] | undefined,
  ) {}
  encode(uv: Float64Array, frames: number, keep: Uint8Array, stats: EmulatorStats): Buffer {
    let text = '';
    const ch = this.channels;
    for (let f = 0; f < frames; f++) {
      if (!keep[f]) {
        stats.framesDropped++;
        continue;
      }
      for (let c = 0; c < ch; c++) {
        let n = Math.round(uv[f * ch + c] / this.upc + this.offset);
        n = n < 0 ? 0 : n > this.maxCount ? this.maxCount : n;
        stats.sumSquares[c] += ((n - this.offset) * this.upc) ** 2;
        if (c > 0) text += ',';
        text += this.labels ? `${this.labels[c]}:${n}` : String(n);
      }
      text += '\r\n';
      stats.framesWritten++;
    }
    return Buffer.from(text, 'latin1');
  }
}

export async function startArduinoEmulator(o: ArduinoEmulatorOptions): Promise<DeviceEmulator> {
  const scale = parseAnalogScale(o.scale ?? 'myoware-raw:10bit-5v');
  const adcName = scale.id.split(':')[1];
  const bits = adcName ? ADC_PRESETS[adcName].bits : 16;
  const channels = o.channels ?? 2;
  const emu = new PacedEmulator(o, o.baudRate ?? 115200, () => undefined);
  await emu.open();
  // like a board that just reset: a partial line of boot noise, the sketch's banner, then data
  emu.send('\x00\xf0r;\r\n' + ARDUINO_BANNER);
  const maxCount = 2 ** bits - 1;
  // `counts` (no preset): the simulator's µV printed as whole numbers
  emu.startStream(o.rateHz ?? 1000, channels, new PlotterTextFormat(scale.microvoltsPerCount, scale.offsetCounts, scale.unit === 'µV' ? maxCount : 1e9, channels, o.labels));
  return emu;
}
