/**
 * The one schema of the simulated band's options (simulator-options.ts), used by the connect
 * command, by `myocue serve --device sim` / `myocue simulate` (their flags map onto these fields)
 * and by the simulator itself. Ranges are what makes a plausible lifting session: a rep of
 * 0.5-30 s, up to 32 channels at 100-20000 Hz, amplitudes up to 10 mV.
 */
import { num, oneOf, z } from '../util/schema-kit';
import type { SimulatorOptions } from './simulator-options';

/**
 * Channels the simulated band can make: 32, what real high-density sEMG amplifiers record at once
 * (e.g. 32-channel research amplifiers; an OpenBCI Cyton+Daisy has 16), so the dashboard can be
 * measured and tested at that width.
 */
export const SIMULATOR_MAX_CHANNELS = 32;

const simChannel = num(0, SIMULATOR_MAX_CHANNELS - 1, { integer: true });

export const simulatorOptionsSchema = z.strictObject({
  channels: num(1, SIMULATOR_MAX_CHANNELS, { integer: true }).optional(),
  sampleRateHz: num(100, 20000).optional(),
  /** 0: baseline only */
  reps: num(0, 100, { integer: true }).optional(),
  repsPerSet: num(1, 100, { integer: true }).optional(),
  repSeconds: num(0.5, 30).optional(),
  restBetweenSetsS: num(0, 600).optional(),
  leadInS: num(0, 600).optional(),
  focus: oneOf('none', 'internal', 'external').optional(),
  mainsHz: oneOf(50, 60).optional(),
  mainsAmplitudeUv: num(0, 10000).optional(),
  baselineNoiseUv: num(0, 10000).optional(),
  targetPeakUv: num(0, 10000).optional(),
  assistingPeakUv: num(0, 10000).optional(),
  targetChannel: simChannel.optional(),
  assistingChannels: z.array(simChannel).max(SIMULATOR_MAX_CHANNELS).optional(),
  seed: num(-(2 ** 31), 2 ** 32, { integer: true }).optional(),
}) satisfies z.ZodType<Partial<SimulatorOptions>>;
