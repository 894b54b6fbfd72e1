/** Keeps N cores busy with spinning child processes, to measure latency on a loaded machine. */
import { spawn, type ChildProcess } from 'node:child_process';

export function busyCores(n: number): { stop(): void } {
  const procs: ChildProcess[] = [];
  for (let i = 0; i < n; i++) {
    procs.push(spawn(process.execPath, ['-e', 'let x = 0; for (;;) { x = (x * 1103515245 + 12345) % 2147483648; }'], { stdio: 'ignore' }));
  }
  return { stop: () => procs.forEach((p) => p.kill('SIGKILL')) };
}
