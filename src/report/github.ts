import type { Finding } from '../scan/model.js';
import { oneLine } from './escape.js';
import { adviceFor, describeCommit, encodingNote } from './advice.js';

// GitHub's workflow-command escaping: data escapes %, CR, LF; property values also : and ,.
// Other controls (ESC, BEL) are not GitHub's concern but reach the log viewer and terminals:
// oneLine shows them as \xNN, so every annotation is one line of plain text.
const escapeData = (s: string) => oneLine(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** `::error file=…,line=…,col=…,title=…::…` lines: pull-request annotations in GitHub Actions. */
export function formatGithub(findings: readonly Finding[]): string {
  return findings
    .map((f) => {
      const command = f.severity === 'error' ? 'error' : 'warning';
      const props = `file=${escapeProperty(f.file)},line=${f.line},col=${f.column},title=${escapeProperty(`Cencori ${f.description}`)}`;
      const text = [`${f.redacted}${encodingNote(f)} is a Cencori ${f.description}`, describeCommit(f), adviceFor(f)].filter(Boolean).join('; ');
      return `::${command} ${props}::${escapeData(text)}\n`;
    })
    .join('');
}
