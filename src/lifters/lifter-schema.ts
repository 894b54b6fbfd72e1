/**
 * The one schema of a lifter (lifter.ts) and of the lifters file: used for the lifter commands
 * (WebSocket and IPC) and for `<dataDir>/lifters.json`. Ids are lower-case kebab-case: they are
 * keys in session files and MVC calibrations, never shown.
 */
import { text, z } from '../util/schema-kit';
import type { Lifter } from './lifter';

export const LIFTER_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const lifterIdSchema = text(64, { nonEmpty: true, pattern: LIFTER_ID_PATTERN, patternHint: 'must be a lifter id (lower-case letters, digits and dashes)' });

/** A name as typed: not only spaces, no line breaks. */
export const lifterNameSchema = text(60, { nonEmpty: true })
  .refine((v) => v.trim() !== '', { error: 'must not be empty' })
  .refine((v) => !/[\r\n\t]/.test(v), { error: 'must be on one line' });

export const lifterSchema = z.strictObject({
  id: lifterIdSchema,
  name: lifterNameSchema,
  created: text(40),
}) satisfies z.ZodType<Lifter>;

export const LIFTERS_FILE_VERSION = 1;

/** `<dataDir>/lifters.json`; unknown top-level keys of a newer version are tolerated (not strict). */
export const liftersFileSchema = z.object({
  version: z.number(),
  lifters: z.array(z.unknown()).max(10_000),
  currentId: z.string().optional(),
});

export const addLifterSchema = z.strictObject({ name: lifterNameSchema });
export const selectLifterSchema = z.strictObject({ id: lifterIdSchema });
