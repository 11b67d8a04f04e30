/**
 * The one door to git: everything the rest of the project may call. simple-git (client.ts) for
 * short calls; git spawned directly (exec.ts) where simple-git does not fit. The pre-commit path
 * imports exec.ts and staged.ts directly so it never loads simple-git.
 */
export { gitAt, readConfigValue } from './client.js';
export { isIgnoredByGit, listWorktreeFiles } from './worktree.js';
export { GitFailure, describeGitError, firstErrorLine, gitBuffer, gitEnv, gitText, notAWorkTree, repoRoot, spawnGit, type GitProcess } from './exec.js';
export { tryHook, type HookTrial } from './hook-check.js';
export { historyCommits, listCommits, streamHistory, type HistoryCallbacks, type HistoryCommit, type HistoryOptions, type HistorySelection } from './history.js';
export { parseAddedLines, type AddedBlock, type PatchFile } from './patch.js';
export { unquoteGitPath } from './quote.js';
export { DIFF_SAFETY_ARGS, SAFE_GIT_CONFIG } from './safe-config.js';
export { parsePushedRefs, pushRevisions, type PushedRef } from './push.js';
export { readStagedChanges, type StagedChanges } from './staged.js';
