/** BITalino (r)evolution frames, CRC4, commands, EMG transfer function: vectors of DEVICES.md §4 (bitalino.cpp / bitalino.py). */
import { describe, expect, it } from 'vitest';
import {
  bitalinoChannelsOfStart,
  bitalinoCrc4,
  bitalinoEmgMicrovolts,
  bitalinoFrameBytes,
  bitalinoRateCommand,
  bitalinoStartCommand,
  decodeBitalinoFrame,
  encodeBitalinoFrame,
} from '../../src/devices/families/bitalino-frame';
import { BitalinoDecoder } from '../../src/devices/families/bitalino-decoder';
import type { FamilyEvent } from '../../src/devices/families/family-decoder';
import { concatBytes } from '../helpers/bytes';

const hex = (s: string) => Uint8Array.from(s.trim().split(/\s+/), (h) => parseInt(h, 16));
const VECTORS = [
  { bytes: '00 08 0E', seq: 0, digital: 0b0000, analog: [512] },
  { bytes: 'C0 12 80 00 FC AF 7C', seq: 7, digital: 0b1010, analog: [1023, 0, 512, 300] },
  { bytes: '7F 08 19 4B C8 90 51 FC', seq: 15, digital: 0b0101, analog: [100, 200, 300, 400, 33, 63] },
];

/** the Python API's bitwise CRC, as a second opinion on the table form */
function crc4Bitwise(frame: Uint8Array): number {
  const bytes = Uint8Array.from(frame);
  bytes[bytes.length - 1] &= 0xf0;
  let x = 0;
  for (const b of bytes) {
    for (let bit = 7; bit >= 0; bit--) {
      x <<= 1;
      if (x & 0x10) x ^= 0x03;
      x ^= (b >> bit) & 1;
    }
  }
  return x & 15;
}

const frames = (ev: FamilyEvent[]) => ev.reduce((n, e) => n + (e.type === 'samples' ? e.frames : 0), 0);
const lost = (ev: FamilyEvent[]) => ev.reduce((n, e) => n + (e.type === 'lost' ? e.frames : 0), 0);

describe('BITalino frames', () => {
  it('frame sizes 3,4,6,7,8,8 for 1..6 channels', () => {
    expect([1, 2, 3, 4, 5, 6].map(bitalinoFrameBytes)).toEqual([3, 4, 6, 7, 8, 8]);
  });

  it.each(VECTORS)('decodes and encodes $bytes', (v) => {
    const b = hex(v.bytes);
    expect(decodeBitalinoFrame(b, v.analog.length)).toEqual({ seq: v.seq, digital: v.digital, analog: v.analog });
    expect(Array.from(encodeBitalinoFrame({ seq: v.seq, digital: v.digital, analog: v.analog }))).toEqual(Array.from(b));
    expect(bitalinoCrc4(b)).toBe(b[b.length - 1] & 15);
    expect(crc4Bitwise(b)).toBe(b[b.length - 1] & 15);
  });

  it('table and bitwise CRC4 agree on random frames', () => {
    let x = 7;
    for (let i = 0; i < 2000; i++) {
      const n = 3 + (i % 6);
      const f = new Uint8Array(n).map(() => ((x = (x * 1103515245 + 12345) >>> 0), x >>> 24));
      expect(bitalinoCrc4(f)).toBe(crc4Bitwise(f));
    }
  });

  it('command bytes: 1000 Hz C3, start A1 05, all six FD', () => {
    expect(bitalinoRateCommand(1000)).toBe(0xc3);
    expect(bitalinoRateCommand(1)).toBe(0x03);
    expect(bitalinoStartCommand([0])).toBe(0x05);
    expect(bitalinoStartCommand([0, 1, 2, 3, 4, 5])).toBe(0xfd);
    expect(bitalinoChannelsOfStart(0xfd)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(() => bitalinoRateCommand(500 as 1000)).toThrow(/1, 10, 100 or 1000/);
  });

  it('EMG transfer function: ADC 0, 512, 1023 (10-bit) and 63 (6-bit)', () => {
    expect(bitalinoEmgMicrovolts(0, 10) / 1000).toBeCloseTo(-1.63528, 5);
    expect(bitalinoEmgMicrovolts(512, 10)).toBe(0);
    expect(bitalinoEmgMicrovolts(1023, 10) / 1000).toBeCloseTo(1.63209, 5);
    expect(bitalinoEmgMicrovolts(63, 6) / 1000).toBeCloseTo(1.58418, 5);
  });
});

describe('BITalino stream decoder', () => {
  const stream = (n: number, count: number, skip: Set<number> = new Set()) => {
    const parts: Uint8Array[] = [];
    for (let i = 0; i < count; i++) {
      if (skip.has(i)) continue;
      parts.push(encodeBitalinoFrame({ seq: i & 15, digital: 0, analog: Array.from({ length: n }, (_, k) => (k >= 4 ? (i + k) & 63 : (i * 7 + k) & 1023)) }));
    }
    return concatBytes(...parts);
  };

  it('locks on after leading garbage, decodes µV, counts a lost frame from the 4-bit sequence', () => {
    const d = new BitalinoDecoder({ channels: [0, 1], rateHz: 1000 });
    const garbage = hex('42 69 54 61 6C 69 6E 6F 0A'); // "BiTalino\n"
    const body = stream(2, 40, new Set([20]));
    const bytes = new Uint8Array(garbage.length + body.length);
    bytes.set(garbage);
    bytes.set(body, garbage.length);
    let ev: FamilyEvent[] = [];
    for (let i = 0; i < bytes.length; i += 5) ev = ev.concat(d.push(bytes.subarray(i, i + 5), i / 4));
    expect(frames(ev)).toBe(39);
    expect(lost(ev)).toBe(1);
    expect(d.counters.linesLost).toBe(1);
    const first = ev.find((e) => e.type === 'samples');
    expect(first?.type === 'samples' && first.samples[0]).toBeCloseTo(bitalinoEmgMicrovolts(0, 10), 9);
    const info = ev.find((e) => e.type === 'info');
    expect(info?.type === 'info' && info.info.channelLabels).toEqual(['A1', 'A2']);
  });

  it('a damaged byte costs that frame, not the stream', () => {
    const d = new BitalinoDecoder({ channels: [0, 1, 2, 3, 4, 5], rateHz: 1000 });
    const bytes = stream(6, 60);
    bytes[8 * 30 + 3] ^= 0x10;
    const ev = d.push(bytes, 0);
    expect(frames(ev)).toBe(59);
    expect(lost(ev)).toBe(1);
    expect(d.counters.linesCorrupt).toBeGreaterThan(0);
  });

  it('never throws on random bytes', () => {
    const d = new BitalinoDecoder({ channels: [0], rateHz: 1000 });
    let x = 99;
    const rnd = new Uint8Array(50_000).map(() => ((x = (x * 1103515245 + 12345) >>> 0), x >>> 24));
    expect(() => d.push(rnd, 0)).not.toThrow();
  });
});
