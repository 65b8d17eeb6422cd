// What the worker of a `--jobs` run waits on, batch by batch (docs/performance-history.md, "--jobs 2 (issue 14, session 15)").
// Preload it into the CLI; each run appends one line of JSON to $JOBS_BATCHES (default jobs-batches.jsonl):
//
//   chrt -r 10 node --require ./bench/jobs-batches.cjs bin/tmcheck.js --jobs 2 --format json --no-timestamp -o r.json DIR
//   node bench/jobs-batches.cjs jobs-batches.jsonl        # one summary line a run
//
// For every batch: when the main thread posted it, when the worker started and finished it, when the main
// thread took the reply and when it was done with it (absolute ms, both threads' clocks joined), and the
// worker thread's own time on a core and waiting for one (/proc/thread-self/schedstat). Of the main thread:
// its collections (PerformanceObserver 'gc') and, at each setImmediate (DocumentPool.checkHere calls one
// after each few files it checks), its schedstat. A worker's wait for files is the time between its reply
// and the start of its next batch; if the next batch was posted while the main thread handled a reply, the
// queue had files and the wait was the main thread's lateness in taking that reply.
'use strict';
const fs = require('node:fs');
const { performance, PerformanceObserver } = require('node:perf_hooks');
const wt = require('node:worker_threads');

const OUT = process.env.JOBS_BATCHES ?? 'jobs-batches.jsonl';
const now = () => performance.timeOrigin + performance.now();
/** This thread's ms on a core and ms runnable but waiting for one. */
const sched = () => fs.readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ').slice(0, 2).map((ns) => Number(ns) / 1e6);

function preloadWorker() {
  const port = wt.parentPort;
  let current;
  const on = port.on;
  port.on = function (name, listener) {
    if (name !== 'message') return on.call(this, name, listener);
    return on.call(this, name, function (request) {
      if (request?.files) current = { posted: request.batchPosted, start: now(), files: request.files.length, schedStart: sched() };
      return listener.apply(this, arguments);
    });
  };
  const post = port.postMessage;
  port.postMessage = function (reply, ...rest) {
    if (reply?.checks && current) [reply.batch, current] = [{ ...current, end: now(), schedEnd: sched() }, undefined];
    return post.call(this, reply, ...rest);
  };
}

function preloadMain() {
  const run = { origin: performance.timeOrigin, batches: [], gcs: [], turns: [] };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) run.gcs.push([run.origin + entry.startTime, entry.duration, entry.detail?.kind]);
  }).observe({ entryTypes: ['gc'] });
  const post = wt.Worker.prototype.postMessage;
  wt.Worker.prototype.postMessage = function (message, ...rest) {
    if (message?.files) message.batchPosted = now();
    return post.call(this, message, ...rest);
  };
  const emit = wt.Worker.prototype.emit;
  wt.Worker.prototype.emit = function (name, message, ...rest) {
    if (name !== 'message' || !message?.batch) return emit.call(this, name, message, ...rest);
    const batch = { ...message.batch, received: now() };
    try {
      return emit.call(this, name, message, ...rest);
    } finally {
      batch.handled = now();
      run.batches.push(batch);
    }
  };
  const immediate = globalThis.setImmediate;
  globalThis.setImmediate = function (...args) {
    run.turns.push([now(), ...sched()]);
    return immediate.apply(this, args);
  };
  process.on('exit', () => fs.appendFileSync(OUT, `${JSON.stringify({ ...run, exit: now() })}\n`));
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** One run's summary: the worker's waits for files and why, its CPU and warm-up, the main thread's collections. */
function summarize(run) {
  const batches = run.batches.sort((a, b) => a.start - b.start);
  const cpu = (batch) => batch.schedEnd[0] - batch.schedStart[0];
  let waits = 0, waitMs = 0, lateReplyMs = 0, queueEmpty = 0, mainRunning = 0, mainWaiting = 0;
  for (let i = 1; i < batches.length; i++) {
    const [before, next] = [batches[i - 1], batches[i]];
    const wait = next.start - before.end;
    if (wait <= 0.3) continue;
    waits += 1;
    waitMs += wait;
    const fromReply = batches.some((b) => b.received <= next.posted && next.posted <= b.handled);
    if (fromReply) lateReplyMs += Math.min(wait, Math.max(0, next.posted - before.end));
    else queueEmpty += 1;
    // The main thread from its last turn before the wait to its first turn after the next batch went out.
    const first = run.turns.findLastIndex(([t]) => t <= before.end);
    const last = run.turns.findIndex(([t]) => t >= next.posted);
    if (first >= 0 && last > first) {
      mainRunning += run.turns[last][1] - run.turns[first][1];
      mainWaiting += run.turns[last][2] - run.turns[first][2];
    }
  }
  const files = batches.reduce((sum, b) => sum + b.files, 0);
  const steady = median(batches.slice(Math.floor(batches.length * 0.4), Math.floor(batches.length * 0.9)).map((b) => cpu(b) / b.files));
  const workerCpu = batches.at(-1).schedEnd[0] - batches[0].schedStart[0];
  const ms = (n) => Math.round(n);
  return {
    ms: ms(run.exit - run.origin),
    firstFiles: ms(batches[0].posted - run.origin),
    workerFiles: files,
    workerCpu: ms(workerCpu),
    workerFirstBatchCpu: ms(cpu(batches[0])),
    workerSteadyMsPerFile: Number(steady.toFixed(3)),
    workerWarmUpMs: ms(workerCpu - files * steady),
    waits,
    waitMs: ms(waitMs),
    waitForLateReplyMs: ms(lateReplyMs),
    waitsWithQueueEmpty: queueEmpty,
    mainRunningInWaits: ms(mainRunning),
    mainWaitingForCoreInWaits: ms(mainWaiting),
    mainCpu: ms(run.turns.at(-1)?.[1] ?? NaN),
    mainScavenges: run.gcs.filter(([, , kind]) => kind === 1).length,
    mainGcMs: ms(run.gcs.reduce((sum, [, duration]) => sum + duration, 0)),
  };
}

if (require.main === module) {
  for (const line of fs.readFileSync(process.argv[2] ?? OUT, 'utf8').trim().split('\n')) {
    const run = JSON.parse(line);
    process.stdout.write(`${JSON.stringify(run.batches.length > 0 ? summarize(run) : { ms: Math.round(run.exit - run.origin), mainCpu: Math.round(run.turns.at(-1)?.[1]), mainScavenges: run.gcs.filter(([, , k]) => k === 1).length, mainGcMs: Math.round(run.gcs.reduce((s, [, d]) => s + d, 0)) })}\n`);
  }
} else if (wt.isMainThread) preloadMain();
else preloadWorker();
