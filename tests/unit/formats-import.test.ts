import { describe, it, expect } from 'vitest';
import { EMG_DATA_DIR } from '../helpers/shared-data';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useFileTempDir } from '../helpers/test-cleanups';
import { importRecording, detectLayout } from '../../src/formats/detect-format';
import { pluxEmgTransfer } from '../../src/formats/plux-text';
import fc from 'fast-check';

const DATA = EMG_DATA_DIR;
const FIX = path.resolve(__dirname, '../fixtures/formats');
const dir = useFileTempDir('myocue-fmt-');

function range(a: Float64Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of a) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

describe('real recordings in shared/data/emg (facts from each README)', () => {
  it('OpenBCI Ganglion grasp run: 200 Hz, 2 EMG + 2 unused channels, 26 474 samples, µV', () => {
    const r = importRecording(path.join(DATA, 'openbci-ganglion-grasp/OpenBCI-RAW-S05_S1R0.txt'));
    expect(r.format).toBe('openbci');
    expect(r.layout).toBe('openbci-gui-v3');
    expect(r.sampleRateHz).toBe(200);
    expect(r.samples.length).toBe(4);
    expect(r.frameCount).toBe(26474);
    expect(r.durationS).toBeCloseTo(132.37, 2);
    expect(r.units).toEqual(['uV', 'uV', 'uV', 'uV']);
    // first row: "0, 22.78, 0.90, 0.00, 0.00, …"
    expect(r.samples[0][0]).toBeCloseTo(22.78, 6);
    expect(r.samples[1][0]).toBeCloseTo(0.9, 6);
    expect(r.warnings.join()).toMatch(/all zero.*ch3, ch4/);
    // the timestamps agree with 200 Hz (README: 200.01 Hz), so no rate warning
    expect(r.warnings.join()).not.toMatch(/timestamps suggest/);
    const sel = importRecording(path.join(DATA, 'openbci-ganglion-grasp/OpenBCI-RAW-S05_S1REST.txt'), { channels: [0, 1] });
    expect(sel.channelLabels).toEqual(['ch1', 'ch2']);
    expect(sel.frameCount).toBe(4879);
  });

  it('Vicon Nexus shoulder lift: 2000 Hz, 38 analog channels in µV, 11 600 samples', () => {
    const r = importRecording(path.join(DATA, 'pyomeca-shoulder-lift/analogs.csv'));
    expect(r.layout).toBe('vicon-csv');
    expect(r.sampleRateHz).toBe(2000);
    expect(r.frameCount).toBe(11600);
    expect(r.durationS).toBeCloseTo(5.8, 9);
    expect(r.samples.length).toBe(38);
    const emg1 = r.channelLabels.indexOf('EMG1');
    expect(emg1).toBe(6); // Frame/Sub Frame dropped, "1".."6" first
    expect(r.units[emg1]).toBe('uV');
    // first row EMG1 = -2.61E-05 V = -26.1 µV
    expect(r.samples[emg1][0]).toBeCloseTo(-26.1, 6);
    expect(r.warnings.join()).toMatch(/19 channel\(s\) are all zero/);
  });

  it('BioSPPy text: 1000 Hz from the header, 1 channel of raw counts', () => {
    const a = importRecording(path.join(DATA, 'biosppy-examples/emg.txt'));
    expect(a.layout).toBe('biosppy-txt');
    expect(a.sampleRateHz).toBe(1000);
    expect(a.frameCount).toBe(100000);
    expect(a.units).toEqual(['counts']);
    expect(range(a.samples[0])).toEqual([2037, 2071]);
    const b = importRecording(path.join(DATA, 'biosppy-examples/emg_1.txt'));
    expect(b.frameCount).toBe(63880);
    expect(range(b.samples[0])).toEqual([1412, 2443]);
  });

  it('bsnb-biceps CSV (index,emg_adc): needs the rate, then 126 900 samples at 1000 Hz', () => {
    const p = path.join(DATA, 'bsnb-biceps/emg_fatigue.csv');
    expect(() => importRecording(p)).toThrow('emg_fatigue.csv: cannot infer the sample rate (no time column); pass --rate HZ');
    const r = importRecording(p, { rateHz: 1000 });
    expect(r.frameCount).toBe(126900);
    expect(r.durationS).toBeCloseTo(126.9, 9);
    expect(r.samples.length).toBe(1); // the index column is not a channel
    expect(r.units).toEqual(['counts']);
    expect(range(r.samples[0])).toEqual([0, 4095]);
    const b = importRecording(path.join(DATA, 'bsnb-biceps/emg_bursts.csv'), { rateHz: 1000 });
    expect(b.frameCount).toBe(28519);
    expect(b.samples[0][0]).toBe(32718);
  });

  it('OpenSignals forearm gestures: 1000 Hz, 2 EMG in µV (PLUX transfer) + 1 accelerometer in counts', () => {
    const r = importRecording(path.join(DATA, 'bsnb-forearm-gestures/3_1.txt'));
    expect(r.layout).toBe('opensignals-txt');
    expect(r.sampleRateHz).toBe(1000);
    expect(r.frameCount).toBe(6150);
    expect(r.channelLabels).toEqual(['CH1 EMG', 'CH2 EMG', 'CH3 XYZ']);
    expect(r.units).toEqual(['uV', 'uV', 'counts']);
    // first row "0 0 32647 32836 35124" (README) → (32647/65536 − 0.5) × 3000 µV
    const { microvoltsPerCount, offsetMicrovolts } = pluxEmgTransfer('biosignalsplux', 16);
    expect(microvoltsPerCount).toBeCloseTo(3000 / 65536, 12);
    const first = fs.readFileSync(path.join(DATA, 'bsnb-forearm-gestures/3_1.txt'), 'utf8').split('\n')[3].split('\t');
    expect(r.samples[0][0]).toBeCloseTo(Number(first[2]) * microvoltsPerCount + offsetMicrovolts, 9);
    expect(r.samples[2][0]).toBe(Number(first[4]));
    for (const [f, n] of [['0_1.txt', 6000], ['1_1.txt', 6600], ['2_1.txt', 5550]] as const) {
      expect(importRecording(path.join(DATA, 'bsnb-forearm-gestures', f)).frameCount).toBe(n);
    }
  });
});

describe('fixtures made here', () => {
  it('OpenBCI GUI v6 header with column names: 8 EXG channels at 250 Hz', () => {
    const r = importRecording(path.join(FIX, 'openbci-v6-cyton.txt'));
    expect(r.layout).toBe('openbci-gui-v5');
    expect(r.sampleRateHz).toBe(250);
    expect(r.samples.length).toBe(8);
    expect(r.frameCount).toBe(500);
    expect(r.samples[7][0]).toBeCloseTo(70, 9);
    expect(r.warnings.join()).not.toMatch(/timestamps suggest/);
  });

  it('BrainFlow CSV: rate from the board id, EXG columns from the board layout', () => {
    const p = path.join(FIX, 'brainflow-ganglion.csv');
    expect(detectLayout(p)).toBe('brainflow');
    expect(() => importRecording(p)).toThrow(/brainflow-ganglion\.csv: cannot infer the sample rate of a BrainFlow file without a board id \(timestamps suggest about 200 Hz\); pass --rate HZ or --board ID/);
    const r = importRecording(p, { boardId: 1 });
    expect(r.format).toBe('brainflow');
    expect(r.sampleRateHz).toBe(200);
    expect(r.samples.length).toBe(4);
    expect(r.frameCount).toBe(200);
    expect(r.samples[3][0]).toBe(3);
    expect(r.startTime?.getTime()).toBe(1700000000000);
    expect(() => importRecording(p, { boardId: 0 })).toThrow(/rows have 15 columns but a OpenBCI Cyton BrainFlow file has 24: wrong board id\?/);
    const byRate = importRecording(p, { rateHz: 200, columns: [1, 2] });
    expect(byRate.samples.length).toBe(2);
  });

  it('generic CSV: semicolons, CRLF, a time column in ms → 2000 Hz, mV → µV', () => {
    const r = importRecording(path.join(FIX, 'time-ms-semicolon.csv'));
    expect(r.sampleRateHz).toBe(2000);
    expect(r.channelLabels).toEqual(['Biceps', 'Triceps']);
    expect(r.units).toEqual(['uV', 'uV']);
    expect(r.samples[0][10]).toBeCloseTo(Math.sin(1) * 1000, 3);
  });
});

describe('bad input gives a clear error naming the file', () => {
  it('PNG, random bytes, empty, missing, folder', () => {
    const png = path.join(dir(), 'photo.csv');
    fs.writeFileSync(png, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100)]));
    expect(() => importRecording(png)).toThrow('photo.csv: not a recording Myocue can import (it is a PNG image)');
    const rnd = path.join(dir(), 'noise.txt');
    fs.writeFileSync(rnd, Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919 + 13) % 256)));
    expect(() => importRecording(rnd)).toThrow(/noise\.txt: not a recording Myocue can import \(it contains binary data\)/);
    const empty = path.join(dir(), 'empty.csv');
    fs.writeFileSync(empty, '');
    expect(() => importRecording(empty)).toThrow('empty.csv: the file is empty');
    expect(() => importRecording(path.join(dir(), 'nope.csv'))).toThrow('nope.csv: cannot open (no such file)');
    expect(() => importRecording(dir())).toThrow(/is a folder, not a recording file/);
  });

  it('a truncated last row is dropped with a warning; a broken middle row fails the import', () => {
    const src = fs.readFileSync(path.join(DATA, 'openbci-ganglion-grasp/OpenBCI-RAW-S05_S1REST.txt'), 'latin1');
    const cut = path.join(dir(), 'cut.txt');
    fs.writeFileSync(cut, src.slice(0, src.length - 40)); // cut inside the last row
    const r = importRecording(cut);
    expect(r.frameCount).toBe(4878);
    expect(r.warnings.join()).toMatch(/the file ends mid-row \(line \d+ has 5 fields.*\): it may be truncated \(cut off while being written\); that row was dropped/);
    const lines = src.split('\r\n');
    lines[100] = '94, 12.0, 3.';
    const broken = path.join(dir(), 'broken.txt');
    fs.writeFileSync(broken, lines.join('\r\n'));
    expect(() => importRecording(broken)).toThrow('broken.txt: line 101 has 3 fields, expected 9');
  });

  it('a format that does not match the content, a bad rate, a missing channel', () => {
    const p = path.join(DATA, 'openbci-ganglion-grasp/OpenBCI-RAW-S05_S1REST.txt');
    expect(() => importRecording(p, { format: 'edf' })).toThrow('OpenBCI-RAW-S05_S1REST.txt: is not an EDF file (it looks like an OpenBCI GUI recording)');
    expect(() => importRecording(p, { rateHz: -5 })).toThrow(/is not a positive number of Hz/);
    expect(() => importRecording(p, { channels: [7] })).toThrow(/channel 7 does not exist \(the file has channels 0-3/);
    const noRate = path.join(dir(), 'norate.txt');
    fs.writeFileSync(noRate, '%OpenBCI Raw EEG Data\n%\n0, 1.0, 2.0, 0, 0, 0, 0, 0, 12:00:00.000\n');
    expect(() => importRecording(noRate)).toThrow(/norate\.txt: cannot infer the sample rate.*pass --rate HZ/);
    const hdrOnly = path.join(dir(), 'hdr.csv');
    fs.writeFileSync(hdrOnly, 'time_s,a,b\n');
    expect(() => importRecording(hdrOnly)).toThrow('hdr.csv: there is a header row but no data rows');
  });

  it('damaged text files never crash: they import or fail with a message naming the file', () => {
    const sources = [
      'openbci-ganglion-grasp/OpenBCI-RAW-S05_S1REST.txt',
      'bsnb-forearm-gestures/0_1.txt',
      'biosppy-examples/emg_1.txt',
      'pyomeca-shoulder-lift/analogs.csv',
    ].map((f) => fs.readFileSync(path.join(DATA, f)).subarray(0, 6000));
    const q = path.join(dir(), 'damaged.txt');
    fc.assert(
      fc.property(fc.nat(sources.length - 1), fc.array(fc.tuple(fc.nat(5999), fc.constantFrom(0x2c, 0x09, 0x0a, 0x25, 0x23, 0x41, 0x2e, 0x2d, 0x31, 0x20)), { maxLength: 8 }), fc.nat(6000), (k, edits, cut) => {
        const b = Buffer.from(sources[k].subarray(0, Math.max(1, cut)));
        for (const [at, v] of edits) if (at < b.length) b[at] = v;
        fs.writeFileSync(q, b);
        try {
          const r = importRecording(q, { rateHz: 1000 });
          expect(r.frameCount).toBeGreaterThan(0);
          for (const ch of r.samples) expect(ch.length).toBe(r.frameCount);
        } catch (err) {
          expect(err).toBeInstanceOf(Error);
          expect((err as Error).message.startsWith('damaged.txt: ')).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
