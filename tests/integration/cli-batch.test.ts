/**
 * The batch command line as a user runs it (bin/myocue.js → dist/cli.js, real files):
 * record from the simulated band, export to CSV/EDF/BDF and import back, analyze to JSON, and
 * bad input (garbage, truncated, foreign files, wrong options) → one line on stderr, exit ≠ 0.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useFileTempDir } from '../helpers/test-cleanups';
import { assertBuilt, runCli } from '../helpers/cli-process';
import { openEdfRecording, readAllChannels } from '../../src/recording/bdf-reader';
import { importRecording } from '../../src/formats/detect-format';

const dir = useFileTempDir('myocue-cli-');
let recorded: string;
beforeAll(async () => {
  assertBuilt();
  recorded = path.join(dir(), 'sim.bdf');
  // 4 reps of 1.5 s after 1 s of rest, 2 channels at 1000 Hz, internal focus
  const r = await runCli(['record', '--device', 'sim', '--out', recorded, '--duration', '9', '--channels', '2', '--rate', '1000', '--reps', '4', '--rep-seconds', '1.5', '--focus', 'internal', '--seed', '5']);
  expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack traces
  expect(r.code, r.stderr).toBe(0);
}, 60_000);

describe('myocue record', () => {
  it('writes a BDF+ file of exactly the asked duration', () => {
    const info = openEdfRecording(recorded);
    expect(info.recovered).toBe(false);
    expect(info.sampleRateHz).toBe(1000);
    expect(info.channelCount).toBe(2);
    expect(info.durationS).toBeCloseTo(9, 5);
  });

  it('refuses to overwrite an existing file without --force', async () => {
    const before = fs.statSync(recorded).mtimeMs;
    const r = await runCli(['record', '--device', 'sim', '--out', recorded, '--duration', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('already exists');
    expect(fs.statSync(recorded).mtimeMs).toBe(before);
  });

  it('says clearly when a serial device does not exist', async () => {
    const r = await runCli(['record', '--device', '/dev/ttyNOPE9', '--out', path.join(dir(), 'x.bdf'), '--duration', '1'], 30_000);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ttyNOPE9/);
  });
});

describe('myocue export', () => {
  it('exports BDF and CSV that import back to the same samples, never touching the input', async () => {
    const inputBefore = fs.readFileSync(recorded);
    const bdf = path.join(dir(), 'copy.bdf');
    const csv = path.join(dir(), 'copy.csv');
    let r = await runCli(['export', recorded, '--to', 'bdf', '--out', bdf]);
    expect(r.code, r.stderr).toBe(0);
    r = await runCli(['export', recorded, '--to', 'csv', '--out', csv, '--envelope']);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readFileSync(recorded).equals(inputBefore)).toBe(true);

    const original = readAllChannels(openEdfRecording(recorded));
    const fromBdf = importRecording(bdf);
    const fromCsv = importRecording(csv, { format: 'csv', columns: [1, 2] });
    expect(fromBdf.frameCount).toBe(original[0].length);
    expect(fromCsv.frameCount).toBe(original[0].length);
    let maxBdf = 0;
    let maxCsv = 0;
    let peak = 0;
    for (let c = 0; c < 2; c++) {
      for (let i = 0; i < original[c].length; i++) {
        peak = Math.max(peak, Math.abs(original[c][i]));
        maxBdf = Math.max(maxBdf, Math.abs(fromBdf.samples[c][i] - original[c][i]));
        maxCsv = Math.max(maxCsv, Math.abs(fromCsv.samples[c][i] - original[c][i]));
      }
    }
    // BDF export re-scales to a fitted physical range: within one 24-bit step of that range
    expect(maxBdf).toBeLessThan((2 * peak) / 2 ** 23 + 1e-9);
    // CSV keeps 3 decimals of µV
    expect(maxCsv).toBeLessThanOrEqual(0.0005 + 1e-9);
    const header = fs.readFileSync(csv, 'utf8').split('\n')[0];
    expect(header).toMatch(/time_s/);
    expect(header).toMatch(/envelope/);
    expect(header).toMatch(/uV/);
  });

  it('never overwrites without --force, and replaces only with a complete file with --force', async () => {
    const out = path.join(dir(), 'exists.edf');
    fs.writeFileSync(out, 'keep me');
    let r = await runCli(['export', recorded, '--to', 'edf', '--out', out]);
    expect(r.code).toBe(2);
    expect(fs.readFileSync(out, 'utf8')).toBe('keep me');
    r = await runCli(['export', recorded, '--to', 'edf', '--out', out, '--force']);
    expect(r.code, r.stderr).toBe(0);
    expect(openEdfRecording(out).durationS).toBeCloseTo(9, 5);
    r = await runCli(['export', recorded, '--to', 'bdf', '--out', recorded, '--force']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/input/);
  });

  it('reports garbage, truncated and foreign files in one line naming the file', async () => {
    const garbage = path.join(dir(), 'garbage.csv');
    fs.writeFileSync(garbage, Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)));
    const truncated = path.join(dir(), 'truncated.bdf');
    fs.writeFileSync(truncated, fs.readFileSync(recorded).subarray(0, 100));
    const foreign = path.join(dir(), 'song.mp3');
    fs.writeFileSync(foreign, Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x00', 'latin1'));
    for (const f of [garbage, truncated, foreign]) {
      const r = await runCli(['export', f, '--to', 'csv', '--out', path.join(dir(), 'never.csv')]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(path.basename(f));
      expect(fs.existsSync(path.join(dir(), 'never.csv'))).toBe(false);
    }
  });

  it('rejects wrong options with exit status 2', async () => {
    for (const args of [
      ['export', recorded, '--to', 'xls', '--out', path.join(dir(), 'a.xls')],
      ['export', recorded, '--out', path.join(dir(), 'a.csv')],
      ['export', recorded, '--to', 'csv', '--out', path.join(dir(), 'a.csv'), '--mains', '55'],
      ['export', recorded, '--to', 'csv', '--out', path.join(dir(), 'a.csv'), '--bogus'],
    ]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
