import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HOOK_COMMANDS, hookBlock } from '../../src/cli/commands/init.js';
import { createRepo, type TempRepo } from '../helpers/git-repo.js';
import { linkBin, repoWithHusky, runBuiltCli, runIn } from '../helpers/hook-repo.js';
import { masked, secretKey } from '../helpers/keys.js';

let repo: TempRepo;
afterEach(() => repo?.cleanup());

const read = (file: string) => readFileSync(path.join(repo.dir, file), 'utf8');
const NPM_BLOCK = { 'pre-commit': hookBlock('pre-commit', false, undefined), 'pre-push': hookBlock('pre-push', false, undefined) };
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runBuiltCli(repo, args, env);

/** A real commit through the installed hook. */
function commitWithKey(file = 'src/leak.ts') {
  const key = secretKey();
  repo.write(file, `export const k = '${key}';\n`);
  repo.git('add', file);
  return { key, ...runIn(repo, 'git', ['commit', '-m', 'leak']) };
}

describe('cencori-scan init', () => {
  it('with husky present: installs both hooks, proves them, says verification is on and how to allow a false positive; idempotent', () => {
    repo = repoWithHusky();
    const first = cli(['init']);
    expect(first.status, first.out).toBe(0);
    expect(read('.husky/pre-commit')).toBe(NPM_BLOCK['pre-commit']);
    expect(read('.husky/pre-push')).toBe(NPM_BLOCK['pre-push']);
    expect(read('.husky/pre-commit')).toContain('\ncencori-scan staged || exit $?\n');
    expect(read('.husky/pre-commit')).not.toContain('npx');
    expect(repo.git('config', 'core.hooksPath').trim()).toBe('.husky/_');
    expect(JSON.parse(read('package.json')).scripts).toEqual({ test: 'vitest', prepare: 'husky' });
    expect(first.stdout).toContain('created .husky/pre-commit');
    expect(first.stdout).toMatch(/checked: \.husky\/_\/pre-commit refused a commit holding a generated key \(csk_[0-9a-f]{4}\.\.\./);
    expect(first.stdout).toMatch(/checked: \.husky\/_\/pre-push refused a push holding a generated key/);
    expect(first.stdout).toContain('ask Cencori whether each key they find is live');
    expect(first.stdout).toContain('CENCORI_SCAN_OFFLINE=1');
    expect(first.stdout).toContain('cencori-scan:allow');
    expect(first.stdout).toContain('--write-baseline');
    expect(first.stdout).not.toContain('--no-verify');
    expect(first.out).not.toMatch(/csk_[0-9a-f]{48}/);
    // The check left nothing behind: no commit, nothing staged, no branch, the index untouched.
    expect(repo.tryGit('rev-parse', '--verify', 'HEAD').status).not.toBe(0);
    expect(repo.git('status', '--porcelain', '--', 'cencori-scan-init-check.ts')).toBe('');
    expect(repo.git('for-each-ref')).toBe('');

    const snapshot = ['.husky/pre-commit', '.husky/pre-push', 'package.json'].map(read);
    const second = cli(['init']);
    expect(second.status, second.out).toBe(0);
    expect(['.husky/pre-commit', '.husky/pre-push', 'package.json'].map(read)).toEqual(snapshot);
    expect(second.stdout).toContain('.husky/pre-commit already runs cencori-scan staged: unchanged');
    expect(second.stdout).not.toContain('--no-verify');
  });

  it('--no-pre-push installs only the pre-commit hook', () => {
    repo = repoWithHusky();
    const result = cli(['init', '--no-pre-push']);
    expect(result.status, result.out).toBe(0);
    expect(existsSync(path.join(repo.dir, '.husky', 'pre-push'))).toBe(false);
    expect(result.stdout).not.toContain('pre-push');
  });

  it('puts the scan before an existing "exit 0", so a real commit with a key is refused', () => {
    repo = repoWithHusky();
    repo.write('.husky/pre-commit', 'npx lint-staged\nexit 0\n');
    const result = cli(['init', '--no-pre-push']);
    expect(result.status, result.out).toBe(0);
    expect(read('.husky/pre-commit')).toBe(`${NPM_BLOCK['pre-commit']}npx lint-staged\nexit 0\n`);
    expect(result.stdout).toContain('at the top of the existing .husky/pre-commit');
    repo.git('add', '.husky', 'package.json', '.gitignore');
    const commit = commitWithKey();
    expect(commit.status).not.toBe(0);
    expect(commit.out).toContain(`src/leak.ts:1:`);
    expect(commit.out).toContain(masked(commit.key));
  });

  it('a comment naming the command, or a line after "exit", is not "already installed"', () => {
    repo = repoWithHusky();
    repo.write('.husky/pre-commit', '# TODO: run cencori-scan staged here\nexit 0\ncencori-scan staged\n');
    const result = cli(['init', '--no-pre-push']);
    expect(result.status, result.out).toBe(0);
    expect(result.stdout).not.toContain('already runs');
    expect(read('.husky/pre-commit').startsWith(NPM_BLOCK['pre-commit'])).toBe(true);
  });

  it('replaces the npx line an earlier init wrote by the direct call', () => {
    repo = repoWithHusky();
    repo.write('.husky/pre-commit', 'echo checking\nnpx --no -- cencori-scan staged\n');
    const result = cli(['init', '--no-pre-push']);
    expect(result.status, result.out).toBe(0);
    expect(read('.husky/pre-commit')).toBe(`echo checking\n${NPM_BLOCK['pre-commit']}`);
    expect(result.stdout).toContain('replaced "npx --no -- cencori-scan staged"');
  });

  it('keeps an existing prepare script and the file\'s indentation', () => {
    repo = repoWithHusky();
    const pkg = JSON.parse(read('package.json'));
    pkg.scripts.prepare = 'tsc -b';
    repo.write('package.json', JSON.stringify(pkg, null, '\t'));
    const result = cli(['init']);
    expect(result.status, result.out).toBe(0);
    expect(read('package.json')).toContain('\t"scripts"');
    expect(JSON.parse(read('package.json')).scripts.prepare).toBe('tsc -b && husky');
  });

  it('without the package installed: the hook is written, the check fails and says why (exit 2)', () => {
    repo = repoWithHusky({ bin: false });
    const result = cli(['init', '--no-pre-push']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/the pre-commit hook failed before it scanned anything \(exit 1\): .*cencori-scan: not installed in this checkout .*run \\?"npm install\\?"/);
    // and a real commit is refused the same way, never let through
    const commit = commitWithKey();
    expect(commit.status).not.toBe(0);
    expect(commit.out).toContain('cencori-scan: not installed in this checkout');
  });

  it('with hooks turned off (HUSKY=0 in husky\'s init.sh) the check says the hook let a key through, and why', () => {
    repo = repoWithHusky();
    repo.write('../home/.config/husky/init.sh', 'export HUSKY=0\n');
    const result = cli(['init', '--no-pre-push']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('the pre-commit hook does not stop a key: .husky/_/pre-commit let a commit holding a generated key through (husky skips every hook when HUSKY=0');
  });

  it('leaves a core.hooksPath set by something else in place and adds the scan to that folder', () => {
    repo = createRepo();
    linkBin(repo);
    repo.git('config', 'core.hooksPath', '.githooks');
    repo.write('.githooks/pre-commit', '#!/bin/sh\n./scripts/check.sh\n');
    repo.write('scripts/check.sh', '#!/bin/sh\nexit 0\n');
    spawnSync('chmod', ['+x', path.join(repo.dir, '.githooks/pre-commit'), path.join(repo.dir, 'scripts/check.sh')]);
    const result = cli(['init']);
    expect(result.status, result.out).toBe(0);
    expect(result.stdout).toMatch(/core\.hooksPath is already set to \.githooks .*husky would replace it/);
    expect(read('.githooks/pre-commit')).toBe(`#!/bin/sh\n${hookBlock('pre-commit', true, undefined)}./scripts/check.sh\n`);
    expect(read('.githooks/pre-push')).toBe(`#!/bin/sh\n${hookBlock('pre-push', true, undefined)}`);
    expect(statSync(path.join(repo.dir, '.githooks/pre-push')).mode & 0o111).not.toBe(0);
    expect(existsSync(path.join(repo.dir, 'node_modules', 'husky'))).toBe(false);
    expect(repo.git('config', 'core.hooksPath').trim()).toBe('.githooks');
    expect(result.stdout).toContain('checked: .githooks/pre-commit refused a commit');
    const again = cli(['init']);
    expect(again.status, again.out).toBe(0);
    expect(read('.githooks/pre-commit')).toBe(`#!/bin/sh\n${hookBlock('pre-commit', true, undefined)}./scripts/check.sh\n`);
  });

  it('refuses to write to a hooks path outside the repository, in one line', () => {
    repo = createRepo();
    repo.git('config', 'core.hooksPath', '/tmp/somebody-elses-hooks');
    const result = cli(['init']);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('core.hooksPath is /tmp/somebody-elses-hooks (set in local config .git/config), outside this repository');
    expect(existsSync('/tmp/somebody-elses-hooks/pre-commit')).toBe(false);
  });

  it('without package.json: exit 2 naming what to do', () => {
    repo = createRepo();
    const result = cli(['init']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/no package\.json .*npm init -y/);
    expect(result.stderr).toContain(HOOK_COMMANDS['pre-commit']);
  });
});
