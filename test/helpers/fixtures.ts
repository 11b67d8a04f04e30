import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KEY_FORMATS } from '../../src/keys/index.js';
import { fillPlaceholders } from '../../scripts/placeholders.mjs';

export const FIXTURES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures');

export interface FilledFixture {
  /** Temporary copy of the fixture with every `<<KEY:format-id[:label]>>` placeholder filled. */
  dir: string;
  /** label (or `format-id#n` for unlabelled ones, n from 1 in sorted file order) -> key */
  keys: Map<string, string>;
  cleanup(): void;
}

/** Fills placeholders in one string (see scripts/placeholders.mjs for the syntax). */
export function fill(text: string, keys = new Map<string, string>()): string {
  return fillPlaceholders(text, KEY_FORMATS, keys);
}

/** Copies fixtures/<relative> to a temp dir and fills its placeholders. */
export function loadFixture(relative: string): FilledFixture {
  const dir = mkdtempSync(path.join(tmpdir(), 'cencori-fixture-'));
  cpSync(path.join(FIXTURES_DIR, relative), dir, { recursive: true });
  const keys = new Map<string, string>();
  const counter = new Map<string, number>();
  for (const file of walk(dir).sort()) {
    const text = readFileSync(file, 'utf8');
    if (text.includes('<<KEY:')) writeFileSync(file, fillPlaceholders(text, KEY_FORMATS, keys, counter));
  }
  return { dir, keys, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}
