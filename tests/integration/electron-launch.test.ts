/**
 * The real Electron app, launched through Playwright, where the Electron binary runs. It does not
 * on machines where `npm install` could not download it (offline CI: "Electron failed to install
 * correctly") or without a display; there the test is skipped with the reason in its title and on
 * the console, and the shell is covered by the unit tests and `node scripts/electronegativity.mjs`.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { useFileTempDir } from '../helpers/test-cleanups';
import { _electron, type ElectronApplication } from 'playwright-core';
import type { BridgeApi, HostStatus } from '../../src/host/contract';
import { LIVE_FRAME_HEADER_BYTES, LIVE_FRAME_MAGIC } from '../../src/host/live-frame-codec';

const REPO_ROOT = resolve(__dirname, '../..');
const MAIN = resolve(REPO_ROOT, 'dist/electron/main.cjs');

/** Where the binary is and whether it runs; otherwise why not. */
function probeElectron(): { path: string } | { why: string } {
  // the same lookup as node_modules/electron/index.js, without its side effect: requiring
  // 'electron' starts a download when the binary is missing, which a test must not do
  let binary: string;
  try {
    const pkgDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathFile = join(pkgDir, 'path.txt');
    const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
    const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : override ? 'electron' : '';
    if (!name) return { why: 'the Electron binary was never downloaded: node_modules/electron/path.txt is missing; `npx install-electron --no` needs the network' };
    binary = join(override ?? join(pkgDir, 'dist'), name);
  } catch (err) {
    return { why: (err as Error).message.split('\n')[0] };
  }
  if (!existsSync(binary)) return { why: `${binary} does not exist` };
  const run = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (run.error || run.status !== 0) {
    const msg = run.error?.message ?? (run.stderr || `exit ${run.status}`).trim().split('\n')[0];
    return { why: `${binary} --version failed: ${msg}` };
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { why: 'no display (DISPLAY / WAYLAND_DISPLAY unset; run under xvfb-run)' };
  }
  return { path: binary };
}

const probe = probeElectron();
const electronRuns = 'path' in probe;
const reason = 'why' in probe ? probe.why : '';
if (!electronRuns) console.log(`electron-launch: skipped: Electron binary not runnable here (${reason})`);

const title = electronRuns ? 'the Electron app' : `skipped: Electron binary not runnable here (${reason})`;

describe(title, () => {
  let app: ElectronApplication | null = null;
  const dataDir = useFileTempDir('myocue-electron-');

  afterAll(async () => {
    await app?.close();
  });

  it.skipIf(!electronRuns)('opens a sandboxed window with window.myocue and live status from the simulated band', async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm test does)`);
    const args = [MAIN, '--data-dir', dataDir()];
    // Chromium refuses to start as root without this (CI containers); the app itself never sets it
    if (process.getuid?.() === 0) args.unshift('--no-sandbox');
    app = await _electron.launch({ executablePath: (probe as { path: string }).path, args, cwd: REPO_ROOT, timeout: 60_000 });

    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    expect(page.url()).toMatch(/^app:\/\/myocue\//);

    const globals = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      return {
        myocue: typeof w.myocue,
        keys: w.myocue ? Object.keys(w.myocue as object).sort() : [],
        require: typeof w.require,
        process: typeof w.process,
        module: typeof w.module,
      };
    });
    expect(globals).toEqual({ myocue: 'object', keys: ['invoke', 'subscribe'], require: 'undefined', process: 'undefined', module: 'undefined' });

    const status = await page.evaluate(
      () =>
        new Promise<HostStatus>((resolveStatus, reject) => {
          const api = (window as unknown as { myocue: BridgeApi }).myocue;
          const timer = setTimeout(() => reject(new Error('no status within 20 s')), 20_000);
          const off = api.subscribe('status', (s) => {
            if (s.device.state !== 'streaming') return;
            clearTimeout(timer);
            off();
            resolveStatus(s);
          });
        }),
    );
    expect(status.device.state).toBe('streaming');
    expect(status.device.spec).toEqual({ kind: 'sim' });

    // live frames come over IPC in their binary encoding (ipc-bridge.ts), one Uint8Array each
    const frameBytes = await page.evaluate(
      () =>
        new Promise<{ isBytes: boolean; length: number; magic: number }>((resolveFrame, reject) => {
          const api = (window as unknown as { myocue: BridgeApi }).myocue;
          const timer = setTimeout(() => reject(new Error('no live frame within 20 s')), 20_000);
          const off = api.subscribe('frame', (bytes) => {
            clearTimeout(timer);
            off();
            const isBytes = bytes instanceof Uint8Array;
            resolveFrame({ isBytes, length: isBytes ? bytes.byteLength : -1, magic: isBytes && bytes.byteLength >= 4 ? new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true) : -1 });
          });
        }),
    );
    expect(frameBytes.isBytes).toBe(true);
    expect(frameBytes.length).toBeGreaterThan(LIVE_FRAME_HEADER_BYTES);
    expect(frameBytes.magic).toBe(LIVE_FRAME_MAGIC);

    // the main process validates what the page sends
    const error = await page.evaluate(() =>
      (window as unknown as { myocue: BridgeApi }).myocue.invoke('connect', { kind: 'serial', path: '' }).then(
        () => 'accepted',
        (e: Error) => e.message,
      ),
    );
    expect(error).toBe('connect: path must be a non-empty string');
  });
});
