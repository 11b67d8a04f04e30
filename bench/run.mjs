// `npm run bench`: runs every bench/*.bench.mjs in turn (or those named: npm run bench -- files).
// Each prints its own figures and the command that reproduces them. Benchmarks measure, they
// never fail a build: targets are printed next to the numbers. Arguments that name no bench go to
// the one bench named (npm run bench -- eslint ../dub/apps/web): never silently dropped, which
// once ran the eslint bench on its stand-in app instead of the app given.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const all = readdirSync(here).filter((f) => f.endsWith('.bench.mjs')).sort();
const names = (arg) => all.filter((f) => f.startsWith(arg));
const wanted = process.argv.slice(2).filter((arg) => names(arg).length > 0);
const passed = process.argv.slice(2).filter((arg) => names(arg).length === 0);
const benches = all.filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)));
if (benches.length === 0 || (wanted.length === 0 && passed.length > 0)) {
  console.error(`bench: no benchmark matches ${process.argv.slice(2).join(' ')} (benchmarks: ${all.map((f) => f.replace('.bench.mjs', '')).join(', ')})`);
  process.exit(2);
}
if (passed.length > 0 && benches.length !== 1) {
  console.error(`bench: ${passed.join(' ')} names no benchmark; to pass it to one, name exactly one (e.g. npm run bench -- eslint ${passed.join(' ')})`);
  process.exit(2);
}
let failed = 0;
for (const bench of benches) {
  console.log(`\n=== ${bench}`);
  const result = spawnSync(process.execPath, [path.join(here, bench), ...passed], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
