import { simpleGit, type SimpleGit } from 'simple-git';
import { SAFE_GIT_CONFIG } from './safe-config.js';

/**
 * simple-git (>= 3.3x) refuses `-c core.fsmonitor=…`, `core.hooksPath`, `core.pager`,
 * `diff.external` and `protocol.allow` unless told otherwise, because a caller could set them to
 * a program. Ours are fixed values that switch those programs off, so they are allowed here and
 * nowhere else; without this every call failed and callers silently fell back.
 */
const ALLOW_NEUTRALISING_CONFIG = {
  allowUnsafeFsMonitor: true,
  allowUnsafeHooksPath: true,
  allowUnsafePager: true,
  allowUnsafeDiffExternal: true,
  allowUnsafeProtocolOverride: true,
} as const;

/** simple-git for short calls, with SAFE_GIT_CONFIG like every other git call. */
export function gitAt(dir: string): SimpleGit {
  return simpleGit({ baseDir: dir, config: [...SAFE_GIT_CONFIG], trimmed: false, unsafe: ALLOW_NEUTRALISING_CONFIG });
}

/**
 * A config value as the repository's config files set it (local over global over system), with
 * the file it came from; our own `-c` overrides (scope "command") are left out.
 */
export async function readConfigValue(dir: string, key: string): Promise<{ value: string; origin: string } | undefined> {
  let out: string;
  try {
    out = await gitAt(dir).raw(['config', '--show-scope', '--show-origin', '--get-all', key]);
  } catch {
    return undefined; // exit 1: not set
  }
  const entries = out
    .split('\n')
    .map((line) => line.split('\t'))
    .filter((parts) => parts.length >= 3 && parts[0] !== 'command');
  const last = entries.at(-1);
  return last ? { origin: `${last[0]} config ${last[1]!.replace(/^file:/, '')}`, value: last.slice(2).join('\t') } : undefined;
}
