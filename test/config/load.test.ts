import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('invalid config: exit 2, one precise line naming the file', () => {
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ['bad JSON', { '.cencoriscanrc.json': '{"ignore": [}' }, /invalid config .*\.cencoriscanrc\.json: not valid JSON/],
    ['unknown option', { '.cencoriscanrc.json': '{"ignored": []}' }, /invalid config .*\.cencoriscanrc\.json: unknown option "ignored" \(known: ignore, publishable, allowInvalid\)/],
    ['wrong type', { '.cencoriscanrc.json': '{"publishable": true}' }, /invalid config .*\.cencoriscanrc\.json: "publishable" must be one of "warn", "block", "off", got true/],
    ['not an object', { '.cencoriscanrc.json': '[]' }, /invalid config .*\.cencoriscanrc\.json: expected a JSON object/],
    ['apiUrl in a file', { '.cencoriscanrc.json': '{"apiUrl": "https://evil.example"}' }, /"apiUrl" is not allowed in a config file/],
    ['package.json key', { 'package.json': '{"cencori-scan": {"ignore": "dist"}}' }, /invalid config .*package\.json \("cencori-scan"\): "ignore" must be an array of non-empty strings/],
  ];
  it.each(cases)('%s', async (_name, files, message) => {
    const result = await runCli(['files'], tempDir({ 'a.ts': 'x', ...files }));
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^cencori-scan: error: [^\n]+\n$/);
    expect(result.stderr).toMatch(message);
  });

  it('--config names a file that does not exist', async () => {
    const result = await runCli(['files', '--config', 'nope.json'], tempDir());
    expect(result).toMatchObject({ exitCode: 2, stderr: expect.stringMatching(/^cencori-scan: error: cannot read config .*nope\.json: no such file or folder \(ENOENT\)\n$/) });
  });
});
