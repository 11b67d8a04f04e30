/**
 * Milliseconds on a monotonic clock, for timings and git's time bound. Not performance.now():
 * its first call loads perf_hooks (1-2 ms on a quiet machine, 10+ under load), a cost the
 * pre-commit hook would pay on every commit.
 */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
