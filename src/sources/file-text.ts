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

/** Git and most tools treat a NUL byte in the first 8 KB as "binary". */
export const BINARY_SNIFF_BYTES = 8192;

export function looksBinary(buffer: Uint8Array): boolean {
  const end = Math.min(buffer.length, BINARY_SNIFF_BYTES);
  for (let i = 0; i < end; i++) if (buffer[i] === 0) return true;
  return false;
}

/**
 * The text of a UTF-16 file that starts with a byte order mark (Windows tools such as PowerShell
 * write these), or undefined for anything else. Its NUL bytes would otherwise make it "binary"
 * and a key in it would go unseen.
 */
export function decodeUtf16WithBom(buffer: Buffer): string | undefined {
  if (buffer.length < 2 || buffer.length % 2 !== 0) return undefined;
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return buffer.toString('utf16le', 2);
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return Buffer.from(buffer.subarray(2)).swap16().toString('utf16le');
  return undefined;
}
