import { describe, it, expect, beforeEach } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BdfPlusWriter, chooseRecordDuration, type WriterFs } from '../../src/recording/bdf-writer';
import { openEdfRecording, readAllChannels, readBlocks, repairRecordingFile, EdfFrameReader } from '../../src/recording/bdf-reader';
import { RECORD_COUNT_OFFSET } from '../../src/recording/edf-header';
import { formatEvent, parseEvent } from '../../src/recording/events';
import fc from 'fast-check';
import { useTempDirs } from '../helpers/test-cleanups';

const tmp = useTempDirs('myocue-bdf-');
let dir: string;
beforeEach(() => {
  dir = tmp();
});

/** Deterministic test signal in ADC counts (integers), interleaved. */
function countsSignal(frames: number, channels: number, seed = 1): Int32Array {
  const out = new Int32Array(frames * channels);
  let s = seed;
  for (let i = 0; i < out.length; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    out[i] = (s % 400001) - 200000;
  }
  return out;
}

describe('BDF+ writer/reader round trip', () => {
  it('ADC counts survive exactly (digital = counts) and annotations come back', () => {
    const uvpc = 0.0223517; // ~ ADS1299 at gain 24 (4.5 V / 24 / 2^23 µV)
    const rate = 2000;
    const nc = 3;
    const frames = 2000 * 3 + 137; // not a whole number of records
    const counts = countsSignal(frames, nc);
    const uv = Float64Array.from(counts, (c) => c * uvpc);
    const p = path.join(dir, 'a.bdf');
    const w = BdfPlusWriter.open(p, {
      channels: [0, 1, 2].map((i) => ({ label: `ch${i + 1}`, microvoltsPerCount: uvpc, prefilter: 'none' })),
      sampleRateHz: rate,
      startTime: new Date(2024, 4, 17, 10, 30, 15, 250),
      recordingId: 'session-1',
    });
    // feed in uneven blocks
    let f = 0;
    const sizes = [1, 7, 500, 333, 2000];
    let k = 0;
    while (f < frames) {
      const n = Math.min(sizes[k++ % sizes.length], frames - f);
      w.writeSamples(uv.subarray(f * nc, (f + n) * nc), n);
      f += n;
    }
    w.addAnnotation(1.0, null, formatEvent({ kind: 'set-start', set: 1, tag: 'internal' }));
    w.addAnnotation(1.5, 0.8, formatEvent({ kind: 'rep', rep: 1, set: 1 }));
    w.addAnnotation(2.9, null, formatEvent({ kind: 'set-end', set: 1, tag: 'internal' }));
    w.close();

    const info = openEdfRecording(p);
    expect(info.recovered).toBe(false);
    expect(info.variant).toBe('bdf');
    expect(info.plus).toBe('D');
    expect(info.sampleRateHz).toBe(rate);
    expect(info.channelLabels).toEqual(['ch1', 'ch2', 'ch3']);
    expect(info.totalFrames).toBe(frames);
    expect(info.segments.length).toBe(1);
    expect(info.startTime?.getTime()).toBe(new Date(2024, 4, 17, 10, 30, 15, 250).getTime());
    const ch = readAllChannels(info);
    let maxCountErr = 0;
    for (let i = 0; i < frames; i++) {
      for (let c = 0; c < nc; c++) {
        maxCountErr = Math.max(maxCountErr, Math.abs(ch[c][i] / uvpc - counts[i * nc + c]));
      }
    }
    expect(maxCountErr).toBeLessThan(0.01);
    const texts = info.annotations.filter((a) => parseEvent(a.text).kind !== 'recording-end');
    expect(texts.map((a) => a.text)).toEqual(['Set 1 start [tag=internal]', 'Rep 1 [set=1]', 'Set 1 end [tag=internal]']);
    expect(texts[0].onsetS).toBeCloseTo(1.0, 6);
    expect(texts[1].durationS).toBeCloseTo(0.8, 6);
    expect(parseEvent(texts[1].text)).toEqual({ kind: 'rep', rep: 1, set: 1 });
  });

  it('EDF (16-bit) variant round-trips within half a digital step', () => {
    const p = path.join(dir, 'b.edf');
    const rate = 250; // 0.25 s → 62.5 samples: the writer must pick 0.5 s records
    expect(chooseRecordDuration(rate)).toEqual({ durationS: 0.5, samplesPerRecord: 125 });
    const w = BdfPlusWriter.open(p, { channels: [{ label: 'x', physicalMin: -1000, physicalMax: 1000 }], sampleRateHz: rate, startTime: new Date(), format: 'edf' });
    const data = Float64Array.from({ length: 1000 }, (_, i) => 900 * Math.sin(i / 7));
    w.writeSamples(data, 1000);
    w.close();
    const info = openEdfRecording(p);
    expect(info.variant).toBe('edf');
    expect(info.header.reserved.startsWith('EDF+D')).toBe(true);
    const [x] = readAllChannels(info);
    const step = 2000 / 65535;
    expect(x.length).toBe(1000);
    for (let i = 0; i < 1000; i++) expect(Math.abs(x[i] - data[i])).toBeLessThanOrEqual(step / 2 + 1e-9);
  });

  it('a disconnect gap becomes a second segment and a Gap annotation', () => {
    const p = path.join(dir, 'gap.bdf');
    const rate = 1000;
    const w = BdfPlusWriter.open(p, { channels: [{ label: 'a' }], sampleRateHz: rate, startTime: new Date(2024, 0, 1) });
    const ones = new Float64Array(1000).fill(5);
    w.writeSamples(ones, 1000); // 1 s, record-aligned
    w.markGap(2.31);
    w.writeSamples(new Float64Array(500).fill(-5), 500);
    w.close();
    const info = openEdfRecording(p);
    expect(info.segments).toEqual([
      { firstFrame: 0, frames: 1000, onsetS: 0, fileFrame: 0 },
      { firstFrame: 1000, frames: 500, onsetS: expect.closeTo(3.31, 6), fileFrame: 1000 },
    ]);
    const gap = info.annotations.find((a) => parseEvent(a.text).kind === 'gap');
    expect(gap?.onsetS).toBeCloseTo(1.0, 6);
    expect(parseEvent(gap!.text)).toEqual({ kind: 'gap', durationS: 2.31, reason: 'disconnect' });
    expect(info.spanS).toBeCloseTo(3.81, 6);
    expect(info.durationS).toBeCloseTo(1.5, 6);
  });

  it('recovers a file whose writer never closed (count -1, partial tail)', () => {
    const p = path.join(dir, 'crash.bdf');
    const w = BdfPlusWriter.open(p, { channels: [{ label: 'a' }, { label: 'b' }], sampleRateHz: 2000, startTime: new Date() });
    const data = new Float64Array(2 * 2000 * 3).map((_, i) => i % 1000);
    w.writeSamples(data, 2000 * 3);
    const { headerBytes, recordBytes, recordsWritten } = w.layout;
    expect(recordsWritten).toBe(12); // 0.25 s records written as soon as full
    // simulate a crash: no close(); add half a record of junk as if a write was cut
    fs.appendFileSync(p, Buffer.alloc(Math.floor(recordBytes / 2), 7));
    expect(fs.readFileSync(p).toString('latin1', RECORD_COUNT_OFFSET, RECORD_COUNT_OFFSET + 8).trim()).toBe('-1');
    const info = openEdfRecording(p);
    expect(info.recovered).toBe(true);
    expect(info.recordCount).toBe(12);
    expect(info.totalFrames).toBe(6000);
    expect(info.recoveryMessage).toMatch(/not closed properly.*recovered 12 whole data records \(3\.00 s\).*dropped an incomplete last record/);
    const r = repairRecordingFile(p);
    expect(r.repaired).toBe(true);
    expect(fs.statSync(p).size).toBe(headerBytes + 12 * recordBytes);
    const again = openEdfRecording(p);
    expect(again.recovered).toBe(false);
    expect(again.header.recordCount).toBe(12);
  });

  it('reads a truncated file (cut mid-record) and refuses one cut inside the header', () => {
    const p = path.join(dir, 't.bdf');
    const w = BdfPlusWriter.open(p, { channels: [{ label: 'a' }], sampleRateHz: 1000, startTime: new Date() });
    w.writeSamples(new Float64Array(4000).fill(1), 4000);
    w.close();
    const full = fs.readFileSync(p);
    const { recordBytes, headerBytes } = { recordBytes: (250 + 80) * 3, headerBytes: 768 };
    fs.writeFileSync(p, full.subarray(0, headerBytes + 5 * recordBytes + 100));
    const info = openEdfRecording(p);
    expect(info.recovered).toBe(true);
    expect(info.recordCount).toBe(5);
    expect(info.recoveryMessage).toMatch(/truncated: the header says 16 data records, only 5 are complete/);
    fs.writeFileSync(p, full.subarray(0, 300));
    expect(() => openEdfRecording(p)).toThrow(/t\.bdf: file is truncated inside the header/);
    fs.writeFileSync(p, full.subarray(0, 100));
    expect(() => openEdfRecording(p)).toThrow(/t\.bdf: file is too short/);
  });

  it('refuses garbage, a PNG and an empty file with a message naming the file', () => {
    const png = path.join(dir, 'pic.bdf');
    fs.writeFileSync(png, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(600, 1)]));
    expect(() => openEdfRecording(png)).toThrow(/pic\.bdf: not an EDF or BDF file/);
    const rnd = path.join(dir, 'rnd.edf');
    fs.writeFileSync(rnd, Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251)));
    expect(() => openEdfRecording(rnd)).toThrow(/rnd\.edf: not an EDF or BDF file/);
    const empty = path.join(dir, 'e.bdf');
    fs.writeFileSync(empty, '');
    expect(() => openEdfRecording(empty)).toThrow(/e\.bdf: the file is empty/);
    expect(() => openEdfRecording(path.join(dir, 'missing.bdf'))).toThrow(/missing\.bdf: cannot open \(no such file\)/);
  });

  it('streams blocks and random-accesses frames consistently', () => {
    const p = path.join(dir, 's.bdf');
    const w = BdfPlusWriter.open(p, { channels: [{ label: 'a' }, { label: 'b' }], sampleRateHz: 500, startTime: new Date() });
    const n = 5000;
    const data = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      data[2 * i] = i;
      data[2 * i + 1] = -i;
    }
    w.writeSamples(data, n);
    w.close();
    let seen = 0;
    readBlocks(p, 777, (block, frames, first) => {
      expect(first).toBe(seen);
      for (let f = 0; f < frames; f++) {
        expect(Math.round(block[2 * f])).toBe(first + f);
        expect(Math.round(block[2 * f + 1]) + (first + f)).toBe(0);
      }
      seen += frames;
    });
    expect(seen).toBe(n);
    const r = new EdfFrameReader(openEdfRecording(p), 4096);
    const out = new Float64Array(20);
    expect(r.readFrames(4995, 10, out)).toBe(5);
    expect(Math.round(out[0])).toBe(4995);
    r.close();
  });

  it('surfaces an injected ENOSPC once, via onError and a throw, keeping whole records on disk', () => {
    const p = path.join(dir, 'full.bdf');
    let allowWrites = 1 + 3; // header + 3 records
    let truncatedTo = -1;
    const fakeFs: WriterFs = {
      openSync: (f, flags, mode) => fs.openSync(f, flags, mode),
      writeSync: (fd, buf, off, len, pos) => {
        if (allowWrites-- <= 0) {
          // write part of it, then fail, as a filling disk does
          fs.writeSync(fd, buf, off, Math.floor(len / 3), pos);
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        }
        return fs.writeSync(fd, buf, off, len, pos);
      },
      fsyncSync: (fd) => fs.fsyncSync(fd),
      ftruncateSync: (fd, len) => {
        truncatedTo = len;
        fs.ftruncateSync(fd, len);
      },
      closeSync: (fd) => fs.closeSync(fd),
    };
    const errors: Error[] = [];
    const w = BdfPlusWriter.open(p, { channels: [{ label: 'a' }], sampleRateHz: 1000, startTime: new Date(), fs: fakeFs, onError: (e) => errors.push(e) });
    const block = new Float64Array(250).fill(3);
    for (let i = 0; i < 3; i++) w.writeSamples(block, 250);
    expect(() => w.writeSamples(block, 250)).toThrow(/Cannot write to .*full\.bdf: the disk is full \(ENOSPC\)\. The recording up to 0\.75 s is saved\./);
    expect(() => w.writeSamples(block, 250)).toThrow(/disk is full/);
    expect(errors.length).toBe(1);
    expect(truncatedTo).toBe(w.layout.headerBytes + 3 * w.layout.recordBytes);
    expect(() => w.close()).toThrow(/disk is full/);
    const info = openEdfRecording(p);
    expect(info.recordCount).toBe(3);
    expect(info.totalFrames).toBe(750);
  });

  it('reports an unwritable location at open with a clear message', () => {
    const file = path.join(dir, 'plainfile');
    fs.writeFileSync(file, 'x');
    expect(() => BdfPlusWriter.open(path.join(file, 'rec.bdf'), { channels: [{ label: 'a' }], sampleRateHz: 1000, startTime: new Date() })).toThrow(
      /Cannot create the recording file .*rec\.bdf: a part of the path is a file, not a folder \(ENOTDIR\)\. Nothing was recorded\./,
    );
    const existing = path.join(dir, 'exists.bdf');
    fs.writeFileSync(existing, 'keep me');
    expect(() => BdfPlusWriter.open(existing, { channels: [{ label: 'a' }], sampleRateHz: 1000, startTime: new Date() })).toThrow(/already exists \(EEXIST\)/);
    expect(fs.readFileSync(existing, 'utf8')).toBe('keep me');
  });

  it('damaged headers and data never crash: they open or fail with a message naming the file', () => {
    const p = path.join(dir, 'fuzz.bdf');
    const w = BdfPlusWriter.open(p, { channels: [{ label: 'a' }, { label: 'b' }], sampleRateHz: 500, startTime: new Date() });
    w.writeSamples(new Float64Array(2 * 1000).fill(2), 1000);
    w.addAnnotation(0.3, null, 'Rep 1');
    w.close();
    const good = fs.readFileSync(p);
    const q = path.join(dir, 'damaged.bdf');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 }), fc.nat(good.length), (edits, cut) => {
        const b = Buffer.from(good.subarray(0, Math.max(1, cut)));
        for (const [at, v] of edits) if (at < b.length) b[at] = v;
        fs.writeFileSync(q, b);
        try {
          const info = openEdfRecording(q);
          readAllChannels(info);
        } catch (err) {
          expect(err).toBeInstanceOf(Error);
          expect((err as Error).message.startsWith('damaged.bdf: ')).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
