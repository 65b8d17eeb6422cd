#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `prepare` on install).
import { main } from '../dist/cli/main.js';
import { exitCleanlyOnSignals } from '../dist/cli/signals.js';

exitCleanlyOnSignals();
process.exitCode = await main(process.argv);
