#!/usr/bin/env node
// Thin launcher: `npm run build` (run by `prepare` on install) compiles the CLI and bundles it into
// dist/tmcheck.js, a script that load-cli.js compiles with the code cache the build made for it.
// CommonJS (bin/package.json): see load-cli.js.
'use strict';
const { applyV8Flags, compileCli, runCli } = require('./load-cli.js');
const { startEarlyWorkers } = require('./early-workers.js');

applyV8Flags();
// After the V8 flags (the workers' isolates take them too), before the CLI compiles: see early-workers.js.
startEarlyWorkers();
runCli(compileCli().script);
