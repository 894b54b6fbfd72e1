import * as fs from 'node:fs';
import type { WriterFs } from '../../src/recording/bdf-writer';

/**
 * The real file system for a recording's writer (src/recording/bdf-writer.ts), but the disk is
 * "full" after `writes` writes: every later write throws ENOSPC as Node does.
 */
export function fullDiskAfter(writes: number): WriterFs {
  let budget = writes;
  return {
    openSync: (p, flags, mode) => fs.openSync(p, flags, mode),
    writeSync: (fd, buf, off, len, pos) => {
      if (budget-- <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      return fs.writeSync(fd, buf, off, len, pos);
    },
    fsyncSync: (fd) => fs.fsyncSync(fd),
    ftruncateSync: (fd, len) => fs.ftruncateSync(fd, len),
    closeSync: (fd) => fs.closeSync(fd),
  };
}
