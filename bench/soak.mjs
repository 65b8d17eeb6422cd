#!/usr/bin/env node
// Soak: 50,000 small documents in one run, with the heap measured as files are reported.
//
//   npm run soak                          (= npm run build && node --expose-gc bench/soak.mjs)
//   node --expose-gc bench/soak.mjs --dossiers 40000 --reports 10000 --every 2500 [--out DIR] [--json FILE]
//
// It generates seeded dossiers and monthly reports (bench/generate.mjs), runs the check pipeline the
// CLI runs (dist/: discover → read → validate → rules → monthly batch → report → JSON) and, every
// --every files, forces a garbage collection and records the live heap. The heap may grow by what the
// report itself must hold per file (its FileResult: status, hash, per-rule outcomes) but not by the
// documents: the script also measures what keeping one parsed document would cost, and fails
// (exit 1) when the growth per file comes anywhere near it, or when the heap after the run exceeds
// --max-heap-mb.
import { mkdtempSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (module) => import(path.join(root, 'dist', module));

function parseArgs(argv) {
  const options = { dossiers: 40000, reports: 10000, every: 2500, maxHeapMb: 512, out: undefined, json: undefined };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    if (name === 'out' || name === 'json') options[name] = path.resolve(argv[++i]);
    else if (name in options) options[name] = Number(argv[++i]);
    else throw new Error(`unknown option ${argv[i]}`);
  }
  return options;
}

function liveHeap() {
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

/** Least-squares slope of y over x: bytes retained per file reported. */
function slope(points) {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.files, 0) / n;
  const my = points.reduce((s, p) => s + p.heap, 0) / n;
  const num = points.reduce((s, p) => s + (p.files - mx) * (p.heap - my), 0);
  const den = points.reduce((s, p) => s + (p.files - mx) ** 2, 0);
  return num / den;
}

async function main() {
  if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc (npm run soak does)');
  const options = parseArgs(process.argv.slice(2));
  const dir = options.out ?? mkdtempSync(path.join(os.tmpdir(), 'tmcheck-soak-'));
  const months = 12;
  console.log(`generating ${options.dossiers} dossiers and ${options.reports} monthly reports in ${dir} …`);
  generate({ dir, dossiers: options.dossiers, reports: options.reports, months, rows: 0 });

  const [{ createChecker, format }, { DEFAULT_LIMITS }, { parseYamlDocument }] = await Promise.all([
    dist('index.js'), // the library API: the pipeline the CLI runs, waivers and batch in the same order
    dist('read/limits.js'),
    dist('read/parse-document.js'),
  ]);

  // What one document costs when kept: the yardstick the growth per file is held against.
  const sample = readFileSync(path.join(dir, 'dossiers', 'vendor-000000.yaml'), 'utf8');
  const kept = [];
  const beforeKeep = liveHeap();
  for (let i = 0; i < 1000; i++) kept.push(parseYamlDocument(sample, DEFAULT_LIMITS));
  const perParsedDocument = (liveHeap() - beforeKeep) / 1000;
  kept.length = 0;

  const checker = createChecker({ cwd: dir, jobs: 1 });
  const samples = [];
  const started = Date.now();
  const report = await checker.check([path.join(dir, 'dossiers'), path.join(dir, 'reports')], {
    onProgress: (done) => {
      if (done % options.every === 0) samples.push({ files: done, heap: liveHeap(), seconds: (Date.now() - started) / 1000 });
    },
  });
  const seconds = (Date.now() - started) / 1000;
  const json = format(report, 'json', { lang: 'en', color: false, failOn: 'error' });
  const finalHeap = liveHeap();

  // The first samples include warm-up (compiled code, caches); the slope is taken after them.
  const steady = samples.filter((s) => s.files >= options.every * 2);
  const perFile = slope(steady);
  console.log('\nfiles     live heap (MB)   elapsed (s)');
  for (const s of samples) console.log(`${String(s.files).padStart(6)}   ${(s.heap / 2 ** 20).toFixed(1).padStart(12)}   ${s.seconds.toFixed(1).padStart(10)}`);
  const result = {
    files: report.files.length,
    findings: report.findings.length,
    seconds,
    filesPerSecond: report.files.length / seconds,
    retainedBytesPerFile: Math.round(perFile),
    parsedDocumentBytes: Math.round(perParsedDocument),
    finalHeapMb: +(finalHeap / 2 ** 20).toFixed(1),
    peakRssMb: +(process.resourceUsage().maxRSS / 1024).toFixed(1),
    reportJsonMb: +(Buffer.byteLength(json) / 2 ** 20).toFixed(1),
  };
  console.log(`\n${result.files} files, ${result.findings} findings in ${seconds.toFixed(1)} s (${result.filesPerSecond.toFixed(0)} files/s)`);
  console.log(`heap retained per file reported: ${result.retainedBytesPerFile} bytes (one parsed document kept would be ${result.parsedDocumentBytes} bytes)`);
  console.log(`live heap after the run: ${result.finalHeapMb} MB; peak RSS ${result.peakRssMb} MB; JSON report ${result.reportJsonMb} MB`);
  if (options.json) writeFileSync(options.json, JSON.stringify({ options, samples, result }, null, 2) + '\n');
  if (!options.out) rmSync(dir, { recursive: true, force: true });

  const problems = [];
  if (report.files.length !== options.dossiers + options.reports) problems.push(`checked ${report.files.length} files, expected ${options.dossiers + options.reports}`);
  // Holding a tenth of a parsed document per file would already mean documents are being kept.
  if (perFile > perParsedDocument / 10) problems.push(`the heap grows by ${Math.round(perFile)} bytes per file: documents are being retained`);
  if (finalHeap > options.maxHeapMb * 2 ** 20) problems.push(`live heap ${result.finalHeapMb} MB is over --max-heap-mb ${options.maxHeapMb}`);
  for (const problem of problems) console.error(`soak: ${problem}`);
  process.exitCode = problems.length > 0 ? 1 : 0;
}

await main();
