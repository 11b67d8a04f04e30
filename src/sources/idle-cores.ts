import { availableParallelism, loadavg } from 'node:os';

/**
 * Cores not already busy with other work (the one-minute load average, as `make -l` reads it):
 * on a saturated machine extra threads or processes only add start-up and hand-over cost
 * (measured: slower at every size on a 2-core machine at load 13).
 */
export function idleCores(): number {
  return Math.floor(availableParallelism() - loadavg()[0]! + 0.5);
}

/** A count forced by an environment variable (`NAME=N`, for measuring), or undefined when unset or not a whole number >= 0. */
export function forcedCount(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}
