// Verification cost: how much time asking Cencori adds to a scan, against a loopback server that
// answers like Cencori after a fixed delay (a real round trip). Run: npm run bench -- verify
// (needs dist/: npm run build). Figures are medians of RUNS whole `cencori-scan files` processes.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KEY_FORMATS } from '../dist/scanner.js';
import { randomBody } from '../scripts/placeholders.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(root, 'dist/cli.cjs');
const RUNS = 5;
const KEYS = 24;
const LATENCY_MS = 80;
const TIMEOUT_MS = 1000;

const secretLive = KEY_FORMATS.find((f) => f.id === 'secret-live');
const keys = Array.from({ length: KEYS }, () => secretLive.prefix + randomBody(secretLive));
const dir = mkdtempSync(path.join(tmpdir(), 'cencori-verify-bench-'));
keys.forEach((k, i) => writeFileSync(path.join(dir, `f${i}.ts`), `export const k = '${k}';\n`));

let mode = 'answer';
const server = http.createServer((_req, res) => {
  if (mode === 'hang') return;
  setTimeout(() => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"object":"list","data":[]}');
  }, LATENCY_MS);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}`;

function runOnce(args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, 'files', '-f', 'json', '--timeout', `${TIMEOUT_MS}ms`, ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH, CENCORI_API_URL: url },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    child.on('error', reject);
    child.on('close', () => resolve(performance.now() - started));
  });
}

async function median(args) {
  const times = [];
  for (let i = 0; i < RUNS; i++) times.push(await runOnce(args));
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const offline = await median(['--offline']);
const online = await median([]);
mode = 'hang';
const hanging = await median([]);
server.closeAllConnections();
server.close();
rmSync(dir, { recursive: true, force: true });

const ideal = Math.ceil(KEYS / 4) * LATENCY_MS;
const row = (name, ms, target) => console.log(`${name.padEnd(58)} ${`${Math.round(ms)} ms`.padStart(8)}   target ${target}`);
console.log(`${KEYS} distinct keys, server latency ${LATENCY_MS} ms, --timeout ${TIMEOUT_MS}ms, median of ${RUNS} processes`);
row('scan --offline (no verification)', offline, 'baseline');
row(`verification added (concurrency 4: ideal ${ideal} ms)`, online - offline, `< ${ideal + 300} ms`);
row('verification added against a server that never answers', hanging - offline, `< ${TIMEOUT_MS + 300} ms (one budget)`);
console.log('reproduce: npm run build && npm run bench -- verify');
