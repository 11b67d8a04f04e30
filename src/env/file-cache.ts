import { statSync } from 'node:fs';

/**
 * What identifies one state of a file or directory: nanosecond mtime, size and inode. Editors
 * keep one ESLint process alive across edits, and two saves within the same second (or the same
 * millisecond, on a fast machine) must still count as two states: a whole-second or millisecond
 * mtime is not enough. Undefined when the path cannot be stat'ed.
 */
export function fileSignature(file: string): string | undefined {
  try {
    const s = statSync(file, { bigint: true, throwIfNoEntry: false });
    return s ? `${s.mtimeNs}:${s.size}:${s.ino}:${s.isDirectory() ? 'd' : 'f'}` : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Values derived from a path, recomputed only when its signature changes: the one file-cache
 * idiom of src/env. A lookup costs one stat, never a read, so a rule may ask per AST node.
 */
export class FileCache<T> {
  readonly #entries = new Map<string, { signature: string; value: T }>();

  /** The value for `file` (`missing` when it cannot be stat'ed), computed at most once per state of the file. */
  get(file: string, compute: () => T, missing: T): T {
    const signature = fileSignature(file);
    if (signature === undefined) {
      this.#entries.delete(file);
      return missing;
    }
    const cached = this.#entries.get(file);
    if (cached?.signature === signature) return cached.value;
    let value: T;
    try {
      value = compute();
    } catch {
      value = missing; // Unreadable (permissions, a race with a delete): nothing known, and no crash.
    }
    this.#entries.set(file, { signature, value });
    return value;
  }

  clear(): void {
    this.#entries.clear();
  }
}
