/**
 * Files from outside (issue 9.13): peak memory and time of the built CLI on
 *  - `export` of a 2 GB BDF (8 ch × 2000 Hz, 24 bit, 11.6 h) to EDF+: streamed record by record
 *    (target: under 400 MB peak; before: the file was loaded whole, > 2.5 GB);
 *  - `analyze` of a 10 MB file of one line: refused for its line length (before: 12-31 s and
 *    2.4 GB to say "cannot infer the sample rate").
 * Peak memory = VmHWM of the child process (as analysis-bench.ts measures it).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHeader, type EdfSignalHeader } from '../src/recording/edf-header';
import { packageRoot } from '../src/util/package-paths';

export interface FilesBenchResult {
  exportWorkload: string;
  exportSeconds: number;
  exportPeakRssMb: number;
  oneLineSeconds: number;
  oneLinePeakRssMb: number;
  oneLineMessage: string;
}

/** A plain BDF of about `bytes` bytes: 8 channels at 2000 Hz in 1 s records, a repeated pattern. */
function writeBigBdf(path: string, bytes: number): { records: number } {
  const ns = 8;
  const rate = 2000;
  const recordBytes = ns * rate * 3;
  const records = Math.floor(bytes / recordBytes);
  const sig = (i: number): EdfSignalHeader => ({ label: `ch${i + 1}`, transducer: '', physicalDimension: 'uV', physicalMin: -187500, physicalMax: 187500, digitalMin: -8388608, digitalMax: 8388607, prefiltering: 'none', samplesPerRecord: rate, reserved: '' });
  const header = buildHeader({ variant: 'bdf', plus: null, patientId: 'X X X X', recordingId: 'Startdate 01-JAN-2026 X X X', startDate: '01.01.26', startTime: '00.00.00', reserved: '24BIT', recordCount: records, recordDurationS: 1, signals: Array.from({ length: ns }, (_, i) => sig(i)) });
  const block = Buffer.alloc(recordBytes * 16);
  for (let i = 0; i + 2 < block.length; i += 3) {
    const v = Math.round(Math.sin(i / 300) * 40000 + (i % 97) * 50);
    block[i] = v & 255;
    block[i + 1] = (v >> 8) & 255;
    block[i + 2] = (v >> 16) & 255;
  }
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, header);
    for (let r = 0; r < records; r += 16) writeSync(fd, block, 0, Math.min(16, records - r) * recordBytes);
  } finally {
    closeSync(fd);
  }
  return { records };
}

function runCli(hook: string, args: string[]): { seconds: number; peakMb: number; code: number | null; stderr: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['-r', hook, join(packageRoot(), 'bin', 'myocue.js'), ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const seconds = (performance.now() - t0) / 1000;
  const m = /MAXRSS (\d+)/.exec(r.stderr);
  return { seconds, peakMb: m ? Number(m[1]) / 1024 : NaN, code: r.status, stderr: r.stderr.replace(/MAXRSS \d+\n?/, '').trim() };
}

export async function benchFiles(gigabytes = 2): Promise<FilesBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'myocue-files-bench-'));
  try {
    const hook = join(dir, 'rss-hook.cjs');
    writeFileSync(
      hook,
      "process.on('exit', () => { const m = /VmHWM:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8')); " +
        "process.stderr.write('MAXRSS ' + (m ? m[1] : process.resourceUsage().maxRSS) + '\\n'); });\n",
    );
    const big = join(dir, 'big.bdf');
    const { records } = writeBigBdf(big, gigabytes * 1e9);
    const out = join(dir, 'out.edf');
    const ex = runCli(hook, ['export', big, '--to', 'edf', '--out', out]);
    if (ex.code !== 0) throw new Error(`export exited ${ex.code}: ${ex.stderr}`);
    const size = statSync(big).size;
    rmSync(out, { force: true });
    rmSync(big, { force: true });
    const line = join(dir, 'one-line.csv');
    writeFileSync(line, '1,'.repeat(5 * 1024 * 1024));
    const ol = runCli(hook, ['analyze', line]);
    return {
      exportWorkload: `myocue export --to edf of a ${(size / 1e9).toFixed(2)} GB BDF (8 ch × 2000 Hz, ${(records / 3600).toFixed(1)} h)`,
      exportSeconds: ex.seconds,
      exportPeakRssMb: ex.peakMb,
      oneLineSeconds: ol.seconds,
      oneLinePeakRssMb: ol.peakMb,
      oneLineMessage: ol.stderr,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
