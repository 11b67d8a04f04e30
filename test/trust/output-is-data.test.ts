import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuilt, type ProcessResult } from '../helpers/cli-process.js';
import { createRepo, type TempRepo } from '../helpers/git-repo.js';
import { makeKey } from '../helpers/keys.js';

// Issue 10 §3 "Output is data, never commands": whatever control characters and workflow-command
// look-alikes sit in file names, author names, emails, commit messages and source-map paths, no
// output line starts a workflow command except our own annotations, and no raw control byte
// reaches stdout or stderr except the line feeds between our lines and, with colour on, our own
// SGR colour codes. JSON and SARIF carry the same data exactly, by JSON's own escaping.

// ESC (a colour, a screen clear, an OSC title ending in BEL), BEL, CR, LF, DEL, a C1 CSI,
// a workflow command and GitHub's own escape of a line feed.
const HOSTILE = 'x\u001b[31mred\u001b[2J\u001b]0;title\u0007\u0007\r\n::error::injected%0A\u007f\u009b1m';
const FILE_NAME = `evil${HOSTILE}.ts`;
const STAGED_NAME = `staged${HOSTILE}.ts`;
const AUTHOR = `Eve${HOSTILE.replace('\n', '')}`; // git drops line feeds from names itself
const EMAIL = `eve${HOSTILE.replace('\n', '')}@example.test`;
const MESSAGE = `add config${HOSTILE}\n\n::error::from the body`;
const MAP_SOURCE = `src/${HOSTILE}client.ts`;

const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
const COMMANDS = ['files', 'staged', 'history', 'bundle'] as const;

let repo: TempRepo;
const keys = { file: makeKey('secret-live'), staged: makeKey('secret-live'), bundle: makeKey('secret-live') };

beforeAll(() => {
  repo = createRepo();
  repo.write(FILE_NAME, `export const key = '${keys.file}';\n`);
  repo.git('add', '-A');
  repo.commit(MESSAGE, { author: `${AUTHOR} <${EMAIL}>` });
  // A built bundle whose source map names a hostile original path (one segment: line 1 → source 0).
  mkdirSync(path.join(repo.dir, 'dist'));
  writeFileSync(path.join(repo.dir, 'dist/app.js'), `var k="${keys.bundle}";\n//# sourceMappingURL=app.js.map\n`);
  writeFileSync(
    path.join(repo.dir, 'dist/app.js.map'),
    JSON.stringify({ version: 3, file: 'app.js', sources: [MAP_SOURCE], names: [], mappings: 'AAAA,OAAO' }),
  );
  repo.write(STAGED_NAME, `export const other = '${keys.staged}';\n`);
  repo.git('add', STAGED_NAME);
});
afterAll(() => repo.cleanup());

const env = () => ({ ...repo.env, CENCORI_SCAN_OFFLINE: '1', NO_COLOR: '', FORCE_COLOR: '' });
const scan = (args: string[], extra: NodeJS.ProcessEnv = {}) => runBuilt(args, { cwd: repo.dir, env: { ...env(), ...extra } });

/** Every control character left once our own SGR codes (when allowed) are taken out. */
function rawControls(text: string, colour: boolean): string[] {
  const stripped = colour ? text.replace(/\u001b\[[0-9;]*m/g, '') : text;
  return [...stripped.matchAll(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g)].map((m) => `U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function expectInert(result: ProcessResult, format: string, label: string, colour = false): void {
  expect(rawControls(result.stdout, colour), `${label} stdout`).toEqual([]);
  expect(rawControls(result.stderr, false), `${label} stderr`).toEqual([]);
  for (const line of result.stdout.split('\n')) {
    if (!line.startsWith('::')) continue;
    expect(format, `${label}: a workflow command in a ${format} report: ${line}`).toBe('github');
    expect(line, label).toMatch(/^::(error|warning) file=[^:]*,line=\d+,col=\d+,title=[^:]*::/);
  }
  // stderr is ours line by line: each starts as we start lines, none is a command.
  for (const line of result.stderr.split('\n').filter(Boolean)) {
    expect(line, `${label} stderr line`).toMatch(/^(cencori-scan: | {2}\S|Run ")/);
  }
}

describe('output is data, never commands', () => {
  for (const command of COMMANDS) {
    for (const format of FORMATS) {
      it(`${command} --format ${format} (and --verbose): no raw control byte, no injected workflow command`, async () => {
        for (const extra of [[], ['--verbose']]) {
          const result = await scan([command, '--format', format, ...extra]);
          expect(result.status, `${command} ${format} ${result.stderr}`).toBe(1);
          expectInert(result, format, `${command} ${format} ${extra.join(' ')}`);
          for (const key of Object.values(keys)) expect(result.stdout + result.stderr).not.toContain(key);
        }
      });
    }
  }

  it('github annotations: exactly one line per finding, the planted names percent-escaped', async () => {
    const result = await scan(['files', '--format', 'github']);
    const lines = result.stdout.trimEnd().split('\n');
    const findings = JSON.parse((await scan(['files', '--format', 'json'])).stdout).findings as unknown[];
    expect(lines).toHaveLength(findings.length);
    expect(result.stdout).toContain('%0D%0A%3A%3Aerror%3A%3Ainjected%250A');
  });

  it('json and sarif carry the hostile names exactly: JSON escaping is the proof', async () => {
    const json = JSON.parse((await scan(['history', '--format', 'json'])).stdout);
    const finding = json.findings.find((f: { file: string }) => f.file === FILE_NAME);
    expect(finding.commit.author).toBe(AUTHOR);
    expect(finding.commit.email).toBe(EMAIL);
    const bundle = JSON.parse((await scan(['bundle', '--format', 'json'])).stdout);
    // The map's source is resolved as a URL against dist/ (which drops CR/LF and decodes %0A): still data.
    expect(bundle.findings[0].original.file).toMatch(/^dist\/src\/x\u001b\[31mred\u001b\[2J\u001b\]0;title\u0007\u0007.*::error::injected/s);
    const sarif = JSON.parse((await scan(['files', '--format', 'sarif'])).stdout);
    const uris = sarif.runs[0].results.map((r: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) =>
      decodeURIComponent(r.locations[0]!.physicalLocation.artifactLocation.uri),
    );
    expect(uris).toContain(FILE_NAME);
  });

  it('colour on (FORCE_COLOR=1): our SGR codes are the only raw controls', async () => {
    for (const command of COMMANDS) {
      const result = await scan([command, '--verbose'], { FORCE_COLOR: '1' });
      expect(result.stdout).toContain('\u001b[31m');
      expectInert(result, 'text', `${command} colour`, true);
      // The planted ESC sequences are shown as text, never kept as colour.
      expect(result.stdout).not.toContain('\u001b[2J');
    }
  });

  it('--output files pass the same boundary: text and github reports written to a file are inert too', async () => {
    for (const format of ['text', 'github'] as const) {
      const out = path.join(repo.dir, '..', `report-${format}.txt`);
      const result = await scan(['files', '--format', format, '-o', out], { FORCE_COLOR: '1' });
      expect(result.status).toBe(1);
      const written = readFileSync(out, 'utf8');
      expect(written).toContain('evil');
      expectInert({ ...result, stdout: written }, format, `${format} -o`, format === 'text');
    }
  });

  it('errors quoting a hostile path stay one line', async () => {
    const result = await scan(['files', `missing${HOSTILE}`]);
    expect(result.status).toBe(2);
    expect(result.stderr.split('\n')).toHaveLength(2);
    expectInert(result, 'text', 'error');
  });

  it('verify: hostile stdin lines are refused without being echoed', async () => {
    const result = await runBuilt(['verify'], { cwd: repo.dir, env: { ...env(), CENCORI_SCAN_OFFLINE: '' }, input: `${HOSTILE}\n` });
    expect(result.status).toBe(2);
    expectInert(result, 'text', 'verify');
    expect(result.stderr).not.toContain('injected');
  });
});
