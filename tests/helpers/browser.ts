/**
 * Debian Chromium driven by playwright-core (no bundled browser download): launch it (once, or for
 * a whole test file with useChromium), and where screenshots go.
 */
import { chromium, type Browser } from 'playwright-core';
import { beforeAll } from 'vitest';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useFileCleanups, type Cleanups } from './test-cleanups';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(`chromium not found: apt-get install chromium (looked for ${executablePath}; set CHROMIUM_PATH to use another binary)`);
  }
  return chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}

/**
 * Chromium for the whole file (or the describe it is called in): launched before its first test,
 * closed after its last. Returns the browser (ask for it in a hook or a test). Pass the file's
 * `cleanups` (useFileCleanups) to close it in turn with the other things the file made; without
 * one it gets its own afterAll, which (vitest runs afterAll hooks last registered first) closes it
 * before the things set up by hooks registered above it, such as a useFileTempDir folder.
 */
export function useChromium(cleanups: Cleanups = useFileCleanups()): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    const launched = await launchChromium();
    browser = launched;
    cleanups.push(() => launched.close());
  });
  return () => {
    if (!browser) throw new Error('useChromium: the browser is launched in beforeAll; ask for it in a hook or a test');
    return browser;
  };
}

/** REPO_ROOT/test-output/screenshots, created if missing */
export function screenshotDir(): string {
  const dir = resolve(REPO_ROOT, 'test-output/screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** what the renderer's chart scheduler exposes for benchmarks (renderer/src/charts/draw-scheduler.ts) */
declare global {
  interface Window {
    /** ms spent drawing the live charts per animation frame, last 2000 */
    __myocueFrameTimes?: number[];
    /** animation frames in which live charts were drawn */
    __myocueFramesDrawn?: number;
  }
}

/** p-th percentile (0..100) of the numbers, NaN when empty */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}
