import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY_FORMATS, scanFiles, scanText } from '../../src/scanner.js';
import { makeKey, masked } from '../helpers/keys.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * A consumer project whose node_modules/eslint-plugin-cencori links to this package, so
 * `require` and `import` resolve through package.json "exports" to the built dist/, as they
 * would after `npm install eslint-plugin-cencori`.
 */
let consumer: string;
beforeAll(() => {
  consumer = mkdtempSync(path.join(tmpdir(), 'cencori-consumer-'));
  mkdirSync(path.join(consumer, 'node_modules'));
  symlinkSync(ROOT, path.join(consumer, 'node_modules/eslint-plugin-cencori'), 'dir');
});
afterAll(() => rmSync(consumer, { recursive: true, force: true }));

function runNode(file: string, source: string, key: string) {
  writeFileSync(path.join(consumer, file), source);
  const result = spawnSync(process.execPath, [file], { cwd: consumer, encoding: 'utf8', env: { ...process.env, KEY: key } });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(result.stdout).not.toContain(key);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

describe('the package as its users load it', () => {
  it('require() works from CommonJS for the plugin and the scanner', () => {
    const key = makeKey();
    const out = runNode(
      'use.cjs',
      `const plugin = require('eslint-plugin-cencori');
       const { scanText, scanFiles, KEY_FORMATS } = require('eslint-plugin-cencori/scanner');
       require('node:fs').writeFileSync('k.txt', 'x = "' + process.env.KEY + '"');
       scanFiles(['k.txt']).then((files) => console.log(JSON.stringify({
         rules: Object.keys(plugin.rules).length,
         configs: Object.keys(plugin.configs),
         formats: KEY_FORMATS.length,
         text: scanText('k=' + process.env.KEY),
         file: files.matches.map((m) => [m.file, m.line, m.column, m.redacted]),
       })));`,
      key,
    );
    expect(out.rules).toBeGreaterThan(0);
    expect(out.configs).toEqual(expect.arrayContaining(['recommended']));
    expect(out.formats).toBe(KEY_FORMATS.length);
    expect(out.text).toEqual([expect.objectContaining({ line: 1, column: 3, redacted: masked(key), kind: 'secret', allowed: false })]);
    expect(out.file).toEqual([['k.txt', 1, 6, masked(key)]]);
  });

  it('import works from ESM for the plugin (default and named) and the scanner', () => {
    const key = makeKey('publishable-test');
    const out = runNode(
      'use.mjs',
      `import plugin, { rules, configs } from 'eslint-plugin-cencori';
       import { scanText } from 'eslint-plugin-cencori/scanner';
       console.log(JSON.stringify({ same: plugin.rules === rules && plugin.configs === configs, text: scanText('\\n  ' + process.env.KEY) }));`,
      key,
    );
    expect(out.same).toBe(true);
    expect(out.text).toEqual([expect.objectContaining({ line: 2, column: 3, redacted: masked(key), kind: 'publishable', environment: 'test' })]);
  });
});

describe('Node API', () => {
  it('scanText reports allowed keys with allowed: true and never the key', () => {
    const key = makeKey('agent');
    const matches = scanText(`// cencori-scan:allow\nconst k = "${key}";`);
    expect(matches).toEqual([expect.objectContaining({ line: 2, column: 12, allowed: true, redacted: masked(key), prefix: 'cake_', agent: true })]);
    expect(JSON.stringify(matches)).not.toContain(key);
  });

  it('scanFiles counts files and rejects a missing path', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cencori-api-'));
    try {
      writeFileSync(path.join(dir, 'a.ts'), `k = "${makeKey()}"`);
      writeFileSync(path.join(dir, 'b.bin'), Buffer.from([0, 1, 2]));
      const result = await scanFiles(['.'], { cwd: dir });
      expect(result).toMatchObject({ filesScanned: 1, filesSkipped: 1, warnings: [] });
      expect(result.matches.map((m) => m.file)).toEqual(['a.ts']);
      await expect(scanFiles(['missing'], { cwd: dir })).rejects.toThrow('cannot scan missing: no such file or folder');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
