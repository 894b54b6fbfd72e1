/**
 * A compact binary form of `LiveFrame` for the browser host's WebSocket: one binary message per
 * frame, a fixed header and the samples as little-endian Float32, channel-major (all raw channels,
 * then all envelope channels). The page reads the samples as Float32Array views on the received
 * ArrayBuffer: no JSON text, no per-sample number objects, no arrays per channel to collect (the
 * JSON form of a 32-channel frame made young-generation garbage in every WebSocket message, and
 * its collections landed in the dashboard's animation frames; issue 10.8).
 *
 * Float32 keeps ~7 significant digits: 0.01 µV at ±100 mV, far below the display's resolution.
 * The exact values stay in the recording (BDF), which never goes through this encoding.
 *
 * A client asks for it with the WebSocket subprotocol `LIVE_FRAME_PROTOCOL`; a client that does
 * not (an older page, a script) keeps getting JSON text frames. Everything else (status, training,
 * command results) stays JSON text.
 *
 * Layout (little-endian, 48-byte header, then 4 · 2 · channelCount · pointCount bytes):
 *   0  u32  magic 0x464c594d ("MYLF")
 *   4  u16  version (1)
 *   6  u16  channelCount
 *   8  u32  pointCount
 *  12  u32  reserved (0): keeps the f64 fields 8-byte aligned
 *  16  f64  seq
 *  24  f64  t0, s
 *  32  f64  displayRateHz
 *  40  f64  receivedAtMs
 *  48  f32  raw[0][0..n), …, raw[C-1][0..n), envelope[0][0..n), …, envelope[C-1][0..n)
 */
import type { LiveFrame } from './contract';

/** the WebSocket subprotocol a page names to receive live frames in this encoding */
export const LIVE_FRAME_PROTOCOL = 'myocue.live-frame.f32.v1';

export const LIVE_FRAME_MAGIC = 0x464c594d;
export const LIVE_FRAME_VERSION = 1;
export const LIVE_FRAME_HEADER_BYTES = 48;
/** bounds a decoder accepts (far above any band: 32 channels, ~40 points per frame) */
export const LIVE_FRAME_MAX_CHANNELS = 1024;
export const LIVE_FRAME_MAX_POINTS = 1 << 16;

/** What a decoded frame holds: the `LiveFrame` fields, samples as Float32Array views. */
export interface DecodedLiveFrame extends LiveFrame {
  raw: Float32Array[];
  envelope: Float32Array[];
}

/** A binary message that is not a live frame of this encoding: what is wrong with it. */
export class LiveFrameDecodeError extends Error {
  constructor(message: string) {
    super(`live frame: ${message}`);
    this.name = 'LiveFrameDecodeError';
  }
}

/** bytes of the encoded form of a frame of `channelCount` × `pointCount` */
export function encodedLiveFrameBytes(channelCount: number, pointCount: number): number {
  return LIVE_FRAME_HEADER_BYTES + 8 * channelCount * pointCount;
}

/**
 * Encodes a frame (the host does this once per frame for all binary clients). Channels missing
 * from `raw`/`envelope` are written as zeros, as LiveSeries reads them.
 */
export function encodeLiveFrame(frame: LiveFrame): Uint8Array {
  const c = frame.channelCount;
  const n = frame.pointCount;
  if (!Number.isInteger(c) || c < 0 || c > LIVE_FRAME_MAX_CHANNELS) throw new RangeError(`live frame: channelCount ${c} is not 0..${LIVE_FRAME_MAX_CHANNELS}`);
  if (!Number.isInteger(n) || n < 0 || n > LIVE_FRAME_MAX_POINTS) throw new RangeError(`live frame: pointCount ${n} is not 0..${LIVE_FRAME_MAX_POINTS}`);
  const buf = new ArrayBuffer(encodedLiveFrameBytes(c, n));
  const view = new DataView(buf);
  view.setUint32(0, LIVE_FRAME_MAGIC, true);
  view.setUint16(4, LIVE_FRAME_VERSION, true);
  view.setUint16(6, c, true);
  view.setUint32(8, n, true);
  view.setUint32(12, 0, true);
  view.setFloat64(16, frame.seq, true);
  view.setFloat64(24, frame.t0, true);
  view.setFloat64(32, frame.displayRateHz, true);
  view.setFloat64(40, frame.receivedAtMs, true);
  const samples = new Float32Array(buf, LIVE_FRAME_HEADER_BYTES, 2 * c * n);
  for (let ch = 0; ch < c; ch++) {
    copyInto(samples, ch * n, frame.raw[ch], n);
    copyInto(samples, (c + ch) * n, frame.envelope[ch], n);
  }
  // a Float32Array writes in the platform's byte order: on a big-endian machine, swap to little
  if (!LITTLE_ENDIAN) for (let i = 0; i < samples.length; i++) view.setFloat32(LIVE_FRAME_HEADER_BYTES + 4 * i, samples[i], true);
  return new Uint8Array(buf);
}

function copyInto(out: Float32Array, at: number, src: ArrayLike<number> | undefined, n: number): void {
  if (!src) return; // zeros
  const m = Math.min(n, src.length);
  for (let i = 0; i < m; i++) out[at + i] = src[i];
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Decodes one binary message. The sample arrays are views on `data` (no copy): they are valid as
 * long as the caller keeps `data`, which a WebSocket message's ArrayBuffer is (never reused).
 * Throws `LiveFrameDecodeError` saying what is wrong when `data` is not a whole frame of this
 * encoding (truncated, too long, another magic or version, impossible sizes or header values).
 */
export function decodeLiveFrame(data: ArrayBuffer | ArrayBufferView): DecodedLiveFrame {
  const buffer = data instanceof ArrayBuffer ? data : data.buffer;
  const offset = data instanceof ArrayBuffer ? 0 : data.byteOffset;
  const length = data.byteLength;
  if (length < LIVE_FRAME_HEADER_BYTES) throw new LiveFrameDecodeError(`${length} bytes, shorter than the ${LIVE_FRAME_HEADER_BYTES}-byte header (truncated)`);
  const view = new DataView(buffer as ArrayBuffer, offset, length);
  const magic = view.getUint32(0, true);
  if (magic !== LIVE_FRAME_MAGIC) throw new LiveFrameDecodeError(`not a Myocue live frame (magic 0x${magic.toString(16).padStart(8, '0')})`);
  const version = view.getUint16(4, true);
  if (version !== LIVE_FRAME_VERSION) throw new LiveFrameDecodeError(`version ${version}, this page reads version ${LIVE_FRAME_VERSION}: reload the page`);
  const c = view.getUint16(6, true);
  const n = view.getUint32(8, true);
  if (c > LIVE_FRAME_MAX_CHANNELS) throw new LiveFrameDecodeError(`${c} channels (at most ${LIVE_FRAME_MAX_CHANNELS})`);
  if (n > LIVE_FRAME_MAX_POINTS) throw new LiveFrameDecodeError(`${n} points per channel (at most ${LIVE_FRAME_MAX_POINTS})`);
  const want = encodedLiveFrameBytes(c, n);
  if (length !== want) throw new LiveFrameDecodeError(`${length} bytes, but ${c} channels × ${n} points need ${want} (${length < want ? 'truncated' : 'trailing bytes'})`);
  const seq = view.getFloat64(16, true);
  const t0 = view.getFloat64(24, true);
  const displayRateHz = view.getFloat64(32, true);
  const receivedAtMs = view.getFloat64(40, true);
  if (!Number.isFinite(seq) || !Number.isFinite(t0) || !Number.isFinite(receivedAtMs)) throw new LiveFrameDecodeError('seq, t0 or receivedAtMs is not a finite number');
  if (!(displayRateHz > 0) || !Number.isFinite(displayRateHz)) throw new LiveFrameDecodeError(`display rate ${displayRateHz} Hz is not a positive number`);
  let samples: Float32Array;
  const at = offset + LIVE_FRAME_HEADER_BYTES;
  if (LITTLE_ENDIAN && at % 4 === 0) {
    samples = new Float32Array(buffer as ArrayBuffer, at, 2 * c * n);
  } else {
    // unaligned (a Node Buffer slice) or a big-endian machine: one copy, in the right order
    samples = new Float32Array(2 * c * n);
    for (let i = 0; i < samples.length; i++) samples[i] = view.getFloat32(LIVE_FRAME_HEADER_BYTES + 4 * i, true);
  }
  const raw: Float32Array[] = new Array<Float32Array>(c);
  const envelope: Float32Array[] = new Array<Float32Array>(c);
  for (let ch = 0; ch < c; ch++) {
    raw[ch] = samples.subarray(ch * n, (ch + 1) * n);
    envelope[ch] = samples.subarray((c + ch) * n, (c + ch + 1) * n);
  }
  return { seq, t0, displayRateHz, channelCount: c, pointCount: n, raw, envelope, receivedAtMs };
}
