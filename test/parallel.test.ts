import { describe, expect, it } from 'vitest';
import { runTmcheck } from './support/cli.js';
import { AUTO_MIN_FILES_PER_WORKER, MIN_FILES_PER_WORKER, workerCount } from '../src/check/parallel.js';
import { parseShard, shardOf } from '../src/check/shard.js';


const tmcheck = (args: string[]) => runTmcheck(args, { timeout: 120_000 });

interface JsonReport {
  files: Array<{ file: string; status: string }>;
  findings: Array<{ ruleId: string; location: { file: string; path?: string; line?: number } }>;
}

describe('--jobs', () => {
  it('starts workers only when each job gets enough files, never more than asked; the main thread is one of the jobs', () => {
    expect(workerCount(1, 10_000)).toBe(0);
    expect(workerCount(2, 2 * MIN_FILES_PER_WORKER - 1)).toBe(0);
    expect(workerCount(2, 2 * MIN_FILES_PER_WORKER)).toBe(1);
    expect(workerCount(2, 10_000)).toBe(1);
    expect(workerCount(8, 3 * MIN_FILES_PER_WORKER)).toBe(2);
  });

  it('by default (no --jobs) starts workers only for batches where they pay for their start-up', () => {
    expect(workerCount(2, 2 * AUTO_MIN_FILES_PER_WORKER - 1, false)).toBe(0);
    expect(workerCount(2, 2 * AUTO_MIN_FILES_PER_WORKER, false)).toBe(1);
    expect(workerCount(2, 2 * AUTO_MIN_FILES_PER_WORKER - 1, true)).toBe(1);
  });

  it('every fixture (dossiers, monthly batches with ranking, call logs) gives byte-identical JSON with 1 and 2 jobs', () => {
    // fixtures/ holds enough documents for two jobs, so --jobs 2 really runs a worker thread beside the main thread.
    const one = tmcheck(['--jobs', '1', '--format', 'json', '--no-timestamp', 'fixtures/']);
    const two = tmcheck(['--jobs', '2', '--format', 'json', '--no-timestamp', 'fixtures/']);
    expect(one.status).toBe(two.status);
    expect(two.stdout).toBe(one.stdout);
    const report = JSON.parse(one.stdout) as JsonReport;
    expect(workerCount(2, report.files.filter((f) => !f.file.endsWith('.csv') && !f.file.endsWith('.xlsx')).length)).toBe(1);
    // The cross-document ranking rule still saw every monthly report.
    expect(report.findings.some((f) => f.ruleId === 'R24-6/last-place-streak')).toBe(true);
    expect(report.findings.some((f) => f.ruleId === 'R10-P5-6/call-recording' && f.location.path === '/vendor/recording/retention_months')).toBe(true);
  });
});

describe('--shard k/n', () => {
  it('splits files by path into disjoint parts whose findings together are the whole run', () => {
    const whole = JSON.parse(tmcheck(['--format', 'json', '--no-timestamp', 'fixtures/dossier']).stdout) as JsonReport;
    const parts = [1, 2, 3].map((k) => JSON.parse(tmcheck(['--shard', `${k}/3`, '--format', 'json', '--no-timestamp', 'fixtures/dossier']).stdout) as JsonReport);
    const files = parts.flatMap((p) => p.files.map((f) => f.file));
    expect(new Set(files).size).toBe(files.length);
    expect([...files].sort()).toEqual(whole.files.map((f) => f.file).sort());
    for (const part of parts) expect(part.files.length).toBeGreaterThan(0);
    const key = (f: JsonReport['findings'][number]) => `${f.location.file}:${f.location.line}:${f.ruleId}:${f.location.path}`;
    expect(parts.flatMap((p) => p.findings.map(key)).sort()).toEqual(whole.findings.map(key).sort());
    parts.forEach((part, i) => {
      for (const file of part.files) expect(shardOf(file.file, 3)).toBe(i + 1);
    });
  });

  it('accepts k/n with 1 ≤ k ≤ n and refuses anything else with exit 2', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/3', '4/3', '1/0', '1', 'a/b', '-1/2', '1/2/3']) expect(parseShard(bad)).toBeUndefined();
    const run = tmcheck(['--shard', '5/4', 'fixtures/dossier']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('expected k/n with 1 ≤ k ≤ n');
  });
});

describe('--jobs with --profile', () => {
  it('workers judge with the profile\'s parameters: the same report as one job, and not the report without it', () => {
    // fixtures/ holds enough documents for two jobs; the example profile changes parameters per city.
    const args = ['--format', 'json', '--no-timestamp', 'fixtures/'];
    const withProfile = (jobs: string) => tmcheck(['--jobs', jobs, '--profile', 'profiles/shandong-example.yaml', ...args]);
    const one = withProfile('1');
    const two = withProfile('2');
    expect(two.stderr).toBe('');
    expect(two.stdout).toBe(one.stdout);
    const report = JSON.parse(two.stdout) as JsonReport;
    expect(workerCount(2, report.files.length)).toBe(1);
    // Without the profile the report differs (so the equality above is about the profile): one job is enough to show it.
    const plain = tmcheck(['--jobs', '1', ...args]);
    expect(plain.stdout).not.toBe(two.stdout);
  });
});
