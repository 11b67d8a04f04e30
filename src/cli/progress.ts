import { nowMs } from '../clock.js';
import type { CliIo } from './io.js';

const REDRAW_MS = 100;

/** `12s`, `1m 05s`, `1h 02m`: how long the rest will take at the rate so far. */
export function formatEta(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * A one-line progress bar on stderr (`[#####.....] 1,234/5,000 commits  812/s  ETA 5s`), redrawn at
 * most every 100 ms. Only on a TTY: io.progress is undefined otherwise and this does nothing.
 */
export function progressBar(io: CliIo, unit: string) {
  const write = io.stderrIsTTY ? io.progress : undefined;
  let total = 0;
  let done = 0;
  let last = 0;
  // nowMs, not performance.now(): its first call loads perf_hooks (see clock.ts), even off a TTY where no bar is drawn.
  const started = nowMs();
  const draw = () => {
    if (!write) return;
    const elapsed = (nowMs() - started) / 1000;
    const rate = elapsed > 0 ? Math.round(done / elapsed) : 0;
    const width = 24;
    const filled = total > 0 ? Math.min(width, Math.round((done / total) * width)) : 0;
    const count = total > 0 ? `${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}` : done.toLocaleString('en-US');
    // The ETA needs a known total and a rate measured over a moment, not the first tick.
    const eta = total > 0 && done > 0 && elapsed >= 0.5 ? `  ETA ${formatEta(((total - done) * elapsed) / done)}` : '';
    write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${count} ${unit}  ${rate}/s${eta}\u001b[K`);
  };
  return {
    /** False off a TTY: callers skip work (counting commits) that only the bar needs. */
    active: write !== undefined,
    setTotal(value: number) {
      total = value;
      draw();
    },
    tick(count = 1) {
      done += count;
      if (!write) return;
      const now = nowMs();
      if (now - last >= REDRAW_MS) {
        last = now;
        draw();
      }
    },
    /** Clears the line so the report starts on a clean one. */
    end() {
      draw();
      if (write) write('\r\u001b[K');
    },
  };
}
