/**
 * Command-line options of the Electron app (`npm start -- --device /dev/ttyACM0`), parsed from
 * process.argv as a pure function. Electron's argv holds the binary, the app path and Chromium
 * switches too, so only our own options are picked out and everything else is ignored.
 */
import type { DeviceSpec } from '../src/host/contract';

export interface LaunchArgs {
  /** the band to open at start: the simulator unless `--device PATH` names a serial port */
  device: DeviceSpec;
  /** `--data-dir PATH`: sessions and settings somewhere else than userData (tests, portable use) */
  dataDir?: string;
}

function optionValue(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === name && i + 1 < argv.length) return argv[i + 1];
    if (a.startsWith(name + '=')) return a.slice(name.length + 1);
  }
  return undefined;
}

export function parseLaunchArgs(argv: readonly string[]): LaunchArgs {
  const device = optionValue(argv, '--device');
  const baud = optionValue(argv, '--baud');
  const dataDir = optionValue(argv, '--data-dir');
  const out: LaunchArgs = { device: { kind: 'sim' } };
  if (device && device !== 'sim') {
    const baudRate = baud !== undefined && /^\d+$/.test(baud) ? Number(baud) : undefined;
    out.device = baudRate ? { kind: 'serial', path: device, baudRate } : { kind: 'serial', path: device };
  }
  if (dataDir) out.dataDir = dataDir;
  return out;
}
