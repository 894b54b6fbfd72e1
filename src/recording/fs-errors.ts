/**
 * Plain-language messages for file-system failures while recording or saving a session, so the
 * user reads "the disk is full" and not "ENOSPC: no space left on device, write".
 */

const REASONS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exceeded',
  EACCES: 'permission denied (the folder is not writable for this user)',
  EPERM: 'the operation is not permitted (the folder or file is protected)',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENOENT: 'the folder does not exist',
  EISDIR: 'the path is a folder, not a file',
  EEXIST: 'a file with that name already exists',
  EIO: 'an input/output error occurred (the disk or USB stick may be failing or was removed)',
  EMFILE: 'too many files are open',
  EBADF: 'the file is no longer open',
};

/** An Error that keeps the original `code` (ENOSPC, …) so callers can branch on it. */
export class RecordingFsError extends Error {
  readonly code: string | undefined;
  readonly path: string;
  constructor(message: string, code: string | undefined, path: string, cause?: unknown) {
    super(message, cause !== undefined ? { cause } : undefined);
    this.name = 'RecordingFsError';
    this.code = code;
    this.path = path;
  }
}

/**
 * Wraps a Node fs error: `action` says what we tried ("create the recording", "write to"),
 * `consequence` what it means for the data (e.g. "Everything up to 12.5 s is saved.").
 */
export function describeFsError(err: unknown, action: string, path: string, consequence = ''): RecordingFsError {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
  const reason = (code && REASONS[code]) || (err instanceof Error ? err.message : String(err));
  const msg = `Cannot ${action} ${path}: ${reason}${code ? ` (${code})` : ''}.${consequence ? ' ' + consequence : ''}`;
  return new RecordingFsError(msg, code, path, err);
}
