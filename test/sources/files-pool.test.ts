import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileUnits, IN_PROCESS } from '../../src/sources/files.js';
import { POOL_MIN_FILES, poolPlan, poolReader } from '../../src/sources/files-pool.js';
import { newStats } from '../../src/scan/model.js';
import { CLI } from '../trust/built-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { makeKey } from '../helpers/keys.js';

// The worker pool must not change what a scan says: the same findings in the same order, the
// same counts and the same "not scanned" list as reading on the main thread.
describe('reading files on worker threads', () => {
  /** `workers`: CENCORI_SCAN_WORKERS (0: this thread only); undefined: the reader the CLI picks itself. */
  const scanWith = (workers: number | undefined, cwd: string) => {
    const env: NodeJS.ProcessEnv = { ...process.env, CENCORI_SCAN_OFFLINE: '1', CENCORI_SCAN_WORKERS: String(workers) };
    if (workers === undefined) delete env.CENCORI_SCAN_WORKERS;
    const ran = spawnSync(process.execPath, [CLI, 'files', '--format', 'json', '--verbose', '.'], { cwd, encoding: 'utf8', env, maxBuffer: 1 << 26 });
    const summary = ran.stderr.split('\n').filter((l) => l.startsWith('cencori-scan: ') && !/ in \d+ ms/.test(l));
    const counts = ran.stderr.match(/scanned \d+ files \([^)]*\)/)?.[0];
    return { status: ran.status, findings: JSON.parse(ran.stdout).findings, summary, counts };
  };

  it('gives the findings, counts and gaps of the main-thread reader, in the same order, with a submodule listed on the way', () => {
    const git = (cwd: string, ...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'protocol.file.allow=always', ...args], { cwd, stdio: 'ignore' });
    const sub = tempDir({ 'lib/k.ts': `k = "${makeKey()}"`, 'lib/clean.ts': 'none' });
    git(sub, 'init', '-q');
    git(sub, 'add', '-A');
    git(sub, 'commit', '-qm', 'sub');
    const dir = tempDir();
    git(dir, 'init', '-q');
    // 700 files over several batches, keys spread through them, binary files.
    for (let i = 0; i < 700; i++) {
      const folder = path.join(dir, `pkg${i % 7}`);
      mkdirSync(folder, { recursive: true });
      const text = i % 37 === 0 ? `line\nconst k${i} = "${makeKey(i % 2 ? 'agent' : 'secret-live')}";\n` : `export const v${i} = ${i};\n`;
      writeFileSync(path.join(folder, `f${i}.ts`), i % 101 === 0 ? Buffer.from([0, 1, 2, 3]) : text);
    }
    git(dir, 'add', '-A');
    git(dir, 'submodule', '--quiet', 'add', sub, 'vendor/sub');
    git(dir, 'commit', '-qm', 'tree');
    const main = scanWith(0, dir);
    const pooled = scanWith(2, dir);
    // The pool really ran (it would fall back to this thread without its built worker): every
    // file, the submodule's two included, was read on a worker.
    expect(pooled.summary).toContain('cencori-scan: 704 files read on 2 worker threads');
    pooled.summary = pooled.summary.filter((l) => !l.includes('worker threads'));
    expect(main.summary).toContain('cencori-scan: skipped pkg3/f101.ts: binary');
    expect(main.findings.length).toBeGreaterThan(15);
    expect(main.findings.some((f: { file: string }) => f.file.startsWith('vendor/sub/'))).toBe(true);
    expect(pooled).toEqual(main);
    expect(main.status).toBe(1);
    expect(pooled.status).toBe(1);
  });

  it('picks: this thread below POOL_MIN_CORES cores, else one worker per core from POOL_MIN_FILES on; CENCORI_SCAN_WORKERS forces', () => {
    expect(poolPlan({}, 1)).toBeUndefined();
    expect(poolPlan({}, 2)).toBeUndefined();
    expect(poolPlan({}, 4)).toEqual({ workers: 4, startAt: POOL_MIN_FILES, readHere: Infinity });
    expect(poolPlan({ CENCORI_SCAN_WORKERS: '2' }, 2)).toEqual({ workers: 2, startAt: 0, readHere: 0 });
    expect(poolPlan({ CENCORI_SCAN_WORKERS: '0' }, 8)).toBeUndefined();
    expect(poolPlan({ CENCORI_SCAN_WORKERS: '' }, 8)).toEqual({ workers: 8, startAt: POOL_MIN_FILES, readHere: Infinity });
  });

  it('the reader the CLI picks for a long list (on 3+ cores: this thread, then workers from POOL_MIN_FILES on) gives the same findings, counts and gaps', () => {
    const dir = tempDir();
    // More files than POOL_MIN_FILES, so the pool starts part way through the list.
    for (let i = 0; i < 4000; i++) {
      const folder = path.join(dir, `d${i % 13}`);
      mkdirSync(folder, { recursive: true });
      const text = i % 97 === 0 ? `const k${i} = "${makeKey(i % 2 ? 'publishable-live' : 'secret-live')}";\n` : `export const v${i} = ${i};\n`;
      writeFileSync(path.join(folder, `f${i}.ts`), i % 211 === 0 ? Buffer.from([0, 9]) : text);
    }
    const main = scanWith(0, dir);
    const auto = scanWith(undefined, dir);
    auto.summary = auto.summary.filter((l) => !l.includes('worker threads'));
    expect(main.findings.length).toBe(41);
    expect(auto).toEqual(main);
  });

  it('files whose text does not fit in a batch are read again here: the same findings', () => {
    const dir = tempDir();
    // Four files of 1.5 MB with a key at the end: more text than one batch carries back.
    const keys = [0, 1, 2, 3].map(() => makeKey());
    keys.forEach((key, i) => writeFileSync(path.join(dir, `big${i}.txt`), `${'word '.repeat(300_000)}\n"${key}"\n`));
    const main = scanWith(0, dir);
    const pooled = scanWith(2, dir);
    expect(pooled.summary).toContain('cencori-scan: 4 files read on 2 worker threads');
    pooled.summary = pooled.summary.filter((l) => !l.includes('worker threads'));
    expect(main.findings.map((f: { file: string }) => f.file)).toEqual(['big0.txt', 'big1.txt', 'big2.txt', 'big3.txt']);
    expect(pooled).toEqual(main);
  });

  it('switches from this thread to the workers part way through the list without changing the order', async () => {
    const dir = tempDir();
    for (let i = 0; i < 1000; i++) {
      mkdirSync(path.join(dir, `d${i % 9}`), { recursive: true });
      writeFileSync(path.join(dir, `d${i % 9}`, `f${i}.ts`), i % 13 === 0 ? `k = "${makeKey()}"\n` : i % 17 === 0 ? Buffer.from([0]) : `v = ${i}\n`);
    }
    const read = async (reader = IN_PROCESS) => {
      const stats = newStats('files');
      const units: Array<[string, number]> = [];
      for await (const unit of fileUnits({ paths: ['.'], cwd: dir, ignore: [], ignoreBase: dir }, stats, reader)) units.push([unit.file, unit.text.length]);
      return { units, scanned: stats.scanned, bytes: stats.bytes, skipped: stats.skipped, details: stats.details };
    };
    const here = await read();
    // The built worker (dist/), started at once; this thread reads at most 40 files meanwhile.
    const switched = await read(poolReader(path.join(path.dirname(CLI), 'files-worker.js'), { workers: 2, startAt: 0, readHere: 40 }));
    const where = switched.details.pop()!;
    const [, onWorkers, onThis] = /^(\d+) files read on 2 worker threads(?:, (\d+) on this thread)?$/.exec(where)!;
    expect(Number(onWorkers)).toBeGreaterThanOrEqual(960);
    expect(Number(onThis ?? 0)).toBeLessThanOrEqual(40);
    expect(here.units.length).toBe(77);
    expect(switched).toEqual(here);
  });
});
