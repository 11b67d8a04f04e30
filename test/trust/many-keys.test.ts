import { afterEach, describe, expect, it } from 'vitest';
import { makeKey, masked } from '../helpers/keys.js';
import { findingsOf, runBuiltCli, tempFolders } from './helpers.js';

/**
 * Promise: detection is linear in the input whatever its shape; here its correctness on the
 * shape that was quadratic (the allow marker was looked for over the whole line once per key).
 * The time itself is measured in bench/hostile.bench.mjs (npm run bench -- hostile), not here.
 */
const temps = tempFolders('cencori-trust-many-');
afterEach(() => temps.cleanup());

describe('cencori-scan files on 20,000 keys on one 1 MB line', () => {
  it('reports every key once, at its column, and the marker on the line allows them all', { timeout: 120_000 }, () => {
    const keys = Array.from({ length: 20_000 }, () => makeKey());
    const line = keys.join(' ');
    const dir = temps.make({ 'keys.txt': `${line}\n`, 'allowed.txt': `${line} // cencori-scan:allow\n` });
    const ran = runBuiltCli(['files', '--format', 'json', 'keys.txt', 'allowed.txt'], dir);
    const findings = findingsOf(ran);
    expect(findings).toHaveLength(keys.length);
    expect(findings.every((f) => f.file === 'keys.txt' && f.line === 1)).toBe(true);
    expect(findings.map((f) => f.column)).toEqual(keys.map((_, i) => 1 + i * (keys[0]!.length + 1)));
    expect(findings.map((f) => f.redacted)).toEqual(keys.map(masked));
  });
});
