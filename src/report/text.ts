import type { Finding } from '../scan/model.js';
import { oneLine } from './escape.js';
import { adviceFor, describeCommit, encodingNote } from './advice.js';

export interface TextOptions {
  color: boolean;
}

const paint = (on: boolean, code: number, text: string) => (on ? `\u001b[${code}m${text}\u001b[0m` : text);

/**
 * `path:line:col  csk_1a2b...  secret key (live)`, one finding a line, plus where it came from.
 * Every field from input (file names may hold any byte but NUL and "/", source-map paths and env
 * var names any character) goes through oneLine: a crafted name cannot rewrite or add lines.
 */
export function formatText(findings: readonly Finding[], options: TextOptions): string {
  return findings
    .map((f) => {
      const location = `${oneLine(f.file)}:${f.line}:${f.column}`;
      const label = paint(options.color, f.blocking ? 31 : 33, `${f.description}${f.blocking ? '' : ' [warning]'}`);
      const parts = [paint(options.color, 1, location), `${f.redacted}${encodingNote(f)}`, label];
      const commit = describeCommit(f);
      if (commit) parts.push(commit);
      if (f.original) {
        const env = f.original.envVar ? ` reading ${oneLine(f.original.envVar)}` : '';
        parts.push(`from ${oneLine(f.original.file)}:${f.original.line}${env}`);
      }
      const advice = adviceFor(f);
      if (advice) parts.push(paint(options.color, f.verification === 'live' ? 41 : 2, advice));
      return `${parts.join('  ')}\n`;
    })
    .join('');
}
