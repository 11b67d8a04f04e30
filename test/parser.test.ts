import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { secretKey } from './helpers/keys.js';
import { tempDir } from './helpers/temp-dir.js';

// The recommended config's parser loads markup parsers from the linted project. Since
// astro-eslint-parser 2, the package exports "." for `import` only: require's resolution does not
// find it, and the loader must still, in the process ESLint runs in (its cwd is the project).
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const realAstroParser = createRequire(import.meta.url).resolve('astro-eslint-parser');

function lintAstroIn(project: string, code: string) {
  const script = `
    const { Linter } = await import(${JSON.stringify(pathToFileURL(createRequire(import.meta.url).resolve('eslint')).href)});
    const { default: cencori } = await import(${JSON.stringify(pathToFileURL(path.join(root, 'dist/index.js')).href)});
    const messages = new Linter({ configType: 'flat', cwd: process.cwd() }).verify(${JSON.stringify(code)}, [cencori.configs.recommended], { filename: 'src/page.astro' });
    process.stdout.write(JSON.stringify({ fromProject: globalThis.projectAstroParser === true, messages: messages.map((m) => ({ ruleId: m.ruleId, fatal: m.fatal ?? false, message: m.message })) }));
  `;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: project, encoding: 'utf8' });
  expect(child.status, child.stderr).toBe(0);
  return JSON.parse(child.stdout) as { fromProject: boolean; messages: Array<{ ruleId: string | null; fatal: boolean; message: string }> };
}

describe('markup parsers are loaded from the project, whatever their package exports', () => {
  it('an ES-module-only astro-eslint-parser (exports "." for import alone) parses .astro files and the key is reported', () => {
    const key = secretKey();
    const project = tempDir({
      'package.json': '{"name":"astro-app","private":true,"type":"module"}\n',
      // The real parser behind the exports map astro-eslint-parser 2 and 3 publish.
      'node_modules/astro-eslint-parser/package.json': JSON.stringify({ name: 'astro-eslint-parser', version: '3.0.0', type: 'module', exports: { '.': { types: './lib/index.d.mts', import: './lib/index.mjs' }, './package.json': './package.json' } }),
      // It marks itself, so the test tells the project's copy from our own devDependency (the fallback).
      'node_modules/astro-eslint-parser/lib/index.mjs': `export * from ${JSON.stringify(pathToFileURL(realAstroParser).href)};\nglobalThis.projectAstroParser = true;\n`,
    });
    const { fromProject, messages } = lintAstroIn(project, `---\nconst k = '${key}';\n---\n<p>{k}</p>\n`);
    expect(fromProject).toBe(true);
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    expect(messages.map((m) => m.ruleId)).toContain('cencori/no-hardcoded-key');
    expect(JSON.stringify(messages)).not.toContain(key);
  });

});
