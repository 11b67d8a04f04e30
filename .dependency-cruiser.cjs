/**
 * The layering of HOUSE_STYLE.md, checked on every `npm run lint` (and so in CI):
 *   cli → sources → scan → keys; report and verify use only keys and the model; git is reached
 *   only through src/git; rules use keys and env. No cycle anywhere.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    { name: 'no-cycle', severity: 'error', comment: 'An import cycle hides which layer is below which.', from: {}, to: { circular: true } },
    {
      name: 'no-upward-import-to-cli',
      severity: 'error',
      comment: 'cli is the top layer: nothing below it imports it.',
      from: { path: '^src/(scan|sources|keys|git|report|verify|config|env)/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'keys-are-pure',
      severity: 'error',
      comment: 'keys is the bottom layer: it imports only keys (and node builtins).',
      from: { path: '^src/keys/' },
      to: { pathNot: ['^src/keys/', '^node:'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'sources-do-not-report-or-verify',
      severity: 'error',
      comment: 'A source only yields units: it never prints, verifies or knows the CLI.',
      from: { path: '^src/sources/' },
      to: { path: '^src/(report|verify|cli)/' },
    },
    {
      name: 'report-and-verify-use-keys-and-model-only',
      severity: 'error',
      comment: 'Formatters and the API client see keys and the model, never the CLI, a source or git.',
      from: { path: '^src/(report|verify)/' },
      to: { path: '^src/(cli|sources|git)/' },
    },
    {
      name: 'scan-is-below-sources',
      severity: 'error',
      comment: 'scan (detect, policy, baseline, findings) is below the sources and the CLI.',
      from: { path: '^src/scan/' },
      to: { path: '^src/(cli|sources|report|verify)/' },
    },
    {
      name: 'simple-git-only-in-src-git',
      severity: 'error',
      comment: 'One door to git: src/git is the only simple-git importer.',
      from: { pathNot: '^src/git/' },
      to: { path: 'node_modules/simple-git/' },
    },
    {
      name: 'rules-use-keys-and-env',
      severity: 'error',
      comment: 'ESLint rules share the key core and env with the CLI, nothing of the scanner.',
      from: { path: '^rules/' },
      to: { path: '^src/(cli|sources|git|report|verify|scan)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
