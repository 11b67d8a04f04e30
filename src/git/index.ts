export { SAFE_GIT_CONFIG, describeGitError, gitAt, isIgnoredByGit, listWorktreeFiles, repoRootOf, requireRepoRoot } from './client.js';
