import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { readBatch, type BatchOutcome, type Candidate } from './files-read.js';
import type { CandidateReader, ReadBatch } from './files.js';

/**
 * Worker threads start once the list has shown this many files; until one of them is ready the
 * main thread goes on reading, so a scan that turns out small never waits for them.
 * Measured (bench/files.bench.mjs "crossover", whole process, first N files of the 10,000-file
 * JavaScript tree, 2 workers from the first file against this thread only) on the 2-core machine
 * shared with other work, load average 8-11 (a worker thread took 110-250 ms to start there,
 * against ~30 ms when idle): 250 files 1.47x, 1,000 1.57x, 1,500 1.17x, 2,000 0.97-1.32x, 3,000
 * 1.05-1.28x, 5,000 0.96-1.03x, 10,000 0.79x. Below 3,000 files the workers never paid for
 * themselves; from 3,000 on they start, and by the time they are ready (about 5,000 files listed
 * on such a machine, fewer on a quiet one) they do.
 */
export const POOL_MIN_FILES = 3000;
/**
 * Cores needed for the pool. On 2 cores, quiet (load 1-1.5, 7 runs each), the pool as it starts
 * on more cores was never faster than this thread alone: this thread 156 / 188 / 260 / 322 / 451
 * ms on 250 / 1,000 / 3,000 / 5,000 / 10,000 files, this thread then 2 workers from 3,000 files
 * 158 / 191 / 278 / 406 / 492 ms; 2 workers from the first file 197 / 246 / 297 / 352 / 427 ms
 * paid only past ~10,000 files, which a scan cannot know at its start (22,700 files of
 * node_modules: 610, 603 and, every file on workers, 552 ms). Two workers share the 2 cores with
 * this thread's walk, and each starts cold (module load, then its own JIT warm-up).
 */
export const POOL_MIN_CORES = 3;
/** Files per message: many enough that messages cost little, few enough to spread the work. */
const BATCH = 256;
/** Batches in flight per worker: one being read, one waiting, so a worker never idles on a message. */
const AHEAD = 2;
/**
 * File text a batch carries back at most (UTF-16 code units; files with keys only): the text
 * beyond is read again on the main thread, so the batches in flight hold bounded memory.
 */
const BATCH_TEXT_BUDGET = 4 * 1024 * 1024;

/** The built worker, beside this module's chunk in dist/; absent when running from sources (tests). */
function workerFile(): string | undefined {
  const file = fileURLToPath(new URL('./files-worker.js', import.meta.url));
  return existsSync(file) ? file : undefined;
}

/**
 * The reader for a files scan: this thread, then, with POOL_MIN_CORES cores or more, one worker
 * thread per core once the list is long enough (POOL_MIN_FILES). `CENCORI_SCAN_WORKERS=N` sets
 * the number of workers, started at once, with every file read on them (0: none), for measuring
 * and for tests.
 */
export function fileReader(env: NodeJS.ProcessEnv = process.env): CandidateReader | undefined {
  const file = workerFile();
  const plan = poolPlan(env, availableParallelism());
  return file === undefined || plan === undefined ? undefined : poolReader(file, plan);
}

/** The pool fileReader starts on `cores` cores, or undefined for this thread only. */
export function poolPlan(env: NodeJS.ProcessEnv, cores: number): PoolOptions | undefined {
  const raw = env.CENCORI_SCAN_WORKERS;
  const forced = raw === undefined || raw === '' ? undefined : Number(raw);
  if (forced !== undefined && Number.isInteger(forced) && forced >= 0) return forced === 0 ? undefined : { workers: forced, startAt: 0, readHere: 0 };
  return cores < POOL_MIN_CORES ? undefined : { workers: cores, startAt: POOL_MIN_FILES, readHere: Infinity };
}

export interface PoolOptions {
  workers: number;
  /** Files listed before the workers start. */
  startAt: number;
  /** Files this thread reads at most while no worker is ready; then it waits for one. */
  readHere: number;
}

/** Worker threads running `file` (the built files-worker.js), as fileReader sets them up. */
export function poolReader(file: string, options: PoolOptions): CandidateReader {
  return new PoolReader(file, options);
}

interface PoolWorker {
  worker: Worker;
  /** Batches sent and not answered. */
  busy: number;
}

/**
 * Worker threads that read batches of the list ahead of the consumer. Hand-written rather than
 * tinypool or piscina: what is needed is a few lines (fixed size, ordered batches, no task
 * timeouts or idle shrinking), and it adds no dependency to every install. Batches come out in
 * list order, so the merge is deterministic whichever thread read what.
 */
class PoolReader implements CandidateReader {
  #workers: PoolWorker[] | undefined;
  /** Slot i turns 1 once worker i has loaded its modules: checked without waiting for a message. */
  #ready: Int32Array | undefined;
  readonly #pending = new Map<number, { resolve: (outcome: BatchOutcome) => void; reject: (error: Error) => void }>();
  #nextId = 0;
  #listed = 0;
  #onWorkers = 0;

  readonly size: number;
  #readHere = 0;

  constructor(
    readonly file: string,
    readonly options: PoolOptions,
  ) {
    this.size = options.workers;
  }

  #start(): void {
    this.#ready = new Int32Array(new SharedArrayBuffer(4 * this.size));
    this.#workers = Array.from({ length: this.size }, (_, slot) => {
      const entry: PoolWorker = { worker: new Worker(this.file, { workerData: { ready: this.#ready, slot } }), busy: 0 };
      entry.worker.on('message', (message: { id: number; outcome: BatchOutcome }) => {
        if (--entry.busy === 0) entry.worker.unref();
        this.#pending.get(message.id)?.resolve(message.outcome);
        this.#pending.delete(message.id);
      });
      // A worker that dies fails the scan (exit 2) rather than leaving it waiting.
      entry.worker.on('error', (error) => {
        for (const { reject } of this.#pending.values()) reject(error);
        this.#pending.clear();
      });
      // Keeps the process alive only while it has a batch: a scan that ended early leaves nothing waiting.
      entry.worker.unref();
      return entry;
    });
  }

  /** The least busy worker that has loaded, or undefined while none has. */
  #readyWorker(): PoolWorker | undefined {
    let best: PoolWorker | undefined;
    this.#workers!.forEach((w, slot) => {
      if (Atomics.load(this.#ready!, slot) === 1 && (best === undefined || w.busy < best.busy)) best = w;
    });
    return best;
  }

  #send(target: PoolWorker, candidates: Candidate[], cwd: string): Promise<BatchOutcome> {
    const id = this.#nextId++;
    if (target.busy++ === 0) target.worker.ref();
    const outcome = new Promise<BatchOutcome>((resolve, reject) => this.#pending.set(id, { resolve, reject }));
    // Handled where it is awaited; this keeps a batch never awaited (the scan failed first) quiet.
    outcome.catch(() => {});
    target.worker.postMessage({ id, cwd, candidates, textBudget: BATCH_TEXT_BUDGET });
    this.#onWorkers += candidates.length;
    return outcome;
  }

  async *read(list: AsyncIterable<Candidate>, cwd: string): AsyncGenerator<ReadBatch> {
    const it = list[Symbol.asyncIterator]();
    let ended = false;
    const next = async (): Promise<Candidate | undefined> => {
      if (ended) return undefined;
      const step = await it.next();
      if (step.done) {
        ended = true;
        return undefined;
      }
      this.#listed++;
      return step.value;
    };
    const inFlight: Array<{ candidates: Candidate[]; outcome: Promise<BatchOutcome> }> = [];
    for (;;) {
      if (this.#workers === undefined && this.#listed >= this.options.startAt) this.#start();
      const target = this.#workers === undefined ? undefined : this.#readyWorker();
      if (target === undefined && (this.#workers === undefined || this.#readHere < this.options.readHere)) {
        // No worker yet: this thread reads, one file at a time (the batches in flight are none).
        const candidate = await next();
        if (candidate === undefined) break;
        if (this.#workers !== undefined) this.#readHere++;
        const batch = [candidate];
        yield { candidates: batch, ...readBatch(batch, cwd) };
        continue;
      }
      if (target === undefined) {
        // Waiting for a worker: poll, they load in tens of milliseconds.
        await new Promise((resolve) => setTimeout(resolve, 1));
        continue;
      }
      while (!ended && inFlight.length < AHEAD * this.size) {
        const candidates: Candidate[] = [];
        for (let c = await next(); c !== undefined; c = candidates.length < BATCH ? await next() : undefined) candidates.push(c);
        if (candidates.length > 0) inFlight.push({ candidates, outcome: this.#send(this.#readyWorker() ?? target, candidates, cwd) });
      }
      const first = inFlight.shift();
      if (first === undefined) break;
      yield { candidates: first.candidates, ...(await first.outcome) };
    }
  }

  describe(): string | undefined {
    if (this.#workers === undefined) return undefined;
    const here = this.#listed - this.#onWorkers;
    return `${this.#onWorkers} files read on ${this.size} worker threads${here > 0 ? `, ${here} on this thread` : ''}`;
  }

  close(): void {
    for (const { worker } of this.#workers ?? []) void worker.terminate();
  }
}
