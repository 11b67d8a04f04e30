import path from 'node:path';

/**
 * The config's `ignore` globs are relative to the config file's folder; git scans name files by
 * repository path. This maps one to the other once, so staged and history honour the same
 * ignore list the files scan does. picomatch loads only when there is a list: the pre-commit
 * hook should not pay for a module it does not use.
 */
export async function repoPathFilter(ignore: readonly string[], ignoreBase: string, repoRoot: string): Promise<(repoPath: string) => boolean> {
  if (ignore.length === 0) return () => false;
  const { default: picomatch } = await import('picomatch');
  const isIgnored = picomatch([...ignore], { dot: true });
  return (repoPath) => {
    const rel = path.relative(ignoreBase, path.join(repoRoot, repoPath)).split(path.sep).join('/');
    return !rel.startsWith('..') && isIgnored(rel);
  };
}
