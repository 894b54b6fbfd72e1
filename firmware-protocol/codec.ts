/**
 * The Myocue band wire protocol (PROTOCOL.md): one import for both sides.
 *   band → host: header line, data lines, replies      host → band: START / STOP / RATE n / ID
 */
export { encodeHeaderLine, parseHeaderLine, PROTOCOL_VERSION, type BandHeader } from './header-line';
export { encodeDataLine, decodeDataLine, dataLineLength } from './data-line';
export { encodeCommand, decodeCommand, type BandCommand } from './commands';
export { BandStreamDecoder, type DecodedEvent } from './band-stream-decoder';
export { crc16CcittFalse } from './crc16';
export { COUNT_MIN, COUNT_MAX } from './base64url-24';
