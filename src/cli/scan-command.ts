import type { ParseArgsConfig } from 'node:util';
import { describeBundleRoots, hiddenPublishableNote } from '../report/index.js';
import { detectInUnits, type Enrich } from '../scan/detect-units.js';
import { newStats, type ScanStats, type ScanUnit } from '../scan/model.js';
import { tellsHiddenPublishable, type PolicyInput } from '../scan/policy.js';
import { finishScan } from './finish-scan.js';
import { prepareOutputFile } from './output-file.js';
import type { CliIo, CommandResult } from './io.js';
import { parseFlags } from './parse.js';
import { SCAN_FLAGS, SCAN_FLAGS_HELP, resolveScanSettings, type ScanFlagValues, type ScanSettings } from './scan-options.js';

/** Parsed flags of a scan command: the shared ones plus its own. */
export type FlagValues = ScanFlagValues & Record<string, string | boolean | undefined>;

export interface OpenContext {
  values: FlagValues;
  positionals: string[];
  io: CliIo;
  stats: ScanStats;
}

/** A source, opened: where its paths start, and its units once the settings are known. */
export interface OpenedSource {
  /** The config is looked up from cwd up to here. */
  repoRoot?: string;
  /** Finding paths are relative to this (default cwd); baselines store paths from it. */
  fileBase?: string;
  /**
   * Nothing to scan: this note on stderr, exit 0 (staged with an empty index). A promise when the
   * source only knows after the settings are resolved (staged: once git's diff is read).
   */
  nothing?: string | Promise<string | undefined>;
  units(settings: ScanSettings): Promise<AsyncIterable<ScanUnit> | Iterable<ScanUnit>>;
  /** Runs after detection on each unit's detections (bundle: source-map tracing). */
  enrich?: Enrich;
  /** Printed before the tail's stderr (bundle: which roots were read). */
  roots?: () => ReadonlyArray<{ display: string; label: string; notes: readonly string[] }>;
  /** Always called once the units are read or the scan failed: stop git, clear the progress bar. */
  close?: () => void;
}

/**
 * One scan command: everything that differs between files, staged, history and bundle. A new
 * source is a source file (src/sources) plus one entry of this shape in scan-commands.ts.
 */
export interface ScanCommand {
  summary: string;
  /** Usage and description; the shared flags' help is appended. */
  help: string;
  /** Flags beyond SCAN_FLAGS. */
  flags?: NonNullable<ParseArgsConfig['options']>;
  positionals: boolean;
  /** What the summary line counts: "files", "commits", ... */
  unit: string;
  /** Policy inputs this source brings (client output, history's once-per-key). */
  policy?: Pick<PolicyInput, 'clientOutput' | 'oncePerKey'>;
  /** Step 1 of the next steps after a block: how to take the key out, in this source's terms. */
  remove: string;
  /** Loads the source's modules (lazily: the hook must stay cheap) and opens it. */
  open(context: OpenContext): Promise<OpenedSource>;
}

export function scanHelp(command: ScanCommand): string {
  return `${command.help}\n\n${SCAN_FLAGS_HELP}`;
}

/** parse → help → source (root) → settings → units → detect → enrich → policy → tail. */
export async function runScanCommand(name: string, command: ScanCommand, args: string[], io: CliIo): Promise<CommandResult> {
  const { values, positionals } = parseFlags(args, { ...SCAN_FLAGS, ...command.flags }, name, command.positionals);
  if (values.help) return { exitCode: 0, stdout: `${scanHelp(command)}\n`, stderr: '' };
  const flags = values as FlagValues;
  const stats = newStats(command.unit);
  const source = await command.open({ values: flags, positionals, io, stats });
  let settings: ScanSettings;
  let policy: PolicyInput;
  let found: Awaited<ReturnType<typeof detectInUnits>>;
  try {
    settings = resolveScanSettings(flags, io, { configStart: io.cwd, repoRoot: source.repoRoot, fileBase: source.fileBase });
    const nothing = await source.nothing;
    if (nothing !== undefined) return { exitCode: 0, stdout: '', stderr: settings.quiet ? '' : nothing };
    // Before reading anything: an output path that cannot be written fails now, not after the scan.
    if (settings.output) prepareOutputFile(settings.output, 'report');
    if (settings.sarifOutput) prepareOutputFile(settings.sarifOutput, 'SARIF report');
    if (settings.writeBaseline) prepareOutputFile(settings.writeBaseline, 'baseline');
    policy = { config: settings.loaded.config, verbose: settings.verbose, ...command.policy };
    found = await detectInUnits(await source.units(settings), policy, source.enrich);
  } finally {
    source.close?.();
  }
  const result = await finishScan(found.detections, stats, settings, {
    allowed: found.allowed,
    steps: { command: name, remove: command.remove },
    generated: command.policy?.clientOutput === true,
  });
  const hidden = !settings.quiet && tellsHiddenPublishable(policy, found.hiddenPublishable.size) ? hiddenPublishableNote(found.hiddenPublishable.size) : '';
  const roots = source.roots && !settings.quiet ? describeBundleRoots(source.roots()) : '';
  return { ...result, stderr: roots + hidden + result.stderr };
}
