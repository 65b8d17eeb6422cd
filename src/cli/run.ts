import { main } from './main.js';
import { exitCleanlyOnSignals } from './signals.js';

// The command-line entry: bundled into dist/tmcheck.js by scripts/bundle.mjs, which bin/tmcheck.js runs.
exitCleanlyOnSignals();
process.exitCode = await main(process.argv);
