/**
 * Host → band commands, one ASCII line each (PROTOCOL.md §5). Parsing is forgiving about case,
 * surrounding blanks and a trailing '\r' (people type these in serial monitors).
 */
export type BandCommand = { type: 'start' } | { type: 'stop' } | { type: 'identify' } | { type: 'rate'; hz: number };

export function encodeCommand(c: BandCommand): string {
  switch (c.type) {
    case 'start':
      return 'START\n';
    case 'stop':
      return 'STOP\n';
    case 'identify':
      return 'ID\n';
    case 'rate':
      return `RATE ${c.hz}\n`;
  }
}

/** The command on a line (without or with its '\n'), or null when it is not one. */
export function decodeCommand(line: string): BandCommand | null {
  const words = line.trim().split(/\s+/);
  const verb = words[0].toUpperCase();
  if (words.length === 1) {
    if (verb === 'START') return { type: 'start' };
    if (verb === 'STOP') return { type: 'stop' };
    if (verb === 'ID') return { type: 'identify' };
    return null;
  }
  if (verb === 'RATE' && words.length === 2 && /^\d+(\.\d+)?$/.test(words[1])) {
    return { type: 'rate', hz: Number(words[1]) };
  }
  return null;
}
