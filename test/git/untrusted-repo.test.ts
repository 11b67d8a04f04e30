import { chmodSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRepo, type TempRepo } from '../helpers/git-repo.js';
import { secretKey } from '../helpers/keys.js';

/**
 * A scanner runs git inside repositories it does not trust (trufflehog CVE-2025-41390): the
 * repo's own .git/config and .gitattributes must not get a program run. Each trap writes a
 * marker file; the control commands prove the traps are armed.
 */
let repo: TempRepo;
let marker: string;

beforeEach(() => {
  repo = createRepo();
  marker = path.join(path.dirname(repo.dir), 'pwned');
  const script = path.join(path.dirname(repo.dir), 'evil.sh');
  writeFileSync(script, `#!/bin/sh\necho "$0 $*" >> '${marker}'\ncat "$1" 2>/dev/null\n`);
  chmodSync(script, 0o755);
  repo.write('.gitattributes', '*.ts diff=evil\n');
  repo.write('a.ts', 'const a = 1;\n');
  repo.git('add', '.');
  repo.commit('base');
  repo.git('config', 'core.fsmonitor', script);
  repo.git('config', 'diff.evil.command', script);
  repo.git('config', 'diff.evil.textconv', script);
  repo.git('config', 'diff.external', script);
  repo.git('config', 'core.pager', script);
  repo.git('config', 'log.showSignature', 'true');
  repo.git('config', 'gpg.program', script);
  repo.write('a.ts', `const a = '${secretKey()}';\n`);
  repo.git('add', '.');
  // Setting up ran git itself (with the traps): start each test from a clean slate.
  rmSync(marker, { force: true });
});
afterEach(() => repo.cleanup());

describe('git config and attributes in a scanned repository never run programs', () => {
  it('the traps are armed: plain git runs them', () => {
    for (const args of [['diff', '--cached'], ['log', '-p', '-1'], ['status']]) {
      rmSync(marker, { force: true });
      repo.tryGit(...args);
      expect(existsSync(marker), `git ${args.join(' ')}`).toBe(true);
    }
  });

  it('staged runs none of them', async () => {
    const result = await repo.scan(['staged']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^a\.ts:1:/);
    expect(existsSync(marker)).toBe(false);
  });

  it('history runs none of them', async () => {
    repo.commit('key');
    rmSync(marker, { force: true });
    const result = await repo.scan(['history']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^a\.ts:1:/);
    expect(existsSync(marker)).toBe(false);
  });

  it('files (git ls-files through simple-git) runs none of them', async () => {
    const result = await repo.scan(['files', '--offline', '.']);
    expect(result.exitCode).toBe(1);
    expect(existsSync(marker)).toBe(false);
  });
});
