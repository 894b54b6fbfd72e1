/**
 * `myocue` command line. One file per command under src/cli/; this file only dispatches.
 *   myocue serve     the browser host (dashboard on http://127.0.0.1:PORT/)
 *   myocue devices   list serial ports
 *   myocue simulate  the simulated band speaking the real protocol into a serial device (pty)
 *   myocue record    a device to a BDF+ file, without the dashboard
 *   myocue analyze   per channel, per set and per rep metrics of a recording (text or --json)
 *   myocue export    a recording to CSV, EDF+ or BDF+
 *   myocue report    a self-contained HTML report of a session
 * Every command prints its usage with --help (src/cli/usage.ts).
 */
import { UsageError } from './cli-args';
import { runServe } from './serve-command';
import { runDevices } from './devices-command';
import { runSimulate } from './simulate-command';
import { runRecord } from './record-command';
import { runAnalyze } from './analyze-command';
import { runExport } from './export-command';
import { runReport } from './report-command';
import { commandHelp, overviewHelp, wantsHelp } from './usage';

const USAGE = overviewHelp();

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  serve: runServe,
  devices: runDevices,
  simulate: runSimulate,
  record: runRecord,
  analyze: runAnalyze,
  export: runExport,
  report: runReport,
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
  if (wantsHelp(rest)) {
    process.stdout.write(commandHelp(command));
    return 0;
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
