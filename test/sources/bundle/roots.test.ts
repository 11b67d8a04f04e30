import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeKey, masked } from '../../helpers/keys.js';
import { bundle, bundleJson } from './run-bundle.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cencori-roots-'));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `text` to dir/rel, creating folders. */
function put(rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), text);
}

const files = async (args: string[] = []) => (await bundleJson(dir, args)).findings.map((f) => f.file).sort();

describe('bundle roots', () => {
  it('exits 2 with a hint to build first when no build output exists', async () => {
    put('src/app.ts', `export const k = '${makeKey()}';\n`);
    const result = await bundle(dir);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^cencori-scan: error: no build output found in the current folder \(looked for \.next, out, dist, build, .*\): run your build first/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('prints its help and refuses unknown flags with exit 2', async () => {
    const help = await bundle(dir, ['--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/^Usage: cencori-scan bundle \[DIR\.\.\.\]/);
    const bad = await bundle(dir, ['--sourcemaps']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/^cencori-scan: error: bundle: Unknown option '--sourcemaps'.*\nRun "cencori-scan bundle --help" for usage\.\n$/);
  });

  it('exits 2 on a DIR that does not exist or is a file', async () => {
    put('dist.js', 'x');
    expect(await bundle(dir, ['nope'])).toMatchObject({ exitCode: 2, stderr: 'cencori-scan: error: cannot read nope: no such file or folder (ENOENT)\n' });
    const file = await bundle(dir, ['dist.js']);
    expect(file.exitCode).toBe(2);
    expect(file.stderr).toContain('dist.js is not a folder');
  });

  it('finds every framework output folder and lists each on stderr', async () => {
    const roots = ['out', 'dist', 'build', '.svelte-kit/output/client', '.output/public', '.vercel/output/static'];
    for (const root of roots) put(`${root}/assets/app.js`, `const k="${makeKey()}";`);
    put('.svelte-kit/output/server/index.js', `const k="${makeKey()}";`);
    put('.output/server/index.mjs', `const k="${makeKey()}";`);
    const result = await bundleJson(dir);
    expect(result.findings.map((f) => f.file).sort()).toEqual(roots.map((r) => `${r}/assets/app.js`).sort());
    for (const root of roots) expect(result.stderr).toContain(`\n  ${root} (`);
  });

  it('scans only client/ of a build split into client/ and server/', async () => {
    put('dist/client/assets/app.js', `const k="${makeKey()}";`);
    put('dist/server/entry.mjs', `const k="${makeKey()}";`);
    const result = await bundleJson(dir);
    expect(result.findings.map((f) => f.file)).toEqual(['dist/client/assets/app.js']);
    expect(result.stderr).toContain('dist/client (Vite/Astro/Expo build: server/ left out: server code)');
  });

  it('scans what the browser downloads by extension, minified or not', async () => {
    const scanned = ['app.js', 'app.mjs', 'app.cjs', 'app.css', 'index.html', 'data.json', 'page.rsc', 'robots.txt', 'app.js.map'];
    const skipped = ['app.ts', 'README.md', 'logo.svg', 'app.jsx'];
    for (const name of [...scanned, ...skipped]) put(`dist/${name}`, `x = "${makeKey()}"\n`);
    expect(await files()).toEqual(scanned.map((n) => `dist/${n}`).sort());
  });

  it('scans build output that .gitignore ignores, in a real git repository', async () => {
    execFileSync('git', ['init', '-q'], { cwd: dir });
    put('.gitignore', 'dist/\n.next/\n*.map\n');
    put('dist/assets/app.js', `const k="${makeKey()}";`);
    put('dist/assets/app.js.map', `{"version":3,"sources":[],"sourcesContent":["${makeKey()}"],"mappings":""}`);
    expect(await files()).toEqual(['dist/assets/app.js', 'dist/assets/app.js.map']);
  });

  it('takes the project folders of a monorepo as DIRs and refuses one with nothing built', async () => {
    put('apps/web/package.json', '{}');
    mkdirSync(path.join(dir, 'apps/web/node_modules'));
    put('apps/web/dist/app.js', `const k="${makeKey()}";`);
    put('apps/web/src/app.ts', `const k="${makeKey()}";`);
    put('apps/api/package.json', '{}');
    mkdirSync(path.join(dir, 'apps/api/node_modules'));
    expect(await files(['apps/web'])).toEqual(['apps/web/dist/app.js']);
    const empty = await bundle(dir, ['apps/api']);
    expect(empty.exitCode).toBe(2);
    expect(empty.stderr).toContain('no build output found in apps/api');
  });

  it('keeps Next.js server code out whatever distDir is called, and flags a dev build', async () => {
    put('custom/BUILD_ID', 'abc');
    put('custom/static/chunks/main.js', `const k="${makeKey()}";`);
    put('custom/server/app/page.js', `const k="${makeKey()}";`);
    put('custom/server/app/index.html', `<p>${makeKey()}</p>`);
    put('custom/server/pages/_app/build-manifest.json', `{"k":"${makeKey()}"}`);
    expect(await files(['custom'])).toEqual(['custom/server/app/index.html', 'custom/static/chunks/main.js']);

    put('.next/static/chunks/main.js', `const k="${makeKey()}";`);
    put('.next/server/chunks/ssr.js', `const k="${makeKey()}";`);
    const dev = await bundleJson(dir);
    expect(dev.findings.map((f) => f.file)).toEqual(['.next/static/chunks/main.js']);
    expect(dev.stderr).toContain('no BUILD_ID: a dev build?');
  });

  it('follows no symlink out of the scanned tree', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'cencori-outside-'));
    try {
      writeFileSync(path.join(outside, 'secret.js'), `const k="${makeKey()}";`);
      mkdirSync(path.join(dir, 'dist'));
      symlinkSync(path.join(outside, 'secret.js'), path.join(dir, 'dist/linked.js'));
      symlinkSync(outside, path.join(dir, 'dist/linked-dir'));
      const result = await bundleJson(dir);
      expect(result.findings).toEqual([]);
      expect(result.exitCode).toBe(0);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('respects the config ignore globs', async () => {
    const kept = makeKey();
    put('dist/app.js', `const k="${kept}";`);
    put('dist/vendor/legacy.js', `const k="${makeKey()}";`);
    put('.cencoriscanrc.json', JSON.stringify({ ignore: ['dist/vendor/**'] }));
    const result = await bundleJson(dir);
    expect(result.findings.map((f) => [f.file, f.redacted])).toEqual([['dist/app.js', masked(kept)]]);
  });
});
