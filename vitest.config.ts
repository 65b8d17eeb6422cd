import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// The suite in four projects, all run by `npm test` (after the type-check and the build):
// - unit: in-process tests of the pipeline, rules, formats and controls; seconds (`npm run test:unit`);
// - e2e: tests that start the built CLI, worker threads or other processes (they need `npm run build`);
// - browser: the HTML report in a real Chromium (skipped with a note where none is installed, required under CI);
// - bench: the benchmark's quick run, which checks that it works, not how fast.
const E2E = [
  'test/**/*.e2e.test.ts',
  'test/batch.test.ts',
  'test/cli-output-formats.test.ts',
  'test/determinism.test.ts',
  'test/filesystem.test.ts',
  'test/format-html.test.ts',
  'test/fuzz.test.ts',
  'test/limits.test.ts',
  'test/merge.test.ts',
  'test/outputs.test.ts',
  'test/parallel.test.ts',
];
const BROWSER = ['test/browser/**/*.test.ts'];
const BENCH = ['test/bench-quick.test.ts'];

export default defineConfig({
  test: {
    // A hang guard, not a speed check: beside a CPU hog on a loaded 2-core machine, a test with a dozen
    // CLI runs took 59 s.
    testTimeout: 180_000,
    // Vitest leaves a core free by default, which on a 2-core machine runs the files one at a time.
    maxWorkers: availableParallelism(),
    // Set-up and clean-up (temporary folders, a browser) get room on a loaded 2-core machine.
    hookTimeout: 120_000,
    teardownTimeout: 60_000,
    projects: [
      // Unit files share one module graph per worker (no per-file isolation): they keep no global state,
      // and re-importing the pipeline for every file was about half the unit project's CPU time.
      { extends: true, test: { name: 'unit', isolate: false, include: ['test/**/*.test.ts'], exclude: [...E2E, ...BROWSER, ...BENCH] } },
      // End-to-end files too: they start processes and threads but change no global state of their own
      // worker (no env, cwd or signal handler), and a fresh worker per file cost ~0.5 s of CPU each.
      { extends: true, test: { name: 'e2e', isolate: false, include: E2E } },
      { extends: true, test: { name: 'browser', include: BROWSER } },
      { extends: true, test: { name: 'bench', include: BENCH } },
    ],
  },
});
