/**
 * BITalino (r)evolution live-mode frames and commands (DEVICES.md §4; BITalinoWorld/cpp-api
 * bitalino.cpp `read()` and revolution-python-api bitalino.py `read()`, which agree).
 *
 * A frame for n selected analog channels is 3,4,6,7,8,8 bytes (n = 1..6), decoded from its last
 * byte backwards: seq (4 bits) | CRC4, then I1 I2 O1 O2 and the analog values, 10 bits for the
 * first four selected channels and 6 bits for the 5th and 6th (A5, A6).
 */

/** Bytes per frame for n selected channels (bitalino.cpp: n + 2, + 1 if 3 ≤ n ≤ 5). */
export function bitalinoFrameBytes(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 6) throw new RangeError(`BITalino: 1 to 6 channels (got ${n})`);
  return n + 2 + (n >= 3 && n <= 5 ? 1 : 0);
}

const CRC4_TABLE = [0, 3, 6, 5, 12, 15, 10, 9, 11, 8, 13, 14, 7, 4, 1, 2];

/** CRC4 (x⁴+x+1) of frame[at..at+len), with the last byte's CRC nibble taken as zero (bitalino.cpp). */
export function bitalinoCrc4(frame: Uint8Array, at = 0, len = frame.length - at): number {
  let crc = 0;
  for (let i = 0; i < len - 1; i++) {
    const b = frame[at + i];
    crc = CRC4_TABLE[crc] ^ (b >> 4);
    crc = CRC4_TABLE[crc] ^ (b & 0x0f);
  }
  const last = frame[at + len - 1];
  crc = CRC4_TABLE[crc] ^ (last >> 4);
  crc = CRC4_TABLE[crc];
  return crc;
}

export interface BitalinoFrame {
  seq: number;
  /** I1, I2, O1, O2 as bits 3..0 */
  digital: number;
  /** one value per selected channel (10-bit, or 6-bit for the 5th and 6th) */
  analog: number[];
}

/** Writes the analog values of a frame into `out[outAt..]`; returns the sequence number. The CRC is not checked here. */
export function decodeBitalinoFrameInto(b: Uint8Array, at: number, n: number, out: Int32Array | number[], outAt = 0): number {
  const j = at + bitalinoFrameBytes(n) - 1;
  out[outAt] = ((b[j - 1] & 0x0f) << 6) | (b[j - 2] >> 2);
  if (n > 1) out[outAt + 1] = ((b[j - 2] & 0x03) << 8) | b[j - 3];
  if (n > 2) out[outAt + 2] = (b[j - 4] << 2) | (b[j - 5] >> 6);
  if (n > 3) out[outAt + 3] = ((b[j - 5] & 0x3f) << 4) | (b[j - 6] >> 4);
  if (n > 4) out[outAt + 4] = ((b[j - 6] & 0x0f) << 2) | (b[j - 7] >> 6);
  if (n > 5) out[outAt + 5] = b[j - 7] & 0x3f;
  return b[j] >> 4;
}

export function decodeBitalinoFrame(b: Uint8Array, n: number): BitalinoFrame {
  const analog: number[] = new Array(n).fill(0);
  const seq = decodeBitalinoFrameInto(b, 0, n, analog);
  return { seq, digital: b[b.length - 2] >> 4, analog };
}

/** The frame the firmware sends (inverse of the decoder), CRC included. */
export function encodeBitalinoFrame(f: BitalinoFrame): Uint8Array {
  const n = f.analog.length;
  const len = bitalinoFrameBytes(n);
  const b = new Uint8Array(len);
  const j = len - 1;
  const a = (k: number) => (k < n ? f.analog[k] : 0);
  const put = (i: number, v: number) => {
    if (i >= 0) b[i] |= v & 0xff;
  };
  put(j - 1, ((f.digital & 0x0f) << 4) | ((a(0) >> 6) & 0x0f));
  put(j - 2, ((a(0) & 0x3f) << 2) | ((a(1) >> 8) & 0x03));
  if (n > 1) put(j - 3, a(1) & 0xff);
  if (n > 2) {
    put(j - 4, (a(2) >> 2) & 0xff);
    put(j - 5, ((a(2) & 0x03) << 6) | ((a(3) >> 4) & 0x3f));
  }
  if (n > 3) put(j - 6, ((a(3) & 0x0f) << 4) | ((a(4) >> 2) & 0x0f));
  if (n > 4) put(j - 7, ((a(4) & 0x03) << 6) | (a(5) & 0x3f));
  b[j] = (f.seq & 0x0f) << 4;
  b[j] |= bitalinoCrc4(b);
  return b;
}

// ---- commands (1 byte each; the official APIs pause 100 ms before each) ----------------------

export const BITALINO_RATES_HZ = [1, 10, 100, 1000] as const;
export type BitalinoRate = (typeof BITALINO_RATES_HZ)[number];
/** pause the Python API keeps before every command, ms */
export const BITALINO_COMMAND_PAUSE_MS = 100;
export const BITALINO_VERSION = 0x07;
export const BITALINO_STOP = 0x00;

/** `(code << 6) | 0x03`: 0x03 1 Hz, 0x43 10 Hz, 0x83 100 Hz, 0xC3 1000 Hz */
export function bitalinoRateCommand(hz: BitalinoRate): number {
  const code = BITALINO_RATES_HZ.indexOf(hz);
  if (code < 0) throw new RangeError(`BITalino: rate must be 1, 10, 100 or 1000 Hz (got ${hz})`);
  return (code << 6) | 0x03;
}

/** `(mask << 2) | 0x01`: live mode with analog channels A1..A6 = bits 0..5 of the mask */
export function bitalinoStartCommand(channels: readonly number[]): number {
  let mask = 0;
  for (const c of channels) {
    if (!Number.isInteger(c) || c < 0 || c > 5) throw new RangeError(`BITalino: analog channels are A1 to A6 (got index ${c})`);
    mask |= 1 << c;
  }
  if (mask === 0) throw new RangeError('BITalino: choose at least one analog channel');
  return (mask << 2) | 0x01;
}

/** Analog channels selected by a start command's mask, ascending (null: not a live start command). */
export function bitalinoChannelsOfStart(cmd: number): number[] | null {
  if ((cmd & 0x03) !== 0x01) return null;
  const mask = cmd >> 2;
  const out: number[] = [];
  for (let c = 0; c < 6; c++) if (mask & (1 << c)) out.push(c);
  return out.length ? out : null;
}

/** The EMG sensor's transfer function (REVOLUTION EMG datasheet via opensignalsreader): µV at the electrodes. */
export const BITALINO_VCC_V = 3.3;
export const BITALINO_EMG_GAIN = 1009;
export function bitalinoEmgMicrovolts(adc: number, bits: number): number {
  return (adc / 2 ** bits - 0.5) * (BITALINO_VCC_V / BITALINO_EMG_GAIN) * 1e6;
}
