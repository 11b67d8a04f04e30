import { escapeOutput } from '../report/escape.js';

/**
 * The one boundary where anything becomes output: stdout, stderr, --output files, baselines and
 * progress all pass through toOutput, which masks every key-shaped string (redactKeys) and
 * escapes every control character but the line feeds that separate our own lines and, when
 * colour is on, our own SGR colour codes. Formatters escape each data field first (oneLine in
 * report/escape.ts), so an ESC planted in a file name is text by the time it gets here and
 * cannot pose as colour; JSON and SARIF escape controls by JSON's own rules.
 */
export function toOutput(text: string, options: { color?: boolean } = {}): string {
  return escapeOutput(text, options.color === true);
}
