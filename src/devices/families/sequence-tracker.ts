/**
 * Lost-packet counting from a small wrapping sequence counter (Cyton: 8 bits, BITalino: 4 bits),
 * checked against host arrival time.
 *
 * The counter alone says how many packets are missing modulo its range; it cannot see whole
 * wraps (≥ 256 Cyton packets = 1.02 s, OpenBCI_GUI#1262) and a damaged or repeated counter looks
 * like a huge loss. Host time alone is too coarse (USB latency timers deliver packets in bursts).
 * Together (DEVICES.md §1.6): after a silence longer than `minSilenceMs`, the loss is the
 * counter's remainder plus the whole wraps that make it closest to what the time predicts; a jump
 * the time cannot explain is implausible (the packet is rejected), a repeated counter is a
 * duplicate (dropped and counted). Three consecutive, mutually consistent implausible packets
 * re-anchor the tracker (the device restarted its counter).
 */
export type SequenceVerdict =
  | { kind: 'ok'; lost: number }
  /** same counter as the previous packet with no time passed for a wrap */
  | { kind: 'duplicate' }
  /** a jump the elapsed time cannot explain; the packet should be dropped */
  | { kind: 'implausible'; claimedLost: number };

export interface SequenceTrackerOptions {
  /** counter range: 256 for 8 bits, 16 for 4 bits */
  modulus: number;
  /** silence after which whole wraps are taken from host time, ms (default: the counter's wrap period) */
  minSilenceMs?: number;
  /** packets of slack when judging a jump against the elapsed time (default modulus / 4, at least 2) */
  slackPackets?: number;
}

export class SequenceTracker {
  private readonly modulus: number;
  private readonly minSilenceMs: number | undefined;
  private readonly slack: number;
  private last: number | null = null;
  private lastAtMs = 0;
  /** consecutive implausible packets that agree with each other */
  private strayRun = 0;
  private strayLast = -1;

  constructor(o: SequenceTrackerOptions) {
    this.modulus = o.modulus;
    this.minSilenceMs = o.minSilenceMs;
    this.slack = o.slackPackets ?? Math.max(2, Math.floor(o.modulus / 4));
  }

  /** Forget the last counter (new stream, reconnect). */
  reset(): void {
    this.last = null;
    this.strayRun = 0;
    this.strayLast = -1;
  }

  /**
   * One packet's counter, when its chunk arrived, the nominal packet rate, and how many packets
   * that chunk carried (all of them were produced during the silence before it).
   */
  next(seq: number, atMs: number, packetsPerS: number, packetsInChunk: number): SequenceVerdict {
    const m = this.modulus;
    if (this.last === null) {
      this.anchor(seq, atMs);
      return { kind: 'ok', lost: 0 };
    }
    const rem = (((seq - this.last - 1) % m) + m) % m;
    const silenceMs = Math.max(0, atMs - this.lastAtMs);
    // packets the device produced since the previous one arrived, at most (bursts: the whole chunk)
    const producedByTime = (silenceMs / 1000) * packetsPerS + packetsInChunk;
    const wrapMs = this.minSilenceMs ?? (m / packetsPerS) * 1000;
    let lost = rem;
    if (silenceMs > wrapMs) {
      // whole wraps: the count nearest to the time estimate that has the counter's remainder
      const estimate = (silenceMs / 1000) * packetsPerS - packetsInChunk;
      const wraps = Math.max(0, Math.round((estimate - rem) / m));
      lost = rem + wraps * m;
    } else if (rem === m - 1) {
      this.lastAtMs = atMs;
      return { kind: 'duplicate' };
    } else if (rem > producedByTime + this.slack) {
      // e.g. a damaged counter byte: a jump far beyond what the clock allows
      if (this.strayRun > 0 && seq === (this.strayLast + 1) % m) this.strayRun++;
      else this.strayRun = 1;
      this.strayLast = seq;
      if (this.strayRun >= 3) {
        this.anchor(seq, atMs);
        return { kind: 'ok', lost: 0 };
      }
      return { kind: 'implausible', claimedLost: rem };
    }
    this.anchor(seq, atMs);
    return { kind: 'ok', lost };
  }

  private anchor(seq: number, atMs: number): void {
    this.last = seq;
    this.lastAtMs = atMs;
    this.strayRun = 0;
    this.strayLast = -1;
  }
}
