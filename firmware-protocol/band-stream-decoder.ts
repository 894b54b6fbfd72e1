/**
 * Host side of the protocol: turns lines (as split by a readline parser) into headers, µV sample
 * blocks, gaps, replies and corruption reports, and keeps the link counters.
 *
 * Robustness rules (PROTOCOL.md §6): never throw on any input; a line that fails its checksum is
 * dropped and the next good line's sequence jump reports the hole as a gap; garbage glued in front
 * of a valid line (e.g. boot noise before the first '\n') is cut off and counted in bytesDiscarded.
 */
import { emptyCounters, type LinkCounters } from '../src/devices/sample-source';
import { dataLineLength, decodeDataLine } from './data-line';
import { HEADER_PREFIX, parseHeaderLine, type BandHeader } from './header-line';

export type DecodedEvent =
  | { type: 'header'; header: BandHeader }
  /** channel-interleaved µV = counts × microvoltsPerCount */
  | { type: 'samples'; firstSampleIndex: number; frames: number; microvolts: Float64Array }
  /** lines lost according to the sequence counter; emitted before the samples that follow the hole */
  | { type: 'gap'; firstSampleIndex: number; missingSamples: number }
  /** '#OK…' / '#ERR…' answers to commands */
  | { type: 'reply'; text: string }
  | { type: 'corrupt'; reason: string };

const SEQ_MODULO = 0x10000;
/** a forward jump of half the counter range or more is read as the counter going backwards (band restarted) */
const SEQ_HALF_RANGE = 0x8000;
/** lines a garbage-prefixed tail may be ahead of the expected counter and still be trusted */
const MAX_RECOVERED_SEQ_JUMP = 64;
/** a counter this many lines behind the expected one (or fewer) is a repeated line */
const DUPLICATE_WINDOW = 64;
/** a jump the following line confirms may be at most this long from the held line */
const MAX_DIRECT_JUMP = 64;

export class BandStreamDecoder {
  readonly counters: LinkCounters = emptyCounters();
  private header: BandHeader | null = null;
  /** sequence number the next data line should carry; null right after a header or resumeAt() */
  private expectedSeq: number | null = null;
  /** stream index of the next frame (frames since the stream started, lost frames included) */
  private nextSampleIndex = 0;
  /** a line whose counter jumped, waiting for the next line to confirm the jump */
  private held: { seq: number; frames: number; microvolts: Float64Array } | null = null;
  /** a header came since the last data line */
  private afterHeader = false;

  /** The header currently in force, if any. */
  get currentHeader(): BandHeader | null {
    return this.header;
  }

  /**
   * After a reconnect or a new header: the next data line starts at `sampleIndex`, whatever its
   * sequence number (the discontinuity is the caller's to report, e.g. as a disconnect gap).
   */
  resumeAt(sampleIndex: number): void {
    this.nextSampleIndex = sampleIndex;
    this.expectedSeq = null;
    this.held = null;
    this.afterHeader = false;
  }

  /** One line without its '\n' (a trailing '\r' is tolerated). Never throws. */
  push(line: string): DecodedEvent[] {
    const events: DecodedEvent[] = [];
    try {
      this.decodeLine(String(line), events);
    } catch (err) {
      // belt and braces: a decoder bug must cost one line, not the connection
      this.counters.linesCorrupt++;
      events.push({ type: 'corrupt', reason: `decoder error: ${err instanceof Error ? err.message : String(err)}` });
    }
    return events;
  }

  private decodeLine(line: string, events: DecodedEvent[]): void {
    let end = line.length;
    while (end > 0 && line.charCodeAt(end - 1) === 13 /* '\r' */) end--;
    if (end === 0) return; // a blank line carries nothing and harms nothing

    const first = line.charCodeAt(0);
    let reason: string;
    if (first === 68 /* 'D' */) {
      reason = this.tryData(line, 0, end, events);
    } else if (first === 35 /* '#' */) {
      reason = this.tryHashLine(line, 0, end, events);
    } else {
      reason = 'not a protocol line';
    }
    if (reason === '') return;

    // resync: look for a valid line starting later in this one (garbage glued in front of it).
    // A data line can only be the tail of exactly one full line's length; headers and replies
    // start at a '#'. The first (longest) valid tail wins, so the fewest bytes are thrown away.
    const h = this.header;
    const dataStart = h ? end - dataLineLength(h.channelCount, h.samplesPerLine) : -1;
    for (let p = 1; p < end; p++) {
      const c = line.charCodeAt(p);
      if (!(c === 35 || (c === 68 && p === dataStart))) continue;
      const tailEvents: DecodedEvent[] = [];
      const tailReason = c === 68 ? this.tryData(line, p, end, tailEvents, true) : this.tryHashLine(line, p, end, tailEvents);
      if (tailReason === '') {
        this.counters.bytesDiscarded += p;
        for (const e of tailEvents) events.push(e);
        return;
      }
    }

    this.counters.linesCorrupt++;
    // a line that had the shape of a protocol line was damaged in transit; anything else was noise to skip
    const looksLikeProtocol = first === 68 || line.startsWith(HEADER_PREFIX);
    if (!looksLikeProtocol) this.counters.bytesDiscarded += line.length;
    events.push({ type: 'corrupt', reason });
  }

  /** Decodes a data line into events; returns '' on success or the reason it is not valid. */
  private tryData(text: string, start: number, end: number, events: DecodedEvent[], recovering = false): string {
    const h = this.header;
    if (!h) return 'data before header';
    const decoded = decodeDataLine(text, start, end, h.channelCount, h.microvoltsPerCount);
    if (typeof decoded === 'string') return decoded;
    if (decoded.frames > h.samplesPerLine) return `data line of ${decoded.frames} frames, header says at most ${h.samplesPerLine}`;

    // a tail cut out of a longer line must also carry a plausible counter: the checksum alone would
    // let through 1 in 65536 random tails
    if (recovering && this.expectedSeq !== null && (decoded.seq - this.expectedSeq + SEQ_MODULO) % SEQ_MODULO >= MAX_RECOVERED_SEQ_JUMP) {
      return 'implausible sequence counter';
    }
    this.acceptSequenced(decoded.seq, decoded.frames, decoded.microvolts, events);
    return '';
  }

  /**
   * Sequence plausibility (issue 9 item 10). A CRC-valid line can still carry a damaged counter
   * (1 in 65536 damaged lines pass CRC-16), and a repeated line is valid but not new. So:
   * - the expected counter: accepted
   * - a counter at or just behind the last one (within DUPLICATE_WINDOW): a repeat, dropped and counted
   * - a forward jump of up to MAX_DIRECT_JUMP lines: lines lost, reported as a gap
 * - any other jump is held until the next line: if that one follows the held line, the jump was
   *   real (lines lost, or a band restart when it went backwards) and both are accepted; if not,
   *   the held line was damaged and is dropped (corrupt). One line of latency, only after a jump.
   * - right after a mid-stream header the next line may start again at 0 (START/RATE) or continue
   *   (an ID reply): the smaller of the two losses is reported, so lines lost next to it are not hidden.
   */
  private acceptSequenced(seq: number, frames: number, microvolts: Float64Array, events: DecodedEvent[]): void {
    const c = this.counters;
    const expected = this.expectedSeq;
    if (this.afterHeader) {
      this.afterHeader = false;
      this.held = null;
      if (expected === null || seq === 0 || seq === expected) return this.emitLine(seq, frames, microvolts, 0, events);
      const continuing = (seq - expected + SEQ_MODULO) % SEQ_MODULO;
      const lost = Math.min(seq, continuing);
      if (lost <= MAX_DIRECT_JUMP) return this.emitLine(seq, frames, microvolts, lost, events);
      // neither reading is plausible: treat like any other jump below
    }
    if (expected === null) return this.emitLine(seq, frames, microvolts, 0, events);
    const held = this.held;
    if (held) {
      this.held = null;
      const fromHeld = (seq - held.seq + SEQ_MODULO) % SEQ_MODULO;
      const fromExpected = (seq - expected + SEQ_MODULO) % SEQ_MODULO;
      if (fromHeld >= 1 && fromHeld <= MAX_DIRECT_JUMP && fromHeld < fromExpected) {
        // the stream went on from the held line: its jump was real
        const jump = (held.seq - expected + SEQ_MODULO) % SEQ_MODULO;
        this.emitLine(held.seq, held.frames, held.microvolts, jump < SEQ_HALF_RANGE ? jump : 0, events);
        return this.emitLine(seq, frames, microvolts, fromHeld - 1, events);
      }
      // the stream went on from before the held line: that one was damaged
      c.linesCorrupt++;
      events.push({ type: 'corrupt', reason: `implausible sequence counter ${held.seq} (expected ${expected})` });
    }
    const ahead = (seq - expected + SEQ_MODULO) % SEQ_MODULO;
    // a short forward jump is plausible as it is: a damaged counter lands within 64 lines of the
    // expected one in 64 / 65536 of the (already rare, ~2e-5) CRC false accepts
    if (ahead <= MAX_DIRECT_JUMP) return this.emitLine(seq, frames, microvolts, ahead, events);
    const behind = (expected - 1 - seq + SEQ_MODULO) % SEQ_MODULO;
    if (behind < DUPLICATE_WINDOW) {
      c.linesDuplicate = (c.linesDuplicate ?? 0) + 1;
      events.push({ type: 'corrupt', reason: `repeated line (sequence ${seq})` });
      return;
    }
    this.held = { seq, frames, microvolts };
  }

  private emitLine(seq: number, frames: number, microvolts: Float64Array, linesLost: number, events: DecodedEvent[]): void {
    const c = this.counters;
    const h = this.header!;
    if (linesLost > 0) {
      const missingSamples = linesLost * h.samplesPerLine;
      events.push({ type: 'gap', firstSampleIndex: this.nextSampleIndex, missingSamples });
      c.gaps++;
      c.linesLost += linesLost;
      c.samplesMissing += missingSamples;
      this.nextSampleIndex += missingSamples;
    }
    this.expectedSeq = (seq + 1) % SEQ_MODULO;
    events.push({ type: 'samples', firstSampleIndex: this.nextSampleIndex, frames, microvolts });
    this.nextSampleIndex += frames;
    c.linesOk++;
  }

  /** Header or reply line; returns '' on success or the reason it is not valid. */
  private tryHashLine(text: string, start: number, end: number, events: DecodedEvent[]): string {
    if (text.startsWith(HEADER_PREFIX, start)) {
      const header = parseHeaderLine(text, start, end);
      if (typeof header === 'string') return header;
      this.header = header;
      // a header starts a new sequence at 0, or (an ID reply) the old one goes on: decided by the next line
      this.afterHeader = true;
      events.push({ type: 'header', header });
      return '';
    }
    if (text.startsWith('#OK', start) || text.startsWith('#ERR', start)) {
      events.push({ type: 'reply', text: text.slice(start, end) });
      return '';
    }
    return 'unknown # line';
  }
}
