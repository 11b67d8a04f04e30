/**
 * The scanner's Node API: `import { scanText, scanFiles } from 'eslint-plugin-cencori/scanner'`.
 * Results never hold a key: each carries the dashboard mask and the sha256 fingerprint.
 */
import path from 'node:path';
import { detectKeys, redactKeys, type KeyClass, type KeyHit } from './keys/index.js';
import { fileUnits } from './sources/files.js';
import { newStats } from './scan/model.js';
import { detectUnitKeys } from './scan/detect-units.js';

export { ALLOW_MARKER, KEY_FORMATS, classifyKey, fingerprintKey, isKey, maskKey, redactKeys, type KeyClass, type KeyFormat } from './keys/index.js';
export type { Finding, Verification, CommitInfo } from './scan/model.js';

/** One key found by the Node API. */
export interface ScanMatch extends KeyClass {
  /** 1-based line. */
  line: number;
  /** 1-based column, in characters. */
  column: number;
  /** Dashboard mask: prefix + 4 characters + "...". */
  redacted: string;
  /** sha256 hex of the full key. */
  fingerprint: string;
  /** An inline `cencori-scan:allow` marker covers it. */
  allowed: boolean;
}

/**
 * Every Cencori key in a string (placeholders and masked keys excluded), with 1-based line and
 * column (in characters). Keys under a `cencori-scan:allow` marker are returned with `allowed: true`.
 */
export function scanText(text: string): ScanMatch[] {
  return detectKeys(text).map(toMatch);
}

export interface ScanFilesOptions {
  /** Folder that relative paths start from, and the root symlinks may not leave. Default: process.cwd(). */
  cwd?: string;
  /** Path globs (relative to cwd) never scanned; a glob matching a folder covers its files. */
  ignore?: string[];
}

export interface FileMatch extends ScanMatch {
  /** Relative to cwd when under it (forward slashes), else absolute: as ESLint prints paths. */
  file: string;
}

export interface ScanFilesResult {
  /** Every key found, allowed ones included (see `allowed`), in file order. */
  matches: FileMatch[];
  /** Text files read (binary files, symlinks and unreadable files are not counted). */
  filesScanned: number;
  bytesScanned: number;
  /** Files passed over: binary, not regular files, unreadable. */
  filesSkipped: number;
  /** Problems that did not stop the scan, e.g. "cannot read x.ts: EACCES". */
  warnings: string[];
}

/**
 * Scans files and folders as `cencori-scan files` does: inside a git repository .gitignore and
 * .git/info/exclude apply to discovered files (a path named here is scanned even if ignored),
 * .git/ is never read, binary files are skipped and symlinks never followed out of `cwd`.
 * No verification: nothing leaves the machine.
 *
 * Files are read synchronously one at a time (the fastest way with a warm page cache); the
 * event loop gets a turn every 16 MB. Rejects when a named path does not exist.
 */
export async function scanFiles(paths: string[], options: ScanFilesOptions = {}): Promise<ScanFilesResult> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const stats = newStats('files');
  const matches: FileMatch[] = [];
  for await (const unit of fileUnits({ paths, cwd, ignore: options.ignore ?? [], ignoreBase: cwd }, stats)) {
    for (const hit of detectUnitKeys(unit)) {
      // What this API returns leaves the scanner: a key in a file name is masked as in CLI output.
      matches.push({ ...toMatch(hit), file: redactKeys(unit.file) });
    }
  }
  return { matches, filesScanned: stats.scanned, bytesScanned: stats.bytes, filesSkipped: stats.skipped, warnings: stats.warnings.map(redactKeys) };
}

function toMatch({ secret, index: _index, length: _length, ...rest }: KeyHit): ScanMatch {
  return { ...rest, redacted: secret.masked, fingerprint: secret.fingerprint };
}
