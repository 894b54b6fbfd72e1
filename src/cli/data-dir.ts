/**
 * `--data-dir DIR`: checked before the host starts, so an unusable folder (a file, a read-only or
 * pseudo file system, no permission) fails at once with a message, instead of a host that runs
 * and cannot save anything, or spins: Node's `mkdirSync(…, { recursive: true })` loops forever on
 * some paths (e.g. under /proc, where mkdir answers ENOENT for a parent that exists), so the
 * folders are made one level at a time here.
 */
import { accessSync, constants, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describeFsError } from '../recording/fs-errors';
import { UsageError } from './cli-args';

/** creates DIR (and missing parents) and proves it writable (a probe file written and removed) */
export function prepareDataDir(dir: string): void {
  const abs = resolve(dir);
  const fail = (reason: string) => {
    throw new UsageError(`--data-dir ${dir}: ${reason}. Sessions, MVCs and exercises are kept there: pass a folder you can write to.`);
  };
  // the missing folders, outermost first
  const missing: string[] = [];
  let p = abs;
  while (!existsSync(p)) {
    missing.unshift(p);
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  if (existsSync(p) && !statSync(p).isDirectory()) fail(p === abs ? 'this is a file, not a folder' : `${p} is a file, not a folder`);
  try {
    for (const m of missing) mkdirSync(m);
    accessSync(abs, constants.W_OK);
    const probe = join(abs, `.myocue-write-test-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (err) {
    fail(describeFsError(err, 'use', abs).message.replace(/^Cannot use \S+: /, 'cannot be created or written: ').replace(/\.$/, ''));
  }
}
