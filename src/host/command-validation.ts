/**
 * Checks every command that crosses a trust boundary into the host: WebSocket messages of the
 * browser host and IPC calls from the Electron renderer. The TypeScript types of `Commands`
 * (contract.ts) vanish at run time, so a compromised or buggy renderer (or any page that reaches
 * the local WebSocket) could send anything; this table says what is acceptable.
 *
 * One schema per command argument, built from the one schema of each data type, kept with what it
 * describes (exercise-schema.ts, device-spec-schema.ts, ...). Objects are strict (unknown keys are
 * rejected, so `__proto__` / `constructor` smuggling cannot reach the host's object spreads),
 * numbers finite and in range, strings capped. Messages name the command and the field in plain
 * words (src/util/schema-kit.ts) because they are shown to the user as they are.
 *
 * Adding a command: add its schema to COMMAND_SCHEMAS (the `satisfies` below makes a command of
 * the contract without a schema a type error), built from the data type's own schema.
 */
import { COMMAND_NAMES, type CommandName } from './contract';
import { checkData, num, plainMessages, text, z } from '../util/schema-kit';
import { deviceSpecSchema } from '../devices/device-spec-schema';
import { dspSettingsPatchSchema } from '../dsp/dsp-settings-schema';
import { exerciseIdSchema, exerciseSchema } from '../exercises/exercise-schema';
import { sessionIdSchema } from '../recording/session-id-schema';
import { IMPORT_LIMITS } from './import-uploads';
import { exportFileNameSchema } from './export-file-name';
import { addLifterSchema, lifterIdSchema, selectLifterSchema } from '../lifters/lifter-schema';
import { MAX_NOTE_CHARS } from '../recording/session-meta';
import { calibrateSchema, retagSetSchema, setTagSchema, startSetSchema, tagSetSchema, trainingSetupPatchSchema } from '../training/training-schemas';

export { STANDARD_BAUD_RATES } from '../devices/device-spec-schema';

export type CommandCheck = { ok: true; command: CommandName; arg: unknown } | { ok: false; error: string };

/** Commands without an argument: null (undefined too, as JSON drops it and IPC may send it). */
const noArg = z.null({ error: 'takes no argument (send null)' });

const importFormatSchema = z.enum(['myocue', 'openbci', 'brainflow', 'csv', 'edf', 'hdf5'], { error: 'must be one of myocue, openbci, brainflow, csv, edf, hdf5' });
const channelSchema = num(0, 255, { integer: true });
const replayFileSchema = z.strictObject({
  path: text(4096, { nonEmpty: true }),
  rateHz: num(1, 100000).optional(),
  format: importFormatSchema.optional(),
  target: channelSchema.optional(),
  assisting: z.array(channelSchema).max(16).optional(),
});
const uploadImportSchema = z.strictObject({
  uploadId: text(64, { nonEmpty: true, pattern: /^[A-Za-z0-9-]+$/, patternHint: 'must be letters, digits and "-"' }),
  fileName: text(255, { nonEmpty: true }),
  totalBytes: num(1, IMPORT_LIMITS.maxFileBytes, { integer: true }),
  offset: num(0, IMPORT_LIMITS.maxFileBytes, { integer: true }),
  // base64 of at most maxChunkBytes
  dataBase64: text(Math.ceil(IMPORT_LIMITS.maxChunkBytes / 3) * 4, { pattern: /^[A-Za-z0-9+/]*={0,2}$/, patternHint: 'must be base64' }),
});
const replaySessionSchema = z.strictObject({ sessionId: sessionIdSchema });
const setNumberSchema = num(1, 100000, { integer: true });
const updateSessionSchema = z.strictObject({
  id: sessionIdSchema,
  notes: text(MAX_NOTE_CHARS).optional(),
  setNote: z.strictObject({ set: setNumberSchema, note: text(MAX_NOTE_CHARS) }).optional(),
  retag: z.strictObject({ set: setNumberSchema, tag: setTagSchema }).optional(),
});

export const COMMAND_SCHEMAS = {
  getStatus: noArg,
  listDevices: noArg,
  connect: deviceSpecSchema,
  disconnect: noArg,
  updateDsp: dspSettingsPatchSchema,
  startSession: noArg,
  endSession: noArg,
  getSessionSummary: noArg,
  listExercises: noArg,
  saveExercise: exerciseSchema,
  getTraining: noArg,
  setupTraining: trainingSetupPatchSchema,
  startSet: startSetSchema,
  endSet: noArg,
  tagSet: tagSetSchema,
  retagSet: retagSetSchema,
  nextCue: noArg,
  calibrate: calibrateSchema,
  listSessions: noArg,
  renameSession: z.strictObject({ id: sessionIdSchema, name: text(200) }),
  deleteSession: z.strictObject({ id: sessionIdSchema }),
  restoreSession: z.strictObject({ id: sessionIdSchema }),
  updateSession: updateSessionSchema,
  getProgress: z.strictObject({ exerciseId: exerciseIdSchema, lifterId: lifterIdSchema.optional() }),
  listLifters: noArg,
  addLifter: addLifterSchema,
  selectLifter: selectLifterSchema,
  sessionReport: z.strictObject({ sessionId: sessionIdSchema }),
  uploadImport: uploadImportSchema,
  inspectImport: z.strictObject({ path: text(4096, { nonEmpty: true }), format: importFormatSchema.optional() }),
  chooseFile: noArg,
  saveExport: z.strictObject({ fileName: exportFileNameSchema }),
  exportSession: z.strictObject({ sessionId: sessionIdSchema, to: z.enum(['csv', 'edf', 'bdf'], { error: 'must be "csv", "edf" or "bdf"' }), set: num(1, 10000, { integer: true }).optional() }),
  // two shapes told apart by which key is present, not by a tag field
  openReplay: z.custom<unknown>().transform((v, ctx) => {
    const schema = typeof v === 'object' && v !== null && Object.hasOwn(v, 'path') ? replayFileSchema : replaySessionSchema;
    const r = schema.safeParse(v, { error: plainMessages });
    if (r.success) return r.data;
    for (const issue of r.error.issues) ctx.issues.push({ ...issue, input: v } as never);
    return z.NEVER;
  }),
  replayControl: z.discriminatedUnion('action', [
    z.strictObject({ action: z.literal('play') }),
    z.strictObject({ action: z.literal('pause') }),
    z.strictObject({ action: z.literal('speed'), speed: num(0.25, 8) }),
    // 1e7 s is 115 days: far beyond any recording, keeps the number sane
    z.strictObject({ action: z.literal('seek'), timeS: num(0, 1e7) }),
  ]),
} satisfies Record<CommandName, z.ZodType>;

const KNOWN = new Set<string>(COMMAND_NAMES);

export function validateCommand(command: unknown, arg: unknown): CommandCheck {
  if (typeof command !== 'string' || !KNOWN.has(command) || !Object.hasOwn(COMMAND_SCHEMAS, command)) {
    const shown = typeof command === 'string' ? `"${command.slice(0, 40)}"` : typeof command;
    return { ok: false, error: `unknown command ${shown}` };
  }
  const name = command as CommandName;
  const schema: z.ZodType = COMMAND_SCHEMAS[name];
  // JSON drops an undefined argument, IPC may send it: both mean "none"
  const value = arg === undefined && (schema === noArg || name === 'startSet') ? null : arg;
  const checked = checkData(schema, value);
  if (!checked.ok) return { ok: false, error: `${name}: ${checked.error.replace(/^argument takes no argument/, 'takes no argument')}` };
  return { ok: true, command: name, arg: checked.value };
}
