import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';

/** Maps and sources larger than this are not read: no real map comes near it. */
export const MAX_MAP_BYTES = 256 * 1024 * 1024;

/**
 * The text of a regular file, or undefined. Paths here come from the scanned build's own
 * comments and maps, which nothing vouches for: a FIFO or /dev/zero must not hang the scan
 * (hence the stat first and O_NONBLOCK), and a huge file must not exhaust memory.
 */
export async function readRegularFile(file: string, maxBytes = MAX_MAP_BYTES): Promise<string | undefined> {
  const info = await stat(file).catch(() => undefined);
  if (info === undefined || !info.isFile() || info.size > maxBytes) return undefined;
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK).catch(() => undefined);
  if (handle === undefined) return undefined;
  try {
    return await handle.readFile('utf8');
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}
