import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startFakeCencori, type FakeCencori } from '../helpers/fake-cencori.js';
import { createRepo, type TempRepo } from '../helpers/git-repo.js';
import { masked, secretKey } from '../helpers/keys.js';

/**
 * action.yml's steps run as GitHub runs a composite action: each `run:` script under bash with
 * the step's env, whose `${{ }}` expressions are filled from the event the way GitHub fills them,
 * in a real repository, verifying against the fake Cencori on 127.0.0.1.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8'));
const steps = action.runs.steps as Array<{ name: string; shell: string; env?: Record<string, string>; run: string }>;

let repo: TempRepo;
let cencori: FakeCencori;
beforeAll(async () => {
  cencori = await startFakeCencori();
});
afterAll(() => cencori.close());
afterEach(() => repo?.cleanup());

interface Context {
  inputs?: Record<string, string>;
  event?: { pull_request?: { base: { sha: string }; head: { sha: string } }; before?: string };
  sha?: string;
  actionPath?: string;
}

/** `${{ inputs.x }}`, `${{ github.… }}` as GitHub evaluates them (a missing property is ''). */
function expression(expr: string, ctx: Context): string {
  const defaults = Object.fromEntries(Object.entries(action.inputs as Record<string, { default: string }>).map(([k, v]) => [k, v.default]));
  const root: Record<string, unknown> = {
    inputs: { ...defaults, ...ctx.inputs },
    github: { action_path: ctx.actionPath ?? ROOT, event: ctx.event ?? {}, sha: ctx.sha ?? '' },
  };
  let value: unknown = root;
  for (const part of expr.trim().split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  return value === undefined || value === null ? '' : String(value);
}

function stepEnv(step: (typeof steps)[number], ctx: Context): Record<string, string> {
  return Object.fromEntries(Object.entries(step.env ?? {}).map(([name, value]) => [name, value.replace(/\$\{\{([^}]*)\}\}/g, (_, e: string) => expression(e, ctx))]));
}

/** Runs every step in order, stopping at the first failure, as a job does; async so the fake server answers. */
async function runAction(ctx: Context, cwd = repo.dir, extraEnv: Record<string, string> = {}): Promise<{ status: number; out: string }> {
  let out = '';
  for (const step of steps) {
    expect(step.shell).toBe('bash');
    const child = spawn('bash', ['-e', '-c', step.run], { cwd, env: { ...repo.env, CENCORI_API_URL: cencori.url, CENCORI_SCAN_OFFLINE: '', ...extraEnv, ...stepEnv(step, ctx) } });
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const status = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
    if (status !== 0) return { status, out };
  }
  return { status: 0, out };
}

describe('action.yml', () => {
  it('is a composite action whose steps take every input through env, and never fetch the scanner by name', () => {
    expect(action.runs.using).toBe('composite');
    const env = steps.map((s) => Object.values(s.env ?? {}).join(' ')).join(' ');
    for (const input of Object.keys(action.inputs)) expect(env).toContain(`inputs.${input} }}`);
    const scripts = steps.map((s) => s.run).join('\n');
    expect(scripts).not.toMatch(/\bnpx\b|eslint-plugin-cencori@|npm (install|i|exec) /);
    expect(scripts).toContain('"$CENCORI_ACTION_PATH/dist/cli.cjs"');
  });

  it("scans the pull request's commits once: annotations and SARIF from one scan, each key sent to Cencori once", async () => {
    repo = createRepo();
    const base = repo.commitFiles('base', { 'a.ts': 'const a = 1;\n' });
    const key = secretKey();
    cencori.set(key, 'live');
    const head = repo.commitFiles('leak', { 'src/leak.ts': `export const k = '${key}';\n` });
    const result = await runAction({ inputs: { 'sarif-file': 'out/cencori.sarif' }, event: { pull_request: { base: { sha: base }, head: { sha: head } } }, sha: head });
    expect(result.status).toBe(1);
    expect(result.out).toContain(`cencori-scan history --range ${base}..${head} --format github --sarif-output out/cencori.sarif`);
    expect(result.out).toMatch(/::error file=src\/leak\.ts,line=1,/);
    expect(result.out).toContain(masked(key));
    expect(result.out).not.toContain(key);
    const sarif = JSON.parse(readFileSync(path.join(repo.dir, 'out', 'cencori.sarif'), 'utf8'));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('src/leak.ts');
    expect(JSON.stringify(sarif)).not.toContain(key);
    expect(cencori.requestsFor(key)).toHaveLength(1);
  });

  it('passes when the key came before the pull request; on a push uses before..after; a new branch push scans all history', async () => {
    repo = createRepo();
    const base = repo.commitFiles('old key, already on main', { 'old.ts': `export const k = '${secretKey()}';\n` });
    const head = repo.commitFiles('clean change', { 'b.ts': 'const b = 2;\n' });
    const pr = await runAction({ event: { pull_request: { base: { sha: base }, head: { sha: head } } }, sha: head });
    expect(pr.status, pr.out).toBe(0);
    const push = await runAction({ event: { before: base }, sha: head });
    expect(push.status, push.out).toBe(0);
    expect(push.out).toContain(`--range ${base}..${head}`);
    const fullHistory = await runAction({ event: { before: '0'.repeat(40) }, sha: head });
    expect(fullHistory.status).toBe(1);
  });

  describe('in a shallow checkout (actions/checkout fetches one commit by default)', () => {
    let origin: TempRepo;
    let base: string;
    let head: string;
    let key: string;
    beforeAll(() => {
      origin = createRepo();
      origin.commitFiles('old key on main', { 'old.ts': `export const k = '${secretKey()}';\n` });
      for (let i = 0; i < 5; i++) origin.commitFiles(`main ${i}`, { [`m${i}.ts`]: `export const m = ${i};\n` });
      base = origin.git('rev-parse', 'HEAD').trim();
      origin.git('checkout', '-q', '-b', 'feature', 'HEAD~3');
      key = secretKey();
      origin.commitFiles('leak on the branch', { 'src/leak.ts': `export const k = '${key}';\n` });
      head = origin.commitFiles('more', { 'src/more.ts': 'export const more = 1;\n' });
    });
    afterAll(() => origin.cleanup());

    const shallowClone = (): TempRepo => {
      const r = createRepo({ init: false });
      const clone = spawnSync('git', ['clone', '-q', '--depth=1', '--branch', 'main', `file://${origin.dir}`, r.dir], { env: r.env, encoding: 'utf8' });
      if (clone.status !== 0) throw new Error(clone.stderr);
      return r;
    };

    it('fetches the range and its merge base: the branch\'s key is found, the old key on main is not', async () => {
      repo = shallowClone();
      expect(repo.git('rev-parse', '--is-shallow-repository').trim()).toBe('true');
      const result = await runAction({ inputs: { format: 'json' }, event: { pull_request: { base: { sha: base }, head: { sha: head } } }, sha: head });
      expect(result.status, result.out).toBe(1);
      const report = JSON.parse(result.out.slice(result.out.indexOf('{'), result.out.lastIndexOf('}') + 1));
      expect(report.findings.map((f: { file: string }) => f.file)).toEqual(['src/leak.ts']);
      expect(result.out).toContain(masked(key));
    });

    it('says in one line what to set when the commits cannot be fetched', async () => {
      repo = shallowClone();
      repo.git('remote', 'set-url', 'origin', path.join(repo.dir, 'nowhere'));
      const result = await runAction({ event: { pull_request: { base: { sha: base }, head: { sha: head } } }, sha: head });
      expect(result.status).toBe(2);
      expect(result.out.trim().split('\n').filter((l) => l.startsWith('::error::'))).toEqual([
        `::error::cencori-scan: this checkout is shallow and the commits of ${base}..${head} (with their merge base) could not be fetched from origin: set fetch-depth: 0 on actions/checkout`,
      ]);
    });
  });

  it('builds the scanner in its own checkout when dist/ is absent (npm ci from the lock file, then tsup)', async () => {
    repo = createRepo();
    const head = repo.commitFiles('clean', { 'a.ts': 'const a = 1;\n' });
    const actionPath = mkdtempSync(path.join(tmpdir(), 'cencori-action-'));
    try {
      // The action's checkout: the repository's tracked files, without dist/ (which git does not track).
      const tracked = spawnSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).stdout.split('\0').filter(Boolean);
      for (const file of tracked) if (existsSync(path.join(ROOT, file))) cpSync(path.join(ROOT, file), path.join(actionPath, file));
      expect(existsSync(path.join(actionPath, 'dist'))).toBe(false);
      // npm's cache from this machine's installs, as a runner's setup-node cache would give.
      const result = await runAction({ event: { before: head }, sha: head, actionPath }, repo.dir, { npm_config_prefer_offline: 'true', HOME: process.env.HOME ?? '' });
      expect(result.status, result.out).toBe(0);
      expect(existsSync(path.join(actionPath, 'dist', 'cli.cjs'))).toBe(true);
      expect(result.out).toContain('cencori-scan: scanned 0 commits');
    } finally {
      rmSync(actionPath, { recursive: true, force: true });
    }
  }, 600_000);
});
