import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ScanError } from '../../errors.js';
import { readConfigValue, repoRoot } from '../../git/index.js';
import type { CliIo, CommandResult } from '../io.js';
import { parseFlags } from '../parse.js';

/**
 * `npx --no` never downloads: without it, a repo where the package is not installed would have
 * npx fetch whatever the registry calls "cencori-scan" and run it on every commit.
 */
export const HOOK_LINE = 'npx --no -- cencori-scan staged';
const HOOK_MARKER = /cencori-scan\s+staged/;

const INIT_FLAGS = { help: { type: 'boolean', short: 'h' } } as const;

export const INIT_HELP = `Usage: cencori-scan init

Makes this repository refuse commits that add a Cencori key: installs husky v9 (with the
project's package manager) if it is missing, and adds "${HOOK_LINE}" to .husky/pre-commit
(appending to a hook that exists). Running it again changes nothing.

If core.hooksPath already points somewhere other than husky (another hook manager, a .githooks
folder), husky would take it over; init leaves it alone and adds the line to that folder's
pre-commit instead. A hooks path outside the repository is never written to.`;

export const ALLOW_ADVICE = `To allow a false positive: put "cencori-scan:allow" in a comment on the key's line or the line
before it, or record accepted findings with "npx cencori-scan files --write-baseline .cencori-baseline.json"
and add "--baseline .cencori-baseline.json" to the hook line.`;

interface Step {
  did: string;
}

export async function initCommand(args: string[], io: CliIo): Promise<CommandResult> {
  const { values } = parseFlags(args, INIT_FLAGS, 'init', false);
  if (values.help) return { exitCode: 0, stdout: `${INIT_HELP}\n`, stderr: '' };
  const root = await repoRoot(io.cwd);
  const steps: Step[] = [];
  const hooksPath = await readConfigValue(root, 'core.hooksPath');
  let hookFile: string;
  if (hooksPath && !isHuskyHooksPath(hooksPath.value)) {
    const dir = path.resolve(root, hooksPath.value);
    const rel = path.relative(root, dir);
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      throw new ScanError(
        `core.hooksPath is ${hooksPath.value} (set in ${hooksPath.origin}), outside this repository; init does not write there. Add "${HOOK_LINE}" to ${path.join(dir, 'pre-commit')}, or unset core.hooksPath and run init again`,
      );
    }
    steps.push({ did: `core.hooksPath is already set to ${hooksPath.value} (by ${hooksPath.origin}); installing husky would replace it, so the scan goes into that folder's pre-commit hook instead` });
    hookFile = path.join(dir, 'pre-commit');
    addHookLine(hookFile, true, steps);
  } else {
    ensureHusky(root, io, steps);
    hookFile = path.join(root, '.husky', 'pre-commit');
    addHookLine(hookFile, false, steps);
  }
  const rel = path.relative(root, hookFile).split(path.sep).join('/');
  const lines = [...steps.map((s) => `- ${s.did}`), `Commits that add a Cencori secret key now fail (${rel} runs "${HOOK_LINE}").`, ALLOW_ADVICE];
  return { exitCode: 0, stdout: `${lines.join('\n')}\n`, stderr: '' };
}

function isHuskyHooksPath(value: string): boolean {
  return /(^|\/)\.husky(\/_)?\/?$/.test(value.replace(/\\/g, '/'));
}

function packageManagerOf(root: string): { name: string; addDev: string[] } {
  if (existsSync(path.join(root, 'pnpm-lock.yaml'))) return { name: 'pnpm', addDev: ['add', '--save-dev', 'husky@^9'] };
  if (existsSync(path.join(root, 'yarn.lock'))) return { name: 'yarn', addDev: ['add', '--dev', 'husky@^9'] };
  if (existsSync(path.join(root, 'bun.lockb')) || existsSync(path.join(root, 'bun.lock'))) return { name: 'bun', addDev: ['add', '--dev', 'husky@^9'] };
  return { name: 'npm', addDev: ['install', '--save-dev', '--no-audit', '--no-fund', 'husky@^9'] };
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): { ok: boolean; output: string } {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', shell: process.platform === 'win32' });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? result.error.message : ''}`;
  return { ok: result.status === 0, output };
}

const lastLine = (text: string) => text.trim().split('\n').pop() ?? '';

function ensureHusky(root: string, io: CliIo, steps: Step[]): void {
  const pkgFile = path.join(root, 'package.json');
  if (!existsSync(pkgFile)) {
    throw new ScanError(`no package.json in ${root}: husky is installed as a dev dependency (run "npm init -y" first), or add "${HOOK_LINE}" to your own pre-commit hook`);
  }
  const huskyBin = path.join(root, 'node_modules', 'husky', 'bin.js');
  if (!existsSync(huskyBin)) {
    const pm = packageManagerOf(root);
    const result = run(pm.name, pm.addDev, root, io.env);
    if (!result.ok || !existsSync(huskyBin)) throw new ScanError(`${pm.name} ${pm.addDev.join(' ')} failed: ${lastLine(result.output)}`);
    steps.push({ did: `installed husky (${pm.name} ${pm.addDev.join(' ')})` });
  }
  // What `husky init` does, minus its sample hook: `husky init` overwrites .husky/pre-commit with "npm test".
  const text = readFileSync(pkgFile, 'utf8');
  const pkg = JSON.parse(text) as { scripts?: Record<string, string> };
  const prepare = pkg.scripts?.prepare;
  if (prepare === undefined || !/\bhusky\b/.test(prepare)) {
    pkg.scripts = { ...pkg.scripts, prepare: prepare ? `${prepare} && husky` : 'husky' };
    writeFileSync(pkgFile, `${JSON.stringify(pkg, null, /^\t/m.test(text) ? '\t' : 2)}\n`);
    steps.push({ did: `set package.json scripts.prepare to "${pkg.scripts.prepare}" (hooks install on every npm install)` });
  }
  const before = existsSync(path.join(root, '.husky', '_', 'h'));
  const result = run(process.execPath, [huskyBin], root, io.env);
  if (!result.ok || result.output.trim() !== '') throw new ScanError(`husky failed: ${lastLine(result.output) || 'no output'}`);
  if (!before) steps.push({ did: 'ran husky: git now runs hooks from .husky/ (core.hooksPath=.husky/_)' });
}

/** Appends the scan to `file` unless it is there already; creates the hook (executable) if missing. */
function addHookLine(file: string, needsShebang: boolean, steps: Step[]): void {
  const rel = path.basename(path.dirname(file)) + '/' + path.basename(file);
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${needsShebang ? '#!/bin/sh\n' : ''}${HOOK_LINE}\n`, { mode: 0o755 });
    steps.push({ did: `created ${rel} running "${HOOK_LINE}"` });
    return;
  }
  const text = readFileSync(file, 'utf8');
  if (HOOK_MARKER.test(text)) {
    steps.push({ did: `${rel} already runs cencori-scan staged: unchanged` });
    return;
  }
  writeFileSync(file, `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${HOOK_LINE}\n`);
  chmodSync(file, 0o755);
  steps.push({ did: `appended "${HOOK_LINE}" to the existing ${rel}` });
}
