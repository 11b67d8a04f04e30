/** Bad input from the user: exit 2 with this one-line message and a pointer to --help. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A failure the user can act on (bad config, git missing, unreadable input): exit 2, one line. */
export class ScanError extends Error {
  override name = 'ScanError';
}
