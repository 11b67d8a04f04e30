import { readdirSync, readFileSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { ScanError, fsReason } from '../errors.js';
import { DEFAULT_CONFIG, FORBIDDEN_IN_FILE, VALIDATORS, type ScanConfig } from './schema.js';

export const CONFIG_FILE_NAME = '.cencoriscanrc.json';
const PACKAGE_JSON_KEY = 'cencori-scan';

export interface LoadedConfig {
  config: ScanConfig;
  /** The folder ignore globs are relative to. */
  baseDir: string;
  /** The file it came from, or undefined for defaults. */
  source: string | undefined;
  /** Files on the way whose names look like a config but are not read (`.cencoriscanrc`, `cencori-scan.config.json`). */
  nearMisses: string[];
}

// Names a user may give the config by mistake: any `cencoriscan`/`cencori-scan` rc or config file.
const NEAR_MISS = /^\.?cencori[-_.]?scan(?:rc)?(?:[-_.]config)?(?:\.[a-z0-9]+)*$/i;

/** Files in `dir` that look like a config file but are not `.cencoriscanrc.json`. */
function nearMissesIn(dir: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => !e.isDirectory() && e.name !== CONFIG_FILE_NAME && NEAR_MISS.test(e.name))
    .map((e) => path.join(dir, e.name))
    .sort();
}

/** One line per near-miss config name: said, never silently ignored. */
export function describeNearMisses(files: readonly string[]): string[] {
  return files.map((file) => `note: ${file} is not read: the config file must be named ${CONFIG_FILE_NAME} (or use a "${PACKAGE_JSON_KEY}" key in package.json, or --config FILE)`);
}

/**
 * The config for a scan rooted at `startDir`: an explicit `--config` file, else the nearest
 * .cencoriscanrc.json or package.json with a "cencori-scan" key, from startDir up to `stopDir`
 * (the repository root) inclusive.
 */
export function loadConfig(startDir: string, options: { explicitPath?: string; stopDir?: string } = {}): LoadedConfig {
  if (options.explicitPath) {
    const file = path.resolve(startDir, options.explicitPath);
    const raw = readJson(file, true);
    return { config: validateConfig(raw, file), baseDir: path.dirname(file), source: file, nearMisses: [] };
  }
  const stop = options.stopDir ? path.resolve(options.stopDir) : undefined;
  const nearMisses: string[] = [];
  for (let dir = path.resolve(startDir); ; dir = path.dirname(dir)) {
    nearMisses.push(...nearMissesIn(dir));
    const rc = path.join(dir, CONFIG_FILE_NAME);
    const rcRaw = readJson(rc, false);
    if (rcRaw !== undefined) return { config: validateConfig(rcRaw, rc), baseDir: dir, source: rc, nearMisses };
    const pkg = path.join(dir, 'package.json');
    const pkgRaw = readJson(pkg, false);
    if (isRecord(pkgRaw) && PACKAGE_JSON_KEY in pkgRaw) {
      return { config: validateConfig(pkgRaw[PACKAGE_JSON_KEY], `${pkg} ("${PACKAGE_JSON_KEY}")`), baseDir: dir, source: pkg, nearMisses };
    }
    if (dir === stop || dir === path.dirname(dir) || stop === undefined) break;
  }
  return { config: { ...DEFAULT_CONFIG }, baseDir: path.resolve(startDir), source: undefined, nearMisses };
}

function readJson(file: string, required: boolean): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!required && (code === 'ENOENT' || code === 'ENOTDIR')) return undefined;
    throw new ScanError(`cannot read config ${file}: ${fsReason(error)}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8 quotes the input in some messages ("…", "abc" is not valid JSON): keep only the reason and position.
    const reason = (error as Error).message.replace(/, ".*is not valid JSON$/s, '').split('\n')[0];
    throw new ScanError(`invalid config ${file}: not valid JSON (${reason})`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks every field and names the first wrong one precisely; unknown fields are errors, not ignored. */
export function validateConfig(raw: unknown, where: string): ScanConfig {
  if (!isRecord(raw)) throw new ScanError(`invalid config ${where}: expected a JSON object`);
  const config: ScanConfig = { ...DEFAULT_CONFIG, ignore: [...DEFAULT_CONFIG.ignore] };
  for (const [key, value] of Object.entries(raw)) {
    if (key === '$schema') continue;
    const forbidden = FORBIDDEN_IN_FILE[key];
    if (forbidden !== undefined) throw new ScanError(`invalid config ${where}: "${key}" is not allowed in a config file: ${forbidden}`);
    if (!(key in VALIDATORS)) {
      throw new ScanError(`invalid config ${where}: unknown option "${key}" (known: ${Object.keys(VALIDATORS).join(', ')})`);
    }
    const field = key as keyof ScanConfig;
    const problem = VALIDATORS[field](value, `"${key}"`);
    if (problem !== undefined) throw new ScanError(`invalid config ${where}: ${problem}`);
    (config as unknown as Record<string, unknown>)[field] = value;
  }
  return config;
}
