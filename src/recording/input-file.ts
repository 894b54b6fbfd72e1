/**
 * Opening a file that came from outside (analyze, export, import, replay): only a regular file is
 * read. A FIFO, a terminal or another device, a socket or a folder is refused at once with a plain
 * message. The file is opened with O_NONBLOCK first and checked with fstat on the open descriptor:
 * a plain open() of a FIFO blocks until a writer appears (forever, for `analyze f.csv` on a FIFO),
 * and checking with stat() before open() would leave a window in which the path can be swapped.
 * O_NONBLOCK has no effect on reads of a regular file (POSIX), so the descriptor is used as it is.
 */
import * as fs from 'node:fs';

/** A file Myocue cannot read as a recording; the message names the file and says why, plainly. */
export class InputFileError extends Error {
  readonly code: string | undefined;
  constructor(fileName: string, problem: string, code?: string) {
    super(`${fileName}: ${problem}`);
    this.name = 'InputFileError';
    this.code = code;
  }
}

const OPEN_REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a folder, not a file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ELOOP: 'too many symbolic links in the path',
  ENAMETOOLONG: 'the path is too long',
  EMFILE: 'too many files are open',
  ENFILE: 'too many files are open',
  ENXIO: 'it is a device or a FIFO with no writer, not a file',
  EIO: 'an input/output error occurred (the disk may be failing or was removed)',
};

/** Plain words for a failed open/read (never Node's raw text). */
export function describeOpenError(err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  return OPEN_REASONS[code] ?? `it cannot be read${code ? ` (${code})` : ''}`;
}

/** What a non-regular file is, in words. */
function kindOf(st: fs.Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Opens `path` for reading if it is a regular file; returns the descriptor and its size.
 * Throws InputFileError (never a raw Node error) for anything else, without blocking.
 */
export function openRegularFile(path: string, fileName: string): { fd: number; size: number } {
  let fd: number;
  try {
    fd = fs.openSync(path, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputFileError(fileName, `cannot open (${describeOpenError(err)})`, code);
  }
  let st: fs.Stats;
  try {
    st = fs.fstatSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    throw new InputFileError(fileName, `cannot open (${describeOpenError(err)})`);
  }
  if (!st.isFile()) {
    fs.closeSync(fd);
    throw new InputFileError(fileName, `is ${kindOf(st)}, not a recording file; give the path of a file`);
  }
  return { fd, size: st.size };
}

/** Throws InputFileError unless `path` is a regular file (opens and closes it, without blocking). */
export function assertRegularFile(path: string, fileName: string): number {
  const { fd, size } = openRegularFile(path, fileName);
  fs.closeSync(fd);
  return size;
}

/** readSync until `length` bytes or the end of the file; the bytes read. */
export function readFully(fd: number, buf: Buffer, offset: number, length: number, position: number): number {
  let got = 0;
  while (got < length) {
    const n = fs.readSync(fd, buf, offset + got, length - got, position + got);
    if (n <= 0) break;
    got += n;
  }
  return got;
}
