import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { packageManagerOf } from '../../src/cli/commands/package-manager.js';
import { createRepo, type TempRepo } from '../helpers/git-repo.js';
import { CLI, runBuiltCli } from '../helpers/hook-repo.js';

let repo: TempRepo;
afterEach(() => repo?.cleanup());

describe('which package manager init uses', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cencori-pm-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const project = (files: Record<string, string>, pkg: Record<string, unknown> = {}) => {
    const d = mkdtempSync(path.join(dir, 'p-'));
    writeFileSync(path.join(d, 'package.json'), JSON.stringify({ name: 'p', ...pkg }));
    for (const [f, text] of Object.entries(files)) writeFileSync(path.join(d, f), text);
    return d;
  };

  it.each([
    ['pnpm-lock.yaml', 'pnpm'],
    ['yarn.lock', 'yarn'],
    ['bun.lock', 'bun'],
    ['bun.lockb', 'bun'],
    ['package-lock.json', 'npm'],
  ])('a %s means %s', (lock, name) => {
    const pm = packageManagerOf(project({ [lock]: '' }));
    expect(pm.name).toBe(name);
    expect(pm.why).toBe(lock);
  });

  it('the packageManager field wins over a lock file (corepack obeys it too)', () => {
    const pm = packageManagerOf(project({ 'package-lock.json': '' }, { packageManager: 'pnpm@9.15.9+sha512.abc' }));
    expect(pm.name).toBe('pnpm');
    expect(pm.why).toBe('"packageManager": "pnpm@9.15.9+sha512.abc" in package.json');
  });

  it('nothing at all means npm; a pnpm workspace root gets --workspace-root', () => {
    expect(packageManagerOf(project({})).name).toBe('npm');
    expect(packageManagerOf(project({ 'pnpm-lock.yaml': '', 'pnpm-workspace.yaml': 'packages: []\n' })).addDev).toContain('--workspace-root');
  });
});

/** A PATH holding only node and git (and sh for hooks): whatever manager the project names is not installed. */
function barePath(base: string): string {
  const bin = path.join(base, 'bare-bin');
  mkdirSync(bin);
  for (const tool of ['git', 'sh', 'node']) {
    const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    symlinkSync(tool === 'node' ? process.execPath : found, path.join(bin, tool));
  }
  return bin;
}

describe('init when the project\'s package manager is not installed', () => {
  it.each([
    ['pnpm', { packageManager: 'pnpm@9.15.9' }, {}],
    ['yarn', {}, { 'yarn.lock': '# yarn lockfile v1\n' }],
    ['bun', { packageManager: 'bun@1.4.5' }, {}],
  ] as const)('%s: one line saying so and how to proceed, exit 2, nothing installed', (name, pkg, files) => {
    repo = createRepo();
    repo.write('package.json', JSON.stringify({ name: 'app', ...pkg }));
    for (const [f, text] of Object.entries(files)) repo.write(f, text);
    const result = runBuiltCli(repo, ['init'], { PATH: barePath(path.dirname(repo.dir)) });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`cencori-scan: error: this project uses ${name} (`);
    expect(result.stderr).toContain(`but ${name} is not installed here: install it (`);
    expect(result.stderr).toContain(`then run init again (or install husky yourself: "${name} add`);
    expect(result.stderr).not.toContain('ENOENT');
    expect(existsSync(path.join(repo.dir, 'node_modules'))).toBe(false);
  });
});

/**
 * The real managers, installed for this file into a temporary prefix from the npm registry
 * (npm i -g --prefix); a manager that cannot be installed here is skipped, saying why.
 */
const prefix = mkdtempSync(path.join(tmpdir(), 'cencori-pms-'));
const VERSIONS = { pnpm: 'pnpm@9', yarn: 'yarn@1', bun: 'bun@1' } as const;
const install = spawnSync('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', ...Object.values(VERSIONS)], { encoding: 'utf8', timeout: 240_000 });
const managerVersion = (name: string) => {
  const r = spawnSync(path.join(prefix, 'bin', name), ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
};
const available = Object.fromEntries(Object.keys(VERSIONS).map((name) => [name, install.status === 0 ? managerVersion(name) : undefined]));
for (const [name, version] of Object.entries(available)) {
  if (!version) console.warn(`skipping init with ${name}: "npm i -g ${VERSIONS[name as keyof typeof VERSIONS]}" into a temp prefix failed here (${(install.stderr || 'no binary').trim().split('\n').pop()})`);
}
afterAll(() => rmSync(prefix, { recursive: true, force: true }));

describe('init with the real package managers', () => {
  const cases = [
    { name: 'npm', how: 'no lock file', setup: {} as Record<string, string>, field: undefined as string | undefined, lock: 'package-lock.json' },
    { name: 'pnpm', how: 'packageManager field', setup: {}, field: 'pnpm', lock: 'pnpm-lock.yaml' },
    { name: 'yarn', how: 'yarn.lock', setup: { 'yarn.lock': '# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n# yarn lockfile v1\n' }, field: undefined, lock: 'yarn.lock' },
    { name: 'bun', how: 'packageManager field', setup: {}, field: 'bun', lock: 'bun.lock' },
  ];
  for (const c of cases) {
    const version = c.name === 'npm' ? 'system' : available[c.name];
    it.skipIf(!version)(`${c.name} (${c.how}): installs husky with it, installs and proves the hooks`, () => {
      repo = createRepo();
      const pkg: Record<string, unknown> = { name: 'app', version: '1.0.0', private: true };
      if (c.field) pkg.packageManager = `${c.field}@${version}`;
      repo.write('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
      for (const [f, text] of Object.entries(c.setup)) repo.write(f, text);
      // The scanner on PATH (as a global install would put it): the manager's install may prune node_modules/.bin.
      const scannerBin = path.join(path.dirname(repo.dir), 'scanner-bin');
      mkdirSync(scannerBin);
      symlinkSync(CLI, path.join(scannerBin, 'cencori-scan'));
      const env = { PATH: [scannerBin, path.join(prefix, 'bin'), process.env.PATH].join(path.delimiter), HOME: process.env.HOME, npm_config_update_notifier: 'false' };
      const result = runBuiltCli(repo, ['init'], env);
      expect(result.status, result.out).toBe(0);
      expect(result.stdout).toContain(`installed husky (${c.name} `);
      expect(existsSync(path.join(repo.dir, 'node_modules', 'husky', 'package.json'))).toBe(true);
      expect(JSON.parse(readFileSync(path.join(repo.dir, 'package.json'), 'utf8')).devDependencies.husky).toMatch(/^\^9/);
      expect(existsSync(path.join(repo.dir, c.lock)), `${c.lock} written`).toBe(true);
      expect(result.stdout).toMatch(/checked: \.husky\/_\/pre-commit refused a commit/);
      expect(result.stdout).toMatch(/checked: \.husky\/_\/pre-push refused a push/);
    }, 240_000);
  }
});
