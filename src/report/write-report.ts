/** Writes a report file atomically (temp file + rename), with a plain message when it cannot. */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { describeFsError } from '../recording/fs-errors';

export function writeReportFile(path: string, html: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, html, 'utf8');
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw describeFsError(err, 'write the report', path);
  }
}
