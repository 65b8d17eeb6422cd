import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './support/fixtures.js';
import { tempDirMaker } from './support/temp-dirs.js';

// bin/tmcheck.js compiles the CLI's bundle (dist/tmcheck.js, a classic script) with the code cache the
// build made for it (dist/tmcheck.js.cache, scripts/build-code-cache.mjs), and the document script
// (dist/tmcheck-document.js) with its own on first need. Each run below is a child process doing what
// bin/tmcheck.js does (the V8 flags, then compileCli, then runCli), that also says what V8 made of
// each cache: vm.Script's cachedDataRejected, V8's own verdict.
const tempDir = tempDirMaker('tmcheck-code-cache-');
const loader = pathToFileURL(path.join(projectRoot, 'bin', 'load-cli.js')).href;
const builtCache = path.join(projectRoot, 'dist', 'tmcheck.js.cache');
const dossier = path.join(projectRoot, 'fixtures', 'dossier-compliant.yaml');

/** Runs the CLI as bin/tmcheck.js does with the cache file `cacheFile` (or none at all); returns what became of the cache and the JSON report. */
function runWith(cacheFile: string | false, nodeOptions: string[] = [], { dir = tempDir(), args = [] as string[] } = {}): { cache: string; scripts: string[]; ajv: boolean; status: number | null; report: string; stderr: string } {
  const out = path.join(dir, 'report.json');
  const compile = cacheFile === false ? '{ useCache: false }' : `{ cacheFile: ${JSON.stringify(cacheFile)} }`;
  const program = [
    `import { applyV8Flags, compileCli, compiledScripts, runCli } from ${JSON.stringify(loader)};`,
    'applyV8Flags();',
    `const { script, cache } = compileCli(${compile});`,
    "import { createRequire } from 'node:module';",
    // Whether ajv was loaded: only to compile a schema at run time, which the prebuilt validators (inlined into the script) spare a dossier run.
    "const ajvLoaded = () => Object.keys(createRequire(import.meta.url).cache).some((file) => file.includes('/node_modules/ajv/'));",
    // Each script compiled (file name) and what became of its cache.
    "const scripts = () => compiledScripts.map((compiled) => `${compiled.file.split('/').pop()}:${compiled.cache}`).join(' ');",
    "process.on('exit', () => process.stdout.write(`cache: ${cache}\\najv: ${ajvLoaded()}\\nscripts: ${scripts()}\\n`));",
    `process.argv = [process.argv[0], 'tmcheck', '--format', 'json', '--no-timestamp', '--jobs', '1', '-o', ${JSON.stringify(out)}, ...${JSON.stringify(args)}, ${JSON.stringify(dossier)}];`,
    'runCli(script);',
  ].join('\n');
  const run = spawnSync(process.execPath, [...nodeOptions, '--input-type=module', '-e', program], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', LANG: 'en_US.UTF-8' },
    timeout: 60_000,
  });
  const cache = /^cache: (\w+)$/m.exec(run.stdout)?.[1] ?? `(none: ${run.stderr})`;
  let report = '';
  try {
    report = readFileSync(out, 'utf8');
  } catch {
    report = '';
  }
  const scripts = /^scripts: (.*)$/m.exec(run.stdout)?.[1]?.split(' ') ?? [];
  return { cache, scripts, ajv: /^ajv: true$/m.test(run.stdout), status: run.status, report, stderr: run.stderr };
}

let plainRun: ReturnType<typeof runWith> | undefined;
/** The run without the cache, the reference for the others' reports. */
const plain = () => (plainRun ??= runWith(false));

describe('the code cache of the CLI (dist/tmcheck.js.cache)', () => {
  it('is accepted by V8 under the flags bin/tmcheck.js sets, and the report is the one a plain compile gives', () => {
    const cached = runWith(builtCache);
    expect(cached.cache).toBe('accepted');
    // The run read a document: the document script was compiled too, from its own cache.
    expect(cached.scripts).toEqual(['tmcheck.js:accepted', 'tmcheck-document.js:accepted']);
    expect(cached.ajv).toBe(false);
    expect(plain().cache).toBe('unused');
    expect(cached.stderr).toBe('');
    expect(cached.status).toBe(0);
    expect(JSON.parse(cached.report).files).toHaveLength(1);
    expect(cached.report).toBe(plain().report);
  });

  it('falls back to a plain compile when V8 refuses it, when it was made for another script, or when there is none', () => {
    const reference = plain().report;
    const dir = tempDir();
    const bytes = readFileSync(builtCache);
    // V8's own header follows the 64 hex digits of the script's SHA-256: bytes 12-15 of it are the hash of the V8 flags it was made under.
    const refused = path.join(dir, 'refused.cache');
    const corrupt = Buffer.from(bytes);
    for (let i = 64 + 12; i < 64 + 16; i++) corrupt[i]! ^= 0xff;
    writeFileSync(refused, corrupt);
    // A cache whose header names another script (a rebuilt bundle) is not even offered to V8.
    const otherScript = path.join(dir, 'other.cache');
    writeFileSync(otherScript, Buffer.concat([Buffer.from('0'.repeat(64), 'latin1'), bytes.subarray(64)]));
    const intact = path.join(dir, 'intact.cache');
    copyFileSync(builtCache, intact);
    const runs = {
      refused: runWith(refused),
      otherScript: runWith(otherScript),
      missing: runWith(path.join(dir, 'none.cache')),
      // Node's own V8 flags differ from those the cache was made under: V8 refuses it.
      otherFlags: runWith(intact, ['--heap-growing-percent=50']),
    };
    expect(Object.fromEntries(Object.entries(runs).map(([name, run]) => [name, run.cache]))).toEqual({ refused: 'rejected', otherScript: 'missing', missing: 'missing', otherFlags: 'rejected' });
    for (const run of Object.values(runs)) {
      expect(run.status).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.report).toBe(reference);
    }
  });

  it('leaves the document script out of a --cache rerun that has every document, and reports the same', () => {
    const dir = tempDir();
    const cacheArgs = ['--cache-location', path.join(dir, 'cache')];
    const first = runWith(builtCache, [], { dir, args: cacheArgs });
    const rerun = runWith(builtCache, [], { dir, args: cacheArgs });
    expect(first.scripts).toEqual(['tmcheck.js:accepted', 'tmcheck-document.js:accepted']);
    expect(first.stderr).toContain('cache: 0 of 1 documents reused');
    expect(rerun.stderr).toContain('cache: 1 of 1 documents reused');
    expect(rerun.scripts).toEqual(['tmcheck.js:accepted']);
    expect(rerun.status).toBe(0);
    expect(rerun.report).toBe(first.report);
    expect(rerun.report).toBe(plain().report);
  });
});

describe('the code cache of the --jobs document worker (dist/tmcheck-worker.js.cache)', () => {
  /** What became of the worker script's cache in a worker thread started, as bin/check-worker.js runs it, under bin/tmcheck.js's V8 flags and `flags`. */
  function workerCache(flags: string[]): string {
    const loaderFile = path.join(projectRoot, 'bin', 'load-cli.js');
    const program = [
      `const { applyV8Flags } = require(${JSON.stringify(loaderFile)});`,
      'applyV8Flags();',
      `for (const flag of ${JSON.stringify(flags)}) require('node:v8').setFlagsFromString(flag);`,
      "const { Worker } = require('node:worker_threads');",
      `const inWorker = ${JSON.stringify(`const { runWorker } = require(${JSON.stringify(loaderFile)}); require('node:worker_threads').parentPort.postMessage(runWorker().cache);`)};`,
      "new Worker(inWorker, { eval: true }).once('message', (cache) => { process.stdout.write(cache); process.exit(0); });",
    ].join('\n');
    const run = spawnSync(process.execPath, ['-e', program], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 });
    return run.stdout || `(none: ${run.stderr})`;
  }

  it('is accepted by V8 in a worker thread, whether the workers compile on their own thread (bin/early-workers.js) or not', () => {
    expect(workerCache(['--no-concurrent-recompilation'])).toBe('accepted');
    expect(workerCache([])).toBe('accepted');
  });
});
