/** `myocue simulate --out PATH`: the simulated band speaking the real protocol into a serial device. */
import { parseArgs } from 'node:util';
import { startBandEmulator } from '../devices/band-emulator';
import { parseNumberOption, UsageError } from './cli-args';
import { SIM_OPTION_SPECS, simOptionsFromArgs } from './sim-options-args';

export async function runSimulate(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { out: { type: 'string' }, mains: { type: 'string' }, baud: { type: 'string' }, autostart: { type: 'boolean' }, ...SIM_OPTION_SPECS },
    strict: true,
  });
  if (!values.out) throw new UsageError('--out PATH is required (a serial device, e.g. one end of `socat -d -d pty,raw,echo=0 pty,raw,echo=0`)');
  const options = simOptionsFromArgs(values, values.mains);
  const baudRate = parseNumberOption('baud', values.baud, { min: 300, integer: true }) ?? 921600;
  const emulator = await startBandEmulator({
    path: values.out,
    baudRate,
    options,
    autostart: values.autostart ?? false,
    onLog: (line: string) => process.stderr.write(`${line}\n`),
  });
  process.stderr.write(`myocue simulate: band on ${values.out} (${baudRate} baud); waiting for START. Ctrl+C stops.\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await emulator.stop();
  process.stderr.write(`myocue simulate: stopped after ${emulator.linesWritten} lines.\n`);
  return 0;
}
