// The entry of a --jobs document worker thread (src/check/parallel.ts, bin/early-workers.js): runs
// dist/tmcheck-worker.js, a classic script, with the code cache the build made for it (bin/load-cli.js),
// as the main thread runs the CLI's. The worker inherits the process's V8 flags; it sets none.
//
// The build makes that cache here (scripts/build-code-cache.mjs): with TMCHECK_WORKER_CACHE_OUT naming a
// file, the worker writes the code V8 has compiled so far for its script into it before each reply, so
// that the file, once the run has ended, holds what checking the run's documents compiled.
'use strict';
const { writeFileSync } = require('node:fs');
const { runWorker, scriptDigest } = require('./load-cli.js');

const { script, source } = runWorker();
const cacheOut = process.env.TMCHECK_WORKER_CACHE_OUT;
if (cacheOut) {
  const { parentPort } = require('node:worker_threads');
  const post = parentPort.postMessage;
  parentPort.postMessage = function (...args) {
    writeFileSync(cacheOut, Buffer.concat([Buffer.from(scriptDigest(source), 'latin1'), script.createCachedData()]));
    return post.apply(this, args);
  };
}
