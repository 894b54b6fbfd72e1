import * as fs from 'node:fs';
import * as path from 'node:path';

/** Writes a file of `bytes` bytes into `dir`, last modified `ageMin` minutes before `nowMs`: an export an earlier run left behind. */
export function putAgedFile(dir: string, name: string, bytes: number, ageMin: number, nowMs = Date.now()): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, Buffer.alloc(bytes, 7));
  const t = (nowMs - ageMin * 60_000) / 1000;
  fs.utimesSync(p, t, t);
  return p;
}
