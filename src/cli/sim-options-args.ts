/**
 * The simulator options shared by `serve --device sim` and `simulate`. The flags are read as
 * numbers here; their ranges are the simulator's one schema (simulator-options-schema.ts), the
 * same the connect command and the simulator check.
 */
import type { SimulatorOptions } from '../devices/simulator-options';
import { simulatorOptionsSchema } from '../devices/simulator-options-schema';
import { checkData } from '../util/schema-kit';
import { parseChoiceOption, parseNumberOption, UsageError } from './cli-args';

/** schema field → the flag that sets it, for messages */
const FLAG_OF: Partial<Record<keyof SimulatorOptions, string>> = {
  sampleRateHz: 'rate',
  channels: 'channels',
  reps: 'reps',
  repSeconds: 'rep-seconds',
  focus: 'focus',
  seed: 'seed',
  mainsHz: 'mains',
};

export const SIM_OPTION_SPECS = {
  rate: { type: 'string' },
  channels: { type: 'string' },
  reps: { type: 'string' },
  'rep-seconds': { type: 'string' },
  focus: { type: 'string' },
  seed: { type: 'string' },
} as const;

export function simOptionsFromArgs(values: Record<string, string | boolean | undefined>, mains?: string): Partial<SimulatorOptions> {
  const s = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const opts: Partial<SimulatorOptions> = {};
  const rate = parseNumberOption('rate', s('rate'));
  if (rate !== undefined) opts.sampleRateHz = rate;
  const channels = parseNumberOption('channels', s('channels'), { integer: true });
  if (channels !== undefined) opts.channels = channels;
  const reps = parseNumberOption('reps', s('reps'), { integer: true });
  if (reps !== undefined) opts.reps = reps;
  const repSeconds = parseNumberOption('rep-seconds', s('rep-seconds'));
  if (repSeconds !== undefined) opts.repSeconds = repSeconds;
  const focus = parseChoiceOption('focus', s('focus'), ['none', 'internal', 'external'] as const);
  if (focus) opts.focus = focus;
  const seed = parseNumberOption('seed', s('seed'), { integer: true });
  if (seed !== undefined) opts.seed = seed;
  const m = parseChoiceOption('mains', mains, ['50', '60'] as const);
  if (m) opts.mainsHz = Number(m) as 50 | 60;
  if (opts.channels === 1) opts.assistingChannels = [];
  for (const [field, flag] of Object.entries(FLAG_OF)) {
    const checked = checkData(simulatorOptionsSchema.pick({ [field]: true } as never), { [field]: (opts as Record<string, unknown>)[field] });
    if (!checked.ok) throw new UsageError(`--${flag}: ${checked.error.replace(/^\S+ /, '')}`);
  }
  return opts;
}
