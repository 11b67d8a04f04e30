import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/** scripts/new-rule.mjs run against a copy of the repository's rule registry, never the repository itself. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const script = path.join(root, 'scripts/new-rule.mjs');
const copy = realpathSync(mkdtempSync(path.join(tmpdir(), 'cencori-new-rule-')));
afterAll(() => rmSync(copy, { recursive: true, force: true }));
mkdirSync(path.join(copy, 'rules'));
mkdirSync(path.join(copy, 'test/rules'), { recursive: true });
cpSync(path.join(root, 'rules/rule-modules.ts'), path.join(copy, 'rules/rule-modules.ts'));
// The generated rule imports the plugin's helpers as a real rule does.
symlinkSync(path.join(root, 'rules/utils'), path.join(copy, 'rules/utils'), 'dir');
symlinkSync(path.join(root, 'src'), path.join(copy, 'src'), 'dir');

const run = (...args: string[]) => spawnSync(process.execPath, [script, ...args, '--root', copy], { encoding: 'utf8' });

describe('scripts/new-rule.mjs', () => {
  it('writes the rule, its doc and its test, and registers the rule in one sorted line', async () => {
    const result = run('no-key-in-url', '--description', 'Disallow Cencori keys in URLs');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    for (const file of ['rules/no-key-in-url.ts', 'rules/no-key-in-url.md', 'test/rules/no-key-in-url.test.ts']) expect(existsSync(path.join(copy, file))).toBe(true);
    const ids = [...readFileSync(path.join(copy, 'rules/rule-modules.ts'), 'utf8').matchAll(/^export \{ default as '([^']+)' \} from '\.\/\1\.js';$/gm)].map((m) => m[1]);
    expect(ids).toContain('no-key-in-url');
    expect(ids).toEqual([...ids].sort());
    expect(readFileSync(path.join(copy, 'rules/no-key-in-url.md'), 'utf8')).toMatch(/^# cencori\/no-key-in-url\n/);

    // The new rule already has what the meta tests ask of every rule.
    const rule = (await import(path.join(copy, 'rules/no-key-in-url.ts'))).default;
    expect(rule.name).toBe('no-key-in-url');
    expect(rule.meta.docs.description).toBe('Disallow Cencori keys in URLs');
    expect(rule.meta.docs.url).toMatch(/\/rules\/no-key-in-url\.md$/);
    expect(rule.meta.schema[0].additionalProperties).toBe(false);
    expect(Object.keys(rule.meta.defaultOptions[0])).toEqual(Object.keys(rule.meta.schema[0].properties));
  });

  it('refuses a rule that exists, and an id that is not kebab-case, with one line and exit 2', () => {
    run('no-dupe-here');
    for (const args of [['no-dupe-here'], ['NoCamel'], ['has space'], []]) {
      const result = run(...args);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/^new-rule: [^\n]+\n$/);
    }
  });
});
