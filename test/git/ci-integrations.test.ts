import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createRepo, type TempRepo } from '../helpers/git-repo.js';
import { masked, secretKey } from '../helpers/keys.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

let repo: TempRepo;
afterEach(() => repo?.cleanup());

describe('.pre-commit-hooks.yaml', () => {
  it('declares a node hook that runs the staged scan on the index, not on file names', () => {
    const hooks = parse(readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8'));
    expect(hooks).toHaveLength(1);
    const [hook] = hooks;
    expect(hook).toMatchObject({ id: 'cencori-scan', entry: 'cencori-scan staged', language: 'node', pass_filenames: false, always_run: true });
    // pre-commit installs the package and runs its bin: the entry must be a bin the package declares.
    expect(Object.keys(pkg.bin)).toContain(hook.entry.split(' ')[0]);
  });
});

const hasPreCommit = spawnSync('pre-commit', ['--version']).status === 0;

describe('.pre-commit-hooks.yaml through the real pre-commit framework', () => {
  // pre-commit installs this repository the way it installs any node hook (npm install, npm pack,
  // npm install -g): slow (~30 s) and only where pre-commit is installed (Debian: apt-get install pre-commit).
  it.skipIf(!hasPreCommit)('pre-commit install: a commit adding a key fails, a clean one passes', () => {
    repo = createRepo();
    const env = { ...repo.env, HOME: process.env.HOME, PRE_COMMIT_HOME: path.join(path.dirname(repo.dir), 'pre-commit-home'), CENCORI_SCAN_OFFLINE: '1' };
    const run = (command: string, args: string[]) => {
      const r = spawnSync(command, args, { cwd: repo.dir, env, encoding: 'utf8' });
      return { status: r.status, out: `${r.stdout}${r.stderr}` };
    };
    // The committed tree of this package, as a user's config pins a tag.
    const rev = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
    repo.commitFiles('config', { '.pre-commit-config.yaml': `repos:\n  - repo: ${ROOT}\n    rev: ${rev}\n    hooks:\n      - id: cencori-scan\n` });
    const install = run('pre-commit', ['install']);
    expect(install.status, install.out).toBe(0);
    const head = repo.git('rev-parse', 'HEAD').trim();
    const key = secretKey();
    repo.write('a.js', `const k = '${key}';\n`);
    repo.git('add', '.');
    const leaky = run('git', ['commit', '-m', 'leak']);
    expect(leaky.status, leaky.out).not.toBe(0);
    expect(repo.git('rev-parse', 'HEAD').trim()).toBe(head);
    expect(leaky.out).toContain(`a.js:1:12  ${masked(key)}`);
    expect(leaky.out).not.toContain(key);
    repo.write('a.js', 'const k = process.env.CENCORI_API_KEY;\n');
    repo.git('add', '.');
    const clean = run('git', ['commit', '-m', 'clean']);
    expect(clean.status, clean.out).toBe(0);
  }, 300_000);
});

describe('action.yml', () => {
  const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8'));
  const step = action.runs.steps[0];

  /** Runs the action's script as GitHub would, in a repo where the package is installed (node_modules/.bin). */
  function runAction(env: Record<string, string>) {
    const bin = path.join(repo.dir, 'node_modules', '.bin');
    mkdirSync(bin, { recursive: true });
    try {
      symlinkSync(path.join(ROOT, 'dist', 'cli.js'), path.join(bin, 'cencori-scan'));
    } catch {
      // already linked
    }
    const inputs = Object.fromEntries(Object.entries(action.inputs as Record<string, { default: string }>).map(([name, spec]) => [name, spec.default]));
    const blank = Object.fromEntries(Object.keys(step.env).map((name) => [name, '']));
    const result = spawnSync('bash', ['-c', step.run], {
      cwd: repo.dir,
      env: {
        ...repo.env,
        ...blank,
        CENCORI_INPUT_FORMAT: inputs.format!,
        CENCORI_INPUT_VERSION: inputs.version!,
        CENCORI_SCAN_OFFLINE: '1',
        ...env,
      },
      encoding: 'utf8',
    });
    return { status: result.status, out: `${result.stdout}${result.stderr}` };
  }

  it('is a composite action whose step env covers every input', () => {
    expect(action.runs.using).toBe('composite');
    expect(step.shell).toBe('bash');
    for (const input of Object.keys(action.inputs)) {
      expect(Object.values(step.env).join(' ')).toContain(`inputs.${input} }}`);
    }
  });

  it("scans the pull request's commits: annotates and fails on a key they add, writes SARIF", () => {
    repo = createRepo();
    repo.write('a.ts', 'const a = 1;\n');
    repo.git('add', '.');
    const base = repo.commit('base');
    const key = secretKey();
    repo.write('src/leak.ts', `export const k = '${key}';\n`);
    repo.git('add', '.');
    const head = repo.commit('leak');
    const result = runAction({ CENCORI_BASE_SHA: base, CENCORI_HEAD_SHA: head, CENCORI_INPUT_SARIF: 'out/cencori.sarif' });
    expect(result.status).toBe(1);
    expect(result.out).toContain(`cencori-scan history --range ${base}..${head}`);
    expect(result.out).toMatch(/::error file=src\/leak\.ts,line=1,/);
    expect(result.out).toContain(masked(key));
    expect(result.out).not.toContain(key);
    const sarif = JSON.parse(readFileSync(path.join(repo.dir, 'out', 'cencori.sarif'), 'utf8'));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('src/leak.ts');
    expect(JSON.stringify(sarif)).not.toContain(key);
  });

  it('passes when the key came before the pull request, and on a push uses before..after', () => {
    repo = createRepo();
    repo.write('old.ts', `export const k = '${secretKey()}';\n`);
    repo.git('add', '.');
    const base = repo.commit('old key, already on main');
    repo.write('b.ts', 'const b = 2;\n');
    repo.git('add', '.');
    const head = repo.commit('clean change');
    const pr = runAction({ CENCORI_BASE_SHA: base, CENCORI_HEAD_SHA: head });
    expect(pr.status, pr.out).toBe(0);
    const push = runAction({ CENCORI_BEFORE: base, CENCORI_AFTER: head });
    expect(push.status, push.out).toBe(0);
    expect(push.out).toContain(`--range ${base}..${head}`);
    const fullHistory = runAction({ CENCORI_BEFORE: '0'.repeat(40), CENCORI_AFTER: head });
    expect(fullHistory.status).toBe(1);
  });
});
