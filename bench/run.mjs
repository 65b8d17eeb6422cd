#!/usr/bin/env node
// `npm run bench`: generates deterministic data, then times tmcheck (the real CLI, as a child process)
// against the limits it cannot beat, on the same data in the same run. Prints medians of --runs runs.
//   --dossiers N --reports N --months M --rows R --runs K   sizes (defaults below)
//   --quick       tiny sizes, one run: proves the benchmark works (test/bench-quick.test.ts runs it)
//   --out DIR     keep the data and tmcheck's JSON reports in DIR (default: a temp folder, removed)
//   --json FILE   also write the measurements as JSON
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.mjs';
import { measureCache } from './cache.mjs';
import { callLogGoals, printCallLogGoals } from './calllog.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin/tmcheck.js');
const TIME = '/usr/bin/time';

function parseArgs(argv) {
  const options = { dossiers: 10000, reports: 2400, months: 12, rows: 1000000, runs: 3, quick: false, out: undefined, json: undefined };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const name = flag.replace(/^--/, '');
    if (flag === '--quick') options.quick = true;
    else if (name === 'out' || name === 'json') options[name] = path.resolve(argv[++i]);
    else if (name in options && typeof options[name] === 'number') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} expects a whole number`);
      options[name] = n;
    } else throw new Error(`unknown option ${flag}`);
  }
  if (options.quick) Object.assign(options, { dossiers: 60, reports: 24, months: 3, rows: 5000, runs: 1 });
  return options;
}

/**
 * Runs a command, returning wall time (ms), and when /usr/bin/time exists peak RSS (MB) and CPU time
 * (user + system, ms): on a busy machine CPU time is the steadier of the two.
 */
function measure(command, args, rssFile) {
  const wrapped = existsSync(TIME) ? [TIME, ['-f', '%M %U %S', '-o', rssFile, command, ...args]] : [command, args];
  const start = process.hrtime.bigint();
  const run = spawnSync(wrapped[0], wrapped[1], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0 && run.status !== 1) {
    throw new Error(`${command} ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  }
  const [rssKb, user, system] = existsSync(TIME) ? readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ').map(Number) : [NaN, NaN, NaN];
  return { ms, rssMb: rssKb / 1024, cpuMs: (user + system) * 1000, stdout: run.stdout, stderr: run.stderr };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Times `runs` runs of each command, interleaved so that machine noise hits both alike. */
function compare(runs, commands, rssFile) {
  const samples = commands.map(() => ({ ms: [], rss: [], cpu: [] }));
  for (let r = 0; r < runs; r++) {
    commands.forEach(([command, args, output], i) => {
      // tmcheck exits 1 when it has findings, and a crash may too: the report file is the proof of a run.
      if (output) rmSync(output, { force: true });
      const result = measure(command, args, rssFile);
      if (output && !existsSync(output)) throw new Error(`${args.join(' ')} wrote no report: ${result.stderr}`);
      samples[i].ms.push(result.ms);
      samples[i].rss.push(result.rssMb);
      samples[i].cpu.push(result.cpuMs);
    });
  }
  return samples.map((s) => ({ ms: median(s.ms), rssMb: Math.max(...s.rss), cpuMs: median(s.cpu) }));
}

function supportsJobs() {
  return spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' }).stdout.includes('--jobs');
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const work = options.out ?? mkdtempSync(path.join(os.tmpdir(), 'tmcheck-bench-'));
  mkdirSync(work, { recursive: true });
  const data = path.join(work, 'data');
  const reportsOut = path.join(work, 'out');
  mkdirSync(reportsOut, { recursive: true });
  const rssFile = path.join(work, 'rss.txt');
  const node = process.execPath;
  try {
    const started = Date.now();
    rmSync(data, { recursive: true, force: true });
    const made = generate({ dir: data, dossiers: options.dossiers, reports: options.reports, months: options.months, rows: options.rows });
    process.stderr.write(`generated ${options.dossiers} dossiers, ${options.reports} reports over ${options.months} months, ${options.rows} call rows in ${Date.now() - started} ms\n`);

    const jobs = supportsJobs();
    const tmcheck = (out, inputs, extra = []) => [node, [bin, '--format', 'json', '--no-timestamp', '-o', path.join(reportsOut, out), ...extra, ...inputs], path.join(reportsOut, out)];
    const rows = [];
    const add = (name, units, count, [limit, ours], limitName) =>
      rows.push({ name, limitName, units, count, limit, ours, ratio: ours.ms / limit.ms });

    const oneFile = path.join(made.dossiers, 'vendor-000001.yaml');
    add('one file', 'files', 1, compare(options.runs, [[node, ['-e', '0']], tmcheck('one.json', [oneFile], jobs ? ['--jobs', '1'] : [])], rssFile), 'node -e 0');

    const single = compare(options.runs, [[node, [path.join(root, 'bench/parse-only.mjs'), made.dossiers]], tmcheck('dossiers-1.json', [made.dossiers], jobs ? ['--jobs', '1'] : [])], rssFile);
    add('dossiers, 1 job', 'files', options.dossiers, single, 'yaml parse only');
    if (jobs) {
      const [, two] = compare(options.runs, [[node, ['-e', '0']], tmcheck('dossiers-2.json', [made.dossiers], ['--jobs', '2'])], rssFile);
      add('dossiers, 2 jobs', 'files', options.dossiers, [single[0], two], 'yaml parse only');
      rows.push({ name: '2 jobs vs 1 job', speedup: single[1].ms / two.ms });
      // The machine's own two-way ceiling: the parse-only limit split over two processes at once.
      const parseOnly = path.join(root, 'bench/parse-only.mjs');
      const halves = ['1/2', '2/2'].map((part) => `"${node}" "${parseOnly}" --part ${part} "${made.dossiers}" >/dev/null`).join(' & ');
      const [, split] = compare(options.runs, [[node, ['-e', '0']], ['sh', ['-c', `${halves}; wait`]]], rssFile);
      rows.push({ name: 'yaml parse only: 2 processes vs 1 (the ceiling)', speedup: single[0].ms / split.ms });
    }
    // --cache: a rerun over the same unchanged dossiers against the cold run (goal: ratio ≤ 0.10).
    const cached = measureCache({ dossiersDir: made.dossiers, work, runs: options.runs, jobs: 1 });
    add('dossiers rerun, --cache warm', 'files', options.dossiers, [cached.cold, cached.warm], 'cold run, no cache');
    add('monthly reports', 'files', options.reports, compare(options.runs, [[node, [path.join(root, 'bench/parse-only.mjs'), made.reports]], tmcheck('reports.json', [made.reports], jobs ? ['--jobs', '1'] : [])], rssFile), 'yaml parse only');
    add('call log', 'rows', options.rows, compare(options.runs, [[node, [path.join(root, 'bench/csv-only.mjs'), made.csv]], tmcheck('calllog.json', [made.calllog])], rssFile), 'csv-parse only');

    printTable(rows, options);
    const callLog = await callLogGoals({ root, csv: made.csv, rows: options.rows, runs: options.runs, work, compare, tmcheck, rssFile });
    printCallLogGoals(callLog);
    if (options.json) writeFileSync(options.json, JSON.stringify({ options, rows, callLog }, null, 2) + '\n');
    if (jobs) {
      const one = readFileSync(path.join(reportsOut, 'dossiers-1.json'), 'utf8');
      const two = readFileSync(path.join(reportsOut, 'dossiers-2.json'), 'utf8');
      if (one !== two) throw new Error('the report with --jobs 2 differs from the report with --jobs 1');
      process.stdout.write('reports with --jobs 1 and --jobs 2 are byte-identical\n');
    }
  } finally {
    if (!options.out) rmSync(work, { recursive: true, force: true });
  }
}

function printTable(rows, options) {
  const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
  const lines = [
    `tmcheck bench: ${options.dossiers} dossiers, ${options.reports} reports / ${options.months} months, ${options.rows} call rows; median of ${options.runs} run(s); ${os.cpus().length} cores, node ${process.version}`,
    '',
    '| workload | limit | limit ms | tmcheck ms | tmcheck throughput | limit RSS MB | tmcheck RSS MB | ratio (wall) | ratio (CPU) |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    if ('speedup' in row) {
      lines.push(`| ${row.name} | | | | ${fmt(row.speedup, 2)}x throughput | | | | |`);
      continue;
    }
    const rate = row.count / (row.ours.ms / 1000);
    const digits = rate < 10 ? 1 : 0;
    lines.push(
      `| ${row.name} (${row.count} ${row.units}) | ${row.limitName} | ${fmt(row.limit.ms)} | ${fmt(row.ours.ms)} | ${fmt(rate, digits)} ${row.units}/s | ${fmt(row.limit.rssMb)} | ${fmt(row.ours.rssMb)} | ${fmt(row.ratio, 2)} | ${fmt(row.ours.cpuMs / row.limit.cpuMs, 2)} |`,
    );
  }
  process.stdout.write(lines.join('\n') + '\n');
}

await main();
