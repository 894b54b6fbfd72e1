/**
 * The usage text of every `myocue` command, printed by `myocue COMMAND --help` (exit 0) and, in
 * short, by `myocue --help`. One place, so the help and the overview never disagree.
 */

export interface CommandUsage {
  /** a few words for the overview */
  title: string;
  /** one line: the synopsis after `myocue ` */
  synopsis: string;
  /** what the command does, a sentence or two */
  summary: string;
  /** option → what it means (with its unit and default) */
  options: [string, string][];
  /** a worked example or two */
  examples?: string[];
}

const SIM_OPTIONS: [string, string][] = [
  ['--rate HZ', 'simulated sample rate in Hz (default 2000)'],
  ['--channels N', 'simulated channels, 1-32 (default 2)'],
  ['--reps N', 'reps per simulated set (default 8)'],
  ['--rep-seconds S', 'seconds per simulated rep (default 2)'],
  ['--focus none|internal|external', 'the simulated focus effect on the target muscle'],
  ['--seed N', 'random seed, for a repeatable signal'],
];

/** real-device options (src/cli/device-options-args.ts; README "Connect your band") */
const DEVICE_OPTIONS: [string, string][] = [
  ['--band auto|myocue|cyton|arduino|bitalino|spiker', 'device family on PATH (default auto: detected)'],
  ['--rate HZ', 'with a serial PATH: the text stream\'s rate, when it should not be measured'],
  ['--scale PRESET', 'text stream µV preset: myoware-raw|myoware-rect|myoware-env|bioamp|gain=G[:10bit-5v|12bit-3.3v|…]'],
  ['--inputs A1,A2', 'BITalino analog inputs (default A1,A2)'],
  ['--channels N', 'with a serial PATH: SpikerShield channels, 1-6'],
  ['--cyton-config CMDS', 'Cyton channel settings after the defaults, e.g. x1060100X (SRB2 off for EMG)'],
];

export const COMMAND_USAGE: Record<string, CommandUsage> = {
  serve: {
    title: 'the host and the dashboard for a browser',
    synopsis: 'serve [--device sim|PATH] [--port N] [--host ADDR] [--baud N] [--mains 50|60|off] [--mains-harmonics 1-3] [--data-dir DIR] [--no-record] [--record-from-start] [--demo-sessions keep|skip] [--exercise ID --target CH --assisting CH[,CH]] [--left CH --right CH] [--exports-max-age-min N] [--exports-cap-mib N] [--exports-grace-min N] [simulator options]',
    summary:
      'Runs the host and serves the dashboard to a browser (127.0.0.1 unless --host). A session starts when the lifter starts it (Start session, or the first set) and is recorded into --data-dir unless --no-record; --record-from-start starts one at once. Prints the dashboard URL on a line of its own; with --host on a network address, also the URL for a coach TV (#/coach).',
    options: [
      ['--device sim|PATH', 'the simulated band (default) or a serial port, e.g. /dev/ttyACM0 or COM3'],
      ['--port N', 'HTTP port (default 5170; 0 picks a free one)'],
      ['--host ADDR', 'address to listen on (default 127.0.0.1; 0.0.0.0 for a TV or tablet on the network)'],
      ['--baud N', 'serial link speed (default 921600)'],
      ['--mains 50|60|off', 'mains notch frequency in Hz (default 50)'],
      ['--mains-harmonics 1-3', 'notch the mains harmonics too: 2 = also 100/120 Hz, 3 = also 150/180 Hz (default 1: the fundamental only)'],
      ['--data-dir DIR', 'where sessions, MVCs and custom exercises are kept (default ~/.myocue)'],
      ['--no-record', 'do not record live sessions'],
      ['--demo-sessions keep|skip', 'sessions on the simulated band: keep them, marked "demo" and left out of progress (default), or do not record them'],
      ['--record-from-start', 'start a session (and its recording) as soon as the band streams, without waiting for Start session (scripts, unattended recording)'],
      ['--exercise ID', 'preselect an exercise (e.g. hip-thrust)'],
      ['--target CH', 'target muscle channel (from 0)'],
      ['--assisting CH[,CH]', 'assisting muscle channel(s) (from 0)'],
      ['--left CH --right CH', 'one muscle on both sides (e.g. left and right gluteus maximus): the live left/right bars and each set\'s symmetry index'],
      ['--exports-max-age-min N', 'exports/ is download staging: an export older than N minutes is removed at start and before each export (default 60; 1 to 10080)'],
      ['--exports-cap-mib N', 'the exports together are kept under N MiB, the oldest removed first (default 2048; at least 1)'],
      ['--exports-grace-min N', 'an export younger than N minutes is kept even over the cap: it is about to be downloaded (default 5; 0 to 10080)'],
      ...DEVICE_OPTIONS,
      ...SIM_OPTIONS,
    ],
    examples: ['myocue serve', 'myocue serve --device /dev/ttyACM0 --exercise hip-thrust --target 0 --assisting 1', 'myocue serve --host 0.0.0.0'],
  },
  devices: {
    title: 'list serial ports',
    synopsis: 'devices',
    summary: 'Lists serial ports (path, manufacturer, USB ids). Exits with status 1 when the system cannot be asked; type the port path yourself then.',
    options: [],
  },
  simulate: {
    title: 'the simulated band, into a serial device',
    synopsis: 'simulate --out PATH [--baud N] [--mains 50|60] [--autostart] [simulator options]',
    summary: 'Writes the band protocol into a serial device (e.g. one end of a socat pty pair), so the host can be tried without hardware.',
    options: [
      ['--out PATH', 'the serial device to write into (required)'],
      ['--baud N', 'link speed (default 921600)'],
      ['--mains 50|60', 'add mains hum at this frequency in Hz'],
      ['--autostart', 'stream at once instead of waiting for START'],
      ['--band myocue|cyton|arduino|bitalino|spiker', "the family's wire format and handshake (default myocue)"],
      ['--daisy / --board-off', 'Cyton: a Daisy attached (16 ch) / the dongle answers for a board that is off'],
      ['--drop-every N / --drop-fraction F', 'lose packets on purpose (every Nth, or a fraction)'],
      ['--scale PRESET', 'arduino: the sensor preset its counts follow (default myoware-raw:10bit-5v)'],
      ...SIM_OPTIONS,
    ],
    examples: ['socat -d -d pty,raw,echo=0,link=/tmp/band pty,raw,echo=0,link=/tmp/host &', 'myocue simulate --out /tmp/band --channels 8', 'myocue simulate --band cyton --daisy --out /tmp/band'],
  },
  record: {
    title: 'a device to a BDF+ file, without the dashboard',
    synopsis: 'record --device sim|PATH --out FILE.bdf [--duration S] [--baud N] [--force] [simulator options]',
    summary: 'Records a device to a BDF+ file (read by EDFbrowser, MNE, EEGLAB) without the dashboard; crash-safe (fsynced every second).',
    options: [
      ['--device sim|PATH', 'the simulated band (default) or a serial port'],
      ['--out FILE.bdf', 'the file to create (required)'],
      ['--duration S', 'stop after so many seconds (default: until Ctrl+C)'],
      ['--baud N', 'serial link speed (default 921600)'],
      ['--force', 'overwrite FILE if it exists'],
      ...DEVICE_OPTIONS,
      ...SIM_OPTIONS,
    ],
  },
  analyze: {
    title: 'sets, reps and metrics of a recording',
    synopsis: 'analyze FILE [--format auto|myocue|openbci|brainflow|csv|edf|hdf5] [--rate HZ] [--target CH] [--assisting CH[,CH]] [--left CH --right CH] [--mains 50|60|off] [--mains-harmonics 1-3] [--json]',
    summary: 'Channels, sets, reps, target share and fatigue of a recording (a Myocue session or a file of another tool).',
    options: [
      ['--format F', 'the file format (default auto: detected from the content)'],
      ['--rate HZ', 'sample rate in Hz, for a CSV without a time column'],
      ['--target CH', 'target muscle channel (from 0; a Myocue session knows it)'],
      ['--assisting CH[,CH]', 'assisting muscle channel(s)'],
      ['--left CH --right CH', 'one muscle on both sides (e.g. left and right glute): symmetry index per rep and set (a Myocue session knows its pair)'],
      ['--mains 50|60|off', 'mains notch in Hz (default 50)'],
      ['--mains-harmonics 1-3', 'notch the mains harmonics too: 2 = also 100/120 Hz, 3 = also 150/180 Hz (default 1: the fundamental only)'],
      ['--json', 'print one JSON object instead of text'],
    ],
  },
  export: {
    title: 'a recording to CSV, EDF+ or BDF+',
    synopsis: 'export FILE --to csv|edf|bdf --out PATH [--envelope] [--mains 50|60|off] [--mains-harmonics 1-3] [--format F] [--rate HZ] [--force]',
    summary: 'Converts a recording to CSV, EDF+ or BDF+ with its annotations; never overwrites without --force, never touches FILE.',
    options: [
      ['--to csv|edf|bdf', 'the output format (required)'],
      ['--out PATH', 'the file to write (required)'],
      ['--envelope', 'add the RMS envelope (µV) of every channel'],
      ['--mains 50|60|off', 'mains notch in Hz for the envelope (default 50)'],
      ['--mains-harmonics 1-3', 'notch the mains harmonics too: 2 = also 100/120 Hz, 3 = also 150/180 Hz (default 1: the fundamental only)'],
      ['--format F', 'the input format (default auto)'],
      ['--rate HZ', 'sample rate in Hz, for a CSV without a time column'],
      ['--force', 'overwrite PATH if it exists'],
    ],
  },
  report: {
    title: 'a self-contained HTML report of a session',
    synopsis: 'report SESSION_ID|FILE --out report.html [--data-dir DIR] [--format F] [--rate HZ] [--target CH] [--assisting CH[,CH]] [--left CH --right CH] [--mains 50|60|off] [--mains-harmonics 1-3] [--force]',
    summary:
      'Writes one self-contained HTML report of a session (no network; charts as inline SVG: envelopes per set with reps marked, target vs assisting, share per rep, the set comparisons with their intervals, MVCs, notes). It prints cleanly to PDF from any browser.',
    options: [
      ['SESSION_ID|FILE', 'a session id of the library in --data-dir, or a recording file'],
      ['--out report.html', 'the file to write (required)'],
      ['--data-dir DIR', 'the session library (default ~/.myocue)'],
      ['--format F', 'the input format for a file (default auto)'],
      ['--rate HZ', 'sample rate in Hz, for a CSV without a time column'],
      ['--target CH', 'target muscle channel (from 0; a Myocue session knows it)'],
      ['--assisting CH[,CH]', 'assisting muscle channel(s)'],
      ['--left CH --right CH', 'one muscle on both sides: the left/right symmetry chart and numbers (a Myocue session knows its pair)'],
      ['--mains 50|60|off', 'mains notch in Hz (default 50)'],
      ['--mains-harmonics 1-3', 'notch the mains harmonics too: 2 = also 100/120 Hz, 3 = also 150/180 Hz (default 1: the fundamental only)'],
      ['--force', 'overwrite report.html if it exists'],
    ],
    examples: ['myocue report 2026-12-01T07-45-12 --out hip-thrust.html'],
  },
};

/** `myocue COMMAND --help` */
export function commandHelp(command: string): string {
  const u = COMMAND_USAGE[command];
  if (!u) return '';
  const width = Math.max(0, ...u.options.map(([o]) => o.length));
  const lines = [`Usage: myocue ${u.synopsis}`, '', u.summary];
  if (u.options.length) {
    lines.push('', 'Options:');
    for (const [o, d] of u.options) lines.push(`  ${o.padEnd(width)}  ${d}`);
  }
  if (u.examples?.length) lines.push('', 'Examples:', ...u.examples.map((e) => `  ${e}`));
  return lines.join('\n') + '\n';
}

/** `myocue --help`: every command with its synopsis */
export function overviewHelp(): string {
  const lines = ['Usage: myocue <command> [options]', '', 'Commands:'];
  for (const [name, u] of Object.entries(COMMAND_USAGE)) lines.push(`  ${name.padEnd(9)} ${u.title}`);
  lines.push('', 'myocue <command> --help prints the options of a command.');
  return lines.join('\n') + '\n';
}

/** `--help` or `-h` anywhere among a command's arguments (before a `--`) */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}
