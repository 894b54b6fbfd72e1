/**
 * The exporters run straight through (the CLI) or giving the event loop a turn between blocks
 * (the host, export-steps.ts): both ways write the same bytes, and the yielding run lets other
 * work (the band's serial lines, the page's messages) run while it exports.
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useFileTempDir } from '../helpers/test-cleanups';
import { exportEdf, exportEdfYielding } from '../../src/formats/export-edf';
import { exportCsv, exportCsvYielding } from '../../src/formats/export-csv';
import { runSteps, runStepsYielding } from '../../src/formats/export-steps';

const dir = useFileTempDir('myocue-export-steps-');

const rec = {
  sampleRateHz: 1000,
  channelLabels: ['a', 'b'],
  samples: [0, 1].map((c) => Float64Array.from({ length: 20_000 }, (_, i) => Math.sin(i / (7 + c)) * 250)),
  annotations: [{ onsetS: 3, durationS: null, text: 'Set 1 start' }],
  startTime: new Date(Date.UTC(2026, 0, 1)),
};

function* counting(n: number) {
  for (let i = 0; i < n; i++) yield;
  return n;
}

describe('export steps', () => {
  it('the yielding run writes the same bytes as the straight one (BDF+ and CSV)', async () => {
    exportEdf(path.join(dir(), 'a.bdf'), rec, { format: 'bdf' });
    await exportEdfYielding(path.join(dir(), 'b.bdf'), rec, { format: 'bdf' });
    expect(fs.readFileSync(path.join(dir(), 'a.bdf')).equals(fs.readFileSync(path.join(dir(), 'b.bdf')))).toBe(true);
    exportCsv(path.join(dir(), 'a.csv'), rec);
    await exportCsvYielding(path.join(dir(), 'b.csv'), rec);
    expect(fs.readFileSync(path.join(dir(), 'a.csv'), 'utf8')).toBe(fs.readFileSync(path.join(dir(), 'b.csv'), 'utf8'));
  });

  it('runStepsYielding gives the event loop turns (other callbacks run before it ends); runSteps does not', async () => {
    let turns = 0;
    const tick = () => {
      turns++;
      if (!done) setImmediate(tick);
    };
    let done = false;
    setImmediate(tick);
    // a slice of 0 ms: a turn after every step
    const result = await runStepsYielding(counting(50), 0);
    done = true;
    expect(result).toBe(50);
    expect(turns).toBeGreaterThanOrEqual(25);
    turns = 0;
    done = false;
    setImmediate(tick);
    expect(runSteps(counting(50))).toBe(50);
    expect(turns).toBe(0);
    done = true;
  });
});

describe('runExport: the one runner of the CSV and EDF/BDF exporters', () => {
  /** a source whose blocks fail after the first one (a file that turns unreadable mid-export) */
  const failing = {
    sampleRateHz: 1000,
    channelLabels: ['a'],
    units: ['uV'],
    frameCount: 20_000,
    segments: [{ firstFrame: 0, frames: 20_000, onsetS: 0 }],
    annotations: [],
    startTime: new Date(Date.UTC(2026, 0, 1)),
    *blocks(n: number) {
      yield { firstFrame: 0, frames: n, block: new Float64Array(n) };
      throw Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
    },
  };

  it('a failure mid-export leaves neither the file nor its temporary file, and says so (CSV, EDF, BDF)', () => {
    for (const ext of ['csv', 'edf', 'bdf'] as const) {
      const out = path.join(dir(), `failing.${ext}`);
      const run = () => (ext === 'csv' ? exportCsv(out, failing) : exportEdf(out, failing, { format: ext, ranges: [{ min: -1, max: 1 }] }));
      expect(run).toThrow(ext === 'csv' ? /Cannot export to .*failing\.csv: .*\(EIO\)\. No file was written\./ : /EIO/);
      expect(fs.readdirSync(dir()).filter((f) => f.includes('failing'))).toEqual([]);
    }
  });

  it('an unwritable place: the CSV says where, before anything is written', () => {
    const out = path.join(dir(), 'no-such-folder', 'x.csv');
    expect(() => exportCsv(out, rec)).toThrow(/^Cannot export to .*x\.csv: .*\(ENOENT\)\.$/);
  });
});
