import path from 'node:path';
import { repoRootOf } from '../../git/index.js';
import { finishScan } from '../../scan/finish.js';
import { newStats } from '../../scan/stats.js';
import { findBundleRoots, scanBundle, type BundleRoot } from '../../sources/bundle.js';
import { displayPath } from '../../sources/unit.js';
import type { CliIo, CommandResult } from '../io.js';
import { parseFlags } from '../parse.js';
import { SCAN_FLAGS, SCAN_FLAGS_HELP, resolveScanSettings, type ScanSettings } from '../scan-options.js';

export const BUNDLE_HELP = `Usage: cencori-scan bundle [DIR...] [options]

Scans what the browser downloads for Cencori keys, and traces each one back to the source
line (and env var) it came from through the build's source maps.

Without DIR it scans the client output found in the current folder: Next.js .next/static plus
prerendered pages and RSC payloads under .next/server/app and .next/server/pages (not the rest
of .next/server, which is server code), out/, dist/, build/, .svelte-kit/output/client/,
.output/public/ and .vercel/output/static/. A DIR is scanned whole (a Next.js dist folder keeps
its server code out; a folder with client/ and server/ is scanned through client/ only).
.gitignore does not apply: build output is normally ignored. Scanned: .js .mjs .cjs .css .html
.json .rsc .txt .map (and Next.js .body/.meta).

Every secret key found blocks. Publishable keys are meant for browsers: they are only reported
with --verbose (as warnings) or when the config sets "publishable": "block".

${SCAN_FLAGS_HELP}`;

function describeRoots(roots: readonly BundleRoot[], cwd: string): string {
  const lines = roots.map((root) => {
    const notes = root.notes.length > 0 ? `: ${root.notes.join('; ')}` : '';
    return `  ${displayPath(root.dir, cwd, path) || '.'} (${root.label}${notes})`;
  });
  return `cencori-scan: scanning client output in\n${lines.join('\n')}\n`;
}

/**
 * Publishable keys in a bundle are expected, so the usual `warn` default stays quiet here:
 * --verbose shows them as warnings, "block" in the config blocks them, "off" always hides them.
 */
function reportsPublishable(settings: ScanSettings): boolean {
  const configured = settings.loaded.config.publishable;
  return configured === 'block' || (configured === 'warn' && settings.verbose);
}

export async function bundleCommand(args: string[], io: CliIo): Promise<CommandResult> {
  const { values, positionals } = parseFlags(args, SCAN_FLAGS, 'bundle', true);
  if (values.help) return { exitCode: 0, stdout: `${BUNDLE_HELP}\n`, stderr: '' };
  const repoRoot = await repoRootOf(io.cwd);
  const settings = resolveScanSettings(values, io, { configStart: io.cwd, repoRoot });
  const roots = await findBundleRoots(io.cwd, positionals);
  const stats = newStats('bundle files');
  const { detections, hiddenPublishable } = await scanBundle(
    {
      roots,
      cwd: io.cwd,
      ignore: settings.loaded.config.ignore,
      ignoreBase: settings.loaded.baseDir ?? path.resolve(io.cwd),
      reportPublishable: reportsPublishable(settings),
    },
    stats,
  );
  const result = await finishScan(detections, stats, settings);
  const hidden =
    hiddenPublishable.size > 0 && settings.loaded.config.publishable !== 'off'
      ? `cencori-scan: ${hiddenPublishable.size} publishable key${hiddenPublishable.size === 1 ? '' : 's'} not shown: expected in client bundles (--verbose shows ${hiddenPublishable.size === 1 ? 'it' : 'them'})\n`
      : '';
  return { ...result, stderr: describeRoots(roots, io.cwd) + hidden + result.stderr };
}
