/**
 * Small helpers for the `myocue` command line: typed option parsing with messages a user can act on.
 * A bad option is a `UsageError`: printed as one line, exit status 2, no stack trace.
 */
export class UsageError extends Error {}

export function parseNumberOption(name: string, value: string | undefined, opts: { min?: number; max?: number; integer?: boolean } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name}: expected a number, got "${value}"`);
  if (opts.integer && !Number.isInteger(n)) throw new UsageError(`--${name}: expected a whole number, got "${value}"`);
  if (opts.min !== undefined && n < opts.min) throw new UsageError(`--${name}: must be at least ${opts.min}, got ${value}`);
  if (opts.max !== undefined && n > opts.max) throw new UsageError(`--${name}: must be at most ${opts.max}, got ${value}`);
  return n;
}

export function parseChoiceOption<T extends string>(name: string, value: string | undefined, choices: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value)) throw new UsageError(`--${name}: expected one of ${choices.join(', ')}, got "${value}"`);
  return value as T;
}

/** `--mains-harmonics N`: how many mains harmonics are notched (1 = the fundamental only … 3). */
export function parseMainsHarmonicsOption(value: string | undefined): number | undefined {
  return parseNumberOption('mains-harmonics', value, { min: 1, max: 3, integer: true });
}

export function parseMainsOption(value: string | undefined): 50 | 60 | 'off' | undefined {
  const v = parseChoiceOption('mains', value, ['50', '60', 'off'] as const);
  return v === undefined ? undefined : v === 'off' ? 'off' : (Number(v) as 50 | 60);
}

/** "1" or "1,2": channel numbers from 0. */
export function parseChannelList(name: string, value: string): number[] {
  const parts = value.split(',').map((p) => p.trim());
  return parts.map((p) => {
    const n = Number(p);
    if (p === '' || !Number.isInteger(n) || n < 0 || n > 63) throw new UsageError(`--${name}: expected channel numbers from 0 (e.g. 1 or 1,2), got "${value}"`);
    return n;
  });
}

/** `--left CH --right CH`: the two channels of one muscle on both sides (symmetry index), or null when neither is given. */
export function parseSymmetryPair(left: string | undefined, right: string | undefined): { left: number; right: number } | null {
  const l = parseNumberOption('left', left, { min: 0, max: 63, integer: true }) ?? null;
  const r = parseNumberOption('right', right, { min: 0, max: 63, integer: true }) ?? null;
  if ((l === null) !== (r === null)) throw new UsageError('--left and --right go together: the two channels of one muscle on both sides');
  if (l === null || r === null) return null;
  if (l === r) throw new UsageError('--left and --right must be different channels');
  return { left: l, right: r };
}
