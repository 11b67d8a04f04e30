import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { masked, makeKey } from '../helpers/keys.js';
import { expectNoKey, tempDir, treeWithEveryFormat } from '../helpers/temp-dir.js';

const require = createRequire(import.meta.url);
// CommonJS packages whose typings declare an ES default export: take module.exports as it is.
const Ajv = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;

describe('output formats', () => {
  it('text: path:line:col  mask  description; colour only when asked and never with NO_COLOR', async () => {
    const key = makeKey('secret-test');
    const dir = tempDir({ 'src/a.ts': `\n  const k = "${key}";` });
    const plain = await runCli(['files'], dir);
    expect(plain.stdout).toBe(`src/a.ts:2:14  ${masked(key)}  secret key (test)\n`);
    expect((await runCli(['files'], dir, { FORCE_COLOR: '1' })).stdout).toContain('\u001b[31m');
    expect((await runCli(['files'], dir, { FORCE_COLOR: '1', NO_COLOR: '1' })).stdout).not.toContain('\u001b[');
    expect((await runCli(['files', '--no-color'], dir, { FORCE_COLOR: '1' })).stdout).not.toContain('\u001b[');
    expect(plain.stderr).toMatch(/\ncencori-scan: scanned 1 file \(\d+ B\) in \d+ ms: 1 finding \(1 blocking, 0 not blocking\)\n$/);
  });

  it('json: the documented field names and values', async () => {
    const key = makeKey('secret-live');
    const dir = tempDir({ 'a.ts': `k = "${key}"` });
    const report = JSON.parse((await runCli(['files', '-f', 'json'], dir)).stdout);
    expect(report.findings).toEqual([
      expect.objectContaining({
        file: 'a.ts',
        line: 1,
        column: 6,
        commit: null,
        prefix: 'csk_',
        kind: 'secret',
        fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
        redacted: masked(key),
        verification: 'skipped',
        blocking: true,
      }),
    ]);
  });

  it('github: workflow commands, error for blocking keys and warning for the others', async () => {
    const secret = makeKey();
    const publishable = makeKey('publishable-live');
    const dir = tempDir({ 'dir, with: comma.ts': `a = "${secret}"\nb = "${publishable}"` });
    const out = (await runCli(['files', '-f', 'github'], dir)).stdout.trimEnd().split('\n');
    expect(out).toEqual([
      `::error file=dir%2C with%3A comma.ts,line=1,col=6,title=Cencori secret key (live)::${masked(secret)} is a Cencori secret key (live)`,
      `::warning file=dir%2C with%3A comma.ts,line=2,col=6,title=Cencori publishable key (live)::${masked(publishable)} is a Cencori publishable key (live)`,
    ]);
  });

  it('sarif: valid against the SARIF 2.1.0 schema, with what GitHub code scanning needs', async () => {
    const { dir, keys } = treeWithEveryFormat();
    const text = (await runCli(['files', '-f', 'sarif'], dir)).stdout;
    const log = JSON.parse(text);
    // The OASIS SARIF 2.1.0 (rtm.5) schema as shipped by Microsoft's @microsoft/jest-sarif.
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    // unicodeRegExp off: the schema's `language` pattern is not valid under the u flag.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate(log), JSON.stringify(validate.errors, null, 1)).toBe(true);

    expect(log.version).toBe('2.1.0');
    const run = log.runs[0];
    const ruleIds = run.tool.driver.rules.map((r: { id: string }) => r.id);
    expect(run.results).toHaveLength(keys.length + 1);
    for (const result of run.results) {
      expect(ruleIds[result.ruleIndex]).toBe(result.ruleId);
      expect(result.partialFingerprints['cencoriKeySha256/v1']).toMatch(/^[0-9a-f]{64}$/);
      const location = result.locations[0].physicalLocation;
      expect(location.region.startLine).toBeGreaterThanOrEqual(1);
      expect(location.region.snippet).toBeUndefined();
    }
    expectNoKey(text, keys);
  });
});
