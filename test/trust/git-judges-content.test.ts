// Promise: staged and history judge text by its content, never by the repository's say-so
// (issue 10 §2). A file git calls binary is read from its blob; real binaries stay skipped.
import { afterEach, describe, expect, it } from 'vitest';
import { createRepo, findingsOf, type TempRepo } from '../helpers/git-repo.js';
import { masked, secretKey } from '../helpers/keys.js';

let repo: TempRepo;
afterEach(() => repo?.cleanup());

const line = (key: string) => `export const key = '${key}';\n`;
const utf16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
// A PNG signature and header: NUL bytes in the first 8 KB, as in any real image.
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(4096, 0)]);

async function both(r: TempRepo, files: Record<string, string | Buffer>) {
  for (const [name, content] of Object.entries(files)) r.write(name, content);
  r.git('add', '-A');
  const staged = await r.scan(['staged', '-f', 'json', '--verbose']);
  r.commit('add');
  const history = await r.scan(['history', '-f', 'json', '--verbose']);
  return { staged, history };
}

describe('a file the repository calls binary is read by its content', () => {
  it.each([
    ['-diff attribute', '*.cfg -diff\n'],
    ['binary macro', '*.cfg binary\n'],
    ['diff driver marked binary', '*.cfg diff=opaque\n'],
  ])('%s: the key is found by staged and by history, at its line', async (_name, attributes) => {
    repo = createRepo();
    repo.git('config', 'diff.opaque.binary', 'true');
    repo.commitFiles('attributes', { '.gitattributes': attributes });
    const key = secretKey();
    const { staged, history } = await both(repo, { 'app.cfg': `first\nsecond\n${line(key)}` });
    for (const result of [staged, history]) {
      expect(result.exitCode, result.stderr).toBe(1);
      expect(findingsOf(result).map((f) => [f.file, f.line, f.redacted])).toEqual([['app.cfg', 3, masked(key)]]);
    }
  });

  it('a repository-wide setting (.git/info/attributes) does not hide a key either', async () => {
    repo = createRepo();
    repo.write('.git/info/attributes', '* binary\n');
    const key = secretKey();
    const { staged, history } = await both(repo, { 'a.ts': line(key) });
    expect(findingsOf(staged).map((f) => f.line)).toEqual([1]);
    expect(findingsOf(history).map((f) => f.line)).toEqual([1]);
  });

  it('reports only keys new in the new version of a file git calls binary', async () => {
    repo = createRepo();
    const oldKey = secretKey();
    repo.commitFiles('base', { '.gitattributes': '*.cfg -diff\n', 'app.cfg': `a\n${line(oldKey)}b\n` });
    const newKey = secretKey();
    repo.write('app.cfg', `a\n${line(oldKey)}b\nc\n${line(newKey)}`);
    repo.git('add', '-A');
    const staged = findingsOf(await repo.scan(['staged', '-f', 'json']));
    expect(staged.map((f) => [f.line, f.redacted])).toEqual([[5, masked(newKey)]]);
  });

  it('a NUL byte after the first 8,000 bytes keeps the file text (git\'s own rule), key found', async () => {
    repo = createRepo();
    const key = secretKey();
    const content = `${'x'.repeat(9000)}\nnul \0 here\n${line(key)}`;
    const { staged, history } = await both(repo, { 'late-nul.txt': content });
    expect(findingsOf(staged).map((f) => f.line)).toEqual([3]);
    expect(findingsOf(history).map((f) => f.line)).toEqual([3]);
  });

  it('UTF-16 with a byte order mark is decoded in staged and history, as in files', async () => {
    repo = createRepo();
    const key = secretKey();
    const { staged, history } = await both(repo, { 'win.ps1': utf16(`$a = 1\r\n$key = '${key}'\r\n`) });
    const files = await repo.scan(['files', '-f', 'json', 'win.ps1']);
    for (const result of [staged, history, files]) {
      expect(findingsOf(result).map((f) => [f.file, f.line, f.redacted]), result.stderr).toEqual([['win.ps1', 2, masked(key)]]);
    }
  });

  it('a real binary (a PNG) stays skipped and counted, and the scan is complete', async () => {
    repo = createRepo();
    const { staged, history } = await both(repo, { 'logo.png': PNG, 'ok.ts': 'export const a = 1;\n' });
    expect(staged.exitCode, staged.stderr).toBe(0);
    expect(staged.stderr).toMatch(/skipped logo\.png: binary/);
    expect(history.exitCode, history.stderr).toBe(0);
    expect(history.stderr).not.toMatch(/INCOMPLETE/);
  });
});
