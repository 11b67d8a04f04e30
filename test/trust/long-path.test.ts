import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';
import { INCOMPLETE, scan } from './built-cli.js';

// Promise: a file whose path is longer than the system takes (ENAMETOOLONG, PATH_MAX 4096 on
// Linux) is listed as not scanned, exit 2, whether found in a folder or named.
describe('a path too long', () => {
  const made: string[] = [];
  // Node's rmSync cannot reach that deep either; GNU rm walks with openat.
  afterEach(() => {
    for (const dir of made.splice(0)) execFileSync('rm', ['-rf', dir]);
  });
  // 20 folders of 250 characters: 5,000+ characters, built one relative chdir at a time, the
  // only way to reach it.
  const deepTree = () => {
    const dir = tempDir({ 'a.ts': 'nothing here' });
    made.push(dir);
    const name = 'd'.repeat(250);
    const script = `const fs = require('fs'); for (let i = 0; i < 20; i++) { fs.mkdirSync('${name}'); process.chdir('${name}'); } fs.writeFileSync('deep.ts', 'no key');`;
    execFileSync(process.execPath, ['-e', script], { cwd: dir });
    return { dir, rel: `${`${name}/`.repeat(20)}deep.ts` };
  };

  it('found in a folder: listed as not scanned, exit 2', () => {
    const { dir } = deepTree();
    const ran = scan(['files', '.'], dir);
    expect(ran.stderr).toMatch(/not scanned: d{250}\/.*: (folder could not be listed: )?path too long for the system \(ENAMETOOLONG\)/);
    expect(ran.stderr).toMatch(INCOMPLETE);
    expect(ran.status).toBe(2);
  });

  it('named on the command line: listed as not scanned, exit 2', () => {
    const { dir, rel } = deepTree();
    const ran = scan(['files', rel], dir);
    expect(ran.stderr).toContain(`not scanned: ${rel}: path too long for the system (ENAMETOOLONG)`);
    expect(ran.status).toBe(2);
  });
});
