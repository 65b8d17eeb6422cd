// Part of `npm run build`: bundles the compiled CLI (dist/cli/run.js and everything it imports,
// dependencies included) into dist/tmcheck.js, and the --jobs workers into dist/tmcheck-worker.js
// (documents) and dist/tmcheck-calllog-worker.js (parts of a large call log).
// Node then loads a few files instead of ~200 modules, which was most of a one-file run's start-up
// (README, Performance). What a run loads only on demand stays out of the main file: the call-log
// pipeline becomes a chunk of its own, and the heavy optional libraries (spreadsheets, charts,
// encodings) are loaded from node_modules when needed, as are those the code loads with
// createRequire on first use (ajv, json-rules-engine's Engine, re2js): esbuild leaves those out.
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');

// Chunk names carry a content hash: remove the previous build's, so that none goes stale.
for (const name of readdirSync(dist)) if (name.startsWith('bundle-')) rmSync(path.join(dist, name));

/**
 * commander requires node:child_process when it loads, for executable subcommands (`git-foo` style),
 * which tmcheck does not have; loading it also loads net, dgram, streams and more on every run and in
 * every worker. commander gets an object that requires the real module on first use instead.
 */
const lazyChildProcessForCommander = {
  name: 'lazy-child-process-for-commander',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: 'lazy-child-process', namespace: 'tmcheck-lazy' } : undefined,
    );
    pluginBuild.onLoad({ filter: /.*/, namespace: 'tmcheck-lazy' }, () => ({
      contents: "module.exports = { spawn: (...args) => require('node:child_process').spawn(...args) };",
      loader: 'js',
      resolveDir: root,
    }));
  },
};

await build({
  entryPoints: { tmcheck: path.join(dist, 'cli', 'run.js'), 'tmcheck-worker': path.join(dist, 'check', 'parallel-worker.js'), 'tmcheck-calllog-worker': path.join(dist, 'calllog', 'part-worker.js') },
  outdir: dist, // beside dist/paths.js: code that finds the package root from its own URL keeps working
  chunkNames: 'bundle-[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['exceljs', 'unzipper', 'echarts', 'iconv-lite'],
  plugins: [lazyChildProcessForCommander],
  // Bundled CommonJS packages (yaml, commander, json-rules-engine) call require() for Node's modules.
  banner: { js: "import { createRequire as tmcheckCreateRequire } from 'node:module';\nconst require = tmcheckCreateRequire(import.meta.url);" },
  minifyWhitespace: true, // less for V8 to scan at start-up; names stay, so stack traces stay readable
  logLevel: 'warning',
});
