/**
 * Runs the built `myocue` command as a child process, the way a user does (bin/myocue.js → dist/cli.js).
 * Integration and end-to-end tests use it; `npm test` builds before they run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../..');
export const CLI = resolve(REPO_ROOT, 'bin/myocue.js');

export function assertBuilt(): void {
  if (!existsSync(resolve(REPO_ROOT, 'dist/cli.js')) || !existsSync(resolve(REPO_ROOT, 'dist/renderer/index.html'))) {
    throw new Error('dist/ is missing: run `npm run build` before the integration and e2e tests (npm test does).');
  }
}

export interface RunningCli {
  proc: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** resolves with the first stdout line matching the pattern */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): RunningCli {
  assertBuilt();
  const proc = spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    for (const w of [...waiters]) {
      const line = out.split('\n').find((l) => w.pattern.test(l));
      if (line) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  return {
    proc,
    stdout: () => out,
    stderr: () => err,
    waitForLine(pattern, timeoutMs = 20_000) {
      const line = out.split('\n').find((l) => pattern.test(l));
      if (line) return Promise.resolve(line);
      return new Promise((res, rej) => {
        const timer = setTimeout(
          () => rej(new Error(`myocue ${args.join(' ')}: no line matching ${pattern} within ${timeoutMs} ms.\nstdout: ${out}\nstderr: ${err}`)),
          timeoutMs,
        );
        const w = {
          pattern,
          resolve: (l: string) => {
            clearTimeout(timer);
            res(l);
          },
        };
        waiters.push(w);
        exited.then(() => {
          clearTimeout(timer);
          rej(new Error(`myocue ${args.join(' ')} exited before printing ${pattern}.\nstdout: ${out}\nstderr: ${err}`));
        });
      });
    },
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
      const code = await exited;
      clearTimeout(t);
      return code;
    },
  };
}

/** Runs a command to completion and returns its exit code and output. */
export function runCli(args: string[], timeoutMs = 60_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const c = startCli(args);
  const timer = setTimeout(() => c.proc.kill('SIGKILL'), timeoutMs);
  return new Promise((r) =>
    c.proc.on('exit', (code) => {
      clearTimeout(timer);
      // let the pipes drain
      setTimeout(() => r({ code, stdout: c.stdout(), stderr: c.stderr() }), 20);
    }),
  );
}

/** Starts `myocue serve` on a free port and returns the dashboard URL. */
export async function startServe(args: string[]): Promise<RunningCli & { url: string; dataDir: string }> {
  // each serve records into its own temporary data folder, never into the user's ~/.myocue
  const dataDir = args.includes('--data-dir') ? args[args.indexOf('--data-dir') + 1] : mkdtempSync(join(tmpdir(), 'myocue-serve-'));
  const c = startCli(['serve', '--port', '0', ...(args.includes('--data-dir') ? [] : ['--data-dir', dataDir]), ...args]);
  const url = (await c.waitForLine(/^http:\/\/\S+\/\S*$/)).trim();
  return Object.assign(c, { url, dataDir });
}
