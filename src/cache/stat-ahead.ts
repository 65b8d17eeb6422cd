import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * The stat memo's `stat` calls of a large warm run, made ahead on a helper thread while the main
 * thread unpacks cached results: each `statSync` cost the main thread its system call and Node's
 * `BigIntStats` (fourteen BigInts and four Dates), about an eighth of a warm 5,000-dossier rerun.
 * The helper stats the run's files in the run's order, each into a slot of shared memory; the main
 * thread takes a slot when its file comes, or stats the file itself when the helper has not done it
 * yet (a slot the main thread claims first is skipped by the helper; one the helper is at is not
 * waited for). Nothing is ever waited for: a helper that is slow, or fails, only leaves more to do here.
 * A stat taken ahead is taken during this run, after its files were found, as one taken in turn is:
 * the memo compares it with its record in the same way (stat-memo.ts).
 */

/** A slot's state: free, claimed by the helper, done by it (the stat is in place), not a regular file of at most maxBytes (or no stat), claimed by the main thread. */
const FREE = 0;
const HELPER = 1;
const DONE = 2;
const NOT_A_FILE = 3;
const MAIN = 4;

/** Bytes of a slot's stat: device, inode, size, mtime ns, ctime ns, 64 bits each, in the machine's byte order (as the memo keeps them). */
export const STAT_AHEAD_BYTES = 40;

/** Fewer files than this are stat'ed in turn: starting the helper costs about as much as a thousand stats. */
export const STAT_AHEAD_MIN_FILES = 1024;

/**
 * The helper's code, a CommonJS script run with `eval` (no file to find from the bundle, the
 * library or the tests). workerData: the paths joined by NUL, the slots' states and stats, maxBytes.
 */
const HELPER_SOURCE = `'use strict';
const { workerData } = require('node:worker_threads');
const { statSync } = require('node:fs');
const { paths, states, stats, maxBytes } = workerData;
const list = paths.split('\\u0000');
const words = new BigInt64Array(stats);
const max = BigInt(maxBytes);
for (let i = 0; i < list.length; i++) {
  if (Atomics.compareExchange(states, i, ${FREE}, ${HELPER}) !== ${FREE}) continue;
  let s;
  try { s = statSync(list[i], { bigint: true, throwIfNoEntry: false }); } catch { s = undefined; }
  if (s && s.isFile() && s.size <= max) {
    const at = i * 5;
    words[at] = s.dev; words[at + 1] = s.ino; words[at + 2] = s.size; words[at + 3] = s.mtimeNs; words[at + 4] = s.ctimeNs;
    Atomics.store(states, i, ${DONE});
  } else Atomics.store(states, i, ${NOT_A_FILE});
}
`;

/** What `take` gives: the file's stat (a view of STAT_AHEAD_BYTES), NOT_REGULAR, or undefined (stat it now). */
export const NOT_REGULAR = 'not-regular';
export type StatTaken = Buffer | typeof NOT_REGULAR | undefined;

export class StatAhead {
  private readonly states: Int32Array;
  private readonly stats: Buffer;
  private readonly worker: Worker | undefined;
  /** The next slot the run is expected to ask for. */
  private cursor = 0;
  /** How many stats the helper supplied (tests and measurements look). */
  supplied = 0;

  /**
   * Starts the helper on these absolute paths (in the order the run will ask for them); none when
   * they are fewer than `minFiles`, the machine has one core, or a thread cannot be started.
   */
  constructor(
    private readonly paths: readonly string[],
    maxBytes: number,
    minFiles = STAT_AHEAD_MIN_FILES,
  ) {
    this.states = new Int32Array(new SharedArrayBuffer(4 * paths.length));
    this.stats = Buffer.from(new SharedArrayBuffer(STAT_AHEAD_BYTES * paths.length));
    // A NUL ends a path in the list: a path holding one (none can be opened) is left out of the helper's reach by never being asked for.
    if (paths.length < minFiles || availableParallelism() < 2 || paths.some((file) => file.includes('\u0000'))) return;
    try {
      // execArgv: none of the process's preloads (`-r`) or profilers: the helper only stats.
      this.worker = new Worker(HELPER_SOURCE, { eval: true, execArgv: [], workerData: { paths: paths.join('\u0000'), states: this.states, stats: this.stats.buffer, maxBytes } });
      // Never keeps the process alive; a helper that fails leaves its files to the main thread (nothing waits for it).
      this.worker.unref();
      this.worker.on('error', () => undefined);
    } catch {
      this.worker = undefined;
    }
  }

  /** Settles when the helper has ended (it ends once through its list), at once when none was started: tests wait for it. */
  finished(): Promise<void> {
    const worker = this.worker;
    if (!worker) return Promise.resolve();
    return new Promise((resolve) => {
      worker.once('exit', () => resolve());
      // Already gone: its thread id is -1 once it has exited.
      if (worker.threadId === -1) resolve();
    });
  }

  /** Whether a helper thread was started. */
  get started(): boolean {
    return this.worker !== undefined;
  }

  /**
   * The stat of `file` if it is the next path of the list and the helper has done it; NOT_REGULAR
   * when the helper found no regular file within maxBytes there; undefined when the caller is to
   * stat it (the helper has not done it, or is at it now, or the path is not the one expected).
   */
  take(file: string): StatTaken {
    if (!this.worker) return undefined;
    const i = this.cursor;
    if (i >= this.paths.length || this.paths[i] !== file) return undefined;
    this.cursor = i + 1;
    // A slot the helper is still at is not waited for (it could be descheduled on a loaded machine): the caller stats that file too.
    const state = Atomics.compareExchange(this.states, i, FREE, MAIN);
    if (state !== DONE && state !== NOT_A_FILE) return undefined;
    this.supplied += 1;
    return state === DONE ? this.stats.subarray(i * STAT_AHEAD_BYTES, (i + 1) * STAT_AHEAD_BYTES) : NOT_REGULAR;
  }

}
