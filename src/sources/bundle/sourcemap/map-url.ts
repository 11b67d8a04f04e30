import { open } from 'node:fs/promises';

const MARKER = 'sourceMappingURL=';
/** How much of a file's end is read to find its map comment; bundlers put it last. */
const TAIL_BYTES = 64 * 1024;

/**
 * The URL in a file's last `//# sourceMappingURL=` (JS) or `/*# sourceMappingURL= *\/` (CSS)
 * comment, as https://tc39.es/ecma426/ specifies; `//@` is the legacy spelling.
 */
export function sourceMappingUrlOf(text: string): string | undefined {
  for (let at = text.lastIndexOf(MARKER); at !== -1; at = text.lastIndexOf(MARKER, at - 1)) {
    if (!/(?:\/\/|\/\*)[#@][ \t]*$/.test(text.slice(Math.max(0, at - 8), at))) continue;
    const url = /^[^\s'"`*]+/.exec(text.slice(at + MARKER.length, at + MARKER.length + 2048))?.[0];
    if (url === undefined) return undefined;
    // A data: URL can be megabytes long: take all of it, not the first 2 KB.
    if (url.startsWith('data:')) return /^[^\s'"`*]+/.exec(text.slice(at + MARKER.length))?.[0];
    return url;
  }
  return undefined;
}

/** The map URL of a file on disk, reading only its end unless the map is inline and longer. */
export async function sourceMappingUrlOfFile(file: string): Promise<string | undefined> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, TAIL_BYTES);
    const tail = Buffer.alloc(length);
    await handle.read(tail, 0, length, size - length);
    const text = tail.toString('utf8');
    const url = sourceMappingUrlOf(text);
    // No comment in the tail but a long base64 run at the end: an inline map that starts earlier.
    const inlineCut = url === undefined && length < size && /[A-Za-z0-9+/=]{1024}\s*$/.test(text);
    if (!inlineCut) return url;
    return sourceMappingUrlOf((await handle.readFile()).toString('utf8'));
  } finally {
    await handle.close();
  }
}
