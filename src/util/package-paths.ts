/**
 * Finds files of this package at run time, whether the code runs bundled from dist/ (the CLI,
 * Electron) or from the TypeScript sources (vitest).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | null = null;

/** The folder holding this package's package.json (named "myocue"). */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src', 'host'))) {
      cachedRoot = dir;
      return dir;
    }
    const up = resolve(dir, '..');
    if (up === dir) throw new Error('myocue: cannot find the package root (package.json next to src/) above ' + dir);
    dir = up;
  }
}

/** A file produced by `npm run build` under dist/, with a clear message when the build is missing. */
export function resolveDistFile(name: string): string {
  const file = join(packageRoot(), 'dist', name);
  if (!existsSync(file)) throw new Error(`myocue: ${file} is missing: run \`npm run build\` first`);
  return file;
}
