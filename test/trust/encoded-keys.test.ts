import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { createRepo } from '../helpers/git-repo.js';
import { makeKey, masked } from '../helpers/keys.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * Promise: a key is found also when it is written base64-encoded (once or twice), reported at the
 * encoded text with its encoding named, by the CLI and by ESLint alike; base64 that carries no
 * key adds no finding.
 */
const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/cli.cjs');
const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');
const tree = (files: Record<string, string>): string => tempDir(files);

function scan(dir: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, 'files', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, CENCORI_SCAN_OFFLINE: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('cencori-scan files finds base64-encoded keys', () => {
  it('in a Kubernetes Secret, a Docker config.json, a Basic header and a .dockerconfigjson, in every format', () => {
    const [k8s, docker, basic, nested] = [makeKey(), makeKey('secret-test'), makeKey('agent'), makeKey('legacy-live')];
    const dir = tree({
      'k8s/secret.yaml': `apiVersion: v1\nkind: Secret\ndata:\n  CENCORI_API_KEY: ${b64(k8s)}\n`,
      'docker/config.json': JSON.stringify({ auths: { 'ghcr.io': { auth: b64(`bot:${docker}`) } } }, null, 2),
      'scripts/call.sh': `curl -H "Authorization: Basic ${b64(`api:${basic}`)}" https://api.example.com\n`,
      'k8s/pull.yaml': `data:\n  .dockerconfigjson: ${b64(JSON.stringify({ auths: { r: { auth: b64(`u:${nested}`) } } }))}\n`,
    });
    const json = scan(dir, '--format', 'json');
    expect(json.status).toBe(1);
    const findings = JSON.parse(json.stdout).findings as Array<{ file: string; line: number; redacted: string; encoding?: string }>;
    expect(findings.map((f) => [f.file, f.line, f.redacted, f.encoding])).toEqual([
      ['docker/config.json', 4, masked(docker), 'base64'],
      ['k8s/pull.yaml', 2, masked(nested), 'base64'],
      ['k8s/secret.yaml', 4, masked(k8s), 'base64'],
      ['scripts/call.sh', 1, masked(basic), 'base64'],
    ]);
    const text = scan(dir);
    expect(text.stdout).toContain(`k8s/secret.yaml:4:20  ${masked(k8s)} (base64-encoded)`);
    const sarif = JSON.parse(scan(dir, '--format', 'sarif').stdout);
    expect(sarif.runs[0].results.map((r: { properties: { encoding?: string } }) => r.properties.encoding)).toEqual(['base64', 'base64', 'base64', 'base64']);
    expect(scan(dir, '--format', 'github').stdout).toContain(`${masked(basic)} (base64-encoded) is a Cencori`);
    // Booleans, not toContain: a failing assertion would print the key it found.
    for (const out of [json, text]) for (const key of [k8s, docker, basic, nested]) expect((out.stdout + out.stderr).includes(key)).toBe(false);
  });

  it('base64 that carries no key (random bytes, placeholders, wrong-length keys) finds nothing', () => {
    const hex = randomBytes(24).toString('hex');
    const dir = tree({
      'blobs.yaml': [
        ...Array.from({ length: 50 }, (_, i) => `blob${i}: ${b64(randomBytes(40 + i * 13))}`),
        `placeholder: ${b64(`csk_${'0'.repeat(48)}`)}`,
        `short: ${b64(`csk_${hex.slice(1)}`)}`,
        `long: ${b64(`csk_${hex}0`)}`,
        `glued: ${b64(`token_csk_${hex}`)}`,
      ].join('\n'),
    });
    const result = scan(dir);
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('staged and history find base64-encoded keys too', () => {
  it('a Kubernetes Secret committed, and one staged', async () => {
    const repo = createRepo();
    try {
      const [old, fresh] = [makeKey(), makeKey('secret-test')];
      repo.commitFiles('add secret', { 'k8s/secret.yaml': `data:\n  key: ${b64(old)}\n` });
      const history = await repo.scan(['history', '--format', 'json']);
      expect(JSON.parse(history.stdout).findings.map((f: { redacted: string; encoding?: string }) => [f.redacted, f.encoding])).toEqual([[masked(old), 'base64']]);
      repo.write('k8s/other.yaml', `data:\n  key: ${b64(`u:${fresh}`)}\n`);
      repo.git('add', '-A');
      const staged = await repo.scan(['staged', '--format', 'json']);
      expect(JSON.parse(staged.stdout).findings.map((f: { redacted: string; encoding?: string }) => [f.redacted, f.encoding])).toEqual([[masked(fresh), 'base64']]);
    } finally {
      repo.cleanup();
    }
  });
});

describe('ESLint no-hardcoded-key finds base64-encoded keys', () => {
  const linter = new Linter({ configType: 'flat' });
  const config = [
    { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
    { ...plugin.configs.recommended, files: ['**/*.ts'] },
  ] as Linter.Config[];

  it('reports the encoded text, with the mask, and offers no fix that would keep encoded data', () => {
    const key = makeKey();
    const encoded = b64(`api:${key}`);
    const code = `export const header = 'Basic ${encoded}';\n`;
    const messages = linter.verify(code, config, 'a.ts');
    expect(messages).toHaveLength(1);
    expect(messages[0]!.message).toContain(masked(key));
    expect(messages[0]!.message.includes(key)).toBe(false);
    expect(messages[0]!.line).toBe(1);
    expect(messages[0]!.column).toBe(code.indexOf(encoded) + 1 + 4);
    expect(messages[0]!.suggestions ?? []).toEqual([]);
  });

  it('adds nothing for random base64 or base64 of a placeholder', () => {
    const code = `export const a = '${b64(randomBytes(64))}';\nexport const b = '${b64(`csk_${'deadbeef'.repeat(6)}`)}';\n`;
    expect(linter.verify(code, config, 'b.ts')).toEqual([]);
  });
});
