import type { Finding } from '../scan/model.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';

export type Formatter = (findings: readonly Finding[], options: { color: boolean }) => string;

/**
 * The one list of report formats, the first the default: `--format` validation and its help
 * text derive from it. A new format is its own file plus one line here.
 */
export const FORMATTERS = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
} as const satisfies Record<string, Formatter>;

export type ReportFormat = keyof typeof FORMATTERS;

export const FORMATS = Object.keys(FORMATTERS) as readonly ReportFormat[];

/** "text (default), json, sarif or github": the help text's list. */
export function formatChoices(): string {
  const [first, ...rest] = FORMATS;
  const last = rest.pop();
  return `${first} (default)${rest.map((f) => `, ${f}`).join('')}${last === undefined ? '' : ` or ${last}`}`;
}
