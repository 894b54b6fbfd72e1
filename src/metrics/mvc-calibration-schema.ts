/**
 * The one schema of a stored MVC calibration (MvcCalibration in types.ts), used when mvc.json is
 * read back: a damaged entry is dropped instead of turning every %MVC into nonsense.
 */
import { text, z } from '../util/schema-kit';
import type { MvcCalibration } from './types';

const microvolts = z.number().min(0).max(1e6);

// not strict: a newer version may store more about a calibration
export const mvcCalibrationSchema = z.object({
  person: text(100),
  muscle: text(100),
  mvcUv: microvolts.refine((v) => v > 0, { error: 'must be above 0' }),
  restMeanUv: microvolts,
  restSdUv: microvolts,
  date: text(40),
}) satisfies z.ZodType<MvcCalibration>;
