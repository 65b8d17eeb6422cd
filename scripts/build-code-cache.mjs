#!/usr/bin/env node
// The last step of `npm run build`: writes dist/tmcheck.js.cache and dist/tmcheck-document.js.cache,
// the code V8 compiled for the command line's two scripts (scripts/bundle.mjs) during checks, and
// dist/tmcheck-worker.js.cache, the --jobs worker's (bin/check-worker.js), for bin/load-cli.js to start from
// (docs/performance-history.md, "Start-up (issue 14, session 9)"). A cache holds the bytecode of the
// functions compiled by the time it is made, so it is made after runs like most runs (see below). Run in processes of their own
// with the V8 flags bin/ sets (V8 accepts a cache only under the flags it was made with); then a
// second process checks that V8 accepts it, as the command line will load it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const loader = path.join(root, 'bin', 'load-cli.js');

if (process.argv[2] === '--train' || process.argv[2] === '--train-more') {
  // A training run: the CLI as bin/tmcheck.js runs it, writing the cache as the process ends. The
  // first compiles the script afresh; each next one starts from the previous one's cache, so that the
  // cache it writes holds the functions all of them compiled.
  const { applyV8Flags, compileCli, compiledScripts, runCli, scriptDigest } = await import(loader);
  applyV8Flags();
  const more = process.argv[2] === '--train-more';
  const { script, cache } = compileCli({ useCache: more });
  if (more && cache !== 'accepted') throw new Error(`V8 did not accept the first training run's cache (${cache})`);
  // Each script the run compiled (the CLI's, and the document script once a document was read) gets its cache.
  process.on('exit', () => {
    for (const compiled of compiledScripts) {
      if (more && compiled.cache !== 'accepted') console.warn(`scripts/build-code-cache.mjs: V8 did not accept the previous cache of ${compiled.file} (${compiled.cache})`);
      writeFileSync(compiled.cacheFile, Buffer.concat([Buffer.from(scriptDigest(compiled.source), 'latin1'), compiled.script.createCachedData()]));
    }
  });
  process.argv = [process.argv[0], path.join(root, 'bin', 'tmcheck.js'), ...process.argv.slice(3)];
  runCli(script);
} else if (process.argv[2] === '--verify') {
  const { applyV8Flags, compileCli, compileScript, DOCUMENT_SCRIPT, WORKER_SCRIPT } = await import(loader);
  applyV8Flags();
  const refused = [DOCUMENT_SCRIPT, WORKER_SCRIPT].map((file) => [file, compileScript(file).cache]).find(([, cache]) => cache !== 'accepted');
  process.stdout.write(refused ? `${refused[1]} (${path.basename(refused[0])})` : compileCli().cache);
} else {
  const work = mkdtempSync(path.join(os.tmpdir(), 'tmcheck-code-cache-'));
  try {
    // What most runs check: a dossier as the benchmark makes them, the fixtures' dossier and a month's
    // batch (monthly reports, dossiers), JSON and text reports; first without --cache, then with it,
    // cold (every document checked and stored) and warm (every document reused, a rerun's path).
    const inputs = ['fixtures/dossier-compliant.yaml', 'fixtures/batch'].map((input) => path.join(root, input));
    const generator = path.join(root, 'bench', 'generate.mjs');
    if (existsSync(generator)) inputs.push((await import(pathToFileURL(generator).href)).generateDossiers({ dir: path.join(work, 'dossiers'), count: 1 }));
    const args = ['--format', `json=${path.join(work, 'report.json')}`, '--format', `text=${path.join(work, 'report.txt')}`, '--no-timestamp', '--jobs', '1', ...inputs];
    const withCache = ['--cache-location', path.join(work, 'cache')];
    for (const [step, extra] of [['--train', []], ['--train-more', withCache], ['--train-more', withCache]]) {
      const train = spawnSync(process.execPath, [fileURLToPath(import.meta.url), step, ...extra, ...args], { cwd: work, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
      // Findings (status 1) are expected; 2 or a crash means the run did not check what it should: the
      // cache may then lack some code, which costs start-up time only (test/code-cache.e2e.test.ts
      // checks the cache is accepted), so the build goes on.
      if (train.status !== 0 && train.status !== 1) console.warn(`scripts/build-code-cache.mjs: the training run (${step} ${extra.join(' ')}) ended with ${train.status ?? train.signal}: ${train.stderr}`);
    }
    // The worker's cache: a --jobs 2 run of the command line on enough dossiers for a worker (16 a job), whose
    // worker writes the cache before each reply (bin/check-worker.js). Without one a worker compiles as usual.
    if (existsSync(generator)) {
      const { WORKER_SCRIPT } = await import(loader);
      const batch = (await import(pathToFileURL(generator).href)).generateDossiers({ dir: path.join(work, 'worker-dossiers'), count: 96 });
      const workerRun = spawnSync(process.execPath, [path.join(root, 'bin', 'tmcheck.js'), '--format', `json=${path.join(work, 'worker-report.json')}`, '--no-timestamp', '--jobs', '2', batch], {
        cwd: work,
        stdio: ['ignore', 'ignore', 'pipe'],
        encoding: 'utf8',
        env: { ...process.env, NODE_OPTIONS: '', TMCHECK_WORKER_CACHE_OUT: `${WORKER_SCRIPT}.cache` },
      });
      if (workerRun.status !== 0 && workerRun.status !== 1) console.warn(`scripts/build-code-cache.mjs: the worker's training run ended with ${workerRun.status ?? workerRun.signal}: ${workerRun.stderr}`);
    }
    const verify = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--verify'], { cwd: work, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    // A refused cache only costs start-up time (the script is compiled as usual): say so, do not fail the build.
    if (verify.stdout !== 'accepted') console.warn(`scripts/build-code-cache.mjs: V8 did not accept the code cache of dist/tmcheck.js or dist/tmcheck-document.js (${verify.stdout || verify.stderr}); the CLI will compile its scripts at each start`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
