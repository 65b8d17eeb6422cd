import { main } from './main.js';
import { exitCleanlyOnSignals } from './signals.js';
import { watchStandardOutput, written } from './io.js';

// The command-line entry: bundled into dist/tmcheck.js by scripts/bundle.mjs, which bin/tmcheck.js runs.
// No top-level await: the bundle is a classic script (so that V8 can cache its compiled code), not a module.
exitCleanlyOnSignals();
const statusAfterStdout = watchStandardOutput();
// What Node did for the module's top-level await, by hand: should the event loop empty before the
// check has finished (a bug), the exit status is 13, never 0, which would read as "compliant".
let finished = false;
process.exitCode = 13;
process.once('exit', (code) => {
  if (!finished && code === 13) process.stderr.write('tmcheck: internal error: the process ended before the check finished\n');
});
void main(process.argv).then(async (status) => {
  finished = true;
  process.exitCode = statusAfterStdout(status);
  // The run is over once standard output and error are delivered (reports and the cache are written
  // synchronously, and process.exit() still ends and joins any worker thread): exit then, rather than
  // let Node take the heap down first, tens of ms in a large run (docs/performance-history.md, "Warm
  // --cache, third round"). Only here, in the command line's process: main() and the library never
  // end their caller's process.
  await written([process.stdout, process.stderr]);
  process.exit(statusAfterStdout(status));
});
