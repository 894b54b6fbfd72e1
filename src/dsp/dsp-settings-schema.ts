/**
 * The one schema of a change to the DSP chain's settings (DspSettings in src/host/contract.ts,
 * defaults in defaults.ts): corners and windows within what the chain can realise.
 */
import { num, oneOf, z } from '../util/schema-kit';
import type { DspSettings } from '../host/contract';

export const dspSettingsPatchSchema = z.strictObject({
  highpassHz: num(1, 500).optional(),
  lowpassHz: num(10, 5000).optional(),
  mains: oneOf(50, 60, 'off').optional(),
  notchQ: num(1, 100).optional(),
  mainsHarmonics: num(1, 3, { integer: true }).optional(),
  rmsWindowMs: num(10, 2000).optional(),
}) satisfies z.ZodType<Partial<DspSettings>>;
