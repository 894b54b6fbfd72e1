/**
 * The building blocks of Myocue's schemas (zod) and the one way data from outside is checked
 * against them: WebSocket messages, Electron IPC, CLI options, files in the data folder. Each data
 * type has one schema, kept with what it describes (src/exercises/exercise-schema.ts, ...); this
 * file only holds the pieces they share and the plain-language error messages.
 *
 * Messages are written relative to the field ("must be a number from 1 to 16", "is required") and
 * prefixed with the field's path ("options.channels must be ..."), because they are shown to the
 * user as they are. They never quote the rejected value: it may be huge, or a file's content.
 */
import * as z from 'zod';

export { z };

/** A number in [min, max] (finite; zod rejects NaN and ±Infinity), one message for every way it can be wrong. */
export function num(min: number, max: number, opts: { integer?: boolean } = {}) {
  const msg = `must be ${opts.integer ? 'an integer' : 'a number'} from ${min} to ${max}`;
  const error = (iss: { input?: unknown }) => (iss.input === undefined ? 'is required' : msg);
  const base = z.number({ error }).min(min, { error: msg }).max(max, { error: msg });
  return opts.integer ? base.int({ error: msg }) : base;
}

/** Text up to `maxLength` characters, without NUL (it truncates paths in C APIs and never belongs in user text). */
export function text(maxLength: number, opts: { nonEmpty?: boolean; pattern?: RegExp; patternHint?: string } = {}) {
  let s = z.string().max(maxLength, { error: `must be at most ${maxLength} characters` });
  if (opts.nonEmpty) s = s.min(1, { error: 'must be a non-empty string' });
  s = s.refine((v) => !v.includes('\u0000'), { error: 'must not contain NUL characters' });
  if (opts.pattern) s = s.regex(opts.pattern, { error: opts.patternHint ?? 'has an invalid format' });
  return s;
}

/** One of these values (strings or numbers). */
export function oneOf<const T extends readonly [z.core.util.Literal, ...z.core.util.Literal[]]>(...values: T) {
  return z.literal(values, { error: (iss) => (iss.input === undefined ? 'is required' : `must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}`) });
}

/** Generic messages for the issues a schema did not word itself. */
export const plainMessages: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case 'invalid_type': {
      if (iss.input === undefined) return 'is required';
      const expected: Record<string, string> = { string: 'a string', number: 'a number', boolean: 'true or false', object: 'an object', array: 'a list', null: 'null' };
      return `must be ${expected[iss.expected] ?? iss.expected}`;
    }
    case 'too_big':
      if (iss.origin === 'string') return `must be at most ${iss.maximum} characters`;
      if (iss.origin === 'array') return `must have at most ${iss.maximum} items`;
      return `must be at most ${iss.maximum}`;
    case 'too_small':
      if (iss.origin === 'string') return Number(iss.minimum) === 1 ? 'must be a non-empty string' : `must be at least ${iss.minimum} characters`;
      if (iss.origin === 'array') return `must have at least ${iss.minimum} item${Number(iss.minimum) === 1 ? '' : 's'}`;
      return `must be at least ${iss.minimum}`;
    case 'invalid_value':
      return `must be one of ${iss.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union': {
      const options = (iss as { options?: unknown[] }).options;
      if (Array.isArray(options)) return `must be one of ${options.map((v) => JSON.stringify(v)).join(', ')}`;
      return 'is not one of the accepted forms';
    }
    case 'unrecognized_keys':
      return `unknown field "${String(iss.keys[0]).slice(0, 40)}"`;
    case 'invalid_format':
      return 'has an invalid format';
    default:
      return undefined;
  }
};

/** `options.assistingChannels[0]` from a zod path; '' for the value itself. */
export function fieldName(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p).slice(0, 40) : `.${String(p).slice(0, 40)}`;
  return out;
}

/** "field must be …" (or "field: unknown field …"); `whole` names the value itself. */
export function describeIssue(issue: z.core.$ZodIssue, whole = 'argument'): string {
  const field = fieldName(issue.path);
  if (issue.message.startsWith('unknown field')) return field ? `${field}: ${issue.message}` : issue.message;
  return `${field || whole} ${issue.message}`;
}

const MAX_DEPTH = 12;

/**
 * Data from JSON or structured clone is plain: objects with Object.prototype or null prototype,
 * arrays, primitives. A class instance or an object with a foreign prototype is refused (zod would
 * read inherited fields), as is anything nested absurdly deep.
 */
export function plainDataProblem(value: unknown, path: PropertyKey[] = [], depth = 0): { path: PropertyKey[]; message: string } | null {
  if (typeof value !== 'object' || value === null) return null;
  if (depth > MAX_DEPTH) return { path, message: 'is nested too deeply' };
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return { path, message: 'must be a list' };
    for (let i = 0; i < value.length; i++) {
      const p = plainDataProblem(value[i], [...path, i], depth + 1);
      if (p) return p;
    }
    return null;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return { path, message: 'must be an object' };
  for (const key of Object.keys(value)) {
    const p = plainDataProblem((value as Record<string, unknown>)[key], [...path, key], depth + 1);
    if (p) return p;
  }
  return null;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string; errors: string[] };

/**
 * Checks outside data against a schema: plain data first, then the schema. `error` is the first
 * problem in plain words (what a user is shown), `errors` all of them.
 */
export function checkData<S extends z.ZodType>(schema: S, value: unknown, whole = 'argument'): Checked<z.output<S>> {
  const plain = plainDataProblem(value);
  if (plain) {
    const error = `${fieldName(plain.path) || whole} ${plain.message}`;
    return { ok: false, error, errors: [error] };
  }
  const r = schema.safeParse(value, { error: plainMessages });
  if (r.success) return { ok: true, value: r.data };
  const errors = r.error.issues.map((i) => describeIssue(i, whole));
  return { ok: false, error: errors[0], errors };
}
