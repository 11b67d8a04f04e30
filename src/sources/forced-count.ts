/** A count forced by an environment variable (`NAME=N`, for measuring), or undefined when unset or not a whole number >= 0. */
export function forcedCount(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}
