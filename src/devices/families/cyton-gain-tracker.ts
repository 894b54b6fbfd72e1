/**
 * The ADS1299 gain of each Cyton channel, followed through the commands the host sends, so µV
 * stay right when the gain changes (BrainFlow's OpenBCIGainTracker does the same; DEVICES.md §1.3).
 * Channel settings are 9 characters `x C P G I B S2 S1 X`: C = channel (1-8, then Q W E R T Y U I
 * for 9-16), P power (0 on), G gain code 0-6 = ×1, 2, 4, 6, 8, 12, 24; `d` restores the defaults
 * (gain 24 everywhere). Example for EMG: `x1060100X` (channel 1 on, gain 24, normal input, bias in,
 * SRB2 off: each channel differential on its N and P pins).
 */
export const ADS1299_GAINS = [1, 2, 4, 6, 8, 12, 24] as const;
const CHANNEL_LETTERS = '12345678QWERTYUI';

export class CytonGainTracker {
  readonly gains: number[] = new Array(16).fill(24);

  /**
   * Applies a command string as the board would (several commands may follow each other).
   * Returns a plain error for a channel setting it cannot read, or null.
   */
  apply(commands: string): string | null {
    let i = 0;
    while (i < commands.length) {
      const c = commands[i];
      if (c === 'd') {
        this.gains.fill(24);
        i++;
        continue;
      }
      if (c !== 'x') {
        i++;
        continue;
      }
      const cmd = commands.slice(i, i + 9);
      if (cmd.length < 9 || cmd[8] !== 'X') return `"${cmd}" is not a channel setting: it is 9 characters, x C P G I B S2 S1 X (e.g. x1060100X)`;
      const ch = CHANNEL_LETTERS.indexOf(cmd[1]);
      const g = Number(cmd[3]);
      if (ch < 0) return `"${cmd}": channel "${cmd[1]}" is not 1-8 or Q W E R T Y U I`;
      if (!Number.isInteger(g) || g < 0 || g > 6) return `"${cmd}": gain code "${cmd[3]}" is not 0-6`;
      this.gains[ch] = ADS1299_GAINS[g];
      i += 9;
    }
    return null;
  }
}
