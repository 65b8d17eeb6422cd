// Starts the document workers of an explicit `--jobs N` (N >= 2) before the CLI's bundle is even
// compiled (docs/performance-history.md, "Fixed cost (issue 14, session 10)"). A worker thread's own start-up
// (Node bootstrapping a new isolate, then loading dist/tmcheck-worker.js with bin/check-worker.js) is longer than the main
// thread's path to its first document, so a worker started where the CLI has read its options
// (src/cli/check-command.ts) began checking well after the main thread: starting it here, some
// tens of milliseconds earlier, gives the second core that much more of the run.
//
// Only a shortcut: the CLI adopts these workers (src/check/parallel.ts, LAUNCHER_WORKERS) where it
// would start its own, and ends those it does not use; they are unreferenced, so they never keep
// the process alive. Which arguments start them is decided here from argv alone, conservatively:
// when in doubt (a subcommand, --cache, a call log named, help) none is started and the CLI starts
// its own as before. Nothing here decides anything a report says.
'use strict';
const { availableParallelism } = require('node:os');
const path = require('node:path');
const { setV8FlagUnlessGiven } = require('./load-cli.js');

const WORKER_FILE = path.join(__dirname, 'check-worker.js');
/** Where the CLI finds them (src/check/parallel.ts names the same symbol). */
const LAUNCHER_WORKERS = Symbol.for('tmcheck.launcherWorkers');
/** Arguments after which no worker is started here: subcommands, a cache (a warm rerun needs none), no check at all. */
const NO_EARLY_START = new Set(['rules', 'init', 'explain', 'merge', 'config', 'help', '--cache', '--help', '-h', '--version', '-V', '--print-config']);

/**
 * The `--jobs` of these arguments (`--jobs N`, `--jobs=N`, `-j N`, `-jN`; the last one given, as
 * commander takes it), or 0 when none is given or a worker should not be started here.
 */
function earlyJobs(args) {
  let jobs = 0;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') break;
    if (NO_EARLY_START.has(arg) || arg.startsWith('--cache-location') || /\.(csv|xlsx)$/i.test(arg)) return 0;
    const value = arg === '--jobs' || arg === '-j' ? args[++i] : /^(?:--jobs=|-j)(.+)$/.exec(arg)?.[1];
    if (value !== undefined) jobs = /^\d{1,4}$/.test(value) ? Number(value) : 0;
  }
  return jobs;
}

/**
 * Whether the workers of `jobs` threads on `cores` cores compile their optimized code on their own
 * thread (V8's --no-concurrent-recompilation, read when an isolate is made: the main thread's, made
 * already, keeps compiling on V8's helper threads). With as many threads checking as there are cores
 * (the main thread checks too), no core is left for those helper threads: a worker's optimizing
 * compiles waited for a core, the worker running its hot code unoptimized meanwhile, and compiled
 * on a core two checking threads were using anyway (docs/performance-history.md, "--jobs 2 (issue 14, session 13)").
 * With cores to spare they stay on the helper threads, as in every run without workers.
 */
function compilesOnWorkerThreads(jobs, cores) {
  return jobs >= 2 && jobs >= cores;
}

/** Starts the workers `argv` (process.argv) asks for, at most twice the cores less the main thread (as maxJobs in src/check/parallel.ts). */
function startEarlyWorkers(argv = process.argv) {
  const cores = availableParallelism();
  const jobs = Math.min(earlyJobs(argv.slice(2)), 2 * Math.max(1, cores));
  if (jobs < 2) return 0;
  // Before the workers' isolates are made; a `node --concurrent-recompilation` given on the command line wins.
  if (compilesOnWorkerThreads(jobs, cores)) setV8FlagUnlessGiven('--no-concurrent-recompilation');
  const { Worker } = require('node:worker_threads');
  const workers = [];
  for (let i = 1; i < jobs; i++) {
    const worker = new Worker(WORKER_FILE);
    worker.unref();
    // A worker that fails before it is adopted is dropped there (src/check/parallel.ts), and a fresh one reports the failure.
    worker.on('error', () => undefined);
    workers.push(worker);
  }
  globalThis[LAUNCHER_WORKERS] = workers;
  return workers.length;
}

module.exports = { earlyJobs, compilesOnWorkerThreads, startEarlyWorkers, LAUNCHER_WORKERS };
