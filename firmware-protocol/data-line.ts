/**
 * The data line: `D` + 4-hex sequence counter + samples (4 base64url chars each, channel-interleaved)
 * + `*` + 4-hex CRC-16/CCITT-FALSE of everything before the `*`, then '\n' (PROTOCOL.md §4).
 *
 *   D002A AAAB__9x…  *1C0F
 *   │└seq┘└ frames × channels × 4 chars ┘└crc┘
 */
import { CHAR_CODE_TO_SEXTET, CHARS_PER_SAMPLE, writeCount24 } from './base64url-24';
import { crc16OfBytes, crc16OfPrintableAscii } from './crc16';
import { parseHex4 } from './hex4';

/** 'D' + 4 hex digits */
export const DATA_PREFIX_CHARS = 5;
/** '*' + 4 hex digits (the '\n' is not part of the line text the host sees) */
export const DATA_SUFFIX_CHARS = 5;
const HEX_DIGITS = Uint8Array.from('0123456789ABCDEF', (c) => c.charCodeAt(0));

/** Characters of a data line before its '\n': 1 + 4 + 4·ch·frames + 1 + 4. */
export function dataLineLength(channelCount: number, frames: number): number {
  return DATA_PREFIX_CHARS + CHARS_PER_SAMPLE * channelCount * frames + DATA_SUFFIX_CHARS;
}

/** reused between calls: encoding a line allocates only the returned string */
let scratch = new Uint8Array(1024);

/**
 * Encodes `frames` frames of channel-interleaved 24-bit counts (clamped to ±2^23) as one data line,
 * '\n' included. `seq` is taken modulo 65536.
 */
export function encodeDataLine(seq: number, counts: Int32Array, channelCount: number, frames: number): string {
  const samples = channelCount * frames;
  if (counts.length < samples) throw new RangeError(`encodeDataLine: ${counts.length} counts for ${frames} frames × ${channelCount} channels`);
  const length = dataLineLength(channelCount, frames) + 1;
  if (scratch.length < length) scratch = new Uint8Array(length * 2);
  const out = scratch;
  out[0] = 68; // 'D'
  writeHex4(seq, out, 1);
  let at = DATA_PREFIX_CHARS;
  for (let i = 0; i < samples; i++, at += CHARS_PER_SAMPLE) writeCount24(counts[i], out, at);
  const crc = crc16OfBytes(out, 0, at);
  out[at] = 42; // '*'
  writeHex4(crc, out, at + 1);
  out[at + 5] = 10; // '\n'
  return bytesToString(out, length);
}

function writeHex4(value: number, out: Uint8Array, at: number): void {
  out[at] = HEX_DIGITS[(value >>> 12) & 15];
  out[at + 1] = HEX_DIGITS[(value >>> 8) & 15];
  out[at + 2] = HEX_DIGITS[(value >>> 4) & 15];
  out[at + 3] = HEX_DIGITS[value & 15];
}

function bytesToString(bytes: Uint8Array, length: number): string {
  // fromCharCode.apply takes the typed array as its argument list: one string, no per-char concat
  // (lines are at most a few kB, far below the engine's argument limit)
  return String.fromCharCode.apply(null, bytes.subarray(0, length) as unknown as number[]);
}

export interface DecodedDataLine {
  seq: number;
  frames: number;
  /** channel-interleaved µV */
  microvolts: Float64Array;
}

/**
 * Decodes text[start, end) as a data line of `channelCount` channels. Returns the line, or a string
 * saying why it is not one (never throws). Checks length, checksum and every sample character.
 */
export function decodeDataLine(
  text: string,
  start: number,
  end: number,
  channelCount: number,
  microvoltsPerCount: number,
): DecodedDataLine | string {
  const payloadChars = end - start - DATA_PREFIX_CHARS - DATA_SUFFIX_CHARS;
  const charsPerFrame = CHARS_PER_SAMPLE * channelCount;
  if (text.charCodeAt(start) !== 68 /* 'D' */) return 'not a data line';
  if (payloadChars <= 0 || payloadChars % charsPerFrame !== 0) return `data line of ${end - start} chars does not fit ${channelCount} channels`;
  const star = end - DATA_SUFFIX_CHARS;
  if (text.charCodeAt(star) !== 42 /* '*' */) return 'data line without checksum';
  const crc = crc16OfPrintableAscii(text, start, star);
  if (crc < 0) return 'data line with non-ASCII bytes';
  if (crc !== parseHex4(text, star + 1)) return 'checksum mismatch';
  const seq = parseHex4(text, start + 1);
  if (seq < 0) return 'bad sequence counter';
  const samples = payloadChars / CHARS_PER_SAMPLE;
  const microvolts = new Float64Array(samples);
  // the CRC pass proved every char is printable ASCII, so codes index the table directly
  for (let i = 0, at = start + DATA_PREFIX_CHARS; i < samples; i++, at += CHARS_PER_SAMPLE) {
    const a = CHAR_CODE_TO_SEXTET[text.charCodeAt(at)];
    const b = CHAR_CODE_TO_SEXTET[text.charCodeAt(at + 1)];
    const c = CHAR_CODE_TO_SEXTET[text.charCodeAt(at + 2)];
    const d = CHAR_CODE_TO_SEXTET[text.charCodeAt(at + 3)];
    if ((a | b | c | d) < 0) return 'bad sample character';
    microvolts[i] = ((((a << 18) | (b << 12) | (c << 6) | d) << 8) >> 8) * microvoltsPerCount;
  }
  return { seq, frames: samples / channelCount, microvolts };
}
