#!/usr/bin/env node
// Thin launcher: `npm run build` (run by `prepare` on install) compiles the CLI and bundles it into dist/tmcheck.js.
import { setFlagsFromString } from 'node:v8';

// V8 settings of the command line's process, made before the CLI loads (docs/performance.md, "flags (issue 14, session 8)"):
// the old generation may grow by 30 % (at least V8's 8 MB step) between two mark-compacts instead of up to
// 4 times, which cut peak RSS growth per dossier by about a third at no measurable CPU cost. V8 flags are
// the process's: --jobs workers get it too, and the library (dist/index.js) never sets any, since they
// would be its host's. A `node --heap-growing-percent=N` given on the command line wins.
const V8_FLAGS = ['--heap-growing-percent=30'];
for (const flag of V8_FLAGS) {
  const name = flag.split('=')[0];
  if (!process.execArgv.some((given) => given.replaceAll('_', '-').startsWith(name))) setFlagsFromString(flag);
}

await import('../dist/tmcheck.js');
