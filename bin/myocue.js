#!/usr/bin/env node
// Entry of the `myocue` command: runs the bundled CLI (built by `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const cli = join(dist, 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write('myocue: the app is not built yet: run `npm run build` (or `npm start`).\n');
  process.exit(2);
}
// The commands that analyse a recording split its channels with a worker thread. Start it now, so
// its ~150 ms boot overlaps the loading of the bundle below instead of the analysis; the bundle
// takes it over from this slot (src/analysis/worker-prestart.ts). Unreferenced: it never keeps
// the process alive, and a worker nobody takes (bad arguments, --help, a text file) just ends.
const analysisWorker = join(dist, 'analysis-worker.js');
if ((process.argv[2] === 'analyze' || process.argv[2] === 'report') && existsSync(analysisWorker)) {
  const { Worker } = await import('node:worker_threads');
  // (trackUnmanagedFds: false, as ANALYSIS_WORKER_OPTIONS: the spill file the worker writes outlives it)
  const slot = { worker: new Worker(analysisWorker, { trackUnmanagedFds: false }), file: analysisWorker, exited: false };
  slot.worker.unref();
  // (a worker that fails to load is not used: the analysis starts its own or runs alone)
  slot.worker.on('error', () => {});
  slot.worker.once('exit', () => (slot.exited = true));
  globalThis[Symbol.for('myocue.prestartedAnalysisWorker')] = slot;
}
await import(pathToFileURL(cli).href);
