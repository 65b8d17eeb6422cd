import { describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { projectRoot } from './support/fixtures.js';
import { runTmcheck, type CliRun } from './support/cli.js';
import { tempDirMaker } from './support/temp-dirs.js';

// The scale-out recipe of docs/performance.md (a GitHub Actions workflow: dossiers in a matrix of
// `--shard k/n` jobs, monthly reports and call logs in one job, then `tmcheck merge`) is run here as
// written: its tmcheck commands are read from the page, each job runs as its own process in its own
// copy of the workspace, and the merged reports must be the bytes one run over everything writes.

const tempDir = tempDirMaker('tmcheck-shard-recipe-');

interface Step {
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
}
interface Job {
  strategy?: { matrix?: { shard?: number[] } };
  steps: Step[];
}

/** The workflow in docs/performance.md: the yaml block after the marker naming this test. */
function recipe(): { jobs: Record<string, Job> } {
  const page = readFileSync(path.join(projectRoot, 'docs/performance.md'), 'utf8');
  const marker = page.indexOf('test/shard-recipe.e2e.test.ts');
  expect(marker).toBeGreaterThan(-1);
  const block = /```yaml\n([\s\S]*?)```/.exec(page.slice(marker));
  expect(block).not.toBeNull();
  return parse(block![1]!) as { jobs: Record<string, Job> };
}

/** The tmcheck command lines of a job's `run` steps, with the matrix value put in. */
function commands(job: Job, shard?: number): string[][] {
  return job.steps
    .flatMap((step) => (step.run ?? '').split('\n'))
    .map((line) => line.trim())
    .filter((line) => line.startsWith('npx tmcheck '))
    .map((line) => {
      const text = line.replaceAll('${{ matrix.shard }}', String(shard));
      // Plain words only, so splitting on spaces is what a shell would do.
      expect(text).toMatch(/^[\w ./=*-]+$/);
      return text.split(/ +/).slice(2);
    });
}

/** A dossier that cannot be read (YAML syntax): a second test puts it in every checkout. */
const BROKEN_DOSSIER = { name: 'dossiers/broken.yaml', text: 'vendor: [unclosed\n' };

/** A fresh checkout: dossiers of several vendors, six months of monthly reports, call logs (one unreadable). */
function workspace(dir: string, broken = false): string {
  mkdirSync(dir, { recursive: true });
  cpSync(path.join(projectRoot, 'fixtures/dossier'), path.join(dir, 'dossiers'), { recursive: true });
  cpSync(path.join(projectRoot, 'fixtures/dossier-compliant.yaml'), path.join(dir, 'dossiers/dossier-compliant.yaml'));
  cpSync(path.join(projectRoot, 'fixtures/batch'), path.join(dir, 'reports'), { recursive: true });
  mkdirSync(path.join(dir, 'calllogs'));
  for (const name of readdirSync(path.join(projectRoot, 'fixtures/calllogs')).filter((n) => n.endsWith('.csv'))) {
    cpSync(path.join(projectRoot, 'fixtures/calllogs', name), path.join(dir, 'calllogs', name));
  }
  if (broken) writeFileSync(path.join(dir, BROKEN_DOSSIER.name), BROKEN_DOSSIER.text);
  return dir;
}

/** Runs a job's commands in its own workspace and copies what it wrote (its "artifacts") to `artifacts`. */
function runJob(job: Job, dir: string, artifacts: string, shard?: number): CliRun[] {
  const runs = commands(job, shard).map((args) => runTmcheck(args, { cwd: dir }));
  for (const run of runs) expect(run.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  for (const name of readdirSync(dir).filter((n) => /\.(json|sarif)$/.test(n))) cpSync(path.join(dir, name), path.join(artifacts, name));
  return runs;
}

describe('the scale-out recipe (docs/performance.md)', () => {
  it('shards run as separate jobs, merged, give the bytes and exit code of one run over everything', () => {
    const { jobs } = recipe();
    const root = tempDir();
    const artifacts = path.join(root, 'artifacts');
    mkdirSync(artifacts);

    const shards = jobs.dossiers!.strategy!.matrix!.shard!;
    expect(shards.length).toBeGreaterThan(1);
    // Each matrix job says `--shard k/n` with n the size of the matrix: no part left unchecked.
    for (const k of shards) expect(commands(jobs.dossiers!, k)[0]).toContain(`${k}/${shards.length}`);
    expect(shards).toEqual(shards.map((_, i) => i + 1));
    const shardRuns = shards.map((k) => runJob(jobs.dossiers!, workspace(path.join(root, `shard-${k}`)), artifacts, k));
    for (const runs of shardRuns) expect(runs.map((r) => r.status)).toEqual([1]); // dossier fixtures have findings
    const monthly = runJob(jobs.monthly!, workspace(path.join(root, 'monthly')), artifacts);
    expect(monthly.map((r) => r.status)).toEqual([2]); // one call log cannot be read

    // The merge job sees only the downloaded artifacts (tmcheck merge reads reports, not inputs).
    const mergeDir = path.join(root, 'merge');
    cpSync(artifacts, path.join(mergeDir, 'parts'), { recursive: true });
    const merges = commands(jobs.merge!).map((args) => ({ args, run: runTmcheck(args, { cwd: mergeDir }) }));
    expect(merges.map(({ args }) => args[args.indexOf('-o') + 1])).toEqual(['tmcheck.json', 'tmcheck.sarif']);

    const whole = workspace(path.join(root, 'whole'));
    const single = runTmcheck(['--no-timestamp', '--format', 'json=whole.json', '--format', 'sarif=whole.sarif', 'dossiers/', 'reports/', 'calllogs/'], { cwd: whole });
    expect(single.status).toBe(2);
    const report = JSON.parse(readFileSync(path.join(whole, 'whole.json'), 'utf8')) as { files: unknown[]; findings: Array<{ ruleId: string }>; batch?: { vendorMonths: unknown[] } };
    expect(report.files.length).toBeGreaterThan(50);
    expect(report.batch?.vendorMonths.length).toBeGreaterThan(12);
    // Reports joined to their vendor's dossiers (R10-1/R10-3): the monthly job must see the dossier jobs' dossiers.
    expect(report.findings.filter((f) => f.ruleId.endsWith('/calling-before-agreement')).length).toBeGreaterThan(5);

    for (const { run } of merges) expect(run.status).toBe(single.status);
    expect(readFileSync(path.join(mergeDir, 'tmcheck.json'), 'utf8')).toBe(readFileSync(path.join(whole, 'whole.json'), 'utf8'));
    expect(readFileSync(path.join(mergeDir, 'tmcheck.sarif'), 'utf8')).toBe(readFileSync(path.join(whole, 'whole.sarif'), 'utf8'));
  }, 180_000);

  it('the monthly job without the dossiers (no --history dossiers/) fails the merge (exit 2): its reports were never joined to them', () => {
    const { jobs } = recipe();
    const root = tempDir();
    const artifacts = path.join(root, 'artifacts');
    mkdirSync(artifacts);
    const shards = jobs.dossiers!.strategy!.matrix!.shard!;
    for (const k of shards) runJob(jobs.dossiers!, workspace(path.join(root, `shard-${k}`)), artifacts, k);
    // The recipe's monthly job as it was before the dossiers were read there.
    const withoutDossiers: Job = {
      steps: jobs.monthly!.steps.map((step) => (step.run ? { ...step, run: step.run.replace(/ --history dossiers\/(?= )/, '') } : step)),
    };
    expect(commands(withoutDossiers).join(' ')).not.toContain('--history');
    runJob(withoutDossiers, workspace(path.join(root, 'monthly')), artifacts);
    const mergeDir = path.join(root, 'merge');
    cpSync(artifacts, path.join(mergeDir, 'parts'), { recursive: true });
    for (const args of commands(jobs.merge!)) {
      const run = runTmcheck(args, { cwd: mergeDir });
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/parts\/monthly\.(json|sarif).*--history/s);
      expect(existsSync(path.join(mergeDir, args[args.indexOf('-o') + 1]!))).toBe(false);
    }
  }, 180_000);

  it('a dossier that cannot be read is listed once in the merge, as one run lists it (exit 2): the monthly job\'s --history copy is not a second check', () => {
    const { jobs } = recipe();
    const root = tempDir();
    const artifacts = path.join(root, 'artifacts');
    mkdirSync(artifacts);
    const shards = jobs.dossiers!.strategy!.matrix!.shard!;
    for (const k of shards) runJob(jobs.dossiers!, workspace(path.join(root, `shard-${k}`), true), artifacts, k);
    runJob(jobs.monthly!, workspace(path.join(root, 'monthly'), true), artifacts);
    // Both the dossier part that holds it and the monthly job (its --history) list it as an input error.
    const listing = (name: string) => (JSON.parse(readFileSync(path.join(artifacts, name), 'utf8')) as { files: Array<{ file: string }> }).files.some((f) => f.file === BROKEN_DOSSIER.name);
    expect(readdirSync(artifacts).filter((n) => n.endsWith('.json') && listing(n)).sort()).toEqual(['monthly.json', expect.stringMatching(/^shard-\d\.json$/)]);
    const mergeDir = path.join(root, 'merge');
    cpSync(artifacts, path.join(mergeDir, 'parts'), { recursive: true });
    const merges = commands(jobs.merge!).map((args) => runTmcheck(args, { cwd: mergeDir }));

    const whole = workspace(path.join(root, 'whole'), true);
    const single = runTmcheck(['--no-timestamp', '--format', 'json=whole.json', '--format', 'sarif=whole.sarif', 'dossiers/', 'reports/', 'calllogs/'], { cwd: whole });
    expect(single.status).toBe(2);
    for (const run of merges) {
      expect(run.stderr).toBe('');
      expect(run.status).toBe(2);
    }
    const merged = readFileSync(path.join(mergeDir, 'tmcheck.json'), 'utf8');
    expect((JSON.parse(merged) as { files: Array<{ file: string; status: string }> }).files.filter((f) => f.file === BROKEN_DOSSIER.name)).toEqual([
      expect.objectContaining({ status: 'invalid' }),
    ]);
    expect(merged).toBe(readFileSync(path.join(whole, 'whole.json'), 'utf8'));
    expect(readFileSync(path.join(mergeDir, 'tmcheck.sarif'), 'utf8')).toBe(readFileSync(path.join(whole, 'whole.sarif'), 'utf8'));
  }, 180_000);

  it('a missing shard fails the merge (exit 2) instead of making a smaller report', () => {
    const { jobs } = recipe();
    const root = tempDir();
    const artifacts = path.join(root, 'artifacts');
    mkdirSync(artifacts);
    runJob(jobs.dossiers!, workspace(path.join(root, 'shard-1')), artifacts, 1);
    runJob(jobs.monthly!, workspace(path.join(root, 'monthly')), artifacts);
    const mergeDir = path.join(root, 'merge');
    cpSync(artifacts, path.join(mergeDir, 'parts'), { recursive: true });
    const [json] = commands(jobs.merge!).map((args) => runTmcheck(args, { cwd: mergeDir }));
    expect(json!.status).toBe(2);
    expect(json!.stderr).toMatch(/shard-2\.json/);
  }, 180_000);
});
