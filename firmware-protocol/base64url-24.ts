/**
 * One signed 24-bit ADC count as 4 base64url characters (RFC 4648 §5 alphabet, 6 bits each, most
 * significant first, two's complement). 4 characters per sample instead of up to 8 for decimal
 * text keeps 8 ch × 2000 Hz inside a 921600 baud link while staying printable and line-safe
 * (no '\n', '*', ',' or '#' in the alphabet).
 */
export const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** character codes of the alphabet, indexed by 6-bit value */
export const SEXTET_TO_CHAR_CODE: Uint8Array = Uint8Array.from(BASE64URL_ALPHABET, (c) => c.charCodeAt(0));

/** 6-bit value of a character code, or -1 when the code is not in the alphabet (256 entries: any latin1 byte) */
export const CHAR_CODE_TO_SEXTET: Int8Array = (() => {
  const t = new Int8Array(256).fill(-1);
  for (let i = 0; i < 64; i++) t[SEXTET_TO_CHAR_CODE[i]] = i;
  return t;
})();

export const COUNT_MIN = -(2 ** 23);
export const COUNT_MAX = 2 ** 23 - 1;
/** characters per encoded sample */
export const CHARS_PER_SAMPLE = 4;

/** Writes `count` (clamped to the signed 24-bit range) as 4 character codes into out[at..at+3]. */
export function writeCount24(count: number, out: Uint8Array | Uint16Array, at: number): void {
  const v = (count < COUNT_MIN ? COUNT_MIN : count > COUNT_MAX ? COUNT_MAX : count) & 0xffffff;
  out[at] = SEXTET_TO_CHAR_CODE[v >>> 18];
  out[at + 1] = SEXTET_TO_CHAR_CODE[(v >>> 12) & 63];
  out[at + 2] = SEXTET_TO_CHAR_CODE[(v >>> 6) & 63];
  out[at + 3] = SEXTET_TO_CHAR_CODE[v & 63];
}

/** Reads the 4 characters text[at..at+3] as a signed 24-bit count; NaN when a character is not base64url. */
export function readCount24(text: string, at: number): number {
  const a = CHAR_CODE_TO_SEXTET[text.charCodeAt(at) & 0xff];
  const b = CHAR_CODE_TO_SEXTET[text.charCodeAt(at + 1) & 0xff];
  const c = CHAR_CODE_TO_SEXTET[text.charCodeAt(at + 2) & 0xff];
  const d = CHAR_CODE_TO_SEXTET[text.charCodeAt(at + 3) & 0xff];
  if ((a | b | c | d) < 0) return NaN;
  // shift the 24-bit value to the top of an int32 and back: sign extension for free
  return (((a << 18) | (b << 12) | (c << 6) | d) << 8) >> 8;
}
