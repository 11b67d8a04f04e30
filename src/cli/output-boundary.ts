import { redactKeys } from '../keys/index.js';
import { escapeOutput } from '../report/escape.js';

/**
 * The one boundary where anything becomes output: stdout, stderr, --output files, baselines and
 * progress all pass through toOutput, which masks every key-shaped string (redactKeys) and
 * escapes every control character but the line feeds that separate our own lines and, when
 * colour is on, our own SGR colour codes. Formatters escape each data field first (oneLine in
 * report/escape.ts), so an ESC planted in a file name is text by the time it gets here and
 * cannot pose as colour; JSON and SARIF escape controls by JSON's own rules.
 */
export function toOutput(text: string, options: { color?: boolean } = {}): string {
  return escapeOutput(text, options.color === true);
}

/**
 * Routes every write to `stream` through the boundary's key masking: what the bin prints
 * and anything a dependency prints on its own (simple-git's `debug` logger writes file names to
 * stderr). Masking only: run() already escaped its own output, and progress frames keep their \r.
 */
export function guardStream(stream: NodeJS.WriteStream): void {
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk).toString('utf8') : chunk;
    return write(typeof text === 'string' ? redactKeys(text) : text, ...rest);
  }) as NodeJS.WriteStream['write'];
}

/**
 * guardStream for process.stdout or process.stderr, done as the stream is first used: node builds
 * each on first access (a pipe, file or TTY handle), and the pre-commit hook writes nothing to
 * stdout on a clean commit, so building it up front cost the hook ~3 ms for nothing. Whoever
 * reaches the stream, we or a dependency or console, reaches it through this getter, guarded.
 * `owner` is the process, or in tests an object shaped like it.
 */
export function guardProcessStream(name: 'stdout' | 'stderr', owner: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream } = process): void {
  const descriptor = Object.getOwnPropertyDescriptor(owner, name);
  const build = descriptor?.get;
  if (build === undefined) {
    guardStream(owner[name]);
    return;
  }
  let stream: NodeJS.WriteStream | undefined;
  Object.defineProperty(owner, name, {
    configurable: true,
    enumerable: descriptor!.enumerable ?? true,
    get() {
      if (stream === undefined) {
        stream = build.call(owner) as NodeJS.WriteStream;
        guardStream(stream);
      }
      return stream;
    },
  });
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
