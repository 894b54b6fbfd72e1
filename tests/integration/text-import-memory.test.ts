/**
 * Issue 9.13 for imports: replaying a large text import is bounded in memory. A generated CSV
 * (2 channels at 2 kHz with a time column, ~60 MB: 21 minutes) is opened for replay the host's
 * way (converted once, streamed, into a BDF+ in <data>/imports/converted, then played record by
 * record) and the old way (the CSV imported whole), each in a child process that plays it to the
 * end and reports its peak RSS. The host's way must not grow with the file: it runs in a 32 MB JS
 * heap, its growth at 60 MB is within a small margin of its growth at 15 MB, and far below the
 * whole import's. Memory, not time,
 * is asserted (no timing assertions).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useFileTempDir } from '../helpers/test-cleanups';
import { execFileSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import { REPO_ROOT } from '../helpers/cli-process';

const dir = useFileTempDir('myocue-textmem-');
let probe = '';
beforeAll(() => {
  probe = path.join(dir(), 'probe.mjs');
  buildSync({
    entryPoints: [path.join(REPO_ROOT, 'tests/helpers/replay-memory-probe.ts')],
    outfile: probe,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    absWorkingDir: REPO_ROOT,
    logLevel: 'error',
  });
  // the bundle imports packages by name: resolve them from the repository
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir(), 'node_modules'));
});

/** A CSV of `mb` MB: time_s, two channels in µV (band-limited-looking noise), 2000 Hz. */
function writeCsv(file: string, mb: number): number {
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, 'time_s,Glute (uV),Hamstring (uV)\n');
  let bytes = 0;
  let k = 0;
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff - 0.5) * 200;
  while (bytes < mb * 1024 * 1024) {
    const lines: string[] = [];
    for (let i = 0; i < 20000; i++, k++) lines.push(`${(k / 2000).toFixed(4)},${rnd().toFixed(3)},${rnd().toFixed(3)}`);
    const chunk = lines.join('\n') + '\n';
    fs.writeSync(fd, chunk);
    bytes += Buffer.byteLength(chunk);
  }
  fs.closeSync(fd);
  return k;
}

interface ProbeResult {
  mode: string;
  frames: number;
  growthMb: number;
}

function run(mode: 'host' | 'whole', file: string, dataDir: string): ProbeResult {
  // the host's way runs with a small JS heap: memory it kept per row would end it (out of memory)
  const heap = mode === 'host' ? ['--max-old-space-size=32', '--max-semi-space-size=2'] : [];
  const out = execFileSync(process.execPath, ['--expose-gc', ...heap, probe, mode, file, dataDir], { cwd: dir(), encoding: 'utf8', timeout: 240_000, maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop()!) as ProbeResult;
}

describe('replaying a large text import is bounded in memory', () => {
  it('a 60 MB CSV replays with the peak RSS growth of a 15 MB one (converted to BDF+ as a stream); read whole it grows with the file', () => {
    const small = path.join(dir(), 'small.csv');
    const big = path.join(dir(), 'big.csv');
    const smallRows = writeCsv(small, 15);
    const bigRows = writeCsv(big, 60);
    const data = path.join(dir(), 'data');
    const hostSmall = run('host', small, data);
    const hostBig = run('host', big, data);
    const wholeBig = run('whole', big, data);
    console.log(
      `replay of a text import, peak RSS growth: 60 MB CSV (${bigRows} rows) read whole ${wholeBig.growthMb.toFixed(0)} MB → converted as a stream ${hostBig.growthMb.toFixed(0)} MB ` +
        `(15 MB CSV: ${hostSmall.growthMb.toFixed(0)} MB)`,
    );
    // every sample played, both ways
    expect(hostSmall.frames).toBe(smallRows);
    expect(hostBig.frames).toBe(bigRows);
    expect(wholeBig.frames).toBe(bigRows);
    // the host's way does not grow with the file (4× the rows, within 16 MB) …
    expect(hostBig.growthMb - hostSmall.growthMb).toBeLessThan(16);
    // … and stays well under the file's size, where reading it whole took several times more
    expect(hostBig.growthMb).toBeLessThan(48);
    expect(wholeBig.growthMb).toBeGreaterThan(2 * hostBig.growthMb);
    // the conversion is kept in the data folder's imports
    expect(fs.readdirSync(path.join(data, 'imports', 'converted')).filter((f) => f.endsWith('.bdf')).length).toBe(2);
  }, 600_000);
});
