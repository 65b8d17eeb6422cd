// Why tmcheck reads CSV with its own splitter (docs/performance-history.md, "Why this parser"): each
// candidate streams the same call log in 64 KiB reads and only counts records, in a process of its own.
//   node bench/calllog-parsers.mjs FILE [--runs N]
// Candidates: csv-parse (the parser tmcheck used, now a dev dependency), papaparse (not a dependency:
// npm install --no-save papaparse to include it) and csv-records.ts (built: npm run build).
import { spawnSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const READ = 64 * 1024;

/** One pass of one candidate over the file: the records it counted. */
async function pass(candidate, file) {
  let records = 0;
  const chunks = () => createReadStream(file, { highWaterMark: READ });
  if (candidate === 'csv-parse') {
    const { parse } = require('csv-parse');
    const parser = parse({ bom: true, relax_column_count: true, max_record_size: 65536, skip_empty_lines: false });
    for await (const chunk of chunks()) {
      parser.write(chunk);
      for (let record = parser.read(); record !== null; record = parser.read()) records += 1;
    }
    parser.end();
    for await (const _ of parser) records += 1;
  } else if (candidate === 'papaparse') {
    const Papa = require('papaparse');
    await new Promise((resolve, reject) => Papa.parse(chunks(), { chunk: (result) => (records += result.data.length), complete: resolve, error: reject }));
  } else if (candidate === 'csv-records') {
    const { CsvRecords } = await import(path.join(root, 'dist/calllog/csv-records.js'));
    const decoder = new StringDecoder('utf8');
    const parser = new CsvRecords(65536);
    const out = [];
    for await (const chunk of chunks()) {
      parser.push(decoder.write(chunk), out);
      records += out.length;
      out.length = 0;
    }
    parser.end(out);
    records += out.length;
  } else if (candidate === 'decode only') {
    const decoder = new StringDecoder('utf8');
    for await (const chunk of chunks()) records += decoder.write(chunk).length > 0 ? 0 : 0;
  }
  return records;
}

const args = process.argv.slice(2);
if (args[0] === '--one') {
  const started = performance.now();
  const records = await pass(args[1], args[2]);
  const cpu = process.cpuUsage();
  process.stdout.write(JSON.stringify({ records, ms: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000 }) + '\n');
} else {
  const file = args[0];
  const runs = args[1] === '--runs' ? Number(args[2]) : 3;
  const candidates = ['csv-parse', 'papaparse', 'csv-records', 'decode only'].filter((c) => {
    if (c !== 'papaparse') return true;
    try {
      require.resolve('papaparse');
      return true;
    } catch {
      process.stderr.write('papaparse skipped: not installed (npm install --no-save papaparse)\n');
      return false;
    }
  });
  const samples = Object.fromEntries(candidates.map((c) => [c, []]));
  for (let r = 0; r < runs; r++) {
    for (const c of candidates) {
      const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--one', c, file], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`${c}: ${run.stderr}`);
      samples[c].push(JSON.parse(run.stdout));
    }
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const lines = [`${file}, median of ${runs} run(s), node ${process.version}`, '', '| parser | records | ms (wall) | ms (CPU) |', '| --- | ---: | ---: | ---: |'];
  for (const c of candidates) lines.push(`| ${c} | ${c === 'decode only' ? '' : samples[c][0].records} | ${median(samples[c].map((s) => s.ms)).toFixed(0)} | ${median(samples[c].map((s) => s.cpuMs)).toFixed(0)} |`);
  process.stdout.write(lines.join('\n') + '\n');
}
