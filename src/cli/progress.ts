import type { CliIo } from './io.js';

const REDRAW_MS = 100;

/**
 * A one-line progress bar on stderr (`[#####.....] 1,234/5,000 commits  812/s`), redrawn at
 * most every 100 ms. Only on a TTY: io.progress is undefined otherwise and this does nothing.
 */
export function progressBar(io: CliIo, unit: string) {
  const write = io.stderrIsTTY ? io.progress : undefined;
  let total = 0;
  let done = 0;
  let last = 0;
  const started = performance.now();
  const draw = () => {
    if (!write) return;
    const elapsed = (performance.now() - started) / 1000;
    const rate = elapsed > 0 ? Math.round(done / elapsed) : 0;
    const width = 24;
    const filled = total > 0 ? Math.min(width, Math.round((done / total) * width)) : 0;
    const count = total > 0 ? `${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}` : done.toLocaleString('en-US');
    write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${count} ${unit}  ${rate}/s\u001b[K`);
  };
  return {
    /** False off a TTY: callers skip work (counting commits) that only the bar needs. */
    active: write !== undefined,
    setTotal(value: number) {
      total = value;
      draw();
    },
    tick() {
      done++;
      const now = performance.now();
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
