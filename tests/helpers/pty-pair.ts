/**
 * A connected pair of pseudo-terminals made by socat, for testing the real serial path (real
 * serialport bindings, real line discipline) without hardware, as BrainFlow's CI does.
 * Whatever is written to `a` comes out of `b` and back. close() + reopen() with the same paths
 * is an unplug and replug of the band.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyPair {
  /** path of one end (a symlink to /dev/pts/N) */
  a: string;
  /** path of the other end */
  b: string;
  /** kills socat and waits for it to exit: both ends disappear */
  close(): Promise<void>;
  /** starts socat again with the same link paths */
  reopen(): Promise<void>;
}

const READY_TIMEOUT_MS = 5000;
/** every socat still running, killed when the test process exits (a failing test may not close its pair) */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

export async function openPtyPair(): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'myocue-pty-'));
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  let socat: ChildProcess | null = await startSocat(a, b);

  return {
    a,
    b,
    async close() {
      const proc = socat;
      socat = null;
      if (proc) await stopSocat(proc);
    },
    async reopen() {
      if (socat) await stopSocat(socat);
      socat = await startSocat(a, b);
    },
  };
}

function startSocat(a: string, b: string): Promise<ChildProcess> {
  // stale links from a killed socat would make the "ready" check pass too early
  for (const link of [a, b]) rmSync(link, { force: true });
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const p of running) p.kill('SIGKILL');
    });
  }
  return new Promise((resolve, reject) => {
    const proc = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    running.add(proc);
    proc.once('exit', () => running.delete(proc));
    let stderr = '';
    let settled = false;
    const t0 = Date.now();
    const finish = (err: Error | null) => {
      if (settled) return;
      settled = true;
      clearInterval(poll);
      if (err) {
        proc.kill('SIGKILL');
        reject(err);
      } else resolve(proc);
    };
    proc.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    proc.on('error', (err: NodeJS.ErrnoException) => {
      finish(err.code === 'ENOENT' ? new Error('socat not found: apt-get install socat') : err);
    });
    proc.on('exit', (code, signal) => {
      finish(new Error(`socat exited (${signal ?? `code ${code}`}) before the pty pair was ready: ${stderr.trim()}`));
    });
    const poll = setInterval(() => {
      // both links exist and socat has entered its copy loop: the pair is usable
      if (existsSync(a) && existsSync(b) && /starting data transfer loop/.test(stderr)) finish(null);
      else if (Date.now() - t0 > READY_TIMEOUT_MS) {
        finish(new Error(`socat did not create ${a} and ${b} within ${READY_TIMEOUT_MS} ms: ${stderr.trim()}`));
      }
    }, 10);
  });
}

function stopSocat(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => proc.kill('SIGKILL'), 2000);
    proc.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    proc.kill('SIGTERM');
  });
}
