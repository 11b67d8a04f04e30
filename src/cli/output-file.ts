import { accessSync, closeSync, constants, mkdirSync, openSync, statSync, unlinkSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ScanError, fsReason } from '../errors.js';

/**
 * Makes sure `file` can be written, before any scanning: a scan of a large history must not run
 * for minutes only to fail at the end. Missing folders are created one at a time from the
 * nearest existing one, never with `mkdir -p`: Node's recursive mkdir spins forever under /proc.
 * `what` names the file in errors ("report", "baseline").
 */
export function prepareOutputFile(file: string, what: string): void {
  const fail = (why: string): never => {
    throw new ScanError(`cannot write ${what} to ${file}: ${why}`);
  };
  const existing = statOrUndefined(file);
  if (existing?.isDirectory()) fail('it is a folder, not a file');
  const missing: string[] = [];
  let dir = path.dirname(file);
  for (;;) {
    const stat = statOrUndefined(dir);
    if (stat) {
      if (!stat.isDirectory()) fail(`${dir} is a file, not a folder`);
      break;
    }
    missing.unshift(dir);
    const parent = path.dirname(dir);
    if (parent === dir) fail(`${dir} does not exist`);
    dir = parent;
  }
  try {
    accessSync(existing ? file : dir, constants.W_OK);
  } catch (error) {
    fail(`${existing ? file : dir}: ${fsReason(error)}`);
  }
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') fail(`cannot create folder ${folder}: ${createReason(error)}`);
    }
  }
  if (existing) return;
  // Permission bits do not tell everything (root, read-only mounts, /proc): create it once to know.
  try {
    closeSync(openSync(file, 'wx'));
    unlinkSync(file);
  } catch (error) {
    fail(createReason(error));
  }
}

/** ENOENT when creating something whose parent exists: the file system (e.g. /proc) refuses new entries. */
function createReason(error: unknown): string {
  return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'this file system does not allow creating it (ENOENT)' : fsReason(error);
}

export async function writeOutputFile(file: string, text: string, what: string): Promise<void> {
  try {
    await writeFile(file, text);
  } catch (error) {
    throw new ScanError(`cannot write ${what} to ${file}: ${fsReason(error)}`);
  }
}

function statOrUndefined(target: string) {
  try {
    return statSync(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new ScanError(`cannot use ${target}: ${fsReason(error)}`);
  }
}
