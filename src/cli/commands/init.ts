import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ScanError } from '../../errors.js';
import { readConfigValue, repoRoot, tryHook } from '../../git/index.js';
import { maskKey, redactKeys } from '../../keys/index.js';
import type { CliIo, CommandResult } from '../io.js';
import { parseFlags } from '../parse.js';
import { packageManagerOf, type PackageManager } from './package-manager.js';

type HookName = 'pre-commit' | 'pre-push';

/**
 * The scan each hook runs. Called directly, not through npx: husky 9 puts node_modules/.bin on
 * PATH (its .husky/_/h: `export PATH="node_modules/.bin:$PATH"`), and npx's own start was most of
 * a commit's cost. pre-push passes git's arguments (remote name, URL) on; the refs come on stdin.
 */
export const HOOK_COMMANDS: Record<HookName, string> = {
  'pre-commit': 'cencori-scan staged',
  'pre-push': 'cencori-scan pre-push "$@"',
};
/** What init wrote before 0.1.1: replaced by the block below when init runs again. */
const LEGACY_LINE = 'npx --no -- cencori-scan staged';
const BLOCK_START = '# cencori-scan (added by "cencori-scan init")';

const INIT_FLAGS = { help: { type: 'boolean', short: 'h' }, 'no-pre-push': { type: 'boolean' } } as const;

export const INIT_HELP = `Usage: cencori-scan init [--no-pre-push]

Makes this repository refuse commits and pushes that add a Cencori key: installs husky v9 (with
the project's package manager: packageManager in package.json, else the lock file) if it is
missing, and puts "${HOOK_COMMANDS['pre-commit']}" in .husky/pre-commit and
"${HOOK_COMMANDS['pre-push']}" in .husky/pre-push (at the top of a hook that exists, so an
"exit" further down cannot skip it). Running it again changes nothing.

Then it proves it: it runs each hook as git would against a temporary index (and, for pre-push,
a temporary commit) holding a generated key, and fails unless the hook refuses it. Nothing is
committed, pushed or sent anywhere by that check.

The pre-push hook scans the commits a push would send that the remote does not have yet: it
catches a commit made with --no-verify or on a machine without the hook.
      --no-pre-push   install only the pre-commit hook

If core.hooksPath already points somewhere other than husky (another hook manager, a .githooks
folder), husky would take it over; init leaves it alone and adds the scan to that folder's hooks
instead. A hooks path outside the repository is never written to.`;

export const ALLOW_ADVICE = `To allow a false positive: put "cencori-scan:allow" in a comment on the key's line or the line
before it, or record accepted findings with "npx cencori-scan files --write-baseline .cencori-baseline.json"
and add "--baseline .cencori-baseline.json" to the hook line.`;

export const VERIFY_NOTE = `The hooks ask Cencori whether each key they find is live (the key is sent to the Cencori API,
nothing else): add --offline to the hook line, or set CENCORI_SCAN_OFFLINE=1, to send nothing.`;

interface Step {
  did: string;
}

export async function initCommand(args: string[], io: CliIo): Promise<CommandResult> {
  const { values } = parseFlags(args, INIT_FLAGS, 'init', false);
  if (values.help) return { exitCode: 0, stdout: `${INIT_HELP}\n`, stderr: '' };
  const hooks: HookName[] = values['no-pre-push'] ? ['pre-commit'] : ['pre-commit', 'pre-push'];
  const root = await repoRoot(io.cwd);
  const steps: Step[] = [];
  const hooksPath = await readConfigValue(root, 'core.hooksPath');
  const pm = existsSync(path.join(root, 'package.json')) ? packageManagerOf(root) : undefined;
  let hookDir: string;
  let ownPath: boolean;
  if (hooksPath && !isHuskyHooksPath(hooksPath.value)) {
    hookDir = path.resolve(root, hooksPath.value);
    const rel = path.relative(root, hookDir);
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      throw new ScanError(
        `core.hooksPath is ${hooksPath.value} (set in ${hooksPath.origin}), outside this repository; init does not write there. Add "${HOOK_COMMANDS['pre-commit']}" to ${path.join(hookDir, 'pre-commit')}, or unset core.hooksPath and run init again`,
      );
    }
    steps.push({ did: `core.hooksPath is already set to ${hooksPath.value} (by ${hooksPath.origin}); installing husky would replace it, so the scan goes into that folder's hooks instead` });
    ownPath = true;
  } else {
    if (!pm) throw new ScanError(`no package.json in ${root}: husky is installed as a dev dependency (run "npm init -y" first), or add "${HOOK_COMMANDS['pre-commit']}" to your own pre-commit hook`);
    ensureHusky(root, pm, io, steps);
    hookDir = path.join(root, '.husky');
    ownPath = false;
  }
  for (const hook of hooks) addHookBlock(root, path.join(hookDir, hook), hook, ownPath, pm, steps);
  const failures = hooks.map((hook) => proveHook(root, hook, io.env, steps)).filter((f): f is string => f !== undefined);
  const rel = (hook: HookName) => path.relative(root, path.join(hookDir, hook)).split(path.sep).join('/');
  const lines = steps.map((s) => `- ${s.did}`);
  if (failures.length > 0) {
    return { exitCode: 2, stdout: `${lines.join('\n')}\n`, stderr: failures.map((f) => `cencori-scan: error: ${f}\n`).join('') };
  }
  lines.push(`Commits that add a Cencori secret key now fail (${rel('pre-commit')} runs "${HOOK_COMMANDS['pre-commit']}").`);
  if (hooks.includes('pre-push')) lines.push(`Pushes of commits that add one fail too (${rel('pre-push')} runs "${HOOK_COMMANDS['pre-push']}").`);
  lines.push(VERIFY_NOTE, ALLOW_ADVICE);
  return { exitCode: 0, stdout: `${lines.join('\n')}\n`, stderr: '' };
}

function isHuskyHooksPath(value: string): boolean {
  return /(^|\/)\.husky(\/_)?\/?$/.test(value.replace(/\\/g, '/'));
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', shell: process.platform === 'win32' });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? result.error.message : ''}`;
  return { ok: result.status === 0, output, missing: (result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT' };
}

const lastLine = (text: string) => text.trim().split('\n').pop() ?? '';

function ensureHusky(root: string, pm: PackageManager, io: CliIo, steps: Step[]): void {
  const pkgFile = path.join(root, 'package.json');
  const huskyBin = path.join(root, 'node_modules', 'husky', 'bin.js');
  if (!existsSync(huskyBin)) {
    const command = `${pm.name} ${pm.addDev.join(' ')}`;
    const result = run(pm.name, pm.addDev, root, io.env);
    if (result.missing) {
      throw new ScanError(`this project uses ${pm.name} (${pm.why}) but ${pm.name} is not installed here: ${pm.installHint}, then run init again (or install husky yourself: "${command}")`);
    }
    if (!result.ok) throw new ScanError(`${command} failed: ${lastLine(result.output)}`);
    if (!existsSync(huskyBin)) {
      throw new ScanError(`${command} ran, but husky is not in node_modules (Yarn Plug'n'Play keeps none): hooks need node_modules/.bin; set "nodeLinker: node-modules" in .yarnrc.yml and run init again`);
    }
    steps.push({ did: `installed husky (${command}; ${pm.name} because of ${pm.why})` });
  }
  // What `husky init` does, minus its sample hook: `husky init` overwrites .husky/pre-commit with "npm test".
  const text = readFileSync(pkgFile, 'utf8');
  const pkg = JSON.parse(text) as { scripts?: Record<string, string> };
  const prepare = pkg.scripts?.prepare;
  if (prepare === undefined || !/\bhusky\b/.test(prepare)) {
    pkg.scripts = { ...pkg.scripts, prepare: prepare ? `${prepare} && husky` : 'husky' };
    writeFileSync(pkgFile, `${JSON.stringify(pkg, null, /^\t/m.test(text) ? '\t' : 2)}\n`);
    steps.push({ did: `set package.json scripts.prepare to "${pkg.scripts.prepare}" (hooks install on every install)` });
  }
  const before = existsSync(path.join(root, '.husky', '_', 'h'));
  const result = run(process.execPath, [huskyBin], root, io.env);
  if (!result.ok || result.output.trim() !== '') throw new ScanError(`husky failed: ${lastLine(result.output) || 'no output'}`);
  if (!before) steps.push({ did: 'ran husky: git now runs hooks from .husky/ (core.hooksPath=.husky/_)' });
}

/**
 * The lines init puts in a hook. A guard first: without the package installed (a fresh clone
 * before `npm install`) the hook stops with a hint rather than pass silently or let npx fetch
 * whatever the registry calls "cencori-scan". pre-push keeps git's ref list (stdin) for the rest
 * of the hook: git-lfs and others read it too.
 */
export function hookBlock(hook: HookName, ownPath: boolean, pm: PackageManager | undefined): string {
  const install = pm ? `${pm.name} install` : 'npm install';
  const lines = [BLOCK_START];
  // husky's runner puts node_modules/.bin on PATH; a plain hooks folder gets the same here.
  if (ownPath) lines.push('PATH="node_modules/.bin:$PATH"');
  lines.push(
    `command -v cencori-scan >/dev/null 2>&1 || { echo "cencori-scan: not installed in this checkout (no node_modules/.bin/cencori-scan): run \\"${install}\\", then ${hook === 'pre-push' ? 'push' : 'commit'} again" >&2; exit 1; }`,
  );
  if (hook === 'pre-commit') {
    lines.push(`${HOOK_COMMANDS[hook]} || exit $?`);
  } else {
    lines.push(
      'cencori_refs=$(mktemp) && cat > "$cencori_refs" || exit 1',
      `${HOOK_COMMANDS[hook]} < "$cencori_refs" || { cencori_status=$?; rm -f "$cencori_refs"; exit $cencori_status; }`,
      'exec < "$cencori_refs"; rm -f "$cencori_refs"',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The lines of a shell script that run before anything can end it (an exit or exec at the top level). */
function liveLines(text: string): string[] {
  const live: string[] = [];
  for (const line of text.split('\n')) {
    const code = line.trim();
    if (code === '' || code.startsWith('#')) continue;
    if (/^(exit|exec)\b/.test(code)) break;
    live.push(code);
  }
  return live;
}

/** Puts the scan at the top of `file` (after a shebang) unless a live line runs it already. */
function addHookBlock(root: string, file: string, hook: HookName, ownPath: boolean, pm: PackageManager | undefined, steps: Step[]): void {
  const rel = path.relative(root, file).split(path.sep).join('/');
  const block = hookBlock(hook, ownPath, pm);
  const command = hook === 'pre-commit' ? /(^|[\s;&|(])cencori-scan\s+staged\b/ : /(^|[\s;&|(])cencori-scan\s+pre-push\b/;
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${ownPath ? '#!/bin/sh\n' : ''}${block}`, { mode: 0o755 });
    steps.push({ did: `created ${rel} running "${HOOK_COMMANDS[hook]}"` });
    return;
  }
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const legacy = lines.findIndex((line) => line.trim() === LEGACY_LINE);
  if (legacy !== -1 && liveLines(lines.slice(0, legacy + 1).join('\n')).includes(LEGACY_LINE)) {
    lines.splice(legacy, 1, ...block.trimEnd().split('\n'));
    writeFileSync(file, lines.join('\n'));
    steps.push({ did: `${rel}: replaced "${LEGACY_LINE}" by "${HOOK_COMMANDS[hook]}" (no npx start on every commit)` });
    return;
  }
  if (liveLines(text).some((line) => command.test(line))) {
    steps.push({ did: `${rel} already runs ${HOOK_COMMANDS[hook]}: unchanged` });
    return;
  }
  const shebang = lines[0]?.startsWith('#!') ? `${lines.shift()}\n` : '';
  writeFileSync(file, `${shebang}${block}${lines.join('\n')}${text.endsWith('\n') || text === '' ? '' : '\n'}`);
  chmodSync(file, 0o755);
  steps.push({ did: `added "${HOOK_COMMANDS[hook]}" at the top of the existing ${rel} (before anything that could end the hook early)` });
}

/** Runs the installed hook against a generated key; a reason when it did not refuse it. */
function proveHook(root: string, hook: HookName, env: NodeJS.ProcessEnv, steps: Step[]): string | undefined {
  const key = `csk_${randomBytes(24).toString('hex')}`;
  const file = 'cencori-scan-init-check.ts';
  let trial;
  try {
    trial = tryHook(root, hook, file, `export const key = '${key}';\n`, env);
  } catch (error) {
    return `could not check the ${hook} hook: ${error instanceof Error ? error.message : String(error)}`;
  }
  const rel = path.relative(root, trial.hookFile).split(path.sep).join('/');
  const said = lastLine(redactKeys(trial.output));
  if (trial.status === undefined) return `the ${hook} hook was written, but git would not run it: ${rel} is missing or not executable`;
  if (trial.status !== 0 && trial.output.includes(maskKey(key))) {
    steps.push({ did: `checked: ${rel} refused a ${hook === 'pre-commit' ? 'commit' : 'push'} holding a generated key (${maskKey(key)}, in a temporary ${hook === 'pre-commit' ? 'index' : 'index and commit'}: nothing committed, pushed or sent)` });
    return undefined;
  }
  if (trial.status === 0) {
    const off = rel.startsWith('.husky/') ? ' (husky skips every hook when HUSKY=0 is set, in the environment or in ~/.config/husky/init.sh)' : '';
    return `the ${hook} hook does not stop a key: ${rel} let a ${hook === 'pre-commit' ? 'commit' : 'push'} holding a generated key through${off}${said ? `; its last line: ${said}` : ''}`;
  }
  return `the ${hook} hook failed before it scanned anything (exit ${trial.status}): ${said || 'no output'}`;
}
