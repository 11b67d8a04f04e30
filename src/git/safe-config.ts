/**
 * `-c` settings on every git call. A scanner runs git inside repositories it does not trust;
 * trufflehog's CVE-2025-41390 showed that a repo's own .git/config (fsmonitor, hooks, external
 * diff, textconv, pager) can make the scanner run arbitrary programs. These turn those paths off;
 * diff and log calls add --no-ext-diff --no-textconv as well (see DIFF_SAFETY_ARGS).
 * Kept apart from client.ts so the hot paths reach it without loading simple-git.
 */
export const SAFE_GIT_CONFIG: readonly string[] = [
  'core.fsmonitor=false',
  'core.hooksPath=/dev/null',
  'core.untrackedCache=false',
  'core.pager=cat',
  'diff.external=',
  'protocol.allow=never',
  // log.showSignature=true makes `git log` run gpg.program, which the repo's config names.
  'log.showSignature=false',
  // Files the repository's config can name that git would read on every log or diff: a FIFO or
  // /dev/zero there hangs git or fills memory. None of them changes what a scan must see.
  'diff.orderFile=/dev/null',
  'log.mailmap=false',
  'mailmap.file=/dev/null',
  'mailmap.blob=',
  'core.attributesFile=/dev/null',
];

/**
 * Flags for every diff/log that prints patches: no external diff driver, no textconv (both are
 * programs a .gitattributes + .git/config pair can name), fixed prefixes and paths relative to
 * the repository root whatever diff.noprefix / diff.mnemonicPrefix / diff.relative say, no colour.
 */
export const DIFF_SAFETY_ARGS: readonly string[] = [
  '--no-ext-diff',
  '--no-textconv',
  '--no-color',
  '--no-relative',
  '--src-prefix=a/',
  '--dst-prefix=b/',
];
