/**
 * `myocue` command line. One file per command under src/cli/; this file only dispatches.
 *   myocue serve     the browser host (dashboard on http://127.0.0.1:PORT/)
 *   myocue devices   list serial ports
 *   myocue simulate  the simulated band speaking the real protocol into a serial device (pty)
 *   myocue record    a device to a BDF+ file, without the dashboard
 *   myocue analyze   per channel, per set and per rep metrics of a recording (text or --json)
 *   myocue export    a recording to CSV, EDF+ or BDF+
 */
import { UsageError } from './cli-args';
import { runServe } from './serve-command';
import { runDevices } from './devices-command';
import { runSimulate } from './simulate-command';
import { runRecord } from './record-command';
import { runAnalyze } from './analyze-command';
import { runExport } from './export-command';

const USAGE = `Usage: myocue <command> [options]

Commands:
  serve     [--device sim|PATH] [--port N] [--host ADDR] [--baud N] [--mains 50|60|off]
            [--rate HZ] [--channels N] [--reps N] [--rep-seconds S] [--focus none|internal|external]
            [--data-dir DIR] [--exercise ID] [--target CH] [--assisting CH[,CH]] [--no-record]
            Runs the host and serves the dashboard to a browser (127.0.0.1 unless --host).
            Every session is recorded into --data-dir (default ~/.myocue) unless --no-record.
  devices   Lists serial ports.
  simulate  --out PATH [--rate HZ] [--channels N] [--reps N] [--rep-seconds S]
            [--focus none|internal|external] [--mains 50|60] [--baud N] [--autostart]
            Writes the band protocol into a serial device (e.g. one end of a socat pty pair).
  record    --device sim|PATH --out FILE [--duration S] [--force] [simulator options]
            Records a device to a BDF+ file (read by EDFbrowser, MNE).
  analyze   FILE [--format auto|myocue|openbci|brainflow|csv|edf] [--rate HZ] [--target CH]
            [--assisting CH[,CH]] [--mains 50|60|off] [--json]
            Channels, sets, reps, target share and fatigue of a recording.
  export    FILE --to csv|edf|bdf --out PATH [--envelope] [--mains 50|60|off] [--force]
            Converts a recording; never overwrites without --force, never touches FILE.
`;

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  serve: runServe,
  devices: runDevices,
  simulate: runSimulate,
  record: runRecord,
  analyze: runAnalyze,
  export: runExport,
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  const run = COMMANDS[command];
  if (!run) {
    process.stderr.write(`myocue: unknown command "${command}"\n${USAGE}`);
    return 2;
  }
  try {
    return await run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`myocue ${command}: ${err.message}\n`);
      return 2;
    }
    if ((err as { code?: string })?.code?.startsWith?.("ERR_PARSE_ARGS")) {
      process.stderr.write(`myocue ${command}: ${(err as Error).message}\n`);
      return 2;
    }
    // bad input of any kind: one line, no stack trace (set MYOCUE_DEBUG=1 for the stack)
    const msg = err instanceof Error ? err.message : String(err);
    process.stderr.write(`myocue ${command}: ${msg}\n`);
    if (process.env.MYOCUE_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`myocue: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
