/**
 * `myocue export` streams every format (issue 9.13): a Vicon Nexus CSV, an OpenSignals text file
 * and an OpenSignals HDF5 file (real files from the shared data) exported to BDF+ and CSV read
 * back as their in-memory import: same rate, length and channels, samples within the 24-bit step
 * of BDF (CSV: as written, to its printed precision).
 */
import { describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { useFileTempDir } from '../helpers/test-cleanups';
import { EMG_DATA_DIR } from '../helpers/shared-data';
import { runExport } from '../../src/cli/export-command';
import { importRecording, importRecordingAsync } from '../../src/formats/detect-format';
import { sampleRange, worstDifference } from '../helpers/sample-compare';

const dir = useFileTempDir('myocue-export-streamed-');

async function quietly<T>(run: () => Promise<T>): Promise<T> {
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    return await run();
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

describe('myocue export of other tools’ files, streamed', () => {
  for (const name of ['pyomeca-shoulder-lift/analogs.csv', 'bsnb-forearm-gestures/2_1.txt', 'bsnb-biceps/emg_fatigue.h5']) {
    it(`${name} → BDF+ and CSV`, async () => {
      const file = path.join(EMG_DATA_DIR, name);
      const whole = await importRecordingAsync(file);
      const stem = path.basename(name).replace(/\W/g, '_');
      const bdf = path.join(dir(), `${stem}.bdf`);
      const csv = path.join(dir(), `${stem}.csv`);
      expect(await quietly(() => runExport([file, '--to', 'bdf', '--out', bdf]))).toBe(0);
      expect(await quietly(() => runExport([file, '--to', 'csv', '--out', csv]))).toBe(0);
      for (const [kind, back] of [
        ['bdf', importRecording(bdf)],
        ['csv', importRecording(csv, { rateHz: whole.sampleRateHz })],
      ] as const) {
        expect(back.frameCount).toBe(whole.frameCount);
        expect(back.samples.length).toBe(whole.samples.length);
        expect(back.sampleRateHz).toBe(whole.sampleRateHz);
        for (let c = 0; c < whole.samples.length; c++) {
          const a = whole.samples[c];
          const { lo, hi } = sampleRange(a);
          const worst = worstDifference(a, back.samples[c]);
          // BDF: one 24-bit step of the channel's range (or of the writer's range for a flat channel);
          // CSV: half a unit of its last printed decimal (3 decimals of µV)
          const tol = kind === 'bdf' ? Math.max((hi - lo) / 2 ** 23, 1e-6) : 0.0005 + 1e-9;
          expect(worst, `${kind} channel ${c}`).toBeLessThanOrEqual(tol);
        }
      }
    }, 60_000);
  }
});
