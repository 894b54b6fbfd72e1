/**
 * The real-device options shared by `serve`, `record` and `simulate`: `--band`, `--rate`,
 * `--scale`, `--inputs`, `--channels` (the last two for BITalino / SpikerShield).
 */
import { BAND_FAMILIES, type BandChoice, type BandFamily } from '../devices/families/family-decoder';
import { parseAnalogScale } from '../devices/families/analog-scale';
import { CytonGainTracker } from '../devices/families/cyton-gain-tracker';
import type { DeviceSpec } from '../host/contract';
import { parseChoiceOption, parseNumberOption, UsageError } from './cli-args';

export const DEVICE_OPTION_SPECS = {
  band: { type: 'string' },
  scale: { type: 'string' },
  inputs: { type: 'string' },
  'cyton-config': { type: 'string' },
} as const;

type Values = Record<string, string | boolean | undefined>;
const s = (v: Values, k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);

export function parseBandChoice(text: string | undefined, fallback: BandChoice): BandChoice {
  return parseChoiceOption('band', text, ['auto', ...BAND_FAMILIES] as const) ?? fallback;
}

export function parseBandFamily(text: string | undefined, fallback: BandFamily): BandFamily {
  return parseChoiceOption('band', text, BAND_FAMILIES) ?? fallback;
}

/** `--inputs A1,A2` (BITalino analog inputs) → [0, 1]. */
export function parseInputs(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const out: number[] = [];
  for (const part of text.split(',')) {
    const m = /^A?([1-6])$/i.exec(part.trim());
    if (!m) throw new UsageError(`--inputs: "${part.trim()}" is not a BITalino input; use A1 to A6, e.g. --inputs A1,A2`);
    const i = Number(m[1]) - 1;
    if (!out.includes(i)) out.push(i);
  }
  return out.sort((a, b) => a - b);
}

/** The serial DeviceSpec from the command line (`--device PATH` already known not to be 'sim'). */
export function serialSpecFromArgs(path: string, values: Values, defaultBand: BandChoice): Extract<DeviceSpec, { kind: 'serial' }> {
  const band = parseBandChoice(s(values, 'band'), defaultBand);
  const rateHz = parseNumberOption('rate', s(values, 'rate'), { min: 1, max: 20000 });
  const scale = s(values, 'scale');
  if (scale !== undefined) {
    try {
      parseAnalogScale(scale);
    } catch (err) {
      throw new UsageError(err instanceof Error ? err.message : String(err));
    }
  }
  const channels = parseNumberOption('channels', s(values, 'channels'), { min: 1, max: 6, integer: true });
  const inputs = parseInputs(s(values, 'inputs'));
  const baudRate = parseNumberOption('baud', s(values, 'baud'), { min: 300, integer: true });
  const cytonCommands = s(values, 'cyton-config')?.replace(/[\s,]+/g, '');
  if (cytonCommands !== undefined) {
    const problem = new CytonGainTracker().apply(cytonCommands);
    if (problem) throw new UsageError(`--cyton-config: ${problem}`);
  }
  return {
    kind: 'serial',
    path,
    band,
    ...(baudRate !== undefined ? { baudRate } : {}),
    ...(rateHz !== undefined ? { rateHz } : {}),
    ...(scale !== undefined ? { scale } : {}),
    ...(channels !== undefined ? { channels } : {}),
    ...(inputs ? { inputs } : {}),
    ...(cytonCommands ? { cytonCommands } : {}),
  };
}
