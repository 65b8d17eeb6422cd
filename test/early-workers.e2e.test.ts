import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { DocumentPool, MIN_FILES_PER_WORKER, prestartWorkers, releasePrestartedWorkers } from '../src/check/parallel.js';
import { loadRuleSet } from '../src/engine/load-rule-set.js';
import { DEFAULT_LIMITS } from '../src/read/limits.js';
import { bin } from './support/cli.js';
import { projectRoot } from './support/fixtures.js';
import { tempDirMaker } from './support/temp-dirs.js';

// bin/early-workers.js starts the document workers of an explicit --jobs N before the CLI is compiled;
// the CLI adopts them (src/check/parallel.ts) instead of starting its own (docs/performance-history.md, "Fixed cost (issue 14, session 10)").
const { earlyJobs, LAUNCHER_WORKERS } = createRequire(import.meta.url)('../bin/early-workers.js') as {
  earlyJobs: (args: string[]) => number;
  LAUNCHER_WORKERS: symbol;
};
const WORKER_FILE = path.join(projectRoot, 'bin', 'check-worker.js');
const tempDir = tempDirMaker('tmcheck-early-workers-');
const holder = globalThis as unknown as Record<symbol, Worker[] | undefined>;

/** A worker as bin/early-workers.js leaves it for the CLI. */
function launcherWorker(): Worker {
  const worker = new Worker(WORKER_FILE);
  worker.unref();
  worker.on('error', () => undefined);
  (holder[LAUNCHER_WORKERS] ??= []).push(worker);
  return worker;
}

/** Node sets a worker's threadId to -1 as its thread stops, before terminate()'s promise settles. */
const ended = (worker: Worker) => worker.threadId === -1;

describe('workers started by the launcher (bin/early-workers.js)', () => {
  it('are asked for only by an explicit --jobs of 2 or more, and never for a cache, a subcommand or a call log', () => {
    expect(earlyJobs(['--jobs', '2', 'dir'])).toBe(2);
    expect(earlyJobs(['--jobs=3', 'dir'])).toBe(3);
    expect(earlyJobs(['-j', '4', 'dir'])).toBe(4);
    expect(earlyJobs(['-j5', 'dir'])).toBe(5);
    // The last one given wins, as in commander.
    expect(earlyJobs(['--jobs', '4', '--jobs', '1', 'dir'])).toBe(1);
    expect(earlyJobs(['dir'])).toBe(0);
    expect(earlyJobs(['--jobs', '2x', 'dir'])).toBe(0);
    expect(earlyJobs(['--jobs', '2', '--cache', 'dir'])).toBe(0);
    expect(earlyJobs(['--jobs', '2', '--cache-location', 'c', 'dir'])).toBe(0);
    expect(earlyJobs(['--jobs', '2', '--cache-location=c', 'dir'])).toBe(0);
    expect(earlyJobs(['--jobs', '2', 'calls.CSV'])).toBe(0);
    expect(earlyJobs(['--jobs', '2', 'rules', 'list'])).toBe(0);
    expect(earlyJobs(['--jobs', '2', '--help'])).toBe(0);
    // After `--` everything is a path.
    expect(earlyJobs(['--', '--jobs', '2'])).toBe(0);
  });

  it('are adopted by prestartWorkers and ended with the unused ones, and taken by a pool', async () => {
    const first = launcherWorker();
    let second: Worker | undefined;
    try {
      prestartWorkers(2);
      // The launcher's worker stands for the one --jobs 2 needs: none was started beside it, and it is ended with the rest.
      expect(await releasePrestartedWorkers()).toBe(1);
      expect(ended(first)).toBe(true);
      expect(holder[LAUNCHER_WORKERS]).toEqual([]);

      second = launcherWorker();
      const pool = new DocumentPool(1, { rules: {}, loaded: loadRuleSet({ cwd: process.cwd() }).rules, limits: DEFAULT_LIMITS, observedKinds: [] });
      const display = 'fixtures/dossier-compliant.yaml';
      expect((await pool.check({ display, absolute: path.resolve(display) })).result.status).toBe('pass');
      await pool.close();
      // The pool checked with the launcher's worker: closing the pool ended it.
      expect(ended(second)).toBe(true);
      expect(await releasePrestartedWorkers()).toBe(0);
    } finally {
      holder[LAUNCHER_WORKERS] = undefined;
      await Promise.all([first.terminate(), second?.terminate()]);
    }
  });

  it('start before the CLI is compiled, and the CLI checks with them instead of starting its own', () => {
    const dir = tempDir();
    const dossiers = path.join(dir, 'dossiers');
    mkdirSync(dossiers);
    for (let i = 0; i < 2 * MIN_FILES_PER_WORKER; i++) copyFileSync(path.join(projectRoot, 'fixtures/dossier-compliant.yaml'), path.join(dossiers, `d${i}.yaml`));
    // Counts the workers made, where from, and the files they checked.
    const preload = path.join(dir, 'workers.cjs');
    writeFileSync(
      preload,
      [
        "const wt = require('node:worker_threads');",
        'const made = []; let checked = 0;',
        'wt.Worker = class extends wt.Worker { constructor(...args) { made.push(/early-workers\\.js/.test(new Error().stack) ? "launcher" : "cli"); super(...args); this.on("message", (m) => { checked += m.checks ? m.checks.length : 0; }); } };',
        "process.on('exit', () => process.stderr.write(`workers: ${made.join(',')} checked: ${checked}\\n`));",
      ].join('\n'),
    );
    const run = (jobs: string, out: string) =>
      spawnSync(process.execPath, ['-r', preload, bin, '--jobs', jobs, '--format', 'json', '--no-timestamp', '-o', path.join(dir, out), dossiers], {
        cwd: dir,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', LANG: 'en_US.UTF-8' },
        timeout: 60_000,
      });
    const two = run('2', 'two.json');
    expect(two.status).toBe(0);
    const [, made, checked] = /^workers: (.*) checked: (\d+)$/m.exec(two.stderr) ?? [];
    expect(made).toBe('launcher');
    expect(Number(checked)).toBeGreaterThan(0);
    const one = run('1', 'one.json');
    expect(one.stderr).toMatch(/^workers: {2}checked: 0$/m);
    expect(readFileSync(path.join(dir, 'two.json'), 'utf8')).toBe(readFileSync(path.join(dir, 'one.json'), 'utf8'));
  });
});
