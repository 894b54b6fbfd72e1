/**
 * `myocue simulate --out PATH [--band myocue|cyton|arduino|bitalino|spiker]`: a simulated band
 * speaking a real device family's wire format into a serial device (one end of a pty pair),
 * answering that family's handshake like its firmware, with the simulator's sEMG.
 */
import { parseArgs } from 'node:util';
import { startBandEmulator } from '../devices/band-emulator';
import { startFamilyEmulator } from '../devices/emulators/start-emulator';
import { FAMILY_LABEL } from '../devices/families/family-decoder';
import { parseNumberOption, UsageError } from './cli-args';
import { SIM_OPTION_SPECS, simOptionsFromArgs } from './sim-options-args';
import { parseBandFamily } from './device-options-args';

export async function runSimulate(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      mains: { type: 'string' },
      baud: { type: 'string' },
      autostart: { type: 'boolean' },
      band: { type: 'string' },
      daisy: { type: 'boolean' },
      'board-off': { type: 'boolean' },
      scale: { type: 'string' },
      'drop-every': { type: 'string' },
      'drop-fraction': { type: 'string' },
      ...SIM_OPTION_SPECS,
    },
    strict: true,
  });
  if (!values.out) throw new UsageError('--out PATH is required (a serial device, e.g. one end of `socat -d -d pty,raw,echo=0 pty,raw,echo=0`)');
  const band = parseBandFamily(values.band, 'myocue');
  const dropEvery = parseNumberOption('drop-every', values['drop-every'], { min: 2, integer: true });
  const dropFraction = parseNumberOption('drop-fraction', values['drop-fraction'], { min: 0, max: 0.5 });
  const baudRate = parseNumberOption('baud', values.baud, { min: 300, integer: true });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  let stop: () => Promise<void>;
  let summary: () => string;
  if (band === 'myocue') {
    if (dropEvery !== undefined || dropFraction !== undefined) throw new UsageError('--drop-every / --drop-fraction: the Myocue band emulator drops only what the port cannot carry');
    const options = simOptionsFromArgs(values, values.mains);
    const emulator = await startBandEmulator({ path: values.out, baudRate: baudRate ?? 921600, options, autostart: values.autostart ?? false, onLog: log });
    process.stderr.write(`myocue simulate: band on ${values.out} (${baudRate ?? 921600} baud); waiting for START. Ctrl+C stops.\n`);
    stop = () => emulator.stop();
    summary = () => `${emulator.linesWritten} lines`;
  } else {
    // --rate and --channels describe the family's stream (text stream only); the rest is the sEMG content
    const { rate, channels, ...content } = values;
    const options = simOptionsFromArgs(content, values.mains);
    const emulator = await startFamilyEmulator({
      band,
      path: values.out,
      options,
      onLog: log,
      ...(baudRate ? { baudRate } : {}),
      ...(band === 'arduino' ? { rateHz: parseNumberOption('rate', rate as string | undefined, { min: 1, max: 5000 }), channels: parseNumberOption('channels', channels as string | undefined, { min: 1, max: 16, integer: true }), scale: values.scale } : {}),
      ...(band === 'cyton' ? { daisy: values.daisy ?? false, boardOff: values['board-off'] ?? false } : {}),
      ...(dropEvery !== undefined ? { dropEvery } : {}),
      ...(dropFraction !== undefined ? { dropFraction } : {}),
    });
    const waits = band === 'arduino' || band === 'spiker' ? 'streaming now' : `waiting for its start command`;
    process.stderr.write(`myocue simulate: ${FAMILY_LABEL[band]} on ${values.out}; ${waits}. Ctrl+C stops.\n`);
    stop = () => emulator.stop();
    summary = () => `${emulator.stats.framesWritten} frames (${emulator.stats.framesDropped} dropped on purpose)`;
  }
  await new Promise<void>((resolve) => {
    const done = () => resolve();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await stop();
  process.stderr.write(`myocue simulate: stopped after ${summary()}.\n`);
  return 0;
}
