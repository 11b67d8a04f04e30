import type { Readable } from 'node:stream';
import { ScanError, UsageError } from '../../errors.js';
import { classifyKey, findKeys, maskKey, SecretValue } from '../../keys/index.js';
import { formatVerifiedKeys, verifiedKeysSummary, type VerifiedKey } from '../../report/index.js';
import { verifySecrets } from '../../verify/index.js';
import { DEFAULT_API_URL, isOfflineEnv, resolveVerifyOptions } from '../../verify/options.js';
import { EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, useColor, type CliIo, type CommandResult } from '../io.js';
import { parseFlags } from '../parse.js';

export const VERIFY_HELP = `Usage: cencori-scan verify [options] < keys.txt

Reads Cencori keys from stdin, one a line (blank lines and lines starting with # are skipped),
asks Cencori whether each is live, and prints each key masked with what to do about it.
Keys are never taken from the command line: argv leaks into shell history and ps.

  e.g.  pbpaste | cencori-scan verify
        cencori-scan verify < suspicious-keys.txt

Exit codes: 0 no key is live, 1 a key is LIVE, 2 error (bad input, bad flag, or a key that
could not be verified: no answer is never reported as "not live").

Options:
  -f, --format FORMAT    text (default) or json
      --api-url URL      Cencori API base URL (also: CENCORI_API_URL; default ${DEFAULT_API_URL});
                         https only, or http to 127.0.0.1/::1/localhost
      --timeout DURATION time budget for all requests, e.g. 5s or 800ms (default 5s)
      --no-color         no colour (also: NO_COLOR=1)
  -h, --help             this help

Each request is GET <api-url>/v1/models with the key in the CENCORI_API_KEY header and
User-Agent cencori-scan/<version>; Cencori logs it in the key owner's request logs.`;

const VERIFY_FLAGS = {
  format: { type: 'string', short: 'f' },
  'api-url': { type: 'string' },
  timeout: { type: 'string' },
  offline: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

interface InputKey {
  line: number;
  secret: SecretValue;
}

export async function verifyCommand(args: string[], io: CliIo): Promise<CommandResult> {
  // Before parsing: parseArgs quotes unexpected arguments in its errors, which would print the key.
  if (args.some((arg) => findKeys(arg).length > 0)) {
    throw new UsageError('verify: keys are read from stdin, never from the command line (it leaks into shell history and ps): pipe them in instead');
  }
  const { values, positionals } = parseFlags(args, VERIFY_FLAGS, 'verify', true);
  if (values.help) return { exitCode: EXIT_OK, stdout: `${VERIFY_HELP}\n`, stderr: '' };
  if (positionals.length > 0) throw new UsageError('verify: takes no arguments; keys are read from stdin, one a line');
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`verify: --format must be text or json, got "${format}"`);
  if (values.offline || isOfflineEnv(io.env)) {
    const why = values.offline ? '--offline' : 'CENCORI_SCAN_OFFLINE is set';
    throw new UsageError(`verify: ${why}, but verify only works online: it asks Cencori about each key`);
  }
  const options = resolveVerifyOptions({ 'api-url': values['api-url'], timeout: values.timeout }, io.env);

  const keys = parseKeyLines(await readStdin(io.stdin));
  const distinct = new Map<string, InputKey>();
  for (const k of keys) if (!distinct.has(k.secret.fingerprint)) distinct.set(k.secret.fingerprint, k);

  const started = performance.now();
  const verdicts = await verifySecrets(new Map([...distinct].map(([fp, k]) => [fp, k.secret])), options);
  const ms = Math.round(performance.now() - started);

  const rows: VerifiedKey[] = [...distinct.values()].map(({ line, secret }) => {
    const verdict = verdicts.get(secret.fingerprint) ?? { status: 'unknown' as const, reason: 'not checked' };
    const klass = classifyKey(secret.reveal())!;
    return { line, secret, klass, verification: verdict.status, reason: verdict.reason };
  });
  const live = rows.filter((r) => r.verification === 'live').length;
  const unknownCount = rows.filter((r) => r.verification === 'unknown').length;
  const color = format === 'text' && values['no-color'] !== true && useColor(io, io.stdoutIsTTY);
  const stdout = formatVerifiedKeys(rows, format, color);
  const stderrLines = verifiedKeysSummary(rows, options.apiUrl, ms);
  const exitCode = live > 0 ? EXIT_FINDINGS : unknownCount > 0 ? EXIT_ERROR : EXIT_OK;
  return { exitCode, stdout, stderr: `${stderrLines.join('\n')}\n` };
}

/** One key a line; a line that is not exactly one key is an error naming its number, never its text. */
export function parseKeyLines(text: string): InputKey[] {
  const keys: InputKey[] = [];
  text.split('\n').forEach((raw, index) => {
    const value = raw.trim();
    if (value === '' || value.startsWith('#')) return;
    if (classifyKey(value) === undefined) {
      throw new ScanError(`verify: stdin line ${index + 1} is not a Cencori key (expected one whole key a line; the line is not shown, it may hold a secret)`);
    }
    keys.push({ line: index + 1, secret: new SecretValue(value, maskKey(value)) });
  });
  if (keys.length === 0) throw new ScanError('verify: no keys on stdin (pipe them in, one a line)');
  return keys;
}

async function readStdin(stdin: Readable | undefined): Promise<string> {
  if (stdin === undefined) throw new ScanError('verify: no stdin to read keys from');
  // On a terminal the keys would be typed (and shown) by hand and the command would seem to hang.
  if ((stdin as Readable & { isTTY?: boolean }).isTTY) {
    throw new UsageError('verify: reads keys from a pipe or a file, e.g. `cencori-scan verify < keys.txt`');
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
