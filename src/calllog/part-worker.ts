import { parentPort, workerData } from 'node:worker_threads';
import { readPart, type PartRequest } from './read-in-parts.js';

// Worker entry (bundled as dist/tmcheck-calllog-worker.js): reads one part of a large call log into aggregates.
parentPort!.postMessage(await readPart(workerData as PartRequest));
