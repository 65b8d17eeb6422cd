import { parentPort, workerData } from 'node:worker_threads';
import { readChunks, type ChunkJob } from './read-in-parts.js';

// Worker entry (bundled as dist/tmcheck-calllog-worker.js): reads chunks of a large call log into aggregates.
await readChunks(workerData as ChunkJob, (index, reply) => parentPort!.postMessage({ index, reply }));
parentPort!.postMessage('done');
