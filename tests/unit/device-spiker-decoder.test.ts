/** Backyard Brains SpikerShield stream: vectors of DEVICES.md §5 (Spike-Recorder ArduinoSerial.cpp). */
import { describe, expect, it } from 'vitest';
import { encodeSpikerFrame, encodeSpikerMessage, spikerShieldRateHz, SpikerDecoder } from '../../src/devices/families/spiker-decoder';
import type { FamilyEvent } from '../../src/devices/families/family-decoder';

const hex = (s: string) => Uint8Array.from(s.trim().split(/\s+/), (h) => parseInt(h, 16));
const values = (ev: FamilyEvent[]) => ev.flatMap((e) => (e.type === 'samples' ? Array.from(e.samples) : []));

describe('SpikerShield frames and messages', () => {
  it('encodes the DEVICES.md vectors', () => {
    expect(Array.from(encodeSpikerFrame([512]))).toEqual(Array.from(hex('84 00')));
    expect(Array.from(encodeSpikerFrame([1023]))).toEqual(Array.from(hex('87 7F')));
    expect(Array.from(encodeSpikerFrame([700, 300]))).toEqual(Array.from(hex('85 3C 02 2C')));
    expect(Array.from(encodeSpikerMessage('HWT:MUSCLESS;'))).toEqual(
      Array.from(hex('FF FF 01 01 80 FF 48 57 54 3A 4D 55 53 43 4C 45 53 53 3B FF FF 01 01 81 FF')),
    );
  });

  it('rate 10 050 Hz / N from the firmware timer', () => {
    expect(spikerShieldRateHz(1)).toBeCloseTo(10050.25, 2);
    expect(spikerShieldRateHz(2)).toBeCloseTo(5025.13, 2);
  });

  it('decodes frames (centred, a.u.) with a message in the middle, in any chunking', () => {
    const bytes = Uint8Array.from([
      ...hex('85 3C 02 2C'),
      ...encodeSpikerMessage('HWT:MUSCLESS;'),
      ...hex('84 00 04 00'),
      ...hex('87 7F 00 00'),
    ]);
    for (const chunk of [1, 3, bytes.length]) {
      const d = new SpikerDecoder({ channels: 2 });
      let ev: FamilyEvent[] = [];
      for (let i = 0; i < bytes.length; i += chunk) ev = ev.concat(d.push(bytes.subarray(i, i + chunk), 0));
      expect(values(ev)).toEqual([700 - 512, 300 - 512, 0, 0, 1023 - 512, 0 - 512]);
      expect(d.hardwareType).toBe('MUSCLESS');
      const info = ev.find((e) => e.type === 'info');
      expect(info?.type === 'info' && info.info.unit).toBe('a.u.');
    }
  });

  it('a frame cut short by the next start byte counts as lost', () => {
    const d = new SpikerDecoder({ channels: 2 });
    const ev = d.push(hex('85 3C 84 00 04 00'), 0);
    expect(values(ev)).toEqual([0, 0]);
    expect(ev.some((e) => e.type === 'lost' && e.frames === 1)).toBe(true);
    expect(d.counters.linesCorrupt).toBe(1);
  });

  it('never throws on random bytes', () => {
    const d = new SpikerDecoder({ channels: 3 });
    let x = 5;
    const rnd = new Uint8Array(50_000).map(() => ((x = (x * 1103515245 + 12345) >>> 0), x >>> 24));
    expect(() => d.push(rnd, 0)).not.toThrow();
  });
});
