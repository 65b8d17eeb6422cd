import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin } from './support/cli.js';
import { projectRoot } from './support/fixtures.js';
import { MIN_FILES_PER_WORKER } from '../src/check/parallel.js';
import { tempDirMaker } from './support/temp-dirs.js';

// bin/tmcheck.js sets V8 flags before the CLI loads (docs/performance-history.md, "flags (issue 14, session 8)"). What proves a
// flag is in effect is V8 itself: with --trace-gc-verbose every mark-compact prints the growing factor it
// set the old generation's next limit with, "[HeapController] Limit: old size: … KB, new limit: … KB (1.3)".
// A preload forces one mark-compact in each --jobs worker as it starts and one in the main thread at exit.
const tempDir = tempDirMaker('tmcheck-v8-');

/** The growing factor of each isolate's last mark-compact (an isolate is the `[pid:0x…]` prefix V8 prints). */
function lastFactors(trace: string): Map<string, string> {
  const factors = new Map<string, string>();
  for (const match of trace.matchAll(/^\[(\d+:0x[0-9a-f]+)\][^\n]*\[HeapController\] Limit: [^\n]*\((\d+\.\d)\)$/gm)) factors.set(match[1]!, match[2]!);
  return factors;
}

/** A folder of dossiers enough for --jobs 2 to really start its worker (the main thread checks beside it). */
function dossierFolder(dir: string): string {
  const dossiers = path.join(dir, 'dossiers');
  mkdirSync(dossiers);
  for (let i = 0; i < 2 * MIN_FILES_PER_WORKER; i++) copyFileSync(path.join(projectRoot, 'fixtures/dossier-compliant.yaml'), path.join(dossiers, `d${i}.yaml`));
  return dossiers;
}

function traceRun(nodeOptions: string[], jobs: number): { status: number | null; stderr: string; factors: Map<string, string> } {
  const dir = tempDir();
  const dossiers = dossierFolder(dir);
  const preload = path.join(dir, 'gc.cjs');
  writeFileSync(preload, "if (require('node:worker_threads').isMainThread) process.on('exit', () => globalThis.gc()); else globalThis.gc();\n");
  const run = spawnSync(process.execPath, [...nodeOptions, '--expose-gc', '--trace-gc-verbose', '-r', preload, bin, '--jobs', String(jobs), '--format', 'json', '-o', path.join(dir, 'report.json'), dossiers], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', LANG: 'en_US.UTF-8' },
    timeout: 120_000,
    maxBuffer: 1 << 26,
  });
  return { status: run.status, stderr: run.stderr, factors: lastFactors(run.stdout) };
}

describe('V8 settings of the command line (bin/tmcheck.js)', () => {
  it('--heap-growing-percent=30 is in effect in the main thread and in every --jobs worker', () => {
    const run = traceRun([], 2);
    expect(run.stderr).toBe(''); // a V8 without the flag would print "unrecognized flag" here
    expect(run.status).toBe(0);
    // --jobs 2 is the main thread and one worker: two isolates, each growing by 30 % (V8's own choice here is 4.0).
    expect(run.factors.size).toBe(2);
    expect([...run.factors.values()]).toEqual(['1.3', '1.3']);
  });

  it('leaves a value given on the command line as it is', () => {
    const run = traceRun(['--heap-growing-percent=50'], 1);
    expect(run.status).toBe(0);
    expect([...run.factors.values()]).toEqual(['1.5']);
  });

  // bin/early-workers.js: with as many checking threads as cores, a worker's optimizing compiles run on its own thread
  // (docs/performance.md, "--jobs 2 (issue 14, session 13)"). V8 itself says where each isolate compiles:
  // %IsConcurrentRecompilationSupported() is whether that isolate hands its optimizing compiles to V8's helper threads.
  describe('where the --jobs workers compile their optimized code', () => {
    const { compilesOnWorkerThreads } = createRequire(import.meta.url)('../bin/early-workers.js') as { compilesOnWorkerThreads: (jobs: number, cores: number) => boolean };

    /** Each isolate's answer, one line per thread that started ("main true", "worker false"). */
    function compilerRun(nodeOptions: string[], jobs: number): { status: number | null; threads: string[] } {
      const dir = tempDir();
      const dossiers = dossierFolder(dir);
      const answers = path.join(dir, 'answers.txt');
      const preload = path.join(dir, 'compiler.cjs');
      writeFileSync(
        preload,
        "require('node:fs').appendFileSync(process.env.ANSWERS, `${require('node:worker_threads').isMainThread ? 'main' : 'worker'} ${new Function('return %IsConcurrentRecompilationSupported()')()}\\n`);\n",
      );
      writeFileSync(answers, '');
      const run = spawnSync(process.execPath, [...nodeOptions, '--allow-natives-syntax', '-r', preload, bin, '--jobs', String(jobs), '--format', 'json', '-o', path.join(dir, 'report.json'), dossiers], {
        cwd: dir,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', LANG: 'en_US.UTF-8', ANSWERS: answers },
        timeout: 120_000,
      });
      return { status: run.status, threads: readFileSync(answers, 'utf8').trim().split('\n').sort() };
    }

    // Every core checking: the machine's cores, and at least 2 (a worker is started from --jobs 2).
    const everyCore = Math.max(2, availableParallelism());

    it('on their own thread when the checking threads take every core; the main thread on V8\'s helper threads', () => {
      const run = compilerRun([], everyCore);
      expect(run.status).toBe(0);
      expect(run.threads.filter((line) => line.startsWith('main'))).toEqual(['main true']);
      // The workers --jobs N starts beyond the one this batch uses are ended, maybe before their first line: at least one answers.
      const workers = run.threads.filter((line) => line.startsWith('worker'));
      expect(workers.length).toBeGreaterThan(0);
      expect(new Set(workers)).toEqual(new Set(['worker false']));
    });

    it('on V8\'s helper threads when a node --concurrent-recompilation given on the command line says so', () => {
      const run = compilerRun(['--concurrent-recompilation'], everyCore);
      expect(run.status).toBe(0);
      expect(new Set(run.threads)).toEqual(new Set(['main true', 'worker true']));
    });

    it('on V8\'s helper threads when cores are left for them, and with no workers at all', () => {
      expect(compilesOnWorkerThreads(2, 2)).toBe(true);
      expect(compilesOnWorkerThreads(3, 2)).toBe(true);
      expect(compilesOnWorkerThreads(2, 4)).toBe(false);
      expect(compilesOnWorkerThreads(1, 1)).toBe(false);
      expect(compilerRun([], 1).threads).toEqual(['main true']);
    });
  });
});
