/** `myocue simulate --band …`: one entry point for every family's emulator. */
import type { BandFamily } from '../families/family-decoder';
import { startBandEmulator } from '../band-emulator';
import { startCytonEmulator } from './cyton-emulator';
import { startArduinoEmulator } from './arduino-emulator';
import { startBitalinoEmulator } from './bitalino-emulator';
import { startSpikerEmulator } from './spiker-emulator';
import type { DeviceEmulator, EmulatorOptions } from './paced-emulator';

export interface FamilyEmulatorOptions extends EmulatorOptions {
  band: BandFamily;
  /** Cyton: a Daisy is attached (16 channels) */
  daisy?: boolean;
  /** Cyton: the dongle answers, the board is off */
  boardOff?: boolean;
  /** text stream: lines per second, channels, the preset the counts follow */
  rateHz?: number;
  channels?: number;
  scale?: string;
  baudRate?: number;
}

export async function startFamilyEmulator(o: FamilyEmulatorOptions): Promise<DeviceEmulator & { linesWritten?: number }> {
  switch (o.band) {
    case 'cyton':
      return startCytonEmulator(o);
    case 'arduino':
      return startArduinoEmulator(o);
    case 'bitalino':
      return startBitalinoEmulator(o);
    case 'spiker':
      return startSpikerEmulator(o);
    case 'myocue': {
      const band = await startBandEmulator({ path: o.path, options: o.options, onLog: o.onLog, ...(o.baudRate ? { baudRate: o.baudRate } : {}) });
      return {
        stats: { framesGenerated: 0, framesWritten: 0, framesDropped: 0, channelCount: 0, sampleRateHz: 0, sumSquares: new Float64Array(0) },
        history: [],
        stop: () => band.stop(),
        get linesWritten() {
          return band.linesWritten;
        },
      };
    }
  }
}
