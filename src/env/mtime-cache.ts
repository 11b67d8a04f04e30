import { statSync } from 'node:fs';

/**
 * Values derived from a path, recomputed only when its mtime changes. Editors keep one ESLint
 * process alive across edits: the value must follow the disk, yet a lint run must not re-read a
 * file or folder per AST node.
 */
export class MtimeCache<T> {
  readonly #entries = new Map<string, { mtimeMs: number; value: T }>();

  /** The value for `file` (`missing` when it cannot be stat'ed), computed at most once per mtime. */
  get(file: string, compute: () => T, missing: T): T {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      return missing;
    }
    const cached = this.#entries.get(file);
    if (cached?.mtimeMs === mtimeMs) return cached.value;
    const value = compute();
    this.#entries.set(file, { mtimeMs, value });
    return value;
  }

  clear(): void {
    this.#entries.clear();
  }
}
