#!/usr/bin/env node
// `npm run bench`: generates deterministic data, then times tmcheck (the real CLI, as a child process)
// against the limits it cannot beat, on the same data in the same run. Prints medians of --runs runs,
// then the goals of issue 14, each with its measured ratio and met / not met.
//   --dossiers A,B,C   dossier batch sizes (default 1000,5000,20000): per-file cost and memory across them
//   --jobs-dossiers N  the batch (one of the sizes) on which --jobs 2 is measured (default 5000)
//   --reports N --months M --rows R --runs K   other sizes (defaults below)
//   --jobs-runs K  paired runs of the --jobs batch (default: --runs, at least 5): its goal compares
//                  two speed-ups measured on a shared machine, the noisiest of the goals
//   --quick       tiny sizes, one run: proves the benchmark works (test/bench-quick.test.ts runs it)
//   --out DIR     keep the data and tmcheck's JSON reports in DIR (default: a temp folder, removed)
//   --json FILE   also write the measurements and goals as JSON
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, generateDossiers } from './generate.mjs';
import { measureCache } from './cache.mjs';
import { callLogGoals, printCallLogGoals } from './calllog.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin/tmcheck.js');
const TIME = '/usr/bin/time';

function parseArgs(argv) {
  const options = { dossiers: [1000, 5000, 20000], jobsDossiers: 5000, jobsRuns: -1, reports: 2400, months: 12, rows: 1000000, runs: 3, quick: false, out: undefined, json: undefined };
  let jobsGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const name = flag.replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    if (flag === '--quick') options.quick = true;
    else if (name === 'out' || name === 'json') options[name] = path.resolve(argv[++i]);
    else if (name === 'dossiers') {
      const sizes = String(argv[++i]).split(',').map(Number);
      if (sizes.some((n) => !Number.isInteger(n) || n < 2)) throw new Error(`${flag} expects whole numbers of at least 2, separated by commas`);
      options.dossiers = [...new Set(sizes)].sort((a, b) => a - b);
    } else if (name === 'jobsDossiers') {
      options.jobsDossiers = Number(argv[++i]);
      jobsGiven = true;
    }
    else if (name in options && typeof options[name] === 'number') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} expects a whole number`);
      options[name] = n;
    } else throw new Error(`unknown option ${flag}`);
  }
  // Quick: every workload once, on the least data that still exercises it (the test suite runs this,
  // and each process costs its start-up): 32 dossiers is the fewest on which --jobs 2 starts its worker (the main thread checks beside it).
  if (options.quick) Object.assign(options, { dossiers: [4, 32], jobsDossiers: 32, reports: 12, months: 3, rows: 5000, runs: 1, jobsRuns: 1 });
  if (options.jobsRuns < 0) options.jobsRuns = Math.max(options.runs, 5);
  // --jobs is measured on one of the batch sizes: the one asked for, else 5,000 when measured, else the largest.
  if (!options.dossiers.includes(options.jobsDossiers)) {
    if (jobsGiven && !options.quick) throw new Error('--jobs-dossiers must be one of the --dossiers sizes');
    options.jobsDossiers = options.dossiers[options.dossiers.length - 1];
  }
  return options;
}

/** At most n tasks at a time; the others wait their turn, first come first served. */
function limiter(n) {
  let active = 0;
  const waiting = [];
  return async (task) => {
    if (active < n) active += 1;
    else await new Promise((resolve) => waiting.push(resolve)); // handed the slot of a task that ended
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active -= 1;
    }
  };
}

// Measured runs happen one at a time, each workload's runs together (workloads), one process at a
// time (processes). --quick (set in main) lets workloads and processes overlap on every core: its
// timings are never read, and it runs in the test suite, which pays for every second.
let workloads = limiter(1);
let processes = limiter(1);
let measurements = 0;

/**
 * Runs a command, returning wall time (ms), and when /usr/bin/time exists peak RSS (MB) and CPU time
 * (user + system, ms): on a busy machine CPU time is the steadier of the two.
 */
function measure(command, args, rssFile) {
  const usage = `${rssFile}.${measurements++}`;
  const wrapped = existsSync(TIME) ? [TIME, ['-f', '%M %U %S', '-o', usage, command, ...args]] : [command, args];
  return processes(
    () =>
      new Promise((resolve, reject) => {
        const start = process.hrtime.bigint();
        const child = spawn(wrapped[0], wrapped[1], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (text) => (stderr += text));
        child.on('error', reject);
        child.on('close', (status) => {
          const ms = Number(process.hrtime.bigint() - start) / 1e6;
          if (status !== 0 && status !== 1) return reject(new Error(`${command} ${args.join(' ')} exited ${status}: ${stderr}`));
          const [rssKb, user, system] = existsSync(TIME) ? readFileSync(usage, 'utf8').trim().split('\n').pop().split(' ').map(Number) : [NaN, NaN, NaN];
          rmSync(usage, { force: true });
          resolve({ ms, rssMb: rssKb / 1024, cpuMs: (user + system) * 1000, stderr });
        });
      }),
  );
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Times `runs` runs of each command, interleaved so that machine noise hits them alike. Each result
 * keeps its samples, run by run, so that ratios can be taken pair by pair (run r against run r).
 * One workload after another, in the order they were asked for (see `workloads`). `alternate` runs
 * every other round in reverse order, so that a load rising or falling during a workload weighs
 * alike on the commands it compares, whichever comes first in the list.
 */
function compare(runs, commands, rssFile, { alternate = false } = {}) {
  return workloads(async () => {
    const samples = commands.map(() => ({ ms: [], rss: [], cpu: [] }));
    for (let r = 0; r < runs; r++) {
      const order = commands.map((_, i) => i);
      if (alternate && r % 2 === 1) order.reverse();
      const inOrder = await Promise.all(
        order.map(async (i) => {
          const [command, args, output] = commands[i];
          // tmcheck exits 1 when it has findings, and a crash may too: the report file is the proof of a run.
          if (output) rmSync(output, { force: true });
          const result = await measure(command, args, rssFile);
          if (output && !existsSync(output)) throw new Error(`${args.join(' ')} wrote no report: ${result.stderr}`);
          return result;
        }),
      );
      const results = [];
      order.forEach((i, k) => (results[i] = inOrder[k]));
      results.forEach((result, i) => {
        samples[i].ms.push(result.ms);
        samples[i].rss.push(result.rssMb);
        samples[i].cpu.push(result.cpuMs);
      });
    }
    return samples.map((s) => ({ ms: median(s.ms), rssMb: Math.max(...s.rss), cpuMs: median(s.cpu), samples: s }));
  });
}

/** The median over runs of a / b, each run's a against the same run's b (a paired ratio). */
function pairedRatio(a, b, field = 'ms') {
  return median(a.samples[field].map((value, r) => value / b.samples[field][r]));
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.quick) [workloads, processes] = [limiter(Infinity), limiter(os.availableParallelism())];
  const work = options.out ?? mkdtempSync(path.join(os.tmpdir(), 'tmcheck-bench-'));
  mkdirSync(work, { recursive: true });
  const data = path.join(work, 'data');
  const reportsOut = path.join(work, 'out');
  mkdirSync(reportsOut, { recursive: true });
  const rssFile = path.join(work, 'rss.txt');
  const node = process.execPath;
  const parseOnly = path.join(root, 'bench/parse-only.mjs');
  try {
    const started = Date.now();
    rmSync(data, { recursive: true, force: true });
    const made = generate({ dir: data, dossiers: 0, reports: options.reports, months: options.months, rows: options.rows });
    rmSync(made.dossiers, { recursive: true, force: true });
    // One folder per batch size; the smaller batches are the first files of the larger ones.
    const batches = options.dossiers.map((count) => ({ count, dir: generateDossiers({ dir: path.join(data, `dossiers-${count}`), count }) }));
    process.stderr.write(`generated ${options.dossiers.join(' / ')} dossiers, ${options.reports} reports over ${options.months} months, ${options.rows} call rows in ${Date.now() - started} ms\n`);

    const tmcheck = (out, inputs, extra = []) => [node, [bin, '--format', 'json', '--no-timestamp', '-o', path.join(reportsOut, out), ...extra, ...inputs], path.join(reportsOut, out)];
    const oneJob = ['--jobs', '1'];
    const rows = [];
    const add = (name, units, count, [limit, ours], limitName) => {
      const row = { name, limitName, units, count, limit, ours, ratio: pairedRatio(ours, limit), cpuRatio: pairedRatio(ours, limit, 'cpu') };
      rows.push(row);
      return row;
    };
    // Each goal: what is measured, its ratio, the target and which way it must hold (extend by pushing more).
    const goals = [];
    const goal = (name, ratio, target, atMost, note = '') => goals.push({ goal: name, ratio, target, atMost, met: Number.isFinite(ratio) && (atMost ? ratio <= target : ratio >= target), note });

    // Every workload is asked for here, in the table's order, and run in that order (side by side with --quick).
    const oneFile = path.join(batches[0].dir, 'vendor-000001.yaml');
    const oneRuns = compare(options.runs, [[node, ['-e', '0']], tmcheck('one.json', [oneFile], oneJob)], rssFile);
    // Dossier batches, one worker, at every size; at the --jobs size also two workers, the two-process
    // ceiling (parse-only split over two processes) and two tmcheck processes on half the batch each.
    const batchRuns = batches.map(({ count, dir }) => {
      const commands = [[node, [parseOnly, dir]], tmcheck(`dossiers-${count}-1.json`, [dir], oneJob)];
      if (count === options.jobsDossiers) {
        // More paired runs, in alternating order (see compare): its goal is a ratio of two speed-ups.
        const halves = (make) => ['sh', ['-c', `${['1/2', '2/2'].map(make).join(' & ')}; wait`]];
        commands.push(
          tmcheck(`dossiers-${count}-2.json`, [dir], ['--jobs', '2']),
          halves((part) => `"${node}" "${parseOnly}" --part ${part} "${dir}" >/dev/null`),
          halves((part) => `"${node}" "${bin}" --jobs 1 --shard ${part} --format json --no-timestamp -o "${path.join(reportsOut, `shard-${part[0]}.json`)}" "${dir}"`),
        );
      }
      return count === options.jobsDossiers ? compare(options.jobsRuns, commands, rssFile, { alternate: true }) : compare(options.runs, commands, rssFile);
    });
    // --cache: a rerun over the same unchanged dossiers against the cold run. The goal (ratio ≤ 0.10) is
    // the issue's, at 5,000 dossiers (the --jobs batch); the largest batch is measured too, where the
    // run's fixed cost weighs less.
    const cacheBatches = [...new Set([batches.find((b) => b.count === options.jobsDossiers) ?? batches[batches.length - 1], batches[batches.length - 1]])];
    const cacheRuns = cacheBatches.map((batch) => {
      // A folder of its own per batch: --quick overlaps workloads, and each writes its cache and report.
      const cacheWork = path.join(work, `cache-${batch.count}`);
      mkdirSync(cacheWork, { recursive: true });
      return workloads(async () => measureCache({ dossiersDir: batch.dir, work: cacheWork, runs: options.runs, jobs: 1 }));
    });
    const reportRuns = compare(options.runs, [[node, [parseOnly, made.reports]], tmcheck('reports.json', [made.reports], oneJob)], rssFile);
    const callLogRuns = compare(options.runs, [[node, [path.join(root, 'bench/csv-only.mjs'), made.csv]], tmcheck('calllog.json', [made.calllog])], rssFile);

    const one = add('one file', 'files', 1, await oneRuns, 'node -e 0');
    const batchRows = [];
    let parallel;
    for (const [k, { count }] of batches.entries()) {
      const atJobs = count === options.jobsDossiers;
      const measured = await batchRuns[k];
      const row = add(`dossiers, 1 job`, 'files', count, measured.slice(0, 2), 'yaml parse only');
      batchRows.push(row);
      goal(`dossier batch of ${count}, one worker: time / parse limit`, row.ratio, 1.35, true, `CPU ${fmt(row.cpuRatio, 2)}`);
      if (atJobs) {
        const [limit, single, two, split, shards] = measured;
        add('dossiers, 2 jobs', 'files', count, [limit, two], 'yaml parse only');
        parallel = { count, speedup: pairedRatio(single, two), ceiling: pairedRatio(limit, split), shards: pairedRatio(single, shards) };
        // The share of the ceiling run by run (that run's speed-up over that run's ceiling), then the
        // median: both speed-ups of one run saw the same machine, which two separate medians do not.
        parallel.share = median(single.samples.ms.map((ms, r) => ms / two.samples.ms[r] / (limit.samples.ms[r] / split.samples.ms[r])));
        // CPU time spent in all, against one process: what a second worker costs beyond its share of the work.
        Object.assign(parallel, { cpuJobs: pairedRatio(two, single, 'cpu'), cpuSplit: pairedRatio(split, limit, 'cpu'), cpuShards: pairedRatio(shards, single, 'cpu') });
        rows.push({ name: `2 jobs vs 1 job (${count} files)`, speedup: parallel.speedup });
        rows.push({ name: `yaml parse only: 2 processes vs 1 (the ceiling, ${count} files)`, speedup: parallel.ceiling });
        rows.push({ name: `tmcheck --shard 1/2 and 2/2 side by side vs 1 job (${count} files)`, speedup: parallel.shards });
      }
    }
    if (batches.length > 1) {
      // Per-file cost without start-up: (batch time - one-file time) / (files - 1), each batch's median.
      const perFile = (row, fixed) => (row.ours.ms - fixed) / (row.count - 1);
      const costs = batchRows.map((row) => perFile(row, one.ours.ms));
      const limitCosts = batchRows.map((row) => perFile({ ...row, ours: row.limit }, one.limit.ms));
      const growth = costs[costs.length - 1] / costs[0];
      const limitGrowth = limitCosts[limitCosts.length - 1] / limitCosts[0];
      batchRows.forEach((row, i) => Object.assign(row, { perFileMs: costs[i], limitPerFileMs: limitCosts[i] }));
      const [small, large] = [batchRows[0], batchRows[batchRows.length - 1]];
      goal(`per-file cost flat: ${large.count} files / ${small.count} files`, growth, 1.1, true, `${fmt(costs[0], 3)} → ${fmt(costs[costs.length - 1], 3)} ms a file; the parse limit's own: ${fmt(limitGrowth, 2)}`);
      const perDossierKb = ((large.ours.rssMb - small.ours.rssMb) * 1024) / (large.count - small.count);
      const limitKb = ((large.limit.rssMb - small.limit.rssMb) * 1024) / (large.count - small.count);
      goal(`peak RSS growth per dossier (KB), ${small.count} → ${large.count}`, perDossierKb, 2, true, `${fmt(small.ours.rssMb)} → ${fmt(large.ours.rssMb)} MB; the parse limit's own: ${fmt(limitKb, 2)} KB`);
    }
    if (parallel) {
      const share = parallel.share;
      const how = parallel.speedup >= 1.7 ? 'met by ≥ 1.7 ×' : share >= 0.9 ? `met by ≥ 90 % of the ceiling (${fmt(100 * share, 1)} %)` : `${fmt(100 * share, 1)} % of the ceiling`;
      goals.push({ goal: `--jobs 2 vs one worker, ${parallel.count} dossiers`, ratio: parallel.speedup, target: 1.7, atMost: false, met: parallel.speedup >= 1.7 || share >= 0.9, note: `${how}; median of ${options.jobsRuns} runs' shares (ratio of the medians ${fmt((100 * parallel.speedup) / parallel.ceiling, 1)} %); ceiling ${fmt(parallel.ceiling, 2)} ×, two shard processes ${fmt(parallel.shards, 2)} ×; CPU time against one process: --jobs 2 ${fmt(parallel.cpuJobs, 2)} ×, parse limit split ${fmt(parallel.cpuSplit, 2)} ×, two shards ${fmt(parallel.cpuShards, 2)} ×` });
    }

    for (const [i, batch] of cacheBatches.entries()) {
      const cached = await cacheRuns[i];
      const cacheRow = add('dossiers rerun, --cache warm', 'files', batch.count, [cached.cold, cached.warm], 'cold run, no cache');
      const atGoal = i === 0;
      goal(`dossiers rerun with --cache warm, ${cacheRow.count} files: time / cold run${atGoal ? '' : ' (not the goal\'s size; for comparison)'}`, cacheRow.ratio, 0.1, true, `CPU ${fmt(cacheRow.cpuRatio, 2)}`);
    }

    add('monthly reports', 'files', options.reports, await reportRuns, 'yaml parse only');
    add('call log', 'rows', options.rows, await callLogRuns, 'csv-parse only');

    printTable(rows, goals, options);
    const callLog = await callLogGoals({ root, csv: made.csv, rows: options.rows, runs: options.runs, work, compare, tmcheck, rssFile });
    printCallLogGoals(callLog);
    if (options.json) writeFileSync(options.json, JSON.stringify({ options, rows: rows.map(({ limit, ours, ...row }) => ({ ...row, ...(limit ? { limit: strip(limit), ours: strip(ours) } : {}) })), goals, callLog }, null, 2) + '\n');
    if (parallel) {
      const single = readFileSync(path.join(reportsOut, `dossiers-${parallel.count}-1.json`), 'utf8');
      if (single !== readFileSync(path.join(reportsOut, `dossiers-${parallel.count}-2.json`), 'utf8')) throw new Error('the report with --jobs 2 differs from the report with --jobs 1');
      // The scale-out recipe (docs/performance.md): the shards' reports, merged, are the one-run report.
      const merged = path.join(reportsOut, 'shards-merged.json');
      const merge = spawnSync(node, [bin, 'merge', path.join(reportsOut, 'shard-1.json'), path.join(reportsOut, 'shard-2.json'), '-o', merged], { cwd: root, encoding: 'utf8' });
      if (!existsSync(merged) || readFileSync(merged, 'utf8') !== single) throw new Error(`the merged shard reports differ from the one-run report: ${merge.stderr}`);
      process.stdout.write(`reports with --jobs 1, --jobs 2 and two merged --shard runs are byte-identical\n`);
    }
  } finally {
    if (!options.out) rmSync(work, { recursive: true, force: true });
  }
}

const strip = ({ samples, ...measured }) => measured;
const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

function printTable(rows, goals, options) {
  const lines = [
    `tmcheck bench: ${options.dossiers.join(' / ')} dossiers (--jobs on ${options.jobsDossiers}, ${options.jobsRuns} runs), ${options.reports} reports / ${options.months} months, ${options.rows} call rows; median of ${options.runs} paired run(s); ${os.cpus().length} cores, node ${process.version}`,
    '',
    '| workload | limit | limit ms | tmcheck ms | tmcheck throughput | ms per 1,000 (tmcheck / limit) | limit RSS MB | tmcheck RSS MB | ratio (wall) | ratio (CPU) |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    if ('speedup' in row) {
      lines.push(`| ${row.name} | | | | ${fmt(row.speedup, 2)}x throughput | | | | | |`);
      continue;
    }
    const rate = row.count / (row.ours.ms / 1000);
    const perFile = row.perFileMs !== undefined ? `${fmt(row.perFileMs * 1000)} / ${fmt(row.limitPerFileMs * 1000)}` : '';
    lines.push(
      `| ${row.name} (${row.count} ${row.units}) | ${row.limitName} | ${fmt(row.limit.ms)} | ${fmt(row.ours.ms)} | ${fmt(rate, rate < 10 ? 1 : 0)} ${row.units}/s | ${perFile} | ${fmt(row.limit.rssMb)} | ${fmt(row.ours.rssMb)} | ${fmt(row.ratio, 2)} | ${fmt(row.cpuRatio, 2)} |`,
    );
  }
  lines.push('', '| goal (issue 14) | measured | target | result | |', '| --- | ---: | ---: | --- | --- |');
  for (const g of goals) lines.push(`| ${g.goal} | ${fmt(g.ratio, 2)} | ${g.atMost ? '≤' : '≥'} ${g.target} | ${g.met ? 'met' : 'not met'} | ${g.note} |`);
  process.stdout.write(lines.join('\n') + '\n');
}

await main();
