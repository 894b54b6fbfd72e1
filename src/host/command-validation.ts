/**
 * Checks every command that crosses a trust boundary into the host: WebSocket messages of the
 * browser host and IPC calls from the Electron renderer. The TypeScript types of `Commands`
 * vanish at run time, so a compromised or buggy renderer (or any page that reaches the local
 * WebSocket) could send anything; this is the one place that says what is acceptable.
 *
 * Rules: the command must be one of COMMAND_NAMES; its argument must match the table below
 * exactly (unknown keys are rejected, so `__proto__` / `constructor` smuggling cannot reach the
 * host's object spreads); numbers are finite and within sane ranges; strings have length caps
 * (a multi-megabyte name would otherwise end up in every session listing). Error messages name the
 * command and the field in plain words because they are shown to the user as-is.
 */
import { COMMAND_NAMES, type CommandName } from './contract';

export type CommandCheck = { ok: true; command: CommandName; arg: unknown } | { ok: false; error: string };

/** Returns a problem ("must be ...", prefixed with the field) or null when the value is fine. */
type Check = (value: unknown, field: string) => string | null;

// ---------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------

/** JSON.parse and structured clone produce plain objects; anything else (class instances, arrays) is suspect. */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

const str =
  (maxLength: number, opts: { nonEmpty?: boolean; pattern?: RegExp; patternHint?: string } = {}): Check =>
  (v, field) => {
    if (typeof v !== 'string') return `${field} must be a string`;
    if (opts.nonEmpty && v.length === 0) return `${field} must be a non-empty string`;
    if (v.length > maxLength) return `${field} must be at most ${maxLength} characters`;
    // NUL truncates paths in C APIs and never belongs in user text
    if (v.includes('\u0000')) return `${field} must not contain NUL characters`;
    if (opts.pattern && !opts.pattern.test(v)) return `${field} ${opts.patternHint ?? 'has an invalid format'}`;
    return null;
  };

const num =
  (min: number, max: number, opts: { integer?: boolean } = {}): Check =>
  (v, field) => {
    const what = opts.integer ? 'an integer' : 'a number';
    if (typeof v !== 'number' || !Number.isFinite(v) || (opts.integer && !Number.isInteger(v))) {
      return `${field} must be ${what} from ${min} to ${max}`;
    }
    if (v < min || v > max) return `${field} must be ${what} from ${min} to ${max}`;
    return null;
  };

const oneOf =
  (...values: readonly (string | number)[]): Check =>
  (v, field) =>
    values.includes(v as string | number) ? null : `${field} must be one of ${values.map((x) => JSON.stringify(x)).join(', ')}`;

const bool: Check = (v, field) => (typeof v === 'boolean' ? null : `${field} must be true or false`);

const nullable =
  (inner: Check): Check =>
  (v, field) =>
    v === null ? null : inner(v, field);

const arrayOf =
  (item: Check, maxItems: number, minItems = 0): Check =>
  (v, field) => {
    if (!Array.isArray(v)) return `${field} must be a list`;
    if (v.length > maxItems) return `${field} must have at most ${maxItems} items`;
    if (v.length < minItems) return `${field} must have at least ${minItems} items`;
    for (let i = 0; i < v.length; i++) {
      const problem = item(v[i], `${field}[${i}]`);
      if (problem) return problem;
    }
    return null;
  };

/**
 * An object with exactly these keys (optional ones may be missing or undefined). `extra` runs
 * after the fields are known to be valid, for rules across fields (min ≤ max).
 */
const obj =
  (required: Record<string, Check>, optional: Record<string, Check> = {}, extra?: (o: Record<string, unknown>, field: string) => string | null): Check =>
  (v, field) => {
    if (!isPlainObject(v)) return `${field} must be an object`;
    for (const key of Object.keys(v)) {
      if (!Object.hasOwn(required, key) && !Object.hasOwn(optional, key)) {
        return `${field === 'argument' ? '' : field + ': '}unknown field "${key.slice(0, 40)}"`;
      }
    }
    const sub = (key: string) => (field === 'argument' ? key : `${field}.${key}`);
    for (const [key, check] of Object.entries(required)) {
      if (!Object.hasOwn(v, key) || v[key] === undefined) return `${sub(key)} is required`;
      const problem = check(v[key], sub(key));
      if (problem) return problem;
    }
    for (const [key, check] of Object.entries(optional)) {
      if (!Object.hasOwn(v, key) || v[key] === undefined) continue;
      const problem = check(v[key], sub(key));
      if (problem) return problem;
    }
    return extra ? extra(v, field) : null;
  };

/** A union told apart by one string field (`kind`, `action`). */
const variants =
  (key: string, byValue: Record<string, Check>): Check =>
  (v, field) => {
    if (!isPlainObject(v)) return `${field} must be an object`;
    const tag = v[key];
    const keyField = field === 'argument' ? key : `${field}.${key}`;
    if (typeof tag !== 'string' || !Object.hasOwn(byValue, tag)) {
      return `${keyField} must be one of ${Object.keys(byValue).map((x) => JSON.stringify(x)).join(', ')}`;
    }
    return byValue[tag](v, field);
  };

/** Commands without an argument: null (undefined too, as JSON drops it and IPC may send it). */
const NO_ARG = 'NO_ARG' as const;

// ---------------------------------------------------------------------------------------------
// Field types shared by several commands
// ---------------------------------------------------------------------------------------------

/** The same rule as SessionStore.pathsFor: ids become file names, so no separators and no leading dot. */
const sessionId = str(128, { nonEmpty: true, pattern: /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/, patternHint: 'must be a session id (letters, digits, ".", "_", "-")' });
/** Exercise ids are kebab-case ("hip-thrust"); custom ones may be stored under their id, so file-name safe. */
const exerciseId = str(64, { nonEmpty: true, pattern: /^[A-Za-z0-9][A-Za-z0-9_-]*$/, patternHint: 'must be an id of letters, digits, "-" and "_" like "hip-thrust"' });
const channel = num(0, 63, { integer: true });
const setTag = oneOf('baseline', 'internal', 'external', 'untagged');
const shortText = str(100);
/** Serial baud rates a USB-CDC or UART bridge accepts; anything else is a typo. */
export const STANDARD_BAUD_RATES = [
  9600, 19200, 38400, 57600, 115200, 230400, 250000, 460800, 500000, 921600, 1000000, 1500000, 2000000, 3000000,
] as const;

/** Simulator options: the CLI's ranges (src/cli/sim-options-args.ts) plus caps on the rest. */
const simulatorOptions = obj(
  {},
  {
    channels: num(1, 16, { integer: true }),
    sampleRateHz: num(100, 20000),
    reps: num(1, 100, { integer: true }),
    repsPerSet: num(1, 100, { integer: true }),
    repSeconds: num(0.5, 30),
    restBetweenSetsS: num(0, 600),
    leadInS: num(0, 600),
    focus: oneOf('none', 'internal', 'external'),
    mainsHz: oneOf(50, 60),
    mainsAmplitudeUv: num(0, 10000),
    baselineNoiseUv: num(0, 1000),
    targetPeakUv: num(0, 10000),
    assistingPeakUv: num(0, 10000),
    targetChannel: num(0, 15, { integer: true }),
    assistingChannels: arrayOf(num(0, 15, { integer: true }), 16),
    seed: num(-(2 ** 31), 2 ** 32, { integer: true }),
  },
);

const deviceSpec = variants('kind', {
  sim: obj({ kind: oneOf('sim') }, { options: simulatorOptions }),
  serial: obj(
    { kind: oneOf('serial'), path: str(256, { nonEmpty: true }) },
    {
      baudRate: oneOf(...STANDARD_BAUD_RATES),
      // device families (src/devices/families): which one, and the settings some of them need
      band: oneOf('auto', 'myocue', 'cyton', 'arduino', 'bitalino', 'spiker'),
      rateHz: num(1, 20000),
      scale: str(64),
      inputs: arrayOf(num(0, 5, { integer: true }), 6, 1),
      channels: num(1, 6, { integer: true }),
    },
  ),
});

const musclePlacement = obj({ muscle: str(100, { nonEmpty: true }), placement: str(1000) });

const exercise = obj(
  {
    id: exerciseId,
    name: str(100, { nonEmpty: true }),
    target: arrayOf(musclePlacement, 8, 1),
    assisting: arrayOf(musclePlacement, 8),
    internalCues: arrayOf(str(300, { nonEmpty: true }), 20),
    externalCue: str(300),
    loadPercent1RM: obj({ min: num(0, 100), max: num(0, 100) }, {}, (o, field) =>
      (o.min as number) > (o.max as number) ? `${field}.min must not be above ${field}.max` : null,
    ),
    tempo: str(200),
  },
  { custom: bool },
);

// ---------------------------------------------------------------------------------------------
// The table: one entry per command. `satisfies` makes adding a command to the contract without a
// check here a type error.
// ---------------------------------------------------------------------------------------------

const ARG_CHECKS = {
  getStatus: NO_ARG,
  listDevices: NO_ARG,
  connect: deviceSpec,
  disconnect: NO_ARG,
  updateDsp: obj(
    {},
    {
      highpassHz: num(1, 500),
      lowpassHz: num(10, 5000),
      mains: oneOf(50, 60, 'off'),
      notchQ: num(1, 100),
      rmsWindowMs: num(10, 2000),
    },
  ),
  listExercises: NO_ARG,
  saveExercise: exercise,
  getTraining: NO_ARG,
  setupTraining: obj(
    {},
    {
      exerciseId: nullable(exerciseId),
      targetChannel: nullable(channel),
      assistingChannels: arrayOf(channel, 64),
      muscles: arrayOf(shortText, 64),
      person: shortText,
    },
  ),
  startSet: nullable(obj({}, { tag: setTag })),
  endSet: NO_ARG,
  tagSet: obj({ tag: setTag }),
  retagSet: obj({ set: num(1, 100000, { integer: true }), tag: setTag }),
  nextCue: NO_ARG,
  calibrate: obj({ action: oneOf('start', 'cancel'), channel }),
  listSessions: NO_ARG,
  renameSession: obj({ id: sessionId, name: str(200) }),
  deleteSession: obj({ id: sessionId }),
  getProgress: obj({ exerciseId }),
  sessionReport: obj({ sessionId }),
  openReplay: (v, field) => {
    // two shapes told apart by which key is present, not by a tag field
    if (isPlainObject(v) && Object.hasOwn(v, 'path')) return obj({ path: str(4096, { nonEmpty: true }) })(v, field);
    return obj({ sessionId })(v, field);
  },
  replayControl: variants('action', {
    play: obj({ action: oneOf('play') }),
    pause: obj({ action: oneOf('pause') }),
    speed: obj({ action: oneOf('speed'), speed: num(0.25, 8) }),
    // 1e7 s is 115 days: far beyond any recording, keeps the number sane
    seek: obj({ action: oneOf('seek'), timeS: num(0, 1e7) }),
  }),
} satisfies Record<CommandName, Check | typeof NO_ARG>;

const KNOWN = new Set<string>(COMMAND_NAMES);

export function validateCommand(command: unknown, arg: unknown): CommandCheck {
  if (typeof command !== 'string' || !KNOWN.has(command) || !Object.hasOwn(ARG_CHECKS, command)) {
    const shown = typeof command === 'string' ? `"${command.slice(0, 40)}"` : typeof command;
    return { ok: false, error: `unknown command ${shown}` };
  }
  const name = command as CommandName;
  const check = ARG_CHECKS[name];
  if (check === NO_ARG) {
    if (arg === null || arg === undefined) return { ok: true, command: name, arg: null };
    return { ok: false, error: `${name}: takes no argument (send null)` };
  }
  // startSet's "no tag" may arrive as undefined after JSON / IPC
  const value = arg === undefined && name === 'startSet' ? null : arg;
  const problem = check(value, 'argument');
  return problem ? { ok: false, error: `${name}: ${problem}` } : { ok: true, command: name, arg: value };
}
