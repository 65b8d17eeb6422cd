import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { projectRoot } from './support/fixtures.js';

interface JsonReport {
  files: Array<{ file: string; status: string }>;
  findings: Array<{ ruleId: string; location: { file: string; path?: string; line?: number } }>;
}

const node = process.execPath;
const bin = path.join(projectRoot, 'bin', 'tmcheck.js');

/** A plain run of the CLI, without any of the benchmark's flags. */
function plainRun(input: string): string {
  const run = spawnSync(node, [bin, '--format', 'json', '--no-timestamp', input], { cwd: projectRoot, encoding: 'utf8', maxBuffer: 1 << 26 });
  expect([0, 1], run.stderr).toContain(run.status);
  return run.stdout;
}

// The benchmark's quick mode runs in the test suite so it cannot rot. It asserts what it computed,
// never how long it took: timings on a shared machine are noise.
describe('npm run bench -- --quick', () => {
  it('generates data, measures every workload, and tmcheck finds there what a plain run finds', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'tmcheck-bench-test-'));
    try {
      const bench = spawnSync(node, [path.join(projectRoot, 'bench/run.mjs'), '--quick', '--out', work, '--json', path.join(work, 'bench.json')], {
        cwd: projectRoot,
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(bench.status, bench.stderr).toBe(0);
      for (const workload of ['one file', 'dossiers, 1 job', 'monthly reports', 'call log']) expect(bench.stdout).toContain(`| ${workload} (`);
      // The call-log goals: DuckDB's rows measured or skipped with the install command, the memory goal measured.
      expect(bench.stdout).toMatch(/\| call log faster than DuckDB[^\n]*\| (met|not met|skipped: npm install --no-save @duckdb\/node-api) \|/);
      expect(bench.stdout).toMatch(/\| call log memory flat from 5000 to 50000 rows[^\n]*\| [\d.]+ \(RSS\) \| (met|not met) \|/);
      const measured = JSON.parse(readFileSync(path.join(work, 'bench.json'), 'utf8')) as {
        rows: Array<{ ratio?: number }>;
        goals: Array<{ goal: string; ratio: number; target: number; atMost: boolean; met: boolean }>;
      };
      for (const row of measured.rows) if ('ratio' in row) expect(row.ratio).toBeGreaterThan(0);
      // Every goal of issue 14 is printed with its measured ratio and met / not met (whatever the timing).
      const goals = measured.goals.map((g) => g.goal);
      for (const name of ['dossier batch of 4, one worker', 'dossier batch of 32, one worker', 'per-file cost flat', 'peak RSS growth per dossier', '--jobs 2 vs one worker']) {
        expect(goals.some((goal) => goal.startsWith(name))).toBe(true);
      }
      for (const g of measured.goals) {
        expect(Number.isFinite(g.ratio)).toBe(true);
        expect(bench.stdout).toContain(`| ${g.goal} | ${g.ratio.toFixed(2)} | ${g.atMost ? '≤' : '≥'} ${g.target} | ${g.met ? 'met' : 'not met'} |`);
      }

      // The generated data are deterministic: 4 and 32 dossiers (the 4 are the first of the 32), 12 reports, one call log.
      expect(readdirSync(path.join(work, 'data/dossiers-4'))).toHaveLength(4);
      expect(readdirSync(path.join(work, 'data/dossiers-32'))).toHaveLength(32);
      expect(readFileSync(path.join(work, 'data/dossiers-4/vendor-000003.yaml'), 'utf8')).toBe(readFileSync(path.join(work, 'data/dossiers-32/vendor-000003.yaml'), 'utf8'));
      expect(readdirSync(path.join(work, 'data/reports'))).toHaveLength(12);

      // The bench's command line (--jobs 1, -o) writes what a plain run writes (one plain run: each costs a start-up).
      const single = readFileSync(path.join(work, 'out/dossiers-32-1.json'), 'utf8');
      expect(single).toBe(plainRun(path.join(work, 'data/dossiers-32')));
      // --jobs 2 and the two shards, merged, write what one job writes.
      expect(readFileSync(path.join(work, 'out/dossiers-32-2.json'), 'utf8')).toBe(single);
      expect(readFileSync(path.join(work, 'out/shards-merged.json'), 'utf8')).toBe(single);

      // The generator plants violations, and tmcheck finds them where they are.
      const dossiers = JSON.parse(single) as JsonReport;
      expect(dossiers.files).toHaveLength(32);
      const recording = dossiers.findings.filter((f) => f.ruleId === 'R10-P5-6/call-recording');
      expect(recording.length).toBeGreaterThan(0);
      for (const finding of recording) expect(finding.location).toMatchObject({ path: '/vendor/recording/retention_months', line: 27 });
      expect(dossiers.findings.some((f) => f.ruleId === 'R10-P3/settlement-basis' && f.location.path === '/cooperation/agreement/settlement_basis' && f.location.line === 35)).toBe(true);
      const reports = JSON.parse(readFileSync(path.join(work, 'out/reports.json'), 'utf8')) as JsonReport;
      expect(reports.files).toHaveLength(12);
      expect(reports.files.every((f) => f.status !== 'invalid')).toBe(true);
      const calls = JSON.parse(readFileSync(path.join(work, 'out/calllog.json'), 'utf8')) as JsonReport;
      expect(calls.files).toHaveLength(1);
      expect(calls.findings.some((f) => f.ruleId === 'R22-1/call-log-calling-hours')).toBe(true);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 180_000);
});
