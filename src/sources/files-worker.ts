import { parentPort, workerData } from 'node:worker_threads';
import { readBatch, type Candidate } from './files-read.js';

/**
 * A worker thread of files-pool.ts: reads the batches it is sent, in order, with the same code as
 * the main thread (readBatch), and sends back what each gave. It imports only the reading half
 * of the files source (no git, no listing), so it is ready in a few milliseconds.
 */
const { ready, slot } = workerData as { ready: Int32Array; slot: number };
parentPort!.on('message', (message: { id: number; cwd: string; candidates: Candidate[]; textBudget: number }) => {
  parentPort!.postMessage({ id: message.id, outcome: readBatch(message.candidates, message.cwd, message.textBudget) });
});
// Said through shared memory, so the main thread sees it between two files without waiting for a message.
Atomics.store(ready, slot, 1);
