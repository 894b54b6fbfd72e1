/**
 * `myocue report SESSION_ID|FILE --out report.html`: one self-contained HTML report of a
 * session (src/report/), for a coach to send a client; it prints cleanly to PDF. Never
 * overwrites without --force.
 */
import { parseArgs } from 'node:util';
import { existsSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadReportData, resolveReportInput } from '../report/load-report';
import { renderReportHtml } from '../report/render-report';
import { writeReportFile } from '../report/write-report';
import { UsageError } from './cli-args';
import { CHANNEL_ROLE_OPTIONS, parseChannelRoles, parseSignalInput, SIGNAL_INPUT_OPTIONS } from './recording-input-args';

export async function runReport(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      'data-dir': { type: 'string' },
      ...SIGNAL_INPUT_OPTIONS,
      ...CHANNEL_ROLE_OPTIONS,
      force: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  const input = positionals[0];
  if (!input || positionals.length > 1) throw new UsageError('expected one SESSION_ID or FILE');
  if (!values.out) throw new UsageError('--out report.html is required');
  const { format, rateHz, mains, mainsHarmonics } = parseSignalInput(values);
  const { target, assisting, symmetryPair } = parseChannelRoles(values);
  const file = resolveReportInput(input, values['data-dir'] ?? join(homedir(), '.myocue'));
  if (existsSync(values.out)) {
    if (realpathSync(values.out) === realpathSync(file)) throw new UsageError('--out is the recording itself; a report never touches it');
    if (!values.force) throw new UsageError(`${values.out} already exists; pass --force to overwrite it`);
  } else if (resolve(values.out) === resolve(file)) throw new UsageError('--out is the recording itself');
  const data = await loadReportData(file, {
    ...(format ? { format } : {}),
    ...(rateHz ? { rateHz } : {}),
    target,
    ...(assisting ? { assisting } : {}),
    ...(symmetryPair ? { symmetryPair } : {}),
    ...(mains !== undefined ? { mains } : {}),
    ...(mainsHarmonics !== undefined ? { mainsHarmonics } : {}),
  });
  for (const w of data.warnings) process.stderr.write(`myocue report: ${w}\n`);
  writeReportFile(values.out, renderReportHtml(data));
  const reps = data.sets.reduce((n, s) => n + s.set.reps.length, 0);
  process.stdout.write(`${values.out}: report of ${data.title} (${data.sets.length} set${data.sets.length === 1 ? '' : 's'}, ${reps} reps)\n`);
  return 0;
}
