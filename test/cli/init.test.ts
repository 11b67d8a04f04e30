import { cpSync, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { HOOK_LINE } from '../../src/cli/commands/init.js';
import { createRepo, type TempRepo } from '../helpers/git-repo.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let repo: TempRepo;
afterEach(() => repo?.cleanup());

const read = (file: string) => readFileSync(path.join(repo.dir, file), 'utf8');

/** A repo with a package.json and the real husky v9 package already in node_modules (no install needed). */
function repoWithHusky(): TempRepo {
  const r = createRepo();
  r.write('package.json', `${JSON.stringify({ name: 'app', version: '1.0.0', scripts: { test: 'vitest' } }, null, 2)}\n`);
  cpSync(path.join(ROOT, 'node_modules', 'husky'), path.join(r.dir, 'node_modules', 'husky'), { recursive: true });
  return r;
}

describe('cencori-scan init', () => {
  it('with husky present: sets it up, adds the hook, says how to allow a false positive, and is idempotent', async () => {
    repo = repoWithHusky();
    const first = await repo.scan(['init']);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(read('.husky/pre-commit')).toBe(`${HOOK_LINE}\n`);
    expect(repo.git('config', 'core.hooksPath').trim()).toBe('.husky/_');
    expect(JSON.parse(read('package.json')).scripts).toEqual({ test: 'vitest', prepare: 'husky' });
    expect(first.stdout).toContain('created .husky/pre-commit');
    expect(first.stdout).toContain('cencori-scan:allow');
    expect(first.stdout).toContain('--write-baseline');
    expect(first.stdout).not.toContain('--no-verify');

    const snapshot = ['.husky/pre-commit', 'package.json'].map(read);
    const second = await repo.scan(['init']);
    expect(second.exitCode).toBe(0);
    expect(['.husky/pre-commit', 'package.json'].map(read)).toEqual(snapshot);
    expect(second.stdout).toContain('already runs cencori-scan staged: unchanged');
    expect(second.stdout).not.toContain('--no-verify');
  });

  it('appends to an existing husky hook and keeps an existing prepare script', async () => {
    repo = repoWithHusky();
    const pkg = JSON.parse(read('package.json'));
    pkg.scripts.prepare = 'tsc -b';
    repo.write('package.json', JSON.stringify(pkg, null, '\t'));
    repo.write('.husky/pre-commit', 'npx lint-staged');
    const result = await repo.scan(['init']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(read('.husky/pre-commit')).toBe(`npx lint-staged\n${HOOK_LINE}\n`);
    expect(read('package.json')).toContain('\t"scripts"');
    expect(JSON.parse(read('package.json')).scripts.prepare).toBe('tsc -b && husky');
    expect(result.stdout).toContain('appended');
  });

  it('leaves a core.hooksPath set by something else in place and adds the scan to that folder', async () => {
    repo = createRepo();
    repo.git('config', 'core.hooksPath', '.githooks');
    repo.write('.githooks/pre-commit', '#!/bin/sh\n./scripts/check.sh\n');
    const result = await repo.scan(['init']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/core\.hooksPath is already set to \.githooks .*husky would replace it/);
    expect(read('.githooks/pre-commit')).toBe(`#!/bin/sh\n./scripts/check.sh\n${HOOK_LINE}\n`);
    expect(statSync(path.join(repo.dir, '.githooks/pre-commit')).mode & 0o111).not.toBe(0);
    expect(existsSync(path.join(repo.dir, 'node_modules'))).toBe(false);
    expect(repo.git('config', 'core.hooksPath').trim()).toBe('.githooks');
    await repo.scan(['init']);
    expect(read('.githooks/pre-commit')).toBe(`#!/bin/sh\n./scripts/check.sh\n${HOOK_LINE}\n`);
  });

  it('creates an executable hook with a shebang in a hooks folder that has none', async () => {
    repo = createRepo();
    repo.git('config', 'core.hooksPath', 'tools/hooks');
    const result = await repo.scan(['init']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(read('tools/hooks/pre-commit')).toBe(`#!/bin/sh\n${HOOK_LINE}\n`);
    expect(statSync(path.join(repo.dir, 'tools/hooks/pre-commit')).mode & 0o111).not.toBe(0);
  });

  it('refuses to write to a hooks path outside the repository, in one line', async () => {
    repo = createRepo();
    repo.git('config', 'core.hooksPath', '/tmp/somebody-elses-hooks');
    const result = await repo.scan(['init']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('core.hooksPath is /tmp/somebody-elses-hooks (set in local config .git/config), outside this repository');
    expect(existsSync('/tmp/somebody-elses-hooks/pre-commit')).toBe(false);
  });

  it('without package.json: exit 2 naming what to do', async () => {
    repo = createRepo();
    const result = await repo.scan(['init']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/no package\.json .*npm init -y/);
  });
});
