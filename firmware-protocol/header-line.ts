/**
 * The header line: what the band is and how to read its samples. Sent after START, on ID, and
 * after RATE. Syntax (PROTOCOL.md §3):
 *
 *   #MYOCUE,v=1,id=myocue-band-0001,fw=1.0.0,rate=2000,ch=8,bits=24,uv=0.022351744,spl=10*3F2A
 *
 * Fields are key=value in any order; unknown keys are ignored (newer firmware may add some).
 * `id` and `fw` are percent-encoded so they can hold any text without breaking the framing.
 */
import { crc16CcittFalse, crc16OfPrintableAscii } from './crc16';
import { formatHex4, parseHex4 } from './hex4';

export interface BandHeader {
  protocolVersion: number;
  deviceId: string;
  firmware: string;
  sampleRateHz: number;
  channelCount: number;
  adcBits: number;
  microvoltsPerCount: number;
  samplesPerLine: number;
}

export const HEADER_PREFIX = '#MYOCUE,';
export const PROTOCOL_VERSION = 1;
/** limits a host accepts; anything outside is a corrupt header, not a device to trust */
export const MAX_CHANNELS = 64;
export const MAX_SAMPLES_PER_LINE = 1000;

export function encodeHeaderLine(h: BandHeader): string {
  const body =
    `${HEADER_PREFIX}v=${h.protocolVersion},id=${escapeText(h.deviceId)},fw=${escapeText(h.firmware)}` +
    `,rate=${h.sampleRateHz},ch=${h.channelCount},bits=${h.adcBits},uv=${h.microvoltsPerCount},spl=${h.samplesPerLine}`;
  return `${body}*${formatHex4(crc16CcittFalse(body))}\n`;
}

/**
 * Parses text[start, end) as a header line. Returns the header, or a string saying why not
 * (never throws).
 */
export function parseHeaderLine(text: string, start: number, end: number): BandHeader | string {
  if (!text.startsWith(HEADER_PREFIX, start)) return 'not a header';
  const star = end - 5;
  if (star <= start || text.charCodeAt(star) !== 42 /* '*' */) return 'header without checksum';
  const crc = crc16OfPrintableAscii(text, start, star);
  if (crc < 0) return 'header with non-ASCII bytes';
  if (crc !== parseHex4(text, star + 1)) return 'header checksum mismatch';
  const fields = new Map<string, string>();
  for (const part of text.slice(start + HEADER_PREFIX.length, star).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq), part.slice(eq + 1));
  }
  const version = intField(fields, 'v');
  if (version === null) return 'header without protocol version';
  if (version !== PROTOCOL_VERSION) return `unsupported protocol version ${version} (this host speaks ${PROTOCOL_VERSION})`;
  const deviceId = unescapeText(fields.get('id'));
  const firmware = unescapeText(fields.get('fw'));
  const sampleRateHz = numberField(fields, 'rate');
  const channelCount = intField(fields, 'ch');
  const adcBits = intField(fields, 'bits');
  const microvoltsPerCount = numberField(fields, 'uv');
  const samplesPerLine = intField(fields, 'spl');
  if (deviceId === null || firmware === null) return 'header with a bad id or fw field';
  if (sampleRateHz === null || !(sampleRateHz > 0)) return 'header with a bad rate';
  if (channelCount === null || channelCount < 1 || channelCount > MAX_CHANNELS) return 'header with a bad channel count';
  if (adcBits === null || adcBits < 1 || adcBits > 24) return 'header with bad adc bits';
  if (microvoltsPerCount === null || !(microvoltsPerCount > 0)) return 'header with a bad µV per count';
  if (samplesPerLine === null || samplesPerLine < 1 || samplesPerLine > MAX_SAMPLES_PER_LINE) return 'header with bad samples per line';
  return { protocolVersion: version, deviceId, firmware, sampleRateHz, channelCount, adcBits, microvoltsPerCount, samplesPerLine };
}

function numberField(fields: Map<string, string>, key: string): number | null {
  const s = fields.get(key);
  if (s === undefined || s === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

function intField(fields: Map<string, string>, key: string): number | null {
  const n = numberField(fields, key);
  return n !== null && Number.isInteger(n) ? n : null;
}

/** Percent-encodes everything that is not printable ASCII or that the framing uses (',', '=', '*', '%'). */
function escapeText(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    if (ch.length === 1 && code > 0x20 && code < 0x7f && ch !== ',' && ch !== '=' && ch !== '*' && ch !== '%') out += ch;
    else {
      // a lone surrogate has no UTF-8 form (encodeURIComponent would throw): send U+FFFD instead
      const safe = ch.length === 1 && code >= 0xd800 && code <= 0xdfff ? '\ufffd' : ch;
      out += encodeURIComponent(safe).replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    }
  }
  return out;
}

function unescapeText(s: string | undefined): string | null {
  if (s === undefined) return null;
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}
