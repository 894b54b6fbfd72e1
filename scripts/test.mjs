// `npm test`: typecheck → lint → build → static check of the Electron shell → unit → integration → e2e.
// Stops at the first failing stage and exits non-zero; prints a one-line summary at the end.
import { spawnSync } from 'node:child_process';

const stages = [
  ['typecheck (core, electron, bench)', 'npx', ['tsc', '-p', 'tsconfig.json']],
  ['typecheck (renderer)', 'npx', ['tsc', '-p', 'renderer/tsconfig.json']],
  ['typecheck (tests)', 'npx', ['tsc', '-p', 'tests/tsconfig.json']],
  ['lint (ESLint: recommended rules + the layer rule, eslint.config.js)', 'npm', ['run', '-s', 'lint']],
  ['build', 'node', ['scripts/build.mjs', '--quiet']],
  ['static check of the Electron shell (electronegativity)', 'node', ['scripts/electronegativity.mjs']],
  ['unit tests', 'npx', ['vitest', 'run', '--project', 'unit']],
  ['integration tests (pty pairs, files, worker threads)', 'npx', ['vitest', 'run', '--project', 'integration']],
  ['end-to-end tests (Chromium)', 'npx', ['vitest', 'run', '--project', 'e2e']],
];

const t0 = Date.now();
for (const [name, cmd, args] of stages) {
  process.stdout.write(`\n=== ${name}: ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    process.stdout.write(`\nnpm test: stage "${name}" failed (exit ${r.status ?? r.signal}).\n`);
    process.exit(1);
  }
}
process.stdout.write(`\nnpm test: all ${stages.length} stages passed in ${((Date.now() - t0) / 1000).toFixed(0)} s.\n`);
