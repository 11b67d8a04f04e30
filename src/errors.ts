/** Bad input from the user: exit 2 with this one-line message and a pointer to --help. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A failure the user can act on (bad config, git missing, unreadable input): exit 2, one line. */
export class ScanError extends Error {
  override name = 'ScanError';
}

// What a file-system error code means, in words: a bare ENOENT tells a user nothing.
const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  EEXIST: 'it already exists',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ELOOP: 'too many levels of symlinks, or a symlink loop',
  ENAMETOOLONG: 'the path is too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EBUSY: 'the file is busy',
  EINVAL: 'invalid argument',
  EIO: 'input/output error',
};

/** `permission denied (EACCES)`: the reason in words, the code kept for searching. */
export function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined) return FS_REASONS[code] ? `${FS_REASONS[code]} (${code})` : code;
  return error instanceof Error ? (error.message.split('\n')[0] ?? 'unknown error') : String(error);
}
