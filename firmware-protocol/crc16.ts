/**
 * CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor; check value of
 * "123456789" is 0x29B1). Chosen because every microcontroller library has it and a table of
 * 256 entries fits comfortably in flash; it catches every single-character error and all bursts
 * up to 16 bits, which is what a noisy UART produces.
 */
const TABLE = buildTable();

function buildTable(): Uint16Array {
  const table = new Uint16Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    table[byte] = crc;
  }
  return table;
}

/**
 * CRC of the characters text[start, end) taken as bytes (char code & 0xFF: the protocol is ASCII
 * and the host reads it as latin1, so one character is one byte on the wire).
 */
export function crc16CcittFalse(text: string, start = 0, end = text.length): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++) {
    crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ text.charCodeAt(i)) & 0xff];
  }
  return crc;
}

/**
 * Same CRC, for the decoder's hot path: returns -1 as soon as a character is not printable
 * ASCII (0x20..0x7E), since no valid protocol line contains one. This folds the "is it text at
 * all?" check into the one pass the checksum needs anyway.
 */
export function crc16OfPrintableAscii(text: string, start: number, end: number): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code > 0x7e) return -1;
    crc = ((crc << 8) & 0xffff) ^ TABLE[(crc >> 8) ^ code];
  }
  return crc;
}

/** Same CRC over bytes[start, end) (the encoder builds lines as byte codes before making a string). */
export function crc16OfBytes(bytes: Uint8Array, start: number, end: number): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++) crc = ((crc << 8) & 0xffff) ^ TABLE[(crc >> 8) ^ bytes[i]];
  return crc;
}
