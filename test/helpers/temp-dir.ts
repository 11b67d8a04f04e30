import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import { KEY_FORMATS } from '../../src/keys/index.js';
import { makeKey } from './keys.js';

/** Temporary folders for CLI tests, removed after each test. */
const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cencori-cli-'));
  temps.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** A tree with one key of every format; returns the keys so tests can look for them in output. */
export function treeWithEveryFormat(): { dir: string; keys: string[] } {
  const keys = KEY_FORMATS.map((f) => makeKey(f.id));
  const dir = tempDir({
    'src/app.ts': keys.map((k, i) => `export const k${i} = '${k}';`).join('\n'),
    '.env': `CENCORI_API_KEY=${keys[0]}\n`,
  });
  return { dir, keys };
}

export function expectNoKey(text: string, keys: string[]): void {
  for (const key of keys) expect(text).not.toContain(key);
}

