/**
 * `npm run bench` refuses what it does not know before any section runs: a mistyped section or
 * option used to run the whole bench (or, for `--only rendr`, no section at all) without a word.
 * Runs the built bench (dist/bench/bench.js) as `npm run bench` does, with no section started.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO_ROOT } from '../helpers/cli-process';

const BENCH = resolve(REPO_ROOT, 'dist/bench/bench.js');

function bench(args: string[]) {
  if (!existsSync(BENCH)) throw new Error('dist/bench/bench.js is missing: run `npm run build` first (npm test does)');
  // a section that did start would take minutes: the 20 s timeout fails the test instead
  const r = spawnSync(process.execPath, [BENCH, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('bench command line', () => {
  it('--help prints the options and the section names, and runs nothing', () => {
    const r = bench(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/--only a,b +run just these sections: dsp, latency, render, session2h, analysis, sessions, files/);
    expect(r.stdout).not.toMatch(/DSP chain/);
  });

  it.each([
    [['--only', 'rendr'], /--only: no section "rendr"/],
    [['--only=dsp,sesions'], /--only: no section "sesions"/],
    [['--jsn'], /unknown option "--jsn"/],
    [['--json-out'], /--json-out needs a value/],
    [['--render-rounds', 'two'], /--render-rounds needs a number ≥ 1, not "two"/],
    [['--only', 'analysis', '--analysis-baseline'], /--analysis-baseline needs a value/],
    [['--session-hours', '0'], /--session-hours needs hours from 0.1 to 24, not "0"/],
  ])('refuses %j with a message and exit 2', (args, message) => {
    const r = bench(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/^npm run bench \[-- options\]/m);
    expect(r.stdout).toBe('');
  });
});
