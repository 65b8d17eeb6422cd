// When each thread of a `--jobs` run did what (docs/performance-history.md, "--jobs 2 (issue 14, session 12)"):
// preload it into the CLI and it appends one line of JSON to $JOBS_TIMELINE (default jobs-timeline.jsonl),
// times in ms from the process's start (performance.timeOrigin), with the main thread's CPU ms.
//
//   chrt -f 10 node --require ./bench/jobs-timeline.cjs bin/tmcheck.js --jobs 2 --format json --no-timestamp -o r.json DIR
//
// Of the worker (one line a worker, written when its first files arrive, absolute ms): workerStartedAt, the
// worker thread's first JavaScript (this file, preloaded there too: Node passes its flags to workers);
// workerListeningAt, its script loaded and listening; workerInitAt, the rules arrived; workerFirstFilesAt.
// The gap between listening and the rules is the worker idle at the start. Of the main thread:
// initPosted / firstFilesPosted: the main thread sends the rules, then the first
// batch; firstReply / lastReply: batches back from the worker; mainLastTurn: the main thread's last
// setImmediate before the report is written, which DocumentPool.checkHere calls after each few files it
// checks, so lastReply − mainLastTurn is how long the main thread waited at the end for the worker
// (after the report, writing the outputs calls setImmediate too: those turns are not counted);
// reportWritten: the last rename (outputs are written atomically), with mainCpuAtReport;
// exitEvent: process 'exit' (after the worker's thread has ended). Wall time beyond exitEvent (the
// isolates torn down) is only visible from outside.
'use strict';
const fs = require('node:fs');
const { performance } = require('node:perf_hooks');
const { isMainThread, Worker } = require('node:worker_threads');

const now = () => Math.round(performance.now() * 10) / 10;
/** This thread's CPU time in ms (user + system, 10 ms ticks), from /proc. */
function threadCpu() {
  const fields = fs.readFileSync('/proc/thread-self/stat', 'latin1').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

if (!isMainThread) {
  // A worker's clock starts with the worker: its marks are on the main thread's clock (absolute ms).
  const at = () => performance.timeOrigin + performance.now();
  const marks = { workerStartedAt: at() };
  const port = require('node:worker_threads').parentPort;
  const on = port.on;
  port.on = function (name, listener) {
    if (name !== 'message') return on.call(this, name, listener);
    marks.workerListeningAt ??= at();
    return on.call(this, name, function (request) {
      if (request?.init) marks.workerInitAt ??= at();
      if (request?.files && marks.workerFirstFilesAt === undefined) {
        marks.workerFirstFilesAt = at();
        fs.appendFileSync(process.env.JOBS_TIMELINE ?? 'jobs-timeline.jsonl', `${JSON.stringify(marks)}\n`);
      }
      return listener.apply(this, arguments);
    });
  };
} else {
  const events = { replies: 0 };
  const mark = (name) => void (events[name] ??= now());
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (message?.init) mark('initPosted');
    if (message?.files) mark('firstFilesPosted');
    return post.call(this, message, ...rest);
  };
  const emit = Worker.prototype.emit;
  Worker.prototype.emit = function (name, ...rest) {
    if (name === 'message') {
      events.replies += 1;
      mark('firstReply');
      events.lastReply = now();
      events.mainCpuAtLastReply = threadCpu();
    }
    if (name === 'exit') events.workerExit = now();
    return emit.call(this, name, ...rest);
  };
  const immediate = globalThis.setImmediate;
  globalThis.setImmediate = function (...args) {
    if (events.reportWritten === undefined) events.mainLastTurn = now();
    return immediate.apply(this, args);
  };
  const rename = fs.renameSync;
  fs.renameSync = function (...args) {
    events.reportWritten = now();
    events.mainCpuAtReport = threadCpu();
    return rename.apply(this, args);
  };
  process.on('exit', () => {
    events.exitEvent = now();
    events.mainCpuAtExit = threadCpu();
    events.origin = performance.timeOrigin;
    fs.appendFileSync(process.env.JOBS_TIMELINE ?? 'jobs-timeline.jsonl', `${JSON.stringify(events)}\n`);
  });
}
