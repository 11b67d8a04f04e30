/** Forward-slash path relative to `cwd` when under it, else absolute: how ESLint prints paths. */
export function displayPath(absolute: string, cwd: string, pathModule: typeof import('node:path')): string {
  // Fast path for the usual case (called once per scanned file): a normalized path under cwd.
  const prefix = cwd.endsWith(pathModule.sep) ? cwd : cwd + pathModule.sep;
  if (absolute.startsWith(prefix) && pathModule.isAbsolute(cwd) && !absolute.includes(`${pathModule.sep}..`)) {
    const rel = absolute.slice(prefix.length);
    if (rel !== '') return pathModule.sep === '/' ? rel : rel.split(pathModule.sep).join('/');
  }
  const relative = pathModule.relative(cwd, absolute);
  // `..foo` is a file under cwd; only `..` as a whole segment leaves it.
  const outside = relative === '' || relative === '..' || relative.startsWith(`..${pathModule.sep}`) || pathModule.isAbsolute(relative);
  const inside = !outside;
  return (inside ? relative : absolute).split(pathModule.sep).join('/');
}

const LONE_CR = /\r(?!\n)/g;

/**
 * Old Mac files end lines with a lone CR, and editors count those as lines: each becomes LF, one
 * character for one, so offsets and columns stay and only line numbers change (the key core counts
 * lines at LF; CRLF stays one line end).
 */
export function asLfLines(text: string): string {
  return text.includes('\r') ? text.replace(LONE_CR, '\n') : text;
}
