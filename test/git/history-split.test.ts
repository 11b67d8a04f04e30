// Promise: history read by several git processes at once reports exactly what one process
// reports: the same findings with the same commits, in the same order, with the same warnings.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { streamHistory } from '../../src/git/history.js';
import { KEY_ANCHOR_BYTES } from '../../src/keys/index.js';
import { createRepo, findingsOf, type TempRepo } from '../helpers/git-repo.js';
import { masked, secretKey } from '../helpers/keys.js';

let repo: TempRepo;
afterEach(() => repo?.cleanup());

const line = (key: string) => `export const key = '${key}';\n`;
const b64 = (text: string) => Buffer.from(text).toString('base64');
const utf16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
/** Pieces of 2 commits, 3 processes: more pieces than processes, so pieces wait their turn. */
const SPLIT = { CENCORI_HISTORY_PROCESSES: '3', CENCORI_HISTORY_CHUNK: '2' };
const ONE = { CENCORI_HISTORY_PROCESSES: '1' };

/** A history with every kind of commit history reads: merges, an octopus, messages, binaries, renames, a branch. */
function richHistory(r: TempRepo): string[] {
  const keys: string[] = [];
  const key = () => {
    const k = secretKey();
    keys.push(k);
    return k;
  };
  r.startConflictingMerge({ 'feature.ts': line(key()) });
  r.write('conf.ts', `start\n${line(key())}end\n`);
  r.git('add', '-A');
  r.commit('merge feature');
  r.commitFiles('attributes', { '.gitattributes': '*.cfg -diff\n', 'app.cfg': `a\n${line(key())}` });
  r.write('win.ps1', utf16(`$a = 1\r\n$key = '${key()}'\r\n`));
  r.git('add', '-A');
  r.commit('utf-16');
  r.write('win.ps1', utf16(`$a = 1\r\n$key = '${keys.at(-1)}'\r\n$b = '${key()}'\r\n`));
  r.git('add', '-A');
  r.commit('utf-16 again');
  r.commitFiles('base64', { 'k8s/secret.yaml': `data:\n  KEY: ${b64(key())}\n` });
  r.git('mv', 'feature.ts', 'renamed.ts');
  r.write('renamed.ts', `${line(keys[0]!)}${line(key())}`);
  r.git('add', '-A');
  r.commit('rename');
  r.write('b.ts', 'b\n');
  r.git('add', '-A');
  r.commit(`rotate\n\nthe old one was ${key()}`);
  for (const b of ['x', 'y', 'z']) {
    r.git('checkout', '-q', '-b', b, 'main');
    r.commitFiles(b, { [`${b}.ts`]: line(key()) });
  }
  r.git('checkout', '-q', 'main');
  r.git('merge', '-q', '--no-commit', 'x', 'y', 'z');
  r.write('octopus.ts', line(key()));
  r.git('add', '-A');
  r.commit('octopus');
  for (let i = 0; i < 6; i++) r.commitFiles(`more ${i}`, { [`m${i}.ts`]: i % 2 ? line(key()) : `plain ${i}\n` });
  r.git('checkout', '-q', '-b', 'side', 'HEAD~3');
  r.commitFiles('side only', { 'side.ts': line(key()) });
  r.git('checkout', '-q', 'main');
  return keys;
}

async function scanBoth(r: TempRepo, args: string[]) {
  const one = await r.scan(['history', '-f', 'json', '--verbose', ...args], { env: ONE });
  const split = await r.scan(['history', '-f', 'json', '--verbose', ...args], { env: SPLIT });
  // The summary line carries the elapsed time: everything else must match byte for byte.
  const stderr = (text: string) => text.replace(/ in \d+ ms/g, ' in N ms');
  return { one: { ...one, stderr: stderr(one.stderr) }, split: { ...split, stderr: stderr(split.stderr) } };
}

describe('history split over several git processes', () => {
  it('the walk really is split: one git log per piece, commits in rev-list order', async () => {
    repo = createRepo();
    richHistory(repo);
    const order = repo.git('rev-list', 'HEAD').trim().split('\n');
    const seen: string[] = [];
    const pieces: number[] = [];
    const callbacks = { onCommit: (c: { sha: string }) => seen.push(c.sha), onUnscanned: () => undefined, onPiece: (n: number) => pieces.push(n) };
    await streamHistory(repo.dir, { revisions: ['HEAD'] }, KEY_ANCHOR_BYTES, callbacks, { processes: 3, minChunk: 2, maxChunk: 2 });
    expect(seen).toEqual(order);
    expect(pieces).toEqual(order.map((_, i) => (i % 2 === 0 ? Math.min(2, order.length - i) : 0)).filter((n) => n > 0));
  });

  it('sizes pieces from the listing: one more than processes; below two pieces\' worth, one piece; a failed listing falls back to one process', async () => {
    repo = createRepo();
    for (let i = 0; i < 20; i++) repo.commitFiles(`c${i}`, { [`f${i}.ts`]: `plain ${i}\n` });
    const order = repo.git('rev-list', 'HEAD').trim().split('\n');
    const walk = async (split: { processes: number; minChunk: number; maxChunk: number }, revisions = ['HEAD']) => {
      const seen: string[] = [];
      const pieces: number[] = [];
      await streamHistory(repo.dir, { revisions }, KEY_ANCHOR_BYTES, { onCommit: (c: { sha: string }) => seen.push(c.sha), onUnscanned: () => undefined, onPiece: (n: number) => pieces.push(n) }, split);
      return { seen, pieces };
    };
    // 20 commits, 2 processes: 3 pieces (one more than processes), 7, 7 and the 6 left.
    expect(await walk({ processes: 2, minChunk: 2, maxChunk: 100 })).toEqual({ seen: order, pieces: [7, 7, 6] });
    // At most maxChunk a piece, the rest in a last, smaller one.
    expect(await walk({ processes: 2, minChunk: 2, maxChunk: 3 })).toEqual({ seen: order, pieces: [3, 3, 3, 3, 3, 3, 2] });
    // Fewer than two pieces of minChunk: one piece, still the same commits in the same order.
    expect(await walk({ processes: 2, minChunk: 11, maxChunk: 100 })).toEqual({ seen: order, pieces: [20] });
    // A range rev-list refuses: no piece, and the one-process walk's own error.
    await expect(walk({ processes: 2, minChunk: 2, maxChunk: 100 }, ['no-such-ref'])).rejects.toThrow(/no-such-ref/);
  });

  it('commits with nothing to scan are only counted, in their place, with their bytes (one process and split)', async () => {
    repo = createRepo();
    richHistory(repo);
    for (let i = 0; i < 10; i++) repo.commitFiles(`plain ${i}`, { [`p${i}.ts`]: `plain ${i}\n` });
    // Runs of plain commits as one count each: how they are handed on depends on the walk.
    const collapse = (events: (string | number)[]) =>
      events.reduce<(string | number)[]>((out, e) => {
        const last = out.at(-1);
        if (typeof e === 'number' && typeof last === 'number') out[out.length - 1] = last + e;
        else out.push(e);
        return out;
      }, []);
    // One process, every commit decoded: which ones hold nothing that may be a key.
    const all: { sha: string; plain: boolean; bytes: number }[] = [];
    await streamHistory(repo.dir, { revisions: ['HEAD'] }, KEY_ANCHOR_BYTES, {
      onCommit: (c, files, bytes, extra) => all.push({ sha: c.sha, plain: files === undefined && extra.message === undefined && !extra.octopus, bytes }),
      onUnscanned: () => undefined,
    });
    expect(all.filter((c) => c.plain).length).toBeGreaterThan(10);
    expect(all.filter((c) => !c.plain).length).toBeGreaterThan(5);
    const expected = collapse(all.map((c) => (c.plain ? 1 : c.sha)));
    const plainBytes = all.filter((c) => c.plain).reduce((sum, c) => sum + c.bytes, 0);
    for (const split of [{ processes: 1 }, { processes: 3, minChunk: 2, maxChunk: 2 }]) {
      const events: (string | number)[] = [];
      let bytes = 0;
      await streamHistory(
        repo.dir,
        { revisions: ['HEAD'] },
        KEY_ANCHOR_BYTES,
        {
          onCommit: (c) => events.push(c.sha),
          onPlainCommits: (commits, b) => {
            events.push(commits);
            bytes += b;
          },
          onUnscanned: () => undefined,
        },
        split,
      );
      expect(collapse(events)).toEqual(expected);
      expect(bytes).toBe(plainBytes);
    }
  });

  it.each([[[]], [['--all']], [['--range', 'HEAD~4..HEAD']], [['--since', '2024-03-01T10:09:30Z']]])('%j: the same findings, order, commits and summary as one process', async (args) => {
    repo = createRepo();
    const keys = richHistory(repo);
    const { one, split } = await scanBoth(repo, args);
    expect(split.exitCode).toBe(one.exitCode);
    expect(split.stdout).toBe(one.stdout);
    expect(split.stderr).toBe(one.stderr);
    if (args.length === 0) {
      // Every planted key on main is found (not merely the same nothing twice).
      const found = findingsOf(one).map((f) => f.redacted);
      expect(new Set(found)).toEqual(new Set(keys.slice(0, -1).map(masked)));
    }
  });

  it('commits whose objects are missing: the same warnings, in the same order, and the scan goes on', async () => {
    repo = createRepo();
    const objectPath = (sha: string) => path.join(repo.dir, '.git', 'objects', sha.slice(0, 2), sha.slice(2));
    const broken: string[] = [];
    for (let i = 0; i < 9; i++) {
      const sha = repo.commitFiles(`c${i}`, { [`f${i}.ts`]: i % 3 === 1 ? `unique ${i} ${Date.now()}\n` : line(secretKey()) });
      if (i % 3 === 1) broken.push(repo.git('rev-parse', `${sha}:f${i}.ts`).trim());
    }
    for (const blob of broken) rmSync(objectPath(blob));
    const { one, split } = await scanBoth(repo, []);
    expect(one.stderr.match(/not scanned: commit/g)).toHaveLength(3);
    expect(split.stdout).toBe(one.stdout);
    expect(split.stderr).toBe(one.stderr);
    expect(findingsOf(split)).toHaveLength(6);
    expect(split.exitCode).toBe(1);
  });
});
