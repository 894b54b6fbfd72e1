/** OpenBCI Cyton / Daisy decoder against the byte-exact vectors of DEVICES.md §1.4 (from BrainFlow cyton.cpp / custom_cast.h). */
import { describe, expect, it } from 'vitest';
import { ads1299MicrovoltsPerCount, CytonDecoder, int24be, parseCytonBanner } from '../../src/devices/families/cyton-decoder';
import type { FamilyEvent } from '../../src/devices/families/family-decoder';
import { concatBytes } from '../helpers/bytes';

const hex = (s: string) => Uint8Array.from(s.trim().split(/\s+/), (h) => parseInt(h, 16));
const VECTOR = hex('A0 05 00 00 00 00 00 01 FF FF FF 7F FF FF 80 00 00 00 03 E8 FF FC 18 01 E2 40 00 10 FF F0 02 00 C0');
const samplesOf = (ev: FamilyEvent[]) => ev.filter((e) => e.type === 'samples');
const lostOf = (ev: FamilyEvent[]) => ev.filter((e) => e.type === 'lost').reduce((s, e) => s + (e.type === 'lost' ? e.frames : 0), 0);

/** A packet with `counter` and the same int24 count on every channel. */
function packet(counter: number, count: number, footer = 0xc0): Uint8Array {
  const p = new Uint8Array(33);
  p[0] = 0xa0;
  p[1] = counter & 0xff;
  for (let ch = 0; ch < 8; ch++) {
    const v = count & 0xffffff;
    p[2 + 3 * ch] = v >> 16;
    p[3 + 3 * ch] = (v >> 8) & 0xff;
    p[4 + 3 * ch] = v & 0xff;
  }
  p[32] = footer;
  return p;
}
const cat = concatBytes;
const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('Cyton packet decoding', () => {
  it('decodes the DEVICES.md vector to the listed µV at gain 24', () => {
    const d = new CytonDecoder();
    const ev = d.push(VECTOR, 0);
    const info = ev.find((e) => e.type === 'info');
    expect(info && info.type === 'info' && info.info.sampleRateHz).toBe(250);
    const [s] = samplesOf(ev);
    expect(s.type === 'samples' && s.frames).toBe(1);
    const want = [0, 0.022352, -0.022352, 187500.0, -187500.022352, 22.351744, -22.351744, 2759.456963];
    if (s.type !== 'samples') throw new Error('no samples');
    for (let c = 0; c < 8; c++) expect(s.samples[c]).toBeCloseTo(want[c], 5);
    expect(d.counters.linesOk).toBe(1);
  });

  it('has the scale factors BrainFlow and the GUI use', () => {
    expect(ads1299MicrovoltsPerCount(24)).toBeCloseTo(0.0223517444553, 12);
    expect(ads1299MicrovoltsPerCount(1)).toBeCloseTo(0.536441866927, 11);
    expect(ads1299MicrovoltsPerCount(4)).toBeCloseTo(0.134110466732, 11);
    expect(int24be(hex('80 00 00'), 0)).toBe(-8388608);
    expect(int24be(hex('7F FF FF'), 0)).toBe(8388607);
  });

  it('accepts footers C0-C6 only and resyncs after a bad footer', () => {
    const d = new CytonDecoder();
    const bad = packet(1, 5, 0xc7);
    const ev = d.push(cat(packet(0, 5), bad, packet(1, 5, 0xc6), packet(2, 5, 0xc3)), 0);
    expect(samplesOf(ev).reduce((n, e) => n + (e.type === 'samples' ? e.frames : 0), 0)).toBe(3);
    expect(d.counters.linesOk).toBe(3);
    expect(lostOf(ev)).toBe(0);
  });

  it('counts lost packets from the counter, across a wrap, in any chunking', () => {
    const seqs = [250, 251, 252, 253, 254, 255, 0, 1, 4, 5, 6, 7];
    const bytes = cat(...seqs.map((s) => packet(s, s)));
    for (const chunk of [1, 7, 33, 100, bytes.length]) {
      const d = new CytonDecoder();
      let lost = 0;
      let frames = 0;
      for (let i = 0; i < bytes.length; i += chunk) {
        const ev = d.push(bytes.subarray(i, i + chunk), i / 33 / 0.25);
        lost += lostOf(ev);
        frames += samplesOf(ev).reduce((n, e) => n + (e.type === 'samples' ? e.frames : 0), 0);
      }
      expect(lost).toBe(2);
      expect(frames).toBe(seqs.length);
      expect(d.counters.linesLost).toBe(2);
    }
  });

  it('counts whole wraps from host time (a 3 s silence is 750 packets, not 750 mod 256)', () => {
    const d = new CytonDecoder();
    d.push(packet(10, 0), 0);
    // 3 s later: 749 packets were lost; the counter alone says (10 + 750) mod 256
    const ev = d.push(packet((10 + 750) & 255, 0), 3000);
    expect(lostOf(ev)).toBe(749);
  });

  it('drops a repeated packet and a counter the clock cannot explain', () => {
    const d = new CytonDecoder();
    d.push(packet(1, 0), 0);
    d.push(packet(2, 0), 4);
    const dup = d.push(packet(2, 0), 8);
    expect(samplesOf(dup)).toHaveLength(0);
    const jump = d.push(packet(130, 0), 12); // a damaged counter byte 4 ms later
    expect(samplesOf(jump)).toHaveLength(0);
    const next = d.push(packet(3, 0), 16);
    expect(lostOf(next)).toBe(0);
    expect(d.counters.linesCorrupt).toBe(2);
  });

  it('learns Daisy from the banner and pairs odd (ch 1-8) with even (ch 9-16) packets at 125 Hz', () => {
    const d = new CytonDecoder();
    const banner = 'OpenBCI V3 8-16 channel\nOn Board ADS1299 Device ID: 0x3E\nOn Daisy ADS1299 Device ID: 0x3E\nLIS3DH Device ID: 0x33\nFirmware: v3.1.2\n$$$';
    expect(parseCytonBanner(banner)).toEqual({ daisy: true, firmware: 'v3.1.2' });
    d.push(ascii(banner), 0);
    // counter 0 (even, stale Daisy mean) first, then pairs (1,2), (3,4); pair (5,6) loses 6; (7,8)
    const ev = d.push(cat(packet(0, 99), packet(1, 100), packet(2, 200), packet(3, 101), packet(4, 201), packet(5, 102), packet(7, 103), packet(8, 203)), 0);
    const info = ev.find((e) => e.type === 'info');
    expect(info?.type === 'info' && [info.info.channelCount, info.info.sampleRateHz]).toEqual([16, 125]);
    const frames = samplesOf(ev).flatMap((e) => (e.type === 'samples' ? Array.from({ length: e.frames }, (_, f) => e.samples.slice(f * 16, f * 16 + 16)) : []));
    const upc = ads1299MicrovoltsPerCount(24);
    expect(frames.map((f) => [Math.round(f[0] / upc), Math.round(f[15] / upc)])).toEqual([
      [100, 200],
      [101, 201],
      [103, 203],
    ]);
    expect(lostOf(ev)).toBe(1);
  });

  it('says plainly when the dongle answers but the board is off', () => {
    const d = new CytonDecoder();
    const ev = d.push(ascii('Failure: Communications timeout - Device failed to poll Host$$$'), 0);
    const n = ev.find((e) => e.type === 'notice');
    expect(n?.type === 'notice' && n.level).toBe('error');
    expect(n?.type === 'notice' && n.text).toMatch(/switched on/);
  });

  it('never throws on random bytes', () => {
    const d = new CytonDecoder();
    let x = 12345;
    const rnd = new Uint8Array(100_000).map(() => ((x = (x * 1103515245 + 12345) >>> 0), x >>> 24));
    expect(() => d.push(rnd, 0)).not.toThrow();
  });
});

describe('Cyton gain tracking', () => {
  it('follows x…X channel settings and d (BrainFlow OpenBCIGainTracker semantics)', async () => {
    const { CytonGainTracker } = await import('../../src/devices/families/cyton-gain-tracker');
    const t = new CytonGainTracker();
    expect(t.gains.every((g) => g === 24)).toBe(true);
    expect(t.apply('x1040100Xx2000100XxQ030100X')).toBeNull();
    expect(t.gains.slice(0, 2)).toEqual([8, 1]);
    expect(t.gains[8]).toBe(6);
    expect(t.apply('d')).toBeNull();
    expect(t.gains[0]).toBe(24);
    expect(t.apply('x9060100X')).toMatch(/channel "9"/);
    expect(t.apply('x1070100X')).toMatch(/gain code "7"/);
    expect(t.apply('x10601X')).toMatch(/not a channel setting/);
  });

  it('decodes each channel with its own gain', () => {
    const gains = [8, 1, 24, 24, 24, 24, 24, 24];
    const d = new CytonDecoder({ gains });
    const [s] = samplesOf(d.push(packet(0, 1000), 0));
    if (s.type !== 'samples') throw new Error('no samples');
    expect(s.samples[0]).toBeCloseTo(1000 * ads1299MicrovoltsPerCount(8), 9);
    expect(s.samples[1]).toBeCloseTo(1000 * ads1299MicrovoltsPerCount(1), 9);
    expect(s.samples[2]).toBeCloseTo(1000 * ads1299MicrovoltsPerCount(24), 9);
  });
});
