/** The simulator options shared by `serve --device sim` and `simulate`. */
import type { SimulatorOptions } from '../devices/simulator-options';
import { parseChoiceOption, parseNumberOption } from './cli-args';

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
  const rate = parseNumberOption('rate', s('rate'), { min: 100, max: 20000 });
  if (rate !== undefined) opts.sampleRateHz = rate;
  const channels = parseNumberOption('channels', s('channels'), { min: 1, max: 16, integer: true });
  if (channels !== undefined) opts.channels = channels;
  const reps = parseNumberOption('reps', s('reps'), { min: 1, max: 100, integer: true });
  if (reps !== undefined) opts.reps = reps;
  const repSeconds = parseNumberOption('rep-seconds', s('rep-seconds'), { min: 0.5, max: 30 });
  if (repSeconds !== undefined) opts.repSeconds = repSeconds;
  const focus = parseChoiceOption('focus', s('focus'), ['none', 'internal', 'external'] as const);
  if (focus) opts.focus = focus;
  const seed = parseNumberOption('seed', s('seed'), { integer: true });
  if (seed !== undefined) opts.seed = seed;
  const m = parseChoiceOption('mains', mains, ['50', '60'] as const);
  if (m) opts.mainsHz = Number(m) as 50 | 60;
  if (opts.channels === 1) opts.assistingChannels = [];
  return opts;
}
