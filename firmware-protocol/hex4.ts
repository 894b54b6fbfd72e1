/** 16-bit values as exactly 4 upper-case hex digits (sequence counter and CRC fields). */

export function formatHex4(value: number): string {
  const v = value & 0xffff;
  return (v < 0x1000 ? (v < 0x100 ? (v < 0x10 ? '000' : '00') : '0') : '') + v.toString(16).toUpperCase();
}

/** Parses text[at..at+3] as hex (either case); -1 when any of the 4 characters is not a hex digit. */
export function parseHex4(text: string, at: number): number {
  let v = 0;
  for (let i = at; i < at + 4; i++) {
    const c = text.charCodeAt(i);
    let d: number;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (c >= 65 && c <= 70) d = c - 55;
    else if (c >= 97 && c <= 102) d = c - 87;
    else return -1;
    v = (v << 4) | d;
  }
  return v;
}
