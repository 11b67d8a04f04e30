import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** What npm would publish: `npm pack --dry-run --json` of this checkout (built by npm test first). */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

function packedFiles(): string[] {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm pack --dry-run failed: ${r.stderr}`);
  return (JSON.parse(r.stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
}

/** Every file path package.json points a consumer at: bin, main, module, types, exports. */
function declaredTargets(): string[] {
  const targets: string[] = [...Object.values(pkg.bin as Record<string, string>), pkg.main, pkg.module, pkg.types];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') targets.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(pkg.exports);
  return [...new Set(targets.map((t) => t.replace(/^\.\//, '')))];
}

describe('the published package', () => {
  const files = packedFiles();

  it('holds every file package.json points at (bin, main, types, exports), the rule docs, README and LICENSE', () => {
    for (const target of declaredTargets()) expect(files, target).toContain(target);
    for (const doc of ['README.md', 'LICENSE', 'package.json', 'rules/no-hardcoded-key.md']) expect(files).toContain(doc);
  });

  it('holds no sources, tests, fixtures, benches or scripts: only dist/, docs and package.json', () => {
    const allowed = /^(dist\/[^/]+\.(js|cjs|d\.ts|d\.cts)|rules\/[a-z-]+\.md|README\.md|LICENSE|package\.json)$/;
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
  });

  it('runs no build or install script on a consumer\'s install (npm 11 warns about prepare)', () => {
    const scripts = Object.keys(pkg.scripts ?? {});
    for (const hook of ['prepare', 'preinstall', 'install', 'postinstall']) expect(scripts).not.toContain(hook);
    expect(pkg.files).toContain('dist');
  });

  it('names its repository, homepage, issue tracker and licence, and ships the licence text', () => {
    expect(pkg.repository.url).toContain('github.com/cencori/eslint-plugin-cencori');
    expect(pkg.homepage).toContain('github.com/cencori/eslint-plugin-cencori');
    expect(pkg.bugs.url).toContain('github.com/cencori/eslint-plugin-cencori/issues');
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
  });
});
