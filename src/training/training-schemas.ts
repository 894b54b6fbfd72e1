/**
 * The schemas of the training commands' arguments (TrainingSetup and friends in
 * src/host/contract.ts): channel roles, set tags, calibration steps.
 */
import { num, oneOf, text, z } from '../util/schema-kit';
import { exerciseIdSchema } from '../exercises/exercise-schema';
import type { SetTag, TrainingSetup } from '../host/contract';

/** A channel number of a band (from 0). */
export const channelSchema = num(0, 63, { integer: true });

export const setTagSchema = oneOf('baseline', 'internal', 'external', 'untagged') satisfies z.ZodType<SetTag>;

export const trainingSetupPatchSchema = z.strictObject({
  exerciseId: exerciseIdSchema.nullable().optional(),
  targetChannel: channelSchema.nullable().optional(),
  assistingChannels: z.array(channelSchema).max(64).optional(),
  muscles: z.array(text(100)).max(64).optional(),
  person: text(100).optional(),
  symmetryPair: z
    .strictObject({ left: channelSchema, right: channelSchema })
    .refine((p) => p.left !== p.right, { error: 'left and right must be different channels' })
    .nullable()
    .optional(),
}) satisfies z.ZodType<Partial<TrainingSetup>>;

export const startSetSchema = z.strictObject({ tag: setTagSchema.optional() }).nullable();
export const tagSetSchema = z.strictObject({ tag: setTagSchema });
/** a set of this session by its number (1-based), and its corrected tag */
export const retagSetSchema = z.strictObject({ set: num(1, 100000, { integer: true }), tag: setTagSchema });
export const calibrateSchema = z.strictObject({ action: oneOf('start', 'cancel'), channel: channelSchema });
