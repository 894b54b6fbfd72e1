/**
 * The binary live-frame encoding (src/host/live-frame-codec.ts): a frame survives the round trip
 * (Float32 precision), and anything that is not a whole frame of this encoding (truncated, trailing
 * bytes, another magic or version, impossible sizes, non-finite header values, random bytes) is
 * refused with a LiveFrameDecodeError saying what is wrong, never a crash nor a frame of garbage.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { LiveFrame } from '../../src/host/contract';
import {
  LIVE_FRAME_HEADER_BYTES,
  LiveFrameDecodeError,
  decodeLiveFrame,
  encodeLiveFrame,
  encodedLiveFrameBytes,
} from '../../src/host/live-frame-codec';
import { LiveSeries } from '../../renderer/src/charts/live-series';

function frame(channels: number, points: number, seq = 7): LiveFrame {
  const raw = Array.from({ length: channels }, (_, c) => Array.from({ length: points }, (_, i) => Math.sin(c + i * 0.3) * 250.123 - c));
  const envelope = Array.from({ length: channels }, (_, c) => Array.from({ length: points }, (_, i) => 10 + c + i * 0.01));
  return { seq, t0: 12.345, displayRateHz: 200, channelCount: channels, pointCount: points, raw, envelope, receivedAtMs: 98765.4321 };
}

function expectDecodeError(bytes: Uint8Array | ArrayBuffer, pattern: RegExp): void {
  let caught: unknown;
  try {
    decodeLiveFrame(bytes);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(LiveFrameDecodeError);
  expect((caught as Error).message).toMatch(pattern);
}

describe('live frame binary encoding', () => {
  it('round-trips a 32-channel frame: header exact, samples to Float32 precision', () => {
    const f = frame(32, 10);
    const bytes = encodeLiveFrame(f);
    expect(bytes.byteLength).toBe(encodedLiveFrameBytes(32, 10));
    expect(bytes.byteLength).toBe(LIVE_FRAME_HEADER_BYTES + 32 * 10 * 2 * 4);
    const d = decodeLiveFrame(bytes.slice().buffer);
    expect({ seq: d.seq, t0: d.t0, rate: d.displayRateHz, c: d.channelCount, n: d.pointCount, at: d.receivedAtMs }).toEqual({
      seq: 7,
      t0: 12.345,
      rate: 200,
      c: 32,
      n: 10,
      at: 98765.4321,
    });
    for (let c = 0; c < 32; c++) {
      expect(d.raw[c]).toBeInstanceOf(Float32Array);
      expect(Array.from(d.raw[c])).toEqual(f.raw[c].map((v) => Math.fround(v)));
      expect(Array.from(d.envelope[c])).toEqual(f.envelope[c].map((v) => Math.fround(v)));
    }
  });

  it('reads the samples in place (views on the message), and from an unaligned Node Buffer slice too', () => {
    const bytes = encodeLiveFrame(frame(2, 3));
    const d = decodeLiveFrame(bytes.buffer as ArrayBuffer);
    expect(d.raw[0].buffer).toBe(bytes.buffer);
    const shifted = new Uint8Array(bytes.byteLength + 1);
    shifted.set(bytes, 1);
    const u = decodeLiveFrame(shifted.subarray(1));
    expect(Array.from(u.envelope[1])).toEqual(Array.from(d.envelope[1]));
  });

  it('round-trips any frame (fast-check): zero points, zero channels, missing channels as zeros', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 2 ** 31 }), (c, n, seq) => {
        const f = frame(c, n, seq);
        // a channel the producer left out is sent as zeros (what LiveSeries stores for it)
        if (c > 1) f.raw.length = c - 1;
        const d = decodeLiveFrame(encodeLiveFrame(f));
        expect(d.channelCount).toBe(c);
        expect(d.pointCount).toBe(n);
        expect(d.seq).toBe(seq);
        for (let ch = 0; ch < c; ch++) {
          const want = f.raw[ch] ? f.raw[ch].map((v) => Math.fround(v)) : new Array(n).fill(0);
          expect(Array.from(d.raw[ch])).toEqual(want);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a truncated frame, saying so', () => {
    const bytes = encodeLiveFrame(frame(8, 10));
    expectDecodeError(bytes.subarray(0, 20), /shorter than the 48-byte header \(truncated\)/);
    expectDecodeError(bytes.subarray(0, bytes.byteLength - 4), /need \d+ \(truncated\)/);
    expectDecodeError(new Uint8Array(0), /0 bytes/);
  });

  it('refuses trailing bytes, another magic, another version, impossible sizes and header values', () => {
    const bytes = encodeLiveFrame(frame(4, 5));
    const longer = new Uint8Array(bytes.byteLength + 8);
    longer.set(bytes);
    expectDecodeError(longer, /trailing bytes/);
    const edit = (at: number, write: (v: DataView) => void) => {
      const b = bytes.slice();
      write(new DataView(b.buffer));
      return b;
    };
    expectDecodeError(edit(0, (v) => v.setUint32(0, 0x7b227479, true)), /not a Myocue live frame \(magic 0x7b227479\)/);
    expectDecodeError(edit(4, (v) => v.setUint16(4, 2, true)), /version 2, this page reads version 1/);
    expectDecodeError(edit(6, (v) => v.setUint16(6, 5000, true)), /5000 channels/);
    expectDecodeError(edit(8, (v) => v.setUint32(8, 0xffffffff, true)), /points per channel/);
    expectDecodeError(edit(8, (v) => v.setUint32(8, 6, true)), /4 channels × 6 points need/);
    expectDecodeError(edit(32, (v) => v.setFloat64(32, 0, true)), /display rate 0 Hz/);
    expectDecodeError(edit(32, (v) => v.setFloat64(32, Number.NaN, true)), /display rate NaN Hz/);
    expectDecodeError(edit(24, (v) => v.setFloat64(24, Number.POSITIVE_INFINITY, true)), /not a finite number/);
  });

  it('random bytes never decode to a frame nor throw anything but a LiveFrameDecodeError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (b) => {
        expectDecodeError(b, /^live frame: /);
      }),
      { numRuns: 500 },
    );
  });

  it('a decoded frame fills the live ring buffer as the JSON form does', () => {
    const f = frame(3, 20);
    const fromJson = new LiveSeries(5);
    fromJson.push(JSON.parse(JSON.stringify(f)) as LiveFrame);
    const fromBinary = new LiveSeries(5);
    fromBinary.push(decodeLiveFrame(encodeLiveFrame(f)));
    for (let c = 0; c < 3; c++) {
      expect(fromBinary.latest(c, 'raw')).toBe(Math.fround(fromJson.latest(c, 'raw')));
      expect(fromBinary.recentMax(c, 'envelope', 1)).toBe(Math.fround(fromJson.recentMax(c, 'envelope', 1)));
    }
    expect(fromBinary.lastT).toBe(fromJson.lastT);
  });
});
