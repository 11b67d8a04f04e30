import type { ParseArgsConfig } from 'node:util';
import path from 'node:path';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { UsageError } from '../errors.js';
import { FORMATS, formatChoices, type ReportFormat } from '../report/index.js';
import { DEFAULT_API_URL, DEFAULT_TIMEOUT_MS, resolveVerifyOptions } from '../verify/options.js';
import type { VerifyOptions } from '../verify/index.js';
import { useColor, type CliIo } from './io.js';

/** Flags every scanning command (files, staged, history, bundle) accepts. */
export const SCAN_FLAGS = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  config: { type: 'string', short: 'c' },
  baseline: { type: 'string' },
  'write-baseline': { type: 'string' },
  offline: { type: 'boolean' },
  'api-url': { type: 'string' },
  timeout: { type: 'string' },
  verbose: { type: 'boolean', short: 'v' },
  quiet: { type: 'boolean', short: 'q' },
  'no-color': { type: 'boolean' },
  'allow-incomplete': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

export const SCAN_FLAGS_HELP = `Output:
  -f, --format FORMAT       ${formatChoices()}
  -o, --output FILE         write the report to FILE instead of stdout ("-": stdout; exit codes unchanged)
      --no-color            no colour in text output (also: NO_COLOR=1 or FORCE_COLOR=0)
  -v, --verbose             say more (which files were skipped and why, keys allowed by marker)
  -q, --quiet               say only findings and errors (no summary, notes or next steps)
Findings:
  -c, --config FILE         config file (default: nearest .cencoriscanrc.json or package.json "cencori-scan")
      --baseline FILE       ignore the findings recorded in FILE
      --write-baseline FILE record the current findings in FILE (fingerprints, never keys); exits 0 once written
      --allow-incomplete    exit 0/1 by the findings alone even when some content in scope could
                            not be scanned (it is still listed); without it such a scan exits 2
Verification (on by default: each distinct key found is sent once to GET <api-url>/v1/models
to ask whether it is live; see README "Verification and privacy"):
      --offline             send nothing (also: CENCORI_SCAN_OFFLINE=1); findings say "skipped"
      --api-url URL         Cencori API base URL (also: CENCORI_API_URL; default ${DEFAULT_API_URL});
                            https only, or http to 127.0.0.1/::1/localhost; never from a config file
      --timeout DURATION    time budget for all verification requests, e.g. 500ms, 5s or 1m (default ${DEFAULT_TIMEOUT_MS / 1000}s)
  -h, --help                this help`;

export type ScanFlagValues = {
  format?: string;
  output?: string;
  config?: string;
  baseline?: string;
  'write-baseline'?: string;
  offline?: boolean;
  'api-url'?: string;
  timeout?: string;
  verbose?: boolean;
  quiet?: boolean;
  'no-color'?: boolean;
  'allow-incomplete'?: boolean;
};

export interface ScanSettings {
  format: ReportFormat;
  output: string | undefined;
  color: boolean;
  verbose: boolean;
  /** Only findings and errors on stderr: no summary line, notes or next steps. */
  quiet: boolean;
  /** Content that could not be scanned does not make the exit code 2 (it is still reported). */
  allowIncomplete: boolean;
  baseline: string | undefined;
  writeBaseline: string | undefined;
  /** The folder finding paths are relative to (cwd for files, the repository root for git scans): baselines store paths from it. */
  fileBase: string;
  verify: VerifyOptions;
  loaded: LoadedConfig;
}

export function parseFormat(value: string | undefined): ReportFormat {
  if (value === undefined) return 'text';
  if ((FORMATS as readonly string[]).includes(value)) return value as ReportFormat;
  throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${value}"`);
}

/** Flag > env > config file > default, with the config looked up from `configStart` to `repoRoot`. */
export function resolveScanSettings(values: ScanFlagValues, io: CliIo, where: { configStart: string; repoRoot?: string; fileBase?: string }): ScanSettings {
  const format = parseFormat(values.format);
  if (values.quiet && values.verbose) throw new UsageError('--quiet and --verbose cannot be combined: choose one');
  // "-o -" is stdout, as most tools read it; a file literally named "-" is "-o ./-".
  const output = values.output === undefined || values.output === '-' ? undefined : path.resolve(io.cwd, values.output);
  if (values.output !== undefined && values.output.trim() === '') throw new UsageError('--output needs a file name (or - for stdout)');
  const loaded = loadConfig(where.configStart, { explicitPath: values.config, stopDir: where.repoRoot });
  const outputTty = output === undefined ? io.stdoutIsTTY : false;
  const colorAllowed = values['no-color'] !== true && format === 'text';
  return {
    format,
    output,
    color: colorAllowed && useColor(io, outputTty),
    verbose: values.verbose === true,
    quiet: values.quiet === true,
    allowIncomplete: values['allow-incomplete'] === true,
    baseline: values.baseline === undefined ? undefined : path.resolve(io.cwd, values.baseline),
    writeBaseline: values['write-baseline'] === undefined ? undefined : path.resolve(io.cwd, values['write-baseline']),
    fileBase: path.resolve(where.fileBase ?? io.cwd),
    verify: resolveVerifyOptions(values, io.env),
    loaded,
  };
}
