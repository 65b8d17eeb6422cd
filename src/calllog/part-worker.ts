import { parentPort } from 'node:worker_threads';
import { readChunks, type ChunkJob } from './read-in-parts.js';

// Worker entry (bundled as dist/tmcheck-calllog-worker.js): reads chunks of a large call log into
// aggregates. It may be started ahead (part-helpers.ts): its job is its first message.
parentPort!.once('message', (job: ChunkJob) => {
  void readChunks(job, (index, reply) => parentPort!.postMessage({ index, reply })).then(() => parentPort!.postMessage('done'));
});
