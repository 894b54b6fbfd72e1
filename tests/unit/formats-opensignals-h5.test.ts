/**
 * OpenSignals HDF5 import (issue 11) on the two real PLUX files of shared/data/emg/bsnb-biceps,
 * checked against the lossless CSV conversions beside them (README: "checked sample-for-sample
 * against h5py") and the facts in their README and _info.json: same samples, rate and length,
 * µV from the PLUX EMG transfer function EMG(mV) = (ADC / 2^n − 0.5) × 3.0 with n from the file.
 */
import { describe, it, expect } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useFileTempDir } from '../helpers/test-cleanups';
import { EMG_DATA_DIR } from '../helpers/shared-data';
import { detectLayout, importRecording, importRecordingAsync } from '../../src/formats/detect-format';
import { ImportError } from '../../src/formats/imported-recording';
import { openAnalysisSourceAsync } from '../../src/analysis/analysis-source';
import { DEFAULT_DSP_SETTINGS } from '../../src/dsp/defaults';
import { H5_CHUNK_FRAMES, openOpenSignalsH5 } from '../../src/formats/opensignals-h5';
import { convertImport } from '../../src/formats/text-to-bdf';

const DIR = path.join(EMG_DATA_DIR, 'bsnb-biceps');
const tmp = useFileTempDir('myocue-h5-');

const cases = [
  { name: 'emg_fatigue', frames: 126900, bits: 12, device: 'bioplux', label: 'CH2 EMG', start: new Date(2017, 4, 30, 15, 34, 25, 337) },
  { name: 'emg_bursts', frames: 28519, bits: 16, device: 'channeller', label: 'PORT3_CHN1 EMG', start: new Date(2017, 0, 23, 10, 28, 51, 690) },
];

describe('OpenSignals HDF5 (.h5) against the CSV beside it', () => {
  for (const c of cases) {
    it(`${c.name}.h5: ${c.frames} samples at 1000 Hz, ${c.bits}-bit counts → µV exactly as the transfer function says`, async () => {
      const h5 = path.join(DIR, `${c.name}.h5`);
      expect(detectLayout(h5)).toBe('hdf5');
      const r = await importRecordingAsync(h5);
      expect(r.format).toBe('hdf5');
      expect(r.layout).toBe('opensignals-h5');
      expect(r.sampleRateHz).toBe(1000);
      expect(r.frameCount).toBe(c.frames);
      expect(r.durationS).toBeCloseTo(c.frames / 1000, 9);
      expect(r.channelLabels).toEqual([c.label]);
      expect(r.units).toEqual(['uV']);
      expect(r.startTime?.getTime()).toBe(c.start.getTime());
      // the uint16 nSeq that sticks at 65535 (README) is not reported as lost samples
      expect(r.warnings.join('\n')).not.toMatch(/nSeq/);
      expect(r.warnings.join('\n')).toMatch(/converted from ADC counts to µV with the PLUX EMG transfer function/);
      const csv = importRecording(path.join(DIR, `${c.name}.csv`), { rateHz: 1000 });
      expect(csv.units).toEqual(['counts']);
      expect(csv.frameCount).toBe(c.frames);
      const perCount = 3000 / 2 ** c.bits; // µV per count: 3 V / gain 1000 / 2^n
      let maxErr = 0;
      for (let i = 0; i < c.frames; i++) maxErr = Math.max(maxErr, Math.abs(r.samples[0][i] - (csv.samples[0][i] * perCount - 1500)));
      expect(maxErr).toBeLessThan(1e-9);
    });
  }

  it('analyze opens it (async source) and sees the 9 bursts as activity', async () => {
    const src = await openAnalysisSourceAsync(path.join(DIR, 'emg_bursts.h5'));
    expect(src.outline.sampleRateHz).toBe(1000);
    expect(src.recording.frameCount).toBe(28519);
    const f = await src.filter(DEFAULT_DSP_SETTINGS, { keepFilteredOf: 0 });
    expect(f.filtered[0]!.length).toBe(28519);
  });

  it('the synchronous importer says to use the async one; a damaged .h5 gets a plain message', async () => {
    expect(() => importRecording(path.join(DIR, 'emg_bursts.h5'))).toThrow(/emg_bursts\.h5: is an OpenSignals HDF5 file/);
    const bytes = fs.readFileSync(path.join(DIR, 'emg_bursts.h5'));
    for (const [name, b] of [
      ['cut.h5', bytes.subarray(0, 4096)],
      ['half.h5', bytes.subarray(0, bytes.length >> 1)],
      ['sig-only.h5', bytes.subarray(0, 8)],
    ] as const) {
      const p = path.join(tmp(), name);
      fs.writeFileSync(p, b);
      const err = await importRecordingAsync(p).then(
        () => null,
        (e: unknown) => e,
      );
      // (half a file may still hold the whole raw dataset: then it imports, with the truth about it)
      if (err !== null) {
        expect(err).toBeInstanceOf(ImportError);
        expect((err as Error).message).toMatch(new RegExp(`^${name.replace('.', '\\.')}: `));
      }
    }
  });

  it('streamed by dataset slices (126 900 rows: two 64k chunks, blocks across their border) as the import reads it; converted to BDF+ within its 24-bit step', async () => {
    const h5 = path.join(DIR, 'emg_fatigue.h5');
    const whole = await importRecordingAsync(h5);
    const s = await openOpenSignalsH5(h5);
    expect(whole.frameCount).toBeGreaterThan(H5_CHUNK_FRAMES);
    expect(s).toMatchObject({ format: 'hdf5', layout: 'opensignals-h5', sampleRateHz: 1000, frameCount: whole.frameCount, channelLabels: whole.channelLabels, units: whole.units, warnings: whole.warnings });
    let n = 0;
    let worst = 0;
    for (const b of s.blocks(777)) {
      expect(b.firstFrame).toBe(n);
      for (let i = 0; i < b.frames; i++) worst = Math.max(worst, Math.abs(b.block[i] - whole.samples[0][n + i]));
      n += b.frames;
    }
    expect(n).toBe(whole.frameCount);
    expect(worst).toBe(0);
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of whole.samples[0]) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    expect(s.ranges).toEqual([{ min: lo, max: hi }]);
    const conv = await convertImport(h5, tmp());
    expect(conv).toMatchObject({ format: 'hdf5', layout: 'opensignals-h5', channelLabels: whole.channelLabels, warnings: whole.warnings, cached: false });
    const back = importRecording(conv!.bdfPath);
    expect(back.frameCount).toBe(whole.frameCount);
    let err = 0;
    for (let i = 0; i < back.frameCount; i++) err = Math.max(err, Math.abs(back.samples[0][i] - whole.samples[0][i]));
    expect(err).toBeLessThanOrEqual((hi - lo) / 2 ** 23);
    expect((await convertImport(h5, tmp()))!.cached).toBe(true);
  });
  it('a damaged .h5 streamed or converted gets the same plain messages', async () => {
    const bytes = fs.readFileSync(path.join(DIR, 'emg_fatigue.h5'));
    for (const [name, b] of [
      ['cut-stream.h5', bytes.subarray(0, 4096)],
      ['sig-stream.h5', bytes.subarray(0, 8)],
      ['garbage-stream.h5', Buffer.concat([bytes.subarray(0, 8), Buffer.alloc(100_000, 0xa5)])],
    ] as const) {
      const p = path.join(tmp(), name);
      fs.writeFileSync(p, b);
      for (const run of [() => openOpenSignalsH5(p), () => convertImport(p, tmp())]) {
        const err = await run().then(
          () => null,
          (e: unknown) => e,
        );
        expect(err, name).toBeInstanceOf(ImportError);
        expect((err as Error).message).toMatch(new RegExp(`^${name.replace('.', '\\.')}: `));
      }
    }
  });
});
