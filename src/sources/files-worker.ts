import { parentPort } from 'node:worker_threads';
import { readCandidate, type Candidate, type ReadOutcome } from './files.js';

/**
 * A worker thread of files-pool.ts: reads the batches of candidates it is sent, in order, with
 * the same code as the main thread (readCandidate), and sends back each batch's outcomes.
 */
parentPort!.on('message', (message: { id: number; batch: Candidate[] }) => {
  const outcomes: ReadOutcome[] = message.batch.map((candidate) => readCandidate(candidate, candidate.cwd!));
  parentPort!.postMessage({ id: message.id, outcomes });
});
