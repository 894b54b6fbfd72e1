/**
 * Files from outside through the built CLI (issue 9.12-9.15): a FIFO, a folder or a device is
 * refused at once; a 10 MB file of one line is refused for its line length; a CSV cut mid-row is
 * analysed with a warning that says so; a damaged BDF header gets a plain message, exit 1.
 * (Each run is bounded by runCli's timeout: before the fix, `analyze` on a FIFO never returned.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useFileTempDir } from '../helpers/test-cleanups';
import { assertBuilt, runCli } from '../helpers/cli-process';
import { BdfPlusWriter } from '../../src/recording/bdf-writer';

const dir = useFileTempDir('myocue-input-');
beforeAll(() => {
  assertBuilt();
});

/** one line on stderr, no stack trace, no raw Node error text */
function plain(stderr: string): void {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/at .*\.js:\d+|ERR_[A-Z_]+|The value of/);
}

describe('not a regular file', () => {
  it('analyze and export refuse a FIFO with no writer at once', async () => {
    const fifo = path.join(dir(), 'f.csv');
    execFileSync('mkfifo', [fifo]);
    for (const args of [['analyze', fifo], ['export', fifo, '--to', 'csv', '--out', path.join(dir(), 'o.csv')]]) {
      const r = await runCli(args, 20_000);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/f\.csv: is a FIFO \(named pipe\), not a recording file/);
      plain(r.stderr);
    }
  });

  it('a folder and a character device', async () => {
    for (const p of [dir(), '/dev/zero']) {
      const r = await runCli(['analyze', p], 20_000);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/is (a folder|a character device), not a recording file/);
      plain(r.stderr);
    }
  });
});

describe('bounded and honest reading', () => {
  it('a 10 MB file of one line is refused for its line length', async () => {
    const p = path.join(dir(), 'line.csv');
    fs.writeFileSync(p, '7,'.repeat(5 * 1024 * 1024));
    const r = await runCli(['analyze', p, '--rate', '1000'], 30_000);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line\.csv: line 1 is longer than 256 kB/);
    plain(r.stderr);
  });

  it('a CSV cut mid-row is analysed with a warning that it may be truncated', async () => {
    const p = path.join(dir(), 'cut.csv');
    const rows = ['time_s,biceps (uV)'];
    for (let i = 0; i < 3000; i++) rows.push(`${(i / 1000).toFixed(3)},${(Math.sin(i / 3) * 20).toFixed(2)}`);
    fs.writeFileSync(p, rows.join('\n').slice(0, -2)); // the last value loses its last digits
    const r = await runCli(['analyze', p], 30_000);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/warning: the file ends mid-row \(no line break after line 3001\): it may be truncated/);
    const j = await runCli(['analyze', p, '--json'], 30_000);
    expect(JSON.parse(j.stdout).warnings.join('\n')).toMatch(/ends mid-row/);
  });

  it('a BDF whose record lasts 1e300 s: a plain message, exit 1', async () => {
    const p = path.join(dir(), 'dur.bdf');
    const w = BdfPlusWriter.open(p, { channels: [{ label: 'a' }], sampleRateHz: 1000, startTime: new Date(2024, 0, 1) });
    w.writeSamples(new Float64Array(3000).map((_, i) => Math.sin(i)), 3000);
    w.close();
    const b = fs.readFileSync(p);
    b.write('1e300   ', 244, 8, 'latin1');
    fs.writeFileSync(p, b);
    for (const args of [['analyze', p], ['export', p, '--to', 'csv', '--out', path.join(dir(), 'dur.csv')]]) {
      const r = await runCli(args, 30_000);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/dur\.bdf: corrupt header: a data record lasts 1e\+300 s/);
      plain(r.stderr);
    }
  });
});
