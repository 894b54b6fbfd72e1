#!/usr/bin/env node
// Entry of the `myocue` command: runs the bundled CLI (built by `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write('myocue: the app is not built yet: run `npm run build` (or `npm start`).\n');
  process.exit(2);
}
await import(pathToFileURL(cli).href);
