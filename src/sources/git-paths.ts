import path from 'node:path';
import picomatch from 'picomatch';

/**
 * The config's `ignore` globs are relative to the config file's folder; git scans name files by
 * repository path. This maps one to the other once, so staged and history honour the same
 * ignore list the files scan does.
 */
export function repoPathFilter(ignore: readonly string[], ignoreBase: string, repoRoot: string): (repoPath: string) => boolean {
  if (ignore.length === 0) return () => false;
  const isIgnored = picomatch([...ignore], { dot: true });
  return (repoPath) => {
    const rel = path.relative(ignoreBase, path.join(repoRoot, repoPath)).split(path.sep).join('/');
    return !rel.startsWith('..') && isIgnored(rel);
  };
}
