import type { Finding } from '../scan/model.js';
import { adviceFor, describeCommit } from './advice.js';

export interface TextOptions {
  color: boolean;
}

/**
 * File names may hold any byte but NUL and "/": escape control characters so a crafted name
 * (ESC sequences, CR) cannot rewrite or hide lines on the terminal.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

const paint = (on: boolean, code: number, text: string) => (on ? `\u001b[${code}m${text}\u001b[0m` : text);

/** `path:line:col  csk_1a2b...  secret key (live)`, one finding a line, plus where it came from. */
export function formatText(findings: readonly Finding[], options: TextOptions): string {
  return findings
    .map((f) => {
      const location = `${printable(f.file)}:${f.line}:${f.column}`;
      const label = paint(options.color, f.blocking ? 31 : 33, `${f.description}${f.blocking ? '' : ' [warning]'}`);
      const parts = [paint(options.color, 1, location), f.redacted, label];
      const commit = describeCommit(f);
      if (commit) parts.push(commit);
      if (f.original) {
        const env = f.original.envVar ? ` reading ${f.original.envVar}` : '';
        parts.push(`from ${f.original.file}:${f.original.line}${env}`);
      }
      const advice = adviceFor(f);
      if (advice) parts.push(paint(options.color, f.verification === 'live' ? 41 : 2, advice));
      return `${parts.join('  ')}\n`;
    })
    .join('');
}
