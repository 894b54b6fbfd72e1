/**
 * The options of the commands that analyse a recording (`analyze`, `report`): how to read and
 * filter it, and which channels play which role. One spelling, one range and one message for
 * both, so a flag that works for one works for the other.
 */
import type { ImportFormat } from '../formats/imported-recording';
import type { MainsSetting } from '../host/contract';
import { parseChannelList, parseChoiceOption, parseMainsHarmonicsOption, parseMainsOption, parseNumberOption, parseSymmetryPair } from './cli-args';

/** Every reader `--format` can name (auto: detected from the content). */
export const INPUT_FORMAT_CHOICES = ['auto', 'myocue', 'openbci', 'brainflow', 'csv', 'edf', 'hdf5'] as const satisfies readonly (ImportFormat | 'auto')[];

/** `parseArgs` options: `--format F --rate HZ --mains 50|60|off --mains-harmonics 1-3`. */
export const SIGNAL_INPUT_OPTIONS = {
  format: { type: 'string', default: 'auto' },
  rate: { type: 'string' },
  mains: { type: 'string' },
  'mains-harmonics': { type: 'string' },
} as const;

/** `parseArgs` options: `--target CH --assisting CH[,CH] --left CH --right CH`. */
export const CHANNEL_ROLE_OPTIONS = {
  target: { type: 'string' },
  assisting: { type: 'string' },
  left: { type: 'string' },
  right: { type: 'string' },
} as const;

export interface SignalInputArgs {
  format: (typeof INPUT_FORMAT_CHOICES)[number] | undefined;
  /** Hz, for a CSV without a time column */
  rateHz: number | undefined;
  /** undefined: the default (DEFAULT_DSP_SETTINGS) */
  mains: MainsSetting | undefined;
  mainsHarmonics: number | undefined;
}

export function parseSignalInput(values: { format?: string; rate?: string; mains?: string; 'mains-harmonics'?: string }): SignalInputArgs {
  return {
    format: parseChoiceOption('format', values.format, INPUT_FORMAT_CHOICES),
    rateHz: parseNumberOption('rate', values.rate, { min: 1, max: 100000 }),
    mains: parseMainsOption(values.mains),
    mainsHarmonics: parseMainsHarmonicsOption(values['mains-harmonics']),
  };
}

export interface ChannelRoleArgs {
  /** null: not given (a Myocue session knows its own) */
  target: number | null;
  /** undefined: not given */
  assisting: number[] | undefined;
  symmetryPair: { left: number; right: number } | null;
}

export function parseChannelRoles(values: { target?: string; assisting?: string; left?: string; right?: string }): ChannelRoleArgs {
  return {
    target: parseNumberOption('target', values.target, { min: 0, max: 63, integer: true }) ?? null,
    assisting: values.assisting !== undefined ? parseChannelList('assisting', values.assisting) : undefined,
    symmetryPair: parseSymmetryPair(values.left, values.right),
  };
}
