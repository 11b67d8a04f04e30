import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { redactKeys } from '../keys/index.js';

/**
 * The one door out of the process. Every string that leaves (stdout, stderr, progress lines,
 * --output files) passes here whole, whatever built it: a report format, an error quoting a path,
 * a commit author, a source-map path, a dependency's debug line. So no field needs its own
 * masking and no new field can forget it: redactKeys masks every key-shaped string (found or not)
 * and every base64 text that carries a key, in linear time.
 */
export function outward(text: string): string {
  return redactKeys(text);
}

/** Writes an output file (--output): the same door as stdout. */
export async function writeOutputFile(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, outward(text));
}

/**
 * Routes every later write to `stream` through the door: what the bin prints and anything a
 * dependency prints on its own (simple-git's `debug` logger writes file names to stderr).
 */
export function guardStream(stream: NodeJS.WriteStream): void {
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk).toString('utf8') : chunk;
    return write(typeof text === 'string' ? outward(text) : text, ...rest);
  }) as NodeJS.WriteStream['write'];
}

/**
 * `DEBUG` as the process got it, minus simple-git's namespaces: its debug output quotes git's
 * arguments and output (paths, so keys in file names) verbatim. The `debug` package reads DEBUG
 * when it loads, and simple-git loads only after this runs (commands import it lazily).
 */
export function withoutGitDebug(debug: string | undefined): string | undefined {
  if (debug === undefined || debug.trim() === '') return debug;
  return `${debug},-simple-git,-simple-git:*`;
}
