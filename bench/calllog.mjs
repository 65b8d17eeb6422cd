// The call-log goals of `npm run bench` (issue 14), each printed with its measured ratio and met / not met:
//   - faster than DuckDB computing the same aggregates (bench/calllog-duckdb.mjs), with one thread
//     (tmcheck --jobs 1, DuckDB threads=1) and with two (--jobs 2, threads=2): ratio = tmcheck / DuckDB wall time;
//   - memory flat from R to 10 × R rows: ratio = peak RSS at 10 × R / peak RSS at R.
// DuckDB is not a dependency: without @duckdb/node-api its rows say how to install it and are skipped.
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';

/** The flat-memory goal: peak RSS at ten times the rows within this factor of the peak at one time. */
const FLAT_RSS = 1.2;

/** Whether @duckdb/node-api can be imported from the project (installed with --no-save, say). */
function duckdbInstalled(root) {
  return spawnSync(process.execPath, ['--input-type=module', '-e', "await import('@duckdb/node-api')"], { cwd: root, stdio: 'ignore' }).status === 0;
}

/** The log's data rows `times` times over, after its header: the same vendors and days, `times` × the rows. */
async function repeatLog(source, target, times) {
  const out = createWriteStream(target);
  for (let k = 0; k < times; k++) {
    let first = true;
    for await (let chunk of createReadStream(source)) {
      // Every copy after the first without its header line (within the first 64 KiB read).
      if (first && k > 0) chunk = chunk.subarray(chunk.indexOf(0x0a) + 1);
      first = false;
      if (!out.write(chunk)) await once(out, 'drain');
    }
  }
  out.end();
  await once(out, 'finish');
}

/**
 * Measures the call-log goals. `measure` is run.mjs's `compare` (interleaved runs, medians of wall
 * and CPU time, peak RSS); `tmcheck(name, inputs, extra)` builds a tmcheck command writing a JSON report.
 */
export async function callLogGoals({ root, csv, rows, runs, work, compare, tmcheck, rssFile }) {
  const node = process.execPath;
  const goals = [];
  const jobs = (n) => tmcheck(`calllog-jobs${n}.json`, [csv], ['--jobs', String(n)]);
  if (duckdbInstalled(root)) {
    const duckdb = (threads) => [node, [path.join(root, 'bench/calllog-duckdb.mjs'), csv, '--threads', String(threads)]];
    for (const threads of [1, 2]) {
      const [peer, ours] = await compare(runs, [duckdb(threads), jobs(threads)], rssFile);
      goals.push({ goal: `call log faster than DuckDB, ${threads === 1 ? 'one thread' : 'two threads'} (--jobs ${threads} vs DuckDB threads=${threads})`, rows, peer, ours, ratio: ours.ms / peer.ms, met: ours.ms < peer.ms });
    }
  } else {
    process.stderr.write('DuckDB peer skipped: @duckdb/node-api is not installed (it is not a dependency). To include it: npm install --no-save @duckdb/node-api\n');
    goals.push({ goal: 'call log faster than DuckDB (one and two threads)', skipped: 'npm install --no-save @duckdb/node-api' });
  }
  const large = path.join(work, 'calls-x10.csv');
  await repeatLog(csv, large, 10);
  const [one] = await compare(runs, [jobs(1)], rssFile);
  const [ten] = await compare(runs, [tmcheck('calllog-x10.json', [large], ['--jobs', '1'])], rssFile);
  goals.push({ goal: `call log memory flat from ${rows} to ${rows * 10} rows (peak RSS, --jobs 1; met within ${FLAT_RSS}x)`, rows, peer: one, ours: ten, ratio: ten.rssMb / one.rssMb, met: ten.rssMb / one.rssMb <= FLAT_RSS, rss: true });
  return goals;
}

export function printCallLogGoals(goals) {
  const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
  const lines = ['', '| call-log goal | peer or baseline ms (CPU ms) | tmcheck ms (CPU ms) | peer or baseline RSS MB | tmcheck RSS MB | ratio | met |', '| --- | ---: | ---: | ---: | ---: | ---: | --- |'];
  for (const g of goals) {
    if (g.skipped) {
      lines.push(`| ${g.goal} | | | | | | skipped: ${g.skipped} |`);
      continue;
    }
    lines.push(`| ${g.goal} | ${fmt(g.peer.ms)} (${fmt(g.peer.cpuMs)}) | ${fmt(g.ours.ms)} (${fmt(g.ours.cpuMs)}) | ${fmt(g.peer.rssMb)} | ${fmt(g.ours.rssMb)} | ${fmt(g.ratio, 2)}${g.rss ? ' (RSS)' : ''} | ${g.met ? 'met' : 'not met'} |`);
  }
  process.stdout.write(lines.join('\n') + '\n');
}
