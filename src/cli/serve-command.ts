/** `myocue serve`: the host plus the dashboard for a browser on this machine (or, with --host, the network). */
import { parseArgs } from 'node:util';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createHost } from '../host/host';
import { startBrowserServer } from '../host/browser-server';
import type { DeviceSpec } from '../host/contract';
import { packageRoot } from '../util/package-paths';
import { parseChannelList, parseMainsHarmonicsOption, parseMainsOption, parseNumberOption, parseSymmetryPair, UsageError } from './cli-args';
import type { TrainingSetup } from '../host/contract';
import { EXERCISE_LIBRARY } from '../exercises/library';
import { SIM_OPTION_SPECS, simOptionsFromArgs } from './sim-options-args';
import { DEVICE_OPTION_SPECS, serialSpecFromArgs } from './device-options-args';
import { prepareDataDir } from './data-dir';
import { EXPORTS_FOLDER } from '../host/session-export';
import { EXPORT_STAGING_OPTION_SPECS, exportStagingFromArgs } from './export-staging-args';

export async function runServe(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      device: { type: 'string', default: 'sim' },
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      baud: { type: 'string' },
      mains: { type: 'string' },
      'mains-harmonics': { type: 'string' },
      'data-dir': { type: 'string' },
      exercise: { type: 'string' },
      target: { type: 'string' },
      assisting: { type: 'string' },
      left: { type: 'string' },
      right: { type: 'string' },
      'no-record': { type: 'boolean', default: false },
      'record-from-start': { type: 'boolean', default: false },
      'demo-sessions': { type: 'string' },
      ...EXPORT_STAGING_OPTION_SPECS,
      ...SIM_OPTION_SPECS,
      ...DEVICE_OPTION_SPECS,
    },
    strict: true,
  });
  const port = parseNumberOption('port', values.port, { min: 0, max: 65535, integer: true }) ?? 5170;
  const mains = parseMainsOption(values.mains);
  const mainsHarmonics = parseMainsHarmonicsOption(values['mains-harmonics']);
  const device: DeviceSpec =
    values.device === 'sim'
      ? { kind: 'sim', options: simOptionsFromArgs(values, mains === 'off' ? undefined : mains?.toString()) }
      : serialSpecFromArgs(values.device!, values, 'auto');
  const exportStaging = exportStagingFromArgs(values);
  const dataDir = values['data-dir'] ?? join(homedir(), '.myocue');
  prepareDataDir(dataDir);
  const training = trainingFromArgs(values.exercise, values.target, values.assisting, parseSymmetryPair(values.left, values.right));
  const host = await createHost({
    dataDir,
    device,
    dsp: mains !== undefined || mainsHarmonics !== undefined ? { ...(mains !== undefined ? { mains } : {}), ...(mainsHarmonics !== undefined ? { mainsHarmonics } : {}) } : undefined,
    training,
    record: !values['no-record'],
    // before issue 11 every serve recorded from its first sample; now the lifter starts a session
    sessionAtStart: values['record-from-start'],
    demoSessions: parseDemoSessions(values['demo-sessions']),
    exportStaging,
  });
  let server;
  try {
    server = await startBrowserServer({ api: host, staticDir: join(packageRoot(), 'dist', 'renderer'), host: values.host, port, exportsDir: join(dataDir, EXPORTS_FOLDER) });
  } catch (err) {
    await host.close();
    throw err;
  }
  process.stdout.write(`Myocue dashboard (${device.kind === 'sim' ? 'simulated band' : device.path}):\n${server.url}\n`);
  if (server.token) process.stdout.write('Other devices on the network open the URL above as read-only viewers.\n');
  // the coach's TV wants the big-type view straight away (the token, if any, is in server.url)
  process.stdout.write(`Coach view for a TV or tablet: ${coachUrl(server.url)}\n`);
  if (server.localUrl) process.stdout.write(`On this machine, open ${server.localUrl} to control the session.\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await server.close();
  await host.close();
  return 0;
}

/**
 * `--exercise ID --target CH --assisting CH[,CH] --left CH --right CH`: preselects the training
 * view (channels from 0; the left/right pair of one muscle for the symmetry read-out).
 */
function trainingFromArgs(
  exercise: string | undefined,
  target: string | undefined,
  assisting: string | undefined,
  symmetryPair: { left: number; right: number } | null,
): Partial<TrainingSetup> | undefined {
  const setup: Partial<TrainingSetup> = {};
  if (exercise !== undefined) {
    if (!EXERCISE_LIBRARY.some((e) => e.id === exercise)) {
      throw new UsageError(`--exercise: unknown exercise "${exercise}"; one of: ${EXERCISE_LIBRARY.map((e) => e.id).join(', ')}`);
    }
    setup.exerciseId = exercise;
  }
  if (target !== undefined) setup.targetChannel = parseNumberOption('target', target, { min: 0, max: 63, integer: true })!;
  if (assisting !== undefined) setup.assistingChannels = parseChannelList('assisting', assisting);
  if (symmetryPair) setup.symmetryPair = symmetryPair;
  return Object.keys(setup).length ? setup : undefined;
}

/** `--demo-sessions keep|skip`: sessions on the simulated band are kept (marked demo, the default) or not recorded. */
function parseDemoSessions(v: string | undefined): 'keep' | 'skip' | undefined {
  if (v === undefined || v === 'keep' || v === 'skip') return v;
  throw new UsageError(`--demo-sessions: "${v}" is not one of keep, skip`);
}

/** the dashboard URL with the coach view's route: http://host:port/?token=…#/coach */
export function coachUrl(url: string): string {
  return `${url.replace(/#.*$/, '')}#/coach`;
}
