import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Candidate, CandidateReader, ReadOutcome } from './files.js';

/**
 * Below this many files a scan reads on the main thread: starting workers (about 30 ms each,
 * loading the key core) costs more than it saves. bench/files.bench.mjs prints the crossover;
 * on a loaded machine it never came (see idleCores), so this is an estimate from the per-file
 * cost (~0.15 ms) and the start-up cost, to be checked on a quiet machine.
 */
export const POOL_MIN_FILES = 1500;
/** Files per message: few enough to spread the work, many enough that messages cost little. */
const BATCH = 128;

/** The built worker, beside this module's chunk in dist/; absent when running from sources (tests). */
function workerFile(): string | undefined {
  const file = fileURLToPath(new URL('./files-worker.js', import.meta.url));
  return existsSync(file) ? file : undefined;
}

/**
 * Cores not already busy with other work (the one-minute load average, as `make -l` reads it):
 * on a saturated machine extra threads only add start-up and hand-over cost (measured: slower at
 * every size on a 2-core machine at load 13).
 */
function idleCores(): number {
  return Math.floor(availableParallelism() - loadavg()[0]! + 0.5);
}

/**
 * The reader for `count` candidates: worker threads, one per idle core, when there are enough
 * files and at least two idle cores, else undefined (read on this thread).
 * `CENCORI_SCAN_WORKERS=N` sets the number of workers (0: none), for measuring.
 */
export function poolFor(count: number, env: NodeJS.ProcessEnv = process.env): CandidateReader | undefined {
  const forced = env.CENCORI_SCAN_WORKERS === undefined || env.CENCORI_SCAN_WORKERS === '' ? undefined : Number(env.CENCORI_SCAN_WORKERS);
  const size = forced !== undefined && Number.isInteger(forced) && forced >= 0 ? forced : count >= POOL_MIN_FILES ? idleCores() : 0;
  if (size < 1 || (forced === undefined && size < 2)) return undefined;
  const file = workerFile();
  return file === undefined ? undefined : new ReaderPool(file, size);
}

/**
 * A fixed pool of worker threads that reads batches of candidates ahead of the consumer. Hand-
 * written rather than tinypool or piscina: what is needed is a few lines (fixed size, ordered
 * batches, no task timeouts or idle shrinking), and it adds no dependency to every install.
 * Results are kept per batch and handed out in candidate order, so the merge is deterministic.
 */
class ReaderPool implements CandidateReader {
  readonly #workers: Array<{ worker: Worker; busy: number }>;
  readonly #pending = new Map<number, { resolve: (outcomes: ReadOutcome[]) => void; reject: (error: Error) => void }>();
  /** Batches sent and not yet handed out, in candidate order (contiguous: the list only grows). */
  readonly #queue: Array<{ start: number; end: number; outcomes: Promise<ReadOutcome[]> }> = [];
  /** Candidates below this index have been sent. */
  #sentTo = 0;
  #nextId = 0;
  readonly threads: number;

  constructor(file: string, size: number) {
    this.threads = size;
    this.#workers = Array.from({ length: size }, () => {
      const entry = { worker: new Worker(file), busy: 0 };
      entry.worker.on('message', (message: { id: number; outcomes: ReadOutcome[] }) => {
        entry.busy--;
        this.#pending.get(message.id)?.resolve(message.outcomes);
        this.#pending.delete(message.id);
      });
      // A worker that dies fails the scan (exit 2) rather than leaving it waiting.
      entry.worker.on('error', (error) => {
        for (const { reject } of this.#pending.values()) reject(error);
        this.#pending.clear();
      });
      return entry;
    });
  }

  async outcome(index: number, candidates: readonly Candidate[]): Promise<ReadOutcome> {
    // Keep every worker two batches ahead of the reader.
    while (this.#sentTo < candidates.length && (this.#sentTo <= index || this.#sentTo < index + BATCH * this.#workers.length * 2)) this.#send(candidates);
    while (this.#queue[0]!.end <= index) this.#queue.shift();
    const batch = this.#queue[0]!;
    return (await batch.outcomes)[index - batch.start]!;
  }

  #send(candidates: readonly Candidate[]): void {
    const start = this.#sentTo;
    const end = Math.min(candidates.length, start + BATCH);
    const id = this.#nextId++;
    const target = this.#workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    target.busy++;
    const outcomes = new Promise<ReadOutcome[]>((resolve, reject) => this.#pending.set(id, { resolve, reject }));
    // Handled where it is awaited; this keeps a batch never awaited (the scan failed first) quiet.
    outcomes.catch(() => {});
    this.#queue.push({ start, end, outcomes });
    target.worker.postMessage({ id, batch: candidates.slice(start, end) });
    this.#sentTo = end;
  }

  close(): void {
    for (const { worker } of this.#workers) void worker.terminate();
  }
}
