import { main } from './main.js';
import { exitCleanlyOnSignals } from './signals.js';
import { watchStandardOutput } from './io.js';

// The command-line entry: bundled into dist/tmcheck.js by scripts/bundle.mjs, which bin/tmcheck.js runs.
// No top-level await: the bundle is a classic script (so that V8 can cache its compiled code), not a module.
exitCleanlyOnSignals();
const statusAfterStdout = watchStandardOutput();
void main(process.argv).then((status) => {
  process.exitCode = statusAfterStdout(status);
});
