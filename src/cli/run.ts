import { main } from './main.js';
import { exitCleanlyOnSignals } from './signals.js';
import { watchStandardOutput } from './io.js';

// The command-line entry: bundled into dist/tmcheck.js by scripts/bundle.mjs, which bin/tmcheck.js runs.
exitCleanlyOnSignals();
const statusAfterStdout = watchStandardOutput();
process.exitCode = statusAfterStdout(await main(process.argv));
