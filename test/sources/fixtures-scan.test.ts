import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprintKey } from '../../src/keys/index.js';
import { runCli } from '../helpers/cli.js';
import { FIXTURES_DIR, loadFixture } from '../helpers/fixtures.js';
import { masked } from '../helpers/keys.js';

interface Expected {
  findings: Array<{ file: string; line: number; column: number; label: string; kind: 'secret' | 'publishable' }>;
}

const CASES = readdirSync(path.join(FIXTURES_DIR, 'scan'), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

describe('fixtures/scan: what `cencori-scan files` reports per file type', () => {
  it('has ok- and ng- cases only, each with an expected.json', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(20);
    for (const name of CASES) {
      expect(name).toMatch(/^(ok|ng)-[a-z0-9-]+$/);
      const expected = JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'scan', name, 'expected.json'), 'utf8')) as Expected;
      if (name.startsWith('ok-')) expect(expected.findings, name).toEqual([]);
      else expect(expected.findings.length, name).toBeGreaterThan(0);
    }
  });

  it.each(CASES)('%s', async (name) => {
    const fixture = loadFixture(`scan/${name}`);
    try {
      const expected = JSON.parse(readFileSync(path.join(fixture.dir, 'expected.json'), 'utf8')) as Expected;
      rmSync(path.join(fixture.dir, 'expected.json'));
      const result = await runCli(['files', '--format', 'json'], fixture.dir);
      const report = JSON.parse(result.stdout) as { findings: Array<Record<string, unknown>> };
      const want = expected.findings.map((f) => {
        const key = fixture.keys.get(f.label);
        if (key === undefined) throw new Error(`${name}: no placeholder labelled ${f.label}`);
        return { file: f.file, line: f.line, column: f.column, kind: f.kind, redacted: masked(key), fingerprint: fingerprintKey(key) };
      });
      const got = report.findings.map((f) => ({ file: f.file, line: f.line, column: f.column, kind: f.kind, redacted: f.redacted, fingerprint: f.fingerprint }));
      expect(got).toEqual(want);
      expect(result.exitCode).toBe(expected.findings.some((f) => f.kind === 'secret') ? 1 : 0);
      for (const key of fixture.keys.values()) {
        expect(result.stdout).not.toContain(key);
        expect(result.stderr).not.toContain(key);
      }
    } finally {
      fixture.cleanup();
    }
  });
});
