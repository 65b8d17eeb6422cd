import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { packageRoot } from '../paths.js';
import type { ReadLimits } from '../read/limits.js';
import { parseYamlDocument, type ParsedDocument } from '../read/parse-document.js';
import type { DiscoveredFile } from '../read/discover.js';
import type { ProfileParams } from '../profile/param-resolver.js';
import type { LoadedRule } from '../rules/types.js';
import { checkDocumentFile, sharedOutcomes, type CheckedDocument, type DocumentCheck } from '../report/check-document.js';
import type { RuleSet } from '../engine/rule-set.js';
import { observed, type ObservedKinds } from './observed.js';

/** The settings a worker builds its rule set with, besides the rules themselves (WorkerInit). */
export interface WorkerRuleSource {
  asOf?: string;
  /** `--profile`: its overrides, already read and checked on the main thread. */
  profile?: ProfileParams;
}

export interface ParallelOptions {
  /** Threads checking documents, the main thread included (it checks too): 1 checks every file on the main thread. */
  jobs: number;
  /** Whether `--jobs` was given; the default (the number of cores) is used only for large batches. */
  explicit: boolean;
  rules: WorkerRuleSource;
}

export interface WorkerInit {
  rules: WorkerRuleSource;
  /**
   * The rules as the main thread loaded and checked them (plain data, copied to each worker): a
   * worker builds its rule set from these instead of reading the rule files again, which cost each
   * worker's start-up the rule cache's reading and hashing (or, with custom rules, loading and
   * checking them with ajv), and could not see files changed after the main thread read them.
   */
  loaded: readonly LoadedRule[];
  limits: ReadLimits;
  /** Kinds whose documents a batch check looks at: only those come back whole (data and source text). */
  observedKinds: ObservedKinds;
}

/** A document check as it crosses the thread boundary: plain data, the source text instead of functions. */
export interface WorkerCheck {
  id: number;
  result: DocumentCheck['result'];
  findings: DocumentCheck['findings'];
  checked?: Omit<CheckedDocument, 'parsed' | 'result' | 'text'> & { text: string };
  /** A bug in the worker (never bad input: checkDocumentFile does not throw for that). */
  crash?: string;
}

/**
 * Main thread → worker: first what to check with (once), with the counter the worker adds one to
 * after each file it finishes (the pool's watchdog reads it, see WORKER_SILENCE_MS), then files to
 * check, each with the id its result will carry.
 */
export type WorkerRequest = { init: WorkerInit; progress: Int32Array } | { files: Array<{ id: number; file: DiscoveredFile }> };

/** Worker → main thread: the results of one request, in its order. */
export interface WorkerReply {
  checks: WorkerCheck[];
}

/** Files per job below which an explicit `--jobs` still checks on the main thread alone: a worker for a handful of files is only overhead. */
export const MIN_FILES_PER_WORKER = 16;
/**
 * The same when the job count was not asked for: a worker's start-up and warm-up cost about as much
 * as checking 500 dossiers, so on two cores workers pay off from about a thousand documents
 * (measured: 1,000 files 1.2 s either way, 2,000 files 1.7 s with two workers against 2.0 s without).
 */
export const AUTO_MIN_FILES_PER_WORKER = 512;

/**
 * The most worker threads `--jobs` may ask for: twice the cores. More threads than that only add
 * start-up cost and memory (each loads the rules), and `--jobs 100000` would exhaust the machine.
 */
export function maxJobs(cores: number): number {
  return Math.max(1, cores) * 2;
}

/** Most files sent to a worker in one message. */
export const BATCH_SIZE = 16;
/** Files the main thread checks between two turns of the event loop, when it checks files too. */
export const HERE_BATCH_SIZE = 8;
/**
 * Most batches a worker holds at once: the one it is checking and the next, so that it never waits
 * for the main thread between two batches. More would only tie files to a worker that may fall behind.
 */
export const BATCHES_PER_WORKER = 2;
/**
 * How the batches shrink as the run nears its end: a batch is at most the files still to hand out
 * divided by this many times the threads checking. With full batches to the last, a worker still
 * held 16 to 32 files when the queue ran dry, which the main thread then waited for (session 12,
 * docs/performance-history.md); smaller batches at the end make the threads finish nearly together.
 */
export const END_SPREAD = 2;

/**
 * How long a worker that holds files may go without finishing one before the run gives up on it
 * (the pool's watchdog). Only a bug can make a live worker stop answering (a loop that never ends,
 * a promise that never settles: inputs are bounded by the read limits, and the slowest document at
 * those limits took about 4 s here); without a bound such a run would wait for ever and never report.
 * The run then fails as an internal error (exit 2, never a pass). Counted per file, not per batch,
 * so that sixteen slow documents in one batch are not taken for a hang.
 */
export const WORKER_SILENCE_MS = 5 * 60_000;

/**
 * Files checked ahead of the one the report has reached, per job, the main thread's included (inOrder's window). Four times
 * what the workers hold: when one worker falls behind (a collection, a slice of CPU lost to another
 * thread) the other keeps taking files instead of waiting for it. With 32 a worker, just what the
 * workers held, a worker ran dry several times a run (session 7, docs/performance-history.md).
 */
export const LOOK_AHEAD_PER_WORKER = 128;

/**
 * How many worker threads a run of `documents` files gets: `jobs` threads check documents, and the
 * main thread is one of them (DocumentPool), so at most `jobs` − 1 workers; none when it is not worth it.
 * An explicit `--jobs` is taken at its word from 16 files a job; the default only for large batches.
 */
export function workerCount(jobs: number, documents: number, explicit = true): number {
  if (jobs <= 1) return 0;
  const useful = Math.floor(documents / (explicit ? MIN_FILES_PER_WORKER : AUTO_MIN_FILES_PER_WORKER));
  return useful >= 2 ? Math.min(jobs, useful) - 1 : 0;
}

// bin/check-worker.js runs the worker's bundle, dist/tmcheck-worker.js, with its code cache (scripts/bundle.mjs);
// tests that run the TypeScript sources use the built worker too.
const WORKER_FILE = path.join(packageRoot, 'bin', 'check-worker.js');

/** Workers started by prestartWorkers that no pool has taken yet; `exited` if one stopped meanwhile. */
const prestarted: Array<{ worker: Worker; exited: boolean }> = [];

/**
 * Where bin/early-workers.js leaves the workers it started for an explicit `--jobs N`, before the
 * CLI was even compiled (unreferenced, of WORKER_FILE, with an error listener): they join
 * `prestarted` here, to be taken by the next pool or ended with the others.
 */
const LAUNCHER_WORKERS = Symbol.for('tmcheck.launcherWorkers');

function adoptLauncherWorkers(): void {
  const holder = globalThis as { [LAUNCHER_WORKERS]?: Worker[] };
  for (const worker of holder[LAUNCHER_WORKERS]?.splice(0) ?? []) {
    // threadId is -1 once the thread has stopped (Node sets it with the 'exit' event).
    const entry = { worker, exited: worker.threadId === -1 };
    worker.on('exit', () => void (entry.exited = true));
    prestarted.push(entry);
  }
}

/**
 * Starts the document workers of a run of `jobs` jobs (`jobs` − 1: the main thread checks too) now,
 * before the rules are loaded and the inputs walked, so that a worker's own start-up (Node's, then
 * loading the bundle) runs on another core meanwhile instead of after the walk. The next
 * DocumentPool takes them and sends them their rules; the caller ends those no pool took with
 * releasePrestartedWorkers. Unreferenced until taken: they never keep the process alive.
 */
export function prestartWorkers(jobs: number): void {
  adoptLauncherWorkers();
  while (prestarted.length < jobs - 1) {
    const entry = { worker: new Worker(WORKER_FILE), exited: false };
    entry.worker.unref();
    // A worker that fails before it is taken is dropped there, and a fresh one reports the failure.
    entry.worker.on('error', () => undefined);
    entry.worker.on('exit', () => void (entry.exited = true));
    prestarted.push(entry);
  }
}

/** Ends the prestarted workers no pool took (the batch was too small, or every document was cached); returns how many. */
export async function releasePrestartedWorkers(): Promise<number> {
  adoptLauncherWorkers();
  const unused = prestarted.splice(0);
  await Promise.all(unused.map(({ worker }) => worker.terminate()));
  return unused.length;
}

function takeWorker(): Worker {
  adoptLauncherWorkers();
  for (let entry = prestarted.shift(); entry; entry = prestarted.shift()) {
    if (entry.exited) continue;
    entry.worker.ref();
    return entry.worker;
  }
  return new Worker(WORKER_FILE);
}

/**
 * Which worker checks which files. Files wait here in the order they were started and go out in
 * batches as a worker has room (fewer than `perWorker` batches): a worker that runs ahead takes the
 * next files, instead of waiting behind files handed out earlier to one that fell behind (handing
 * every started file out at once, to the worker with the fewest, left a fast worker idle).
 */
export class BatchQueue<F> {
  private waiting: F[] = [];
  private readonly held: number[];
  /** Files handed out so far (to workers and to the main thread). */
  private handedOut = 0;

  /**
   * `end`, when the run knows how many files it will check and how many threads check them: batches
   * then shrink as the end nears (END_SPREAD). Without it every batch is full.
   */
  constructor(
    workers: number,
    private readonly batchSize = BATCH_SIZE,
    private readonly perWorker = BATCHES_PER_WORKER,
    private readonly end?: { expected: number; threads: number },
  ) {
    this.held = Array.from({ length: workers }, () => 0);
  }

  add(file: F): void {
    this.waiting.push(file);
  }

  /** Up to `count` of the waiting files for the main thread to check: call after take(), so the workers are served first. */
  takeHere(count: number): F[] {
    return this.handOut(count);
  }

  /** Worker `worker` sent back one of its batches. */
  done(worker: number): void {
    this.held[worker]! -= 1;
  }

  /** How many batches worker `worker` holds (sent, not yet sent back). */
  holding(worker: number): number {
    return this.held[worker]!;
  }

  /** The batches to send now, each to the worker holding the fewest (the first of those on a tie). */
  take(): Array<{ worker: number; files: F[] }> {
    const batches: Array<{ worker: number; files: F[] }> = [];
    while (this.waiting.length > 0) {
      const worker = this.held.reduce((best, held, i) => (held < this.held[best]! ? i : best), 0);
      if (this.held[worker]! >= this.perWorker) break;
      this.held[worker]! += 1;
      batches.push({ worker, files: this.handOut(this.batchSize) });
    }
    return batches;
  }

  /** The next waiting files, at most `most`, fewer near the end (see END_SPREAD). */
  private handOut(most: number): F[] {
    let count = most;
    if (this.end) count = Math.max(1, Math.min(most, Math.ceil((this.end.expected - this.handedOut) / (END_SPREAD * this.end.threads))));
    const files = this.waiting.splice(0, count);
    this.handedOut += files.length;
    return files;
  }
}

export interface PoolOptions {
  /** How many files the run will check through the pool: its last batches are then smaller (BatchQueue). */
  expected?: number;
  /** WORKER_SILENCE_MS unless a test says otherwise. */
  silenceMs?: number;
  /** Tests only: the worker threads to use instead of bin/check-worker.js's (one that never answers, say). */
  startWorker?: () => Worker;
}

/**
 * A pool of worker threads that each read, parse, validate and rule on the files sent to them, and
 * the main thread, which checks the files no worker has room for (given `here`, the rule set to
 * check them with). Files go out through a BatchQueue; results come back in any order and are
 * matched by id, so the caller can consume them in input order (the report never depends on timing).
 * Files started in the same turn of the event loop travel in batches, and a batch's results come
 * back in one message: a message per file cost each worker a tenth of its time (README, Performance).
 * The main thread checking too, instead of a second worker, saved a second worker isolate's start-up,
 * compiling and warm-up (docs/performance-history.md, "--jobs 2 (issue 14, session 8)").
 */
export class DocumentPool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { resolve: (check: DocumentCheck) => void; reject: (error: Error) => void }>();
  private readonly queue: BatchQueue<{ id: number; file: DiscoveredFile }>;
  private nextId = 0;
  private sendScheduled = false;
  /** Whether the main thread is checking files of the queue (checkHere). */
  private checkingHere = false;
  /** Files each worker has finished, counted by the worker (Atomics), and the watchdog's timer for each. */
  private readonly progress: Int32Array[];
  private readonly watchdogs: Array<NodeJS.Timeout | undefined>;
  private readonly silenceMs: number;

  constructor(
    count: number,
    private readonly init: WorkerInit,
    private readonly here?: RuleSet,
    options: PoolOptions = {},
  ) {
    this.queue = new BatchQueue(count, BATCH_SIZE, BATCHES_PER_WORKER, options.expected === undefined ? undefined : { expected: options.expected, threads: count + (here ? 1 : 0) });
    this.silenceMs = options.silenceMs ?? WORKER_SILENCE_MS;
    this.progress = Array.from({ length: count }, () => new Int32Array(new SharedArrayBuffer(4)));
    this.watchdogs = Array.from({ length: count }, () => undefined);
    this.workers = Array.from({ length: count }, (_, index) => {
      const worker = options.startWorker?.() ?? takeWorker();
      worker.postMessage({ init, progress: this.progress[index]! } satisfies WorkerRequest);
      worker.on('message', (message: WorkerReply) => {
        // The worker has room again: its next files go out before this reply is looked at.
        this.queue.done(index);
        this.send();
        // A reply is one structured clone: files whose outcomes were one shared record in the worker
        // arrive sharing one copy, which is looked up among the shared records once, not once a file.
        const shared = new Map<WorkerCheck['result']['outcomes'], WorkerCheck['result']['outcomes']>();
        for (const check of message.checks) this.settle(check, shared);
      });
      worker.on('error', (error) => this.failAll(error));
      worker.on('exit', (code) => {
        if (code !== 0) this.failAll(new Error(`a check worker stopped with exit code ${code}`));
      });
      return worker;
    });
  }

  check(file: DiscoveredFile): Promise<DocumentCheck> {
    const id = this.nextId++;
    this.queue.add({ id, file });
    if (!this.sendScheduled) {
      // Files started in this turn go out together, once it ends.
      this.sendScheduled = true;
      setImmediate(() => {
        this.sendScheduled = false;
        this.send();
      });
    }
    return new Promise((resolve, reject) => this.waiting.set(id, { resolve, reject }));
  }

  private send(): void {
    for (const { worker, files } of this.queue.take()) {
      this.workers[worker]!.postMessage({ files } satisfies WorkerRequest);
      this.watch(worker);
    }
    if (this.here && !this.checkingHere) void this.checkHere(this.here);
  }

  /**
   * Watches worker `index` while it holds files: each WORKER_SILENCE_MS it must have finished at
   * least one more file, or it is taken for hung (only a bug can do that), stopped, and the run fails.
   */
  private watch(index: number): void {
    if (this.watchdogs[index] !== undefined) return;
    let seen = Atomics.load(this.progress[index]!, 0);
    const look = (): void => {
      this.watchdogs[index] = undefined;
      if (this.queue.holding(index) === 0) return;
      const now = Atomics.load(this.progress[index]!, 0);
      if (now === seen) return this.hung(index);
      seen = now;
      this.watchdogs[index] = setTimeout(look, this.silenceMs).unref();
    };
    this.watchdogs[index] = setTimeout(look, this.silenceMs).unref();
  }

  private hung(index: number): void {
    const seconds = Math.round(this.silenceMs / 1000);
    this.failAll(new Error(`internal error: a check worker finished no file in ${seconds} s while it held files to check, and was stopped; no report was written (a bug in tmcheck: please report it)`));
    void this.workers[index]!.terminate().catch(() => undefined);
  }

  /**
   * The main thread checks what the workers have no room for, a few files at a time, giving the
   * event loop a turn after each few: a worker's reply is taken and the worker sent its next files
   * within a few milliseconds, long before it runs out of the batch it still holds.
   */
  private async checkHere(ruleSet: RuleSet): Promise<void> {
    this.checkingHere = true;
    try {
      for (let files = this.queue.takeHere(HERE_BATCH_SIZE); files.length > 0; files = this.queue.takeHere(HERE_BATCH_SIZE)) {
        for (const { id, file } of files) {
          const waiter = this.waiting.get(id);
          if (!waiter) continue;
          this.waiting.delete(id);
          try {
            waiter.resolve(this.asFromWorker(await checkDocumentFile(file, ruleSet, this.init.limits)));
          } catch (error) {
            waiter.reject(error instanceof Error ? error : new Error(String(error)));
          }
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.checkingHere = false;
    }
  }

  /** A check made here, kept as a worker's would come back: whole only for the kinds a batch check looks at (the rest is let go early). */
  private asFromWorker(check: DocumentCheck): DocumentCheck {
    return observed(this.init.observedKinds, check) ? check : { result: check.result, findings: check.findings };
  }

  /**
   * Ends the workers; the promise settles once their threads are gone and never rejects. A run need
   * not wait for it: ending two workers after 5,000 dossiers took 0.15–0.2 s of CPU (each isolate
   * freeing its heap), which then overlaps building and writing the report instead of preceding it.
   */
  async close(): Promise<void> {
    this.stopWatching();
    await Promise.all(this.workers.map((worker) => worker.terminate())).catch(() => undefined);
  }

  private settle(message: WorkerCheck, shared: Map<WorkerCheck['result']['outcomes'], WorkerCheck['result']['outcomes']>): void {
    const waiter = this.waiting.get(message.id);
    if (!waiter) return;
    this.waiting.delete(message.id);
    if (message.crash !== undefined) waiter.reject(new Error(message.crash));
    else waiter.resolve(fromWorker(message, this.init.limits, shared));
  }

  private failAll(error: Error): void {
    this.stopWatching();
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }

  private stopWatching(): void {
    for (const [index, timer] of this.watchdogs.entries()) {
      clearTimeout(timer);
      this.watchdogs[index] = undefined;
    }
  }
}

/** Rebuilds a DocumentCheck; positions are found again from the source text only if a batch check asks. */
function fromWorker(message: WorkerCheck, limits: ReadLimits, shared: Map<WorkerCheck['result']['outcomes'], WorkerCheck['result']['outcomes']>): DocumentCheck {
  const { findings, checked } = message;
  // Each message arrives as a fresh copy: share its outcomes record again on this side.
  const received = message.result.outcomes;
  let outcomes = shared.get(received);
  if (!outcomes) shared.set(received, (outcomes = sharedOutcomes(received)));
  const result = { ...message.result, outcomes };
  if (!checked) return { result, findings };
  let parsed: ParsedDocument | undefined;
  const reparse = (): ParsedDocument => {
    if (!parsed) {
      const again = parseYamlDocument(checked.text, limits);
      // The worker parsed this very text without error; the same parser cannot fail on it now.
      if (Array.isArray(again)) throw new Error(`${checked.file}: parsed in a worker but not on the main thread`);
      parsed = again;
    }
    return parsed;
  };
  const lazy: ParsedDocument = {
    data: checked.data,
    locate: (pointer) => reparse().locate(pointer),
    locateKey: (pointer) => reparse().locateKey(pointer),
  };
  return { result, findings, checked: { ...checked, parsed: lazy, result } };
}

/**
 * Checks `files` in input order with a look-ahead of `window` files in flight, so the workers stay
 * busy while the caller consumes results one by one and memory holds at most `window` results.
 */
export async function* inOrder<T>(files: readonly DiscoveredFile[], window: number, start: (file: DiscoveredFile) => Promise<T> | undefined): AsyncGenerator<{ file: DiscoveredFile; result: Promise<T> | undefined }> {
  const inFlight: Array<Promise<T> | undefined> = [];
  let started = 0;
  for (let i = 0; i < files.length; i++) {
    while (started < files.length && started < i + window) {
      const promise = start(files[started]!);
      // Consumed in order below; this keeps an early rejection from being reported as unhandled.
      promise?.catch(() => undefined);
      inFlight[started] = promise;
      started += 1;
    }
    const result = inFlight[i];
    inFlight[i] = undefined;
    yield { file: files[i]!, result };
  }
}
