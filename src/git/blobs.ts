import { SNIFF_BYTES, decodeText, sniffEncoding } from '../sources/text-encoding.js';
import { spawnGit, type GitProcess } from './exec.js';
import type { AddedBlock, PatchFile } from './patch.js';

/**
 * Blobs read as stored, for the files git calls binary on its own say-so (a NUL in the first
 * 8,000 bytes, or a `binary` / `-diff` attribute, or a diff driver marked binary). One long-lived
 * `git cat-file --batch` answers every request in order. A blob's first bytes decide, by the same
 * sniff the files source uses (sources/text-encoding.ts): a real binary streams past and is dropped
 * as it arrives, never held or scanned; text (UTF-8, UTF-16) is kept and decoded.
 */
export class BlobReader {
  #proc: GitProcess | undefined;
  #pending: Array<{ resolve: (blob: Blob) => void; reject: (error: Error) => void; sniffOnly: boolean }> = [];
  #buffer: Buffer = Buffer.alloc(0);
  #current: { size: number; read: number; chunks: Buffer[]; binary: boolean | undefined } | undefined;
  #failed: Error | undefined;

  constructor(
    private readonly cwd: string,
    private readonly signal?: AbortSignal,
  ) {}

  /** The blob's text, or `binary` when its content is binary, or `missing` when it cannot be read. */
  read(sha: string): Promise<Blob> {
    if (this.#failed) return Promise.reject(this.#failed);
    const proc = this.#start();
    return new Promise<Blob>((resolve, reject) => {
      this.#pending.push({ resolve, reject, sniffOnly: false });
      proc.child.stdin!.write(`${sha}\n`);
    });
  }

  close(): void {
    this.#proc?.child.stdin!.end();
  }

  #start(): GitProcess {
    if (this.#proc) return this.#proc;
    const proc = spawnGit(this.cwd, ['cat-file', '--batch'], { stdin: true, expecting: () => this.#pending.length > 0, ...(this.signal ? { signal: this.signal } : {}) });
    proc.child.stdin!.on('error', () => undefined);
    proc.child.stdout!.on('data', (chunk: Buffer) => this.#onData(chunk));
    proc.done.then(
      ({ code, stderr }) => this.#fail(new Error(code === 0 ? 'git cat-file ended early' : stderr.trim().split('\n')[0] || `git cat-file exited with code ${code}`)),
      (error: Error) => this.#fail(error),
    );
    this.#proc = proc;
    return proc;
  }

  #fail(error: Error): void {
    this.#failed = error;
    for (const p of this.#pending.splice(0)) p.reject(error);
  }

  #onData(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      if (!this.#current) {
        const nl = this.#buffer.indexOf(10);
        if (nl === -1) return;
        const header = this.#buffer.toString('utf8', 0, nl);
        this.#buffer = this.#buffer.subarray(nl + 1);
        const m = /^\S+ (\S+) (\d+)$/.exec(header);
        if (!m) {
          // "<sha> missing" (a partial clone, a damaged repository) or "<sha> ambiguous".
          this.#pending.shift()?.resolve({ kind: 'missing' });
          continue;
        }
        this.#current = { size: Number(m[2]), read: 0, chunks: [], binary: undefined };
      }
      const cur = this.#current;
      // Content, then one LF.
      const want = cur.size + 1 - cur.read;
      const take = Math.min(want, this.#buffer.length);
      if (take === 0) return;
      const piece = this.#buffer.subarray(0, take);
      this.#buffer = this.#buffer.subarray(take);
      cur.read += take;
      if (cur.binary !== true) cur.chunks.push(piece);
      if (cur.binary === undefined && (cur.read >= SNIFF_BYTES || cur.read > cur.size)) {
        const head = Buffer.concat(cur.chunks);
        cur.binary = sniffEncoding(head.subarray(0, Math.min(cur.size, SNIFF_BYTES))) === undefined;
        if (cur.binary) cur.chunks = [];
      }
      if (cur.read <= cur.size) return;
      this.#current = undefined;
      const waiting = this.#pending.shift();
      if (!waiting) continue;
      if (cur.binary) {
        waiting.resolve({ kind: 'binary' });
        continue;
      }
      const decoded = decodeText(Buffer.concat(cur.chunks).subarray(0, cur.size));
      waiting.resolve(decoded ? { kind: 'text', text: decoded.text } : { kind: 'binary' });
    }
  }
}

export type Blob = { kind: 'text'; text: string } | { kind: 'binary' } | { kind: 'missing' };

/** The all-zero id git prints for a side that does not exist (an added or deleted file). */
export const NULL_BLOB = /^0+$/;

/**
 * What a file git called binary really adds, judged by content: nothing when the new blob is a
 * real binary; else the runs of lines of the new blob that the old blob does not hold (keys new in
 * the new version, at their line in the new blob). `unreadable` when a blob cannot be read.
 */
export async function resolveBinaryFile(
  reader: BlobReader,
  file: PatchFile,
  lines: (text: string) => string = (text) => text,
): Promise<PatchFile | { unreadable: string }> {
  if (!file.newBlob || NULL_BLOB.test(file.newBlob)) return { ...file, binary: false, blocks: [] };
  const [next, prev] = await Promise.all([reader.read(file.newBlob), file.oldBlob && !NULL_BLOB.test(file.oldBlob) ? reader.read(file.oldBlob) : Promise.resolve(undefined)]);
  if (next.kind === 'missing') return { unreadable: `blob ${file.newBlob.slice(0, 12)} is missing` };
  if (next.kind === 'binary') return file;
  const old = prev?.kind === 'text' ? new Set(lines(prev.text).split('\n')) : new Set<string>();
  return { ...file, binary: false, blocks: newLineBlocks(lines(next.text), old) };
}

/** Runs of consecutive lines of `text` that are not in `old`. */
export function newLineBlocks(text: string, old: ReadonlySet<string>): AddedBlock[] {
  const blocks: AddedBlock[] = [];
  const lines = text.split('\n');
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  let start = -1;
  const close = (end: number) => {
    if (start === -1) return;
    blocks.push({ lineOffset: start, previousLine: start > 0 ? lines[start - 1] : undefined, text: lines.slice(start, end).join('\n') });
    start = -1;
  };
  lines.forEach((line, i) => {
    if (old.has(line)) close(i);
    else if (start === -1) start = i;
  });
  close(lines.length);
  return blocks;
}
