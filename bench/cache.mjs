#!/usr/bin/env node
// `npm run build && node bench/cache.mjs`: what --cache saves on a rerun. Generates N dossiers
// (bench/generate.mjs), then times, in pairs, a run without the cache (cold) and a rerun with a warm
// cache over the same unchanged files (which goes first alternates from pair to pair), and prints the
// median of the pairs' ratios, wall and CPU time (the goal: a warm rerun costs at most 10 % of a cold run).
//   --dossiers N (default 5000)   --runs K (default 3)   --jobs J (default 1)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin/tmcheck.js');
const TIME = '/usr/bin/time';

/** Wall time and, where /usr/bin/time exists, CPU time (user + system) of one tmcheck run, in ms. */
function timed(args, work) {
  const cpuFile = path.join(work, 'cpu.txt');
  const command = existsSync(TIME) ? [TIME, ['-f', '%U %S', '-o', cpuFile, process.execPath, bin, ...args]] : [process.execPath, [bin, ...args]];
  const start = process.hrtime.bigint();
  const run = spawnSync(command[0], command[1], { cwd: work, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0 && run.status !== 1) throw new Error(`tmcheck ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  const [user, system] = existsSync(TIME) ? readFileSync(cpuFile, 'utf8').trim().split('\n').pop().split(' ').map(Number) : [NaN, NaN];
  return { ms, cpuMs: (user + system) * 1000, stderr: run.stderr };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Cold (no cache) and warm (--cache, every document cached) medians over `runs` interleaved runs. */
export function measureCache({ dossiersDir, work, runs, jobs = 1 }) {
  const common = [dossiersDir, '--format', 'json', '--no-timestamp', '-o', path.join(work, 'report.json'), '--jobs', String(jobs)];
  const cacheArgs = ['--cache-location', path.join(work, 'bench.tmcheck-cache')];
  const first = timed([...common, ...cacheArgs], work);
  const cold = [];
  const warm = [];
  const rerun = () => {
    const run = timed([...common, ...cacheArgs], work);
    if (!/cache: (\d+) of \1 documents reused/.test(run.stderr)) throw new Error(`the warm run reused not every document: ${run.stderr}`);
    return run;
  };
  for (let r = 0; r < runs; r++) {
    // Which of the pair goes first alternates, so that neither always follows the other's page-cache or load.
    if (r % 2 === 0) {
      cold.push(timed(common, work));
      warm.push(rerun());
    } else {
      warm.push(rerun());
      cold.push(timed(common, work));
    }
  }
  const pick = (samples, key) => median(samples.map((s) => s[key]));
  // Samples run by run, as the main bench keeps them, so that ratios are taken pair by pair.
  const summary = (samples) => ({ ms: pick(samples, 'ms'), cpuMs: pick(samples, 'cpuMs'), samples: { ms: samples.map((s) => s.ms), cpu: samples.map((s) => s.cpuMs) } });
  // The median of the pairs' ratios (run r warm against run r cold), as bench/run.mjs takes them.
  const paired = (key) => median(warm.map((w, r) => w[key] / cold[r][key]));
  return { first: { ms: first.ms, cpuMs: first.cpuMs }, cold: summary(cold), warm: summary(warm), ratio: { ms: paired('ms'), cpuMs: paired('cpuMs') } };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i === -1 ? fallback : Number(process.argv[i + 1]);
  };
  const dossiers = arg('dossiers', 5000);
  const work = mkdtempSync(path.join(os.tmpdir(), 'tmcheck-bench-cache-'));
  try {
    const made = generate({ dir: path.join(work, 'data'), dossiers, reports: 0, months: 1, rows: 0 });
    const result = measureCache({ dossiersDir: made.dossiers, work, runs: arg('runs', 3), jobs: arg('jobs', 1) });
    const line = (name, m) => `${name.padEnd(34)} ${(m.ms / 1000).toFixed(2).padStart(7)} s wall ${(m.cpuMs / 1000).toFixed(2).padStart(7)} s CPU`;
    console.log(`${dossiers} dossiers, --jobs ${arg('jobs', 1)}, ${arg('runs', 3)} pairs (medians)`);
    console.log(line('cold (no cache)', result.cold));
    console.log(line('first --cache run (writes it)', result.first));
    console.log(line('warm --cache rerun (all reused)', result.warm));
    console.log(`warm / cold, median of paired ratios: ${(100 * result.ratio.ms).toFixed(1)} % wall, ${(100 * result.ratio.cpuMs).toFixed(1)} % CPU (user + sys) (goal: ≤ 10 %)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
