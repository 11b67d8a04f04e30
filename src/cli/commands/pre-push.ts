import { text } from 'node:stream/consumers';
import { UsageError } from '../../errors.js';
import { parsePushedRefs, pushRevisions } from '../../git/push.js';
import type { CliIo, CommandResult } from '../io.js';
import { parseFlags } from '../parse.js';
import { SCAN_FLAGS, SCAN_FLAGS_HELP } from '../scan-options.js';
import { scanHistory } from './history.js';

export const PRE_PUSH_HELP = `Usage: cencori-scan pre-push [REMOTE [URL]] [options] < refs

The pre-push hook ("cencori-scan init" installs it): reads git's pre-push input from standard
input, one "<local ref> <local sha> <remote ref> <remote sha>" line per pushed ref, and scans the
lines added by every commit the push would send that REMOTE does not have yet: commits reachable
from the pushed tips but not from the ref's old value on the remote nor from any remote-tracking
ref of REMOTE (refs/remotes/REMOTE/*). A new branch, a force push and several refs at once are
covered; a deleted ref sends nothing. It catches commits made with --no-verify or on a machine
without the pre-commit hook. Findings and exit codes are those of "cencori-scan history".

${SCAN_FLAGS_HELP}`;

export async function prePushCommand(args: string[], io: CliIo): Promise<CommandResult> {
  const { values, positionals } = parseFlags(args, SCAN_FLAGS, 'pre-push', true);
  if (values.help) return { exitCode: 0, stdout: `${PRE_PUSH_HELP}\n`, stderr: '' };
  if (positionals.length > 2) throw new UsageError(`pre-push: takes the remote name and URL git passes, got ${positionals.length} arguments`);
  // On a terminal nobody is piping git's ref list: waiting for it would look like a hang.
  if (!io.stdin || (io.stdin as { isTTY?: boolean }).isTTY) throw new UsageError('pre-push: reads the pushed refs from standard input, as git passes them to the pre-push hook');
  const refs = parsePushedRefs(await text(io.stdin));
  const revisions = await pushRevisions(io.cwd, positionals[0] ?? '', refs);
  if (revisions.length === 0) {
    return { exitCode: 0, stdout: '', stderr: `cencori-scan: nothing to scan: ${refs.length === 0 ? 'no refs pushed' : 'the push only deletes refs'}\n` };
  }
  return scanHistory({ revisions }, values, io);
}
