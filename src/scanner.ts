/**
 * The scanner's Node API: `import { scanText, scanFiles } from 'eslint-plugin-cencori/scanner'`.
 * Results never hold a key: each carries the dashboard mask and the sha256 fingerprint.
 */
import path from 'node:path';
import { detectKeys, type KeyClass } from './keys/index.js';
import { fileUnits } from './sources/files.js';
import { newStats } from './scan/stats.js';

export { KEY_FORMATS, classifyKey, fingerprintKey, isKey, maskKey, type KeyClass, type KeyFormat } from './keys/index.js';
export type { Finding, Verification, CommitInfo } from './scan/finding.js';

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

/** Every Cencori key in a string (placeholders and masked keys excluded), with positions. */
export function scanText(text: string): ScanMatch[] {
  return detectKeys(text).map(({ secret, index: _index, length: _length, ...rest }) => ({
    ...rest,
    redacted: secret.masked,
    fingerprint: secret.fingerprint,
  }));
}

export interface ScanFilesOptions {
  /** Folder paths are relative to, and the root symlinks may not leave. Default: process.cwd(). */
  cwd?: string;
  /** Path globs never scanned. */
  ignore?: string[];
}

export interface FileMatch extends ScanMatch {
  /** Relative to cwd when under it, forward slashes. */
  file: string;
}

/** Scans files and folders as `cencori-scan files` does (git ignore rules included), without verification. */
export async function scanFiles(paths: string[], options: ScanFilesOptions = {}): Promise<{ matches: FileMatch[]; filesScanned: number; warnings: string[] }> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const stats = newStats('files');
  const matches: FileMatch[] = [];
  for await (const unit of fileUnits({ paths, cwd, ignore: options.ignore ?? [], ignoreBase: cwd }, stats)) {
    for (const hit of detectKeys(unit.text, { lineOffset: unit.lineOffset, previousLine: unit.previousLine })) {
      const { secret, index: _index, length: _length, ...rest } = hit;
      matches.push({ ...rest, file: unit.file, redacted: secret.masked, fingerprint: secret.fingerprint });
    }
  }
  return { matches, filesScanned: stats.scanned, warnings: stats.warnings };
}
