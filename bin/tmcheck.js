#!/usr/bin/env node
// Thin launcher: `npm run build` (run by `prepare` on install) compiles the CLI and bundles it into dist/tmcheck.js.
import '../dist/tmcheck.js';
