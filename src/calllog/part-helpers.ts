import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { packageRoot } from '../paths.js';

/**
 * The worker threads that read parts of a large CSV call log (read-in-parts.ts). A worker starts
 * empty and reads once it is sent its ChunkJob (part-worker.ts), so that it can be started ahead:
 * the CLI starts them when a CSV named on the command line is large enough to be read in parts,
 * and their start-up (Node's bootstrap, loading the reader) then runs on the other core while this
 * thread loads the rules, instead of after the file is planned. A worker no read takes is ended
 * by releasePartHelpers.
 */

/** A file is read in parts from twice this size: below it, a thread costs more than it saves. */
export const MIN_PART_BYTES = 4 * 1024 * 1024;
// Bundled into dist/ (scripts/bundle.mjs); tests that run the TypeScript sources use the built worker too.
const WORKER_FILE = path.join(packageRoot, 'dist', 'tmcheck-calllog-worker.js');

/** A new worker. node:worker_threads is loaded on first use: the CLI imports this module on every run, most of which read no call log. */
function newWorker(): Worker {
  const threads = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
  return new threads.Worker(WORKER_FILE);
}

/** Started ahead, not taken yet; `exited` if one stopped meanwhile. */
const prestarted: Array<{ worker: Worker; exited: boolean }> = [];

/**
 * Starts `threads - 1` workers when one of `inputs` (as named, resolved from `cwd`) is a CSV file
 * that will be read in parts; returns how many were started. Unreferenced until taken: they never
 * keep the process alive.
 */
export function prestartPartHelpers(inputs: readonly string[], cwd: string, threads: number): number {
  if (threads < 2 || !inputs.some((input) => isLargeCsv(path.resolve(cwd, input)))) return 0;
  const before = prestarted.length;
  while (prestarted.length < threads - 1) {
    const entry = { worker: newWorker(), exited: false };
    entry.worker.unref();
    entry.worker.on('error', () => undefined); // dropped when taken; a fresh worker reports the failure
    entry.worker.on('exit', () => void (entry.exited = true));
    prestarted.push(entry);
  }
  return prestarted.length - before;
}

/** A worker started ahead, or a new one. */
export function takePartHelper(): Worker {
  for (let entry = prestarted.shift(); entry; entry = prestarted.shift()) {
    if (entry.exited) continue;
    entry.worker.ref();
    return entry.worker;
  }
  return newWorker();
}

/** Ends the workers started ahead that no read took (the file was not read in parts after all); returns how many. */
export async function releasePartHelpers(): Promise<number> {
  const unused = prestarted.splice(0);
  await Promise.all(unused.map(({ worker }) => worker.terminate()));
  return unused.length;
}

/** A regular .csv file of at least twice MIN_PART_BYTES (what planChunks reads in parts, if its header allows). */
function isLargeCsv(file: string): boolean {
  if (path.extname(file).toLowerCase() !== '.csv') return false;
  try {
    // stat, not open: nothing that is not a regular file (a FIFO, a device) is touched here.
    const stat = statSync(file, { throwIfNoEntry: false });
    return stat !== undefined && stat.isFile() && stat.size >= 2 * MIN_PART_BYTES;
  } catch {
    return false; // the reader says why
  }
}
