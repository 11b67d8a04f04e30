import { ScanError } from '../errors.js';
import { GitFailure, gitText } from './exec.js';

/** One line of git's pre-push input (githooks(5)): `<local ref> SP <local sha> SP <remote ref> SP <remote sha> LF`. */
export interface PushedRef {
  localRef: string;
  localSha: string;
  remoteRef: string;
  remoteSha: string;
}

const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const isZero = (sha: string) => /^0+$/.test(sha);

export function parsePushedRefs(text: string): PushedRef[] {
  const refs: PushedRef[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') continue;
    const parts = line.split(' ');
    if (parts.length !== 4 || !SHA.test(parts[1]!) || !SHA.test(parts[3]!)) {
      throw new ScanError(`pre-push: line ${i + 1} of standard input is not "<local ref> <local sha> <remote ref> <remote sha>" (git's pre-push input)`);
    }
    refs.push({ localRef: parts[0]!, localSha: parts[1]!, remoteRef: parts[2]!, remoteSha: parts[3]! });
  }
  return refs;
}

/**
 * The revisions whose commits a push sends that the remote may not have: every pushed tip
 * (a deleted ref sends nothing), minus what the remote already has as far as this clone knows:
 * the old value of each pushed ref when this clone has that commit, and every remote-tracking
 * ref of that remote (refs/remotes/<remote>/*, as `git rev-list --not --remotes=<remote>`).
 * One rule covers a new branch (old value all zeros: only the tracking refs), an update, a force
 * push (the old value is no ancestor: the new commits are those not reachable from it) and
 * several refs at once. A commit already on the remote was exposed before this push.
 * Negatives are written as ^<sha> so they stay revisions after --end-of-options.
 */
export async function pushRevisions(cwd: string, remote: string, refs: readonly PushedRef[]): Promise<string[]> {
  const tips = [...new Set(refs.filter((r) => !isZero(r.localSha)).map((r) => r.localSha))];
  if (tips.length === 0) return [];
  const known = new Set<string>();
  for (const r of refs) {
    if (!isZero(r.remoteSha) && (await hasCommit(cwd, r.remoteSha))) known.add(r.remoteSha);
  }
  // A push to a URL (not a named remote) has no tracking refs.
  if (/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(remote)) {
    const out = await gitText(cwd, ['for-each-ref', '--format=%(objectname)', `refs/remotes/${remote}/`]);
    for (const sha of out.split('\n')) if (SHA.test(sha)) known.add(sha);
  }
  return [...tips, ...[...known].map((sha) => `^${sha}`)];
}

async function hasCommit(cwd: string, sha: string): Promise<boolean> {
  try {
    await gitText(cwd, ['cat-file', '-e', `${sha}^{commit}`]);
    return true;
  } catch (error) {
    if (error instanceof GitFailure) return false;
    throw error;
  }
}
