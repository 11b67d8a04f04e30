export { SAFE_GIT_CONFIG, describeGitError, gitAt, listWorktreeFiles, repoRootOf, requireRepoRoot } from './client.js';
