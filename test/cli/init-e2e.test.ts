import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hookBlock } from '../../src/cli/commands/init.js';
import { createRepo, type TempRepo } from '../helpers/git-repo.js';
import { masked, secretKey } from '../helpers/keys.js';

/**
 * The whole path a user takes: the package as npm would ship it (npm pack of the built tree),
 * installed in a fresh repository, `cencori-scan init`, then real `git commit`s through the hook.
 * One npm install for the file: the package and lint-staged (init's own husky install is what is under test).
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let repo: TempRepo;
let packDir: string;
let env: NodeJS.ProcessEnv;

function sh(command: string, args: string[]) {
  const result = spawnSync(command, args, { cwd: repo.dir, env, encoding: 'utf8' });
  return { status: result.status ?? 1, out: `${result.stdout}${result.stderr}` };
}

beforeAll(() => {
  if (!existsSync(path.join(ROOT, 'dist', 'cli.cjs'))) throw new Error('dist/ is missing: run "npx tsup" (npm test builds first)');
  packDir = mkdtempSync(path.join(tmpdir(), 'cencori-pack-'));
  const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', packDir], { cwd: ROOT, encoding: 'utf8' });
  if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
  const tarball = path.join(packDir, readdirSync(packDir).find((f) => f.endsWith('.tgz'))!);
  repo = createRepo();
  // The user's npm cache and registry settings (HOME), with git config still isolated.
  // Offline: the hook would otherwise ask Cencori about the key, and Cencori is not reachable from tests.
  env = { ...repo.env, HOME: process.env.HOME, npm_config_update_notifier: 'false', CENCORI_SCAN_OFFLINE: '1' };
  repo.write('package.json', `${JSON.stringify({ name: 'leaky-app', version: '1.0.0', private: true }, null, 2)}\n`);
  repo.write('.gitignore', 'node_modules/\n');
  // lint-staged 16: the last major that runs on Node 20 (17 needs Node 22).
  const install = sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--save-dev', tarball, 'lint-staged@^16']);
  if (install.status !== 0) throw new Error(`npm install failed: ${install.out}`);
}, 300_000);

afterAll(() => {
  repo?.cleanup();
  if (packDir) rmSync(packDir, { recursive: true, force: true });
});

describe('cencori-scan init, end to end', () => {
  it('installs husky and the hook, and says so', () => {
    const init = sh('npx', ['--no', '--', 'cencori-scan', 'init']);
    expect(init.status, init.out).toBe(0);
    expect(init.out).toContain('installed husky');
    expect(init.out).not.toContain('--no-verify');
    expect(readFileSync(path.join(repo.dir, '.husky', 'pre-commit'), 'utf8')).toBe(hookBlock('pre-commit', false, undefined));
    expect(existsSync(path.join(repo.dir, 'node_modules', 'husky', 'package.json'))).toBe(true);
    const again = sh('npx', ['--no', '--', 'cencori-scan', 'init']);
    expect(again.status).toBe(0);
    expect(again.out).not.toContain('installed husky');
    expect(readFileSync(path.join(repo.dir, '.husky', 'pre-commit'), 'utf8')).toBe(hookBlock('pre-commit', false, undefined));
  }, 180_000);

  it('a commit adding a secret key fails, HEAD unchanged, naming file:line and the masked key only', () => {
    repo.git('add', '.');
    repo.commit('set up the hook');
    const head = repo.git('rev-parse', 'HEAD').trim();
    const key = secretKey();
    repo.write('src/api.ts', `import { Cencori } from 'cencori';\nexport const client = new Cencori({ apiKey: '${key}' });\n`);
    repo.git('add', 'src/api.ts');
    const commit = sh('git', ['commit', '-m', 'add api client']);
    expect(commit.status).not.toBe(0);
    expect(repo.git('rev-parse', 'HEAD').trim()).toBe(head);
    expect(commit.out).toContain(`src/api.ts:2:`);
    expect(commit.out).toContain(masked(key));
    expect(commit.out).not.toContain(key);
    repo.git('reset', '-q', 'src/api.ts');
    repo.remove('src/api.ts');
  }, 60_000);

  it('a clean commit goes through', () => {
    const head = repo.git('rev-parse', 'HEAD').trim();
    repo.write('src/api.ts', `export const client = new Cencori({ apiKey: process.env.CENCORI_API_KEY });\n`);
    repo.git('add', 'src/api.ts');
    const commit = sh('git', ['commit', '-m', 'read the key from env']);
    expect(commit.status, commit.out).toBe(0);
    expect(repo.git('rev-parse', 'HEAD^').trim()).toBe(head);
    expect(commit.out).toMatch(/cencori-scan: scanned 1 staged file .*no keys found/);
  }, 60_000);

  it('`git commit -a` and `git commit <path>` (a temporary index, GIT_INDEX_FILE) are checked too', () => {
    const head = repo.git('rev-parse', 'HEAD').trim();
    const key = secretKey();
    repo.write('src/api.ts', `export const client = new Cencori({ apiKey: '${key}' });\n`);
    for (const args of [['commit', '-a', '-m', 'all'], ['commit', '-m', 'only', '--', 'src/api.ts']]) {
      const commit = sh('git', args);
      expect(commit.status, `git ${args.join(' ')}`).not.toBe(0);
      expect(commit.out).toContain(`src/api.ts:1:`);
      expect(repo.git('rev-parse', 'HEAD').trim()).toBe(head);
    }
    repo.git('checkout', '--', 'src/api.ts');
    repo.git('reset', '-q');
  }, 60_000);

  it('the README lint-staged recipe runs the staged scan once and fails on a staged key', () => {
    repo.write('lint-staged.config.mjs', "export default {\n  '*': () => 'cencori-scan staged',\n};\n");
    const key = secretKey();
    repo.write('src/leak.ts', `export const k = '${key}';\n`);
    repo.git('add', 'src/leak.ts', 'lint-staged.config.mjs');
    const leaky = sh('npx', ['--no', '--', 'lint-staged']);
    expect(leaky.status, leaky.out).not.toBe(0);
    expect(leaky.out).toContain(masked(key));
    expect(leaky.out).not.toContain(key);
    repo.write('src/leak.ts', 'export const k = process.env.CENCORI_API_KEY;\n');
    repo.git('add', 'src/leak.ts');
    const clean = sh('npx', ['--no', '--', 'lint-staged']);
    expect(clean.status, clean.out).toBe(0);
  }, 60_000);
});
