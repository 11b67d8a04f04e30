// What the installed pre-commit hook adds to a real `git commit` of 10 changed files in a
// 3,000-file repository, with the package installed from its packed tarball, as a user gets it:
// npm pack, npm install <tarball> husky into a copy of the repository, `cencori-scan init`, then
// `git commit` (hook) and `git commit --no-verify` alternate, the commit undone between runs.
// The same for the pre-commit framework's hook (.pre-commit-hooks.yaml, when `pre-commit` is
// installed) and the README's lint-staged recipe. Target: the init hook adds <= 150 ms (median).
// Reproduce: npm run bench -- hook
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureWideRepo, git, ROOT } from './git-repos.mjs';

const TARGET_MS = 150;
const RUNS = Number(process.env.HOOK_BENCH_RUNS ?? 15);
const scratch = mkdtempSync(path.join(tmpdir(), 'cencori-hook-bench-'));
const env = { ...process.env, npm_config_update_notifier: 'false', PRE_COMMIT_HOME: path.join(scratch, 'pre-commit-home') };

function sh(cwd, command, args, options = {}) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 28, ...options });
  if (result.status !== 0 && !options.allowFail) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stdout}${result.stderr}`);
  return result;
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], p90: s[Math.floor(s.length * 0.9)] };
};

try {
  // 1. The tarball npm would publish (prepack builds dist/).
  const packDir = path.join(scratch, 'pack');
  sh(ROOT, 'npm', ['pack', '--silent', '--pack-destination', (spawnSync('mkdir', ['-p', packDir]), packDir)]);
  const tarball = path.join(packDir, readdirSync(packDir).find((f) => f.endsWith('.tgz')));

  // 2. A 3,000-file project with the tarball, husky and lint-staged installed, and init's hooks.
  const dir = path.join(scratch, 'project');
  git(scratch, ['clone', '-q', ensureWideRepo(3000), dir]);
  git(dir, ['config', 'user.name', 'Bench Author']);
  git(dir, ['config', 'user.email', 'bench@example.test']);
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'bench-app', version: '1.0.0', private: true }, null, 2)}\n`);
  writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n');
  // lint-staged 16: the last major that runs on Node 20.
  sh(dir, 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--save-dev', tarball, 'husky@^9', 'lint-staged@^16']);
  const init = sh(dir, path.join(dir, 'node_modules', '.bin', 'cencori-scan'), ['init']);
  if (!/checked: .* refused a commit/.test(init.stdout)) throw new Error(`init did not prove its hook: ${init.stdout}`);
  writeFileSync(path.join(dir, 'lint-staged.config.mjs'), "export default {\n  '*': () => 'cencori-scan staged',\n};\n");
  const rev = git(ROOT, ['rev-parse', 'HEAD']).trim();
  writeFileSync(path.join(dir, '.pre-commit-config.yaml'), `repos:\n  - repo: ${ROOT}\n    rev: ${rev}\n    hooks:\n      - id: cencori-scan\n`);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '--no-verify', '-m', 'install the hooks']);
  const initHook = git(dir, ['show', 'HEAD:.husky/pre-commit']);

  let edit = 0;
  /** One timed commit of 10 changed files, undone afterwards (reset --hard to the commit before). */
  function timedCommit(args, marker) {
    for (let i = 0; i < 10; i++) {
      const n = (edit * 10 + i) * 29 % 3000;
      appendFileSync(path.join(dir, `src/pkg${n % 60}/mod${n}.js`), `export const added${edit}_${i} = process.env.CENCORI_KEY;\n`);
    }
    edit++;
    git(dir, ['add', '-A']);
    const start = performance.now();
    const result = spawnSync('git', ['commit', '-q', '-m', `bench ${edit}`, ...args], { cwd: dir, env, encoding: 'utf8' });
    const ms = performance.now() - start;
    if (result.status !== 0) throw new Error(`git commit ${args.join(' ')} failed: ${result.stdout}${result.stderr}`);
    // The hook under test really ran (its summary line), and --no-verify really skipped it.
    const ran = marker.test(`${result.stdout}${result.stderr}`);
    if (ran !== (args.length === 0)) throw new Error(`git commit ${args.join(' ')}: the scan ${ran ? 'ran' : 'did not run'}: ${result.stdout}${result.stderr}`);
    git(dir, ['reset', '-q', '--hard', 'HEAD~1']);
    return ms;
  }

  const timed = (command, args) => {
    const start = performance.now();
    spawnSync(command, args, { cwd: dir, env });
    return performance.now() - start;
  };
  // Node's own start, measured in the same runs: under load it, not the scan, is most of the hook.
  const nodeStart = [];

  /** Alternates hook and --no-verify commits; the order flips every run so drift hits both alike. */
  function measure(label, marker, warmups = 2) {
    for (let i = 0; i < warmups; i++) timedCommit([], marker);
    const hook = [];
    const bare = [];
    for (let run = 0; run < RUNS; run++) {
      nodeStart.push(timed(process.execPath, ['-e', '']));
      if (run % 2 === 0) {
        hook.push(timedCommit([], marker));
        bare.push(timedCommit(['--no-verify'], marker));
      } else {
        bare.push(timedCommit(['--no-verify'], marker));
        hook.push(timedCommit([], marker));
      }
    }
    const h = stats(hook);
    const b = stats(bare);
    return { label, h, b, added: h.median - b.median, ratio: h.median / b.median };
  }

  if (process.env.HOOK_BENCH_SETUP_ONLY) throw new Error(`set up in ${dir}`);
  const results = [];
  results.push(measure('cencori-scan init hook (.husky/pre-commit)', /cencori-scan: scanned 10 staged files .*no keys found/));

  // Committed, so the reset after each timed commit keeps it.
  const setHook = (text) => {
    writeFileSync(path.join(dir, '.husky', 'pre-commit'), text);
    git(dir, ['add', '.husky/pre-commit']);
    git(dir, ['commit', '-q', '--no-verify', '-m', 'switch the pre-commit hook']);
  };
  // husky's own share: its runner (.husky/_/h, a few dirname/basename processes per hook, and for
  // commit-msg too, which --no-verify also skips) around a hook that does nothing but say it ran.
  setHook('echo "husky hook ran" >&2\n');
  results.push(measure('husky alone (.husky/pre-commit: one echo), for scale', /husky hook ran/));
  setHook('lint-staged\n');
  results.push(measure('lint-staged recipe (.husky/pre-commit: lint-staged)', /COMPLETED\] cencori-scan staged/));
  setHook(initHook);

  const hasPreCommit = spawnSync('pre-commit', ['--version']).status === 0;
  if (hasPreCommit) {
    git(dir, ['config', '--unset', 'core.hooksPath']);
    sh(dir, 'pre-commit', ['install']);
    // The first run builds pre-commit's node environment for the hook (npm install + npm pack): not timed.
    results.push(measure('pre-commit framework (.pre-commit-hooks.yaml)', /cencori-scan \(Cencori API keys\)\.*Passed/, 3));
    git(dir, ['config', 'core.hooksPath', '.husky/_']);
  }

  const fmt = ({ min, median, p90 }) => `median ${median.toFixed(0)} ms (min ${min.toFixed(0)}, p90 ${p90.toFixed(0)})`;
  console.log(`project: 3,000 files, 10 files changed per commit, ${RUNS} alternating runs each; package from ${path.basename(tarball)}`);
  console.log(`node -e '' (node start alone, for the machine's state): ${fmt(stats(nodeStart))}`);
  for (const r of results) {
    console.log(`${r.label}`);
    console.log(`  with hook ${fmt(r.h)}; without ${fmt(r.b)}; adds ${r.added.toFixed(0)} ms (x${r.ratio.toFixed(2)})`);
  }
  const huskyAlone = results.find((r) => r.label.startsWith('husky alone'));
  console.log(`init hook adds ${results[0].added.toFixed(0)} ms: target <= ${TARGET_MS} ms: ${results[0].added <= TARGET_MS ? 'met' : 'MISSED'}`);
  if (huskyAlone) console.log(`  of which husky's runner around any hook: ${huskyAlone.added.toFixed(0)} ms; the scan's own process: ${(results[0].added - huskyAlone.added).toFixed(0)} ms`);
  if (!hasPreCommit) console.log('pre-commit framework: not measured (pre-commit is not installed; Debian: apt-get install pre-commit)');
  console.log('reproduce: npm run bench -- hook');
} finally {
  if (process.env.HOOK_BENCH_KEEP) console.log(`kept ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
}
