import { utimesSync, writeFileSync, rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { describeEvidence, projectEnvFor, projectRootOf, secretEnvVarsFor } from '../../src/env/index.js';
import { dotenvCliFiles, envSourcesOf } from '../../src/env/env-sources.js';
import { createProject, type TempProject } from '../helpers/project.js';
import { makeKey, masked } from '../helpers/keys.js';

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

// mtime in whole seconds from a fixed point, so an edit within the same millisecond still counts as one.
let clock = 1_700_000_000;
function rewrite(file: string, text: string): void {
  writeFileSync(file, text);
  clock += 10;
  utimesSync(file, clock, clock);
}

describe('projectRootOf', () => {
  it('is the nearest directory with a package.json', () => {
    project = createProject({ 'apps/web/package.json': '{}', 'apps/web/src/page.tsx': '' });
    expect(projectRootOf(project.path('apps/web/src/page.tsx'))).toBe(project.path('apps/web'));
    expect(projectRootOf(project.path('README.md'))).toBe(project.dir);
  });
});

describe('projectEnvFor', () => {
  it('finds a secret key written directly, with its file and line, masked', () => {
    const key = makeKey('secret-live');
    project = createProject({ '.env.local': `# keys\nOTHER=1\nMY_AI_TOKEN=${key}\n`, 'src/a.ts': '' });
    const evidence = secretEnvVarsFor(project.path('src/a.ts')).get('MY_AI_TOKEN');
    expect(evidence).toEqual({ name: 'MY_AI_TOKEN', kind: 'secret', file: '.env.local', line: 3, masked: masked(key) });
    expect(describeEvidence(evidence!)).toBe(`.env.local:3 sets it to ${masked(key)}`);
  });

  it('follows $VAR expansion across files, as NEXT_PUBLIC_X=$CENCORI_API_KEY works in Next.js', () => {
    const key = makeKey('secret-test');
    project = createProject({ '.env': `CENCORI_API_KEY="${key}"\n`, '.env.development': 'NEXT_PUBLIC_AI_KEY=${CENCORI_API_KEY}\n', 'a.ts': '' });
    const evidence = projectEnvFor(project.path('a.ts')).vars.get('NEXT_PUBLIC_AI_KEY');
    expect(evidence).toMatchObject({ kind: 'secret', file: '.env.development', line: 1, via: 'CENCORI_API_KEY', masked: masked(key) });
    expect(describeEvidence(evidence!)).toBe(`.env.development:1 sets it to $CENCORI_API_KEY (${masked(key)})`);
  });

  it('does not expand a single-quoted value', () => {
    project = createProject({ '.env': `CENCORI_API_KEY=${makeKey()}\nVITE_LABEL='$CENCORI_API_KEY'\n`, 'a.ts': '' });
    expect(projectEnvFor(project.path('a.ts')).vars.has('VITE_LABEL')).toBe(false);
  });

  it('tells publishable keys apart from secret ones', () => {
    project = createProject({ '.env': `NEXT_PUBLIC_CENCORI_KEY=${makeKey('publishable-live')}\n`, 'a.ts': '' });
    expect(projectEnvFor(project.path('a.ts')).vars.get('NEXT_PUBLIC_CENCORI_KEY')?.kind).toBe('publishable');
    expect(secretEnvVarsFor(project.path('a.ts')).size).toBe(0);
  });

  it('counts a secret key in any mode: .env.production alone is enough', () => {
    project = createProject({ '.env.production': `VITE_KEY=${makeKey()}\n`, '.env.development': `VITE_KEY=${makeKey('publishable-test')}\n`, 'a.ts': '' });
    expect(secretEnvVarsFor(project.path('a.ts')).get('VITE_KEY')?.file).toBe('.env.production');
  });

  it('counts other modes whose files exist (vite build --mode staging), but not templates', () => {
    project = createProject({
      '.env.staging.local': `VITE_STAGING_KEY=${makeKey()}\n`,
      '.env.example': `VITE_EXAMPLE_KEY=${makeKey()}\n`,
      '.env.local.sample': `VITE_SAMPLE_KEY=${makeKey()}\n`,
      'a.ts': '',
    });
    expect([...secretEnvVarsFor(project.path('a.ts')).keys()]).toEqual(['VITE_STAGING_KEY']);
  });

  it("follows Next's priority: .env.local outranks .env in the same mode", () => {
    project = createProject({ '.env': `VITE_KEY=${makeKey()}\n`, '.env.local': 'VITE_KEY=not-a-key\n', 'a.ts': '' });
    expect(secretEnvVarsFor(project.path('a.ts')).has('VITE_KEY')).toBe(false);
  });

  it('ignores placeholders and docs examples', () => {
    project = createProject({ '.env': `CENCORI_API_KEY=csk_${'0'.repeat(48)}\nB=csk_your_key_here\n`, 'a.ts': '' });
    expect(projectEnvFor(project.path('a.ts')).vars.size).toBe(0);
  });

  it('survives a malformed .env file', () => {
    const key = makeKey();
    project = createProject({ '.env': `garbage line\n"unterminated\n=\nGOOD=${key}\n\u0000`, 'a.ts': '' });
    expect(secretEnvVarsFor(project.path('a.ts')).get('GOOD')?.line).toBe(4);
  });

  it('sees an edit as soon as the mtime changes, even at the same size', () => {
    const key = makeKey();
    project = createProject({ 'a.ts': '' });
    const envFile = project.path('.env');
    rewrite(envFile, `X_KEY=${key}\n`);
    expect(secretEnvVarsFor(project.path('a.ts')).has('X_KEY')).toBe(true);
    // Same length, now a placeholder: only the mtime tells the cache.
    rewrite(envFile, `X_KEY=csk_${'a'.repeat(48)}\n`);
    expect(secretEnvVarsFor(project.path('a.ts')).has('X_KEY')).toBe(false);
    rewrite(envFile, `X_KEY=${key}\n`);
    expect(secretEnvVarsFor(project.path('a.ts')).has('X_KEY')).toBe(true);
  });

  it('notices .env files created and deleted between runs', () => {
    project = createProject({ 'a.ts': '' });
    expect(secretEnvVarsFor(project.path('a.ts')).size).toBe(0);
    project.write('.env.test.local', `T_KEY=${makeKey('secret-test')}\n`);
    expect([...secretEnvVarsFor(project.path('a.ts')).keys()]).toEqual(['T_KEY']);
    rmSync(project.path('.env.test.local'));
    expect(secretEnvVarsFor(project.path('a.ts')).size).toBe(0);
  });

  it('never holds a full key in what it returns', () => {
    const key = makeKey();
    project = createProject({ '.env': `CENCORI_API_KEY=${key}\nNEXT_PUBLIC_K=$CENCORI_API_KEY\n`, 'a.ts': '' });
    const vars = projectEnvFor(project.path('a.ts')).vars;
    expect(vars.size).toBe(2);
    expect(JSON.stringify([...vars.values()])).not.toContain(key);
  });
});

describe('env sources in a monorepo', () => {
  it('reads a plain package from itself up to the workspace root, nearest first', () => {
    const rootKey = makeKey();
    const pkgKey = makeKey();
    project = createProject(
      {
        'pnpm-workspace.yaml': "packages: ['packages/*']\n",
        '.env': `SHARED_KEY=${rootKey}\nLOCAL_KEY=${rootKey}\n`,
        'packages/lib/package.json': '{"name":"lib"}',
        'packages/lib/.env': `LOCAL_KEY=${pkgKey}\n`,
        'packages/lib/src/a.ts': '',
      },
      { name: 'root', private: true },
    );
    const secrets = secretEnvVarsFor(project.path('packages/lib/src/a.ts'));
    expect(secrets.get('SHARED_KEY')?.file).toBe('../../.env');
    expect(secrets.get('LOCAL_KEY')).toMatchObject({ file: '.env', masked: masked(pkgKey) });
  });

  it('stops at the workspace root: a .env above it is not read', () => {
    project = createProject({ '.env': `OUTER_KEY=${makeKey()}\n`, 'repo/package.json': '{"workspaces":["app"]}', 'repo/app/package.json': '{}', 'repo/app/a.ts': '' });
    expect(secretEnvVarsFor(project.path('repo/app/a.ts')).has('OUTER_KEY')).toBe(false);
  });

  it('finds every file a `dotenv -e` in the scripts names, and no other', () => {
    project = createProject({ 'apps/web/a.ts': '' });
    project.write('apps/web/package.json', JSON.stringify({ scripts: { dev: 'dotenv -e ../../.env.local -e=../../.env.shared -- next dev', lint: 'eslint . -e x' } }));
    expect(dotenvCliFiles(project.path('apps/web'))).toEqual([project.path('.env.local'), project.path('.env.shared')]);
  });

  it('follows a tsconfig-free Vite app to its envDir and nowhere else', () => {
    project = createProject({ 'web/package.json': '{}', 'web/vite.config.ts': "export default defineConfig({ envDir: '../config' });", 'web/a.ts': '' });
    expect(envSourcesOf(project.path('web')).dirs).toEqual([project.path('config')]);
  });
});
