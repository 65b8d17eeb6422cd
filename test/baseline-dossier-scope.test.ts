import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTmcheck } from './support/cli.js';
import { projectRoot } from './support/fixtures.js';
import { tempDirMaker } from './support/temp-dirs.js';
import { writeTree } from './support/vendor-reports.js';
import { workerCount } from '../src/check/parallel.js';

/**
 * A baseline entry of a dossier's finding holds back only a finding of the same submission (the
 * dossier's `submitted` date): a dossier re-submitted under the same name with another penalty at
 * the accepted pointer was held back by the first submission's entry (exit 0). Through one job,
 * worker threads, a warm --cache and --shard + merge, which each carry the date in the file's result.
 */
const tempDir = tempDirMaker('tmcheck-baseline-dossier-');
const DOSSIER = readFileSync(path.join(projectRoot, 'fixtures/dossier-compliant.yaml'), 'utf8');
const RULE = 'R10-P5-5/clean-record';
const POINTER = '/vendor/administrative_penalties/0';

/** The compliant dossier submitted on `submitted` with one administrative penalty. */
function dossier(submitted: string, penalty: string): string {
  if (!DOSSIER.includes('submitted: 2026-10-08') || !DOSSIER.includes('administrative_penalties: []')) throw new Error('fixture changed');
  return DOSSIER.replace('submitted: 2026-10-08', `submitted: ${submitted}`).replace('administrative_penalties: []', `administrative_penalties:\n    - ${penalty}`);
}
const FIRST = dossier('2026-10-08', '{ date: 2025-03-01, authority: 济南市市场监督管理局, description: 虚假宣传 }');
/** The same vendor's dossier submitted again: another penalty, at the same place. */
const RESUBMITTED = dossier('2026-11-20', '{ date: 2026-06-01, authority: 济南市通信管理局, description: 骚扰电话 }');

interface JsonReport {
  findings: Array<{ ruleId: string; location: { file: string; path?: string } }>;
  baseline?: { suppressed: number };
}

/** tmcheck in `dir` with JSON on stdout: exit status, where the clean-record findings are, how many the baseline held back. */
function run(dir: string, args: string[]) {
  const result = runTmcheck(['--format', 'json', '--no-timestamp', '--lang', 'en', ...args], { cwd: dir });
  expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  const json = JSON.parse(result.stdout) as JsonReport;
  const at = json.findings.filter((f) => f.ruleId === RULE).map((f) => `${f.location.file}${f.location.path}`);
  return { status: result.status, at: at.sort(), suppressed: json.baseline?.suppressed, stderr: result.stderr };
}

function entries(file: string): Array<{ ruleId: string; file: string; submitted?: string }> {
  return (JSON.parse(readFileSync(file, 'utf8')) as { findings: Array<{ ruleId: string; file: string; submitted?: string }> }).findings;
}

/** `count` dossiers d00.yaml… with the same text. */
function dossiers(count: number, text: string): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`d${String(i).padStart(2, '0')}.yaml`, text]));
}

describe("a baseline accepts a dossier submission's breaches, not a re-submission's at the same place", () => {
  it('the re-submitted dossier\'s new penalty is judged (it was held back, exit 0); the same submission stays held back', () => {
    const dir = writeTree(tempDir(), { 'd.yaml': FIRST });
    expect(run(dir, ['--write-baseline', 'b.json', 'd.yaml'])).toMatchObject({ status: 1, at: [`d.yaml${POINTER}`] });
    expect(entries(path.join(dir, 'b.json')).map((e) => [e.ruleId, e.submitted])).toContainEqual([RULE, '2026-10-08']);
    expect(run(dir, ['--baseline', 'b.json', 'd.yaml'])).toMatchObject({ status: 0, at: [] });

    writeFileSync(path.join(dir, 'd.yaml'), RESUBMITTED);
    expect(run(dir, ['--baseline', 'b.json', 'd.yaml'])).toMatchObject({ status: 1, at: [`d.yaml${POINTER}`] });
  });

  it('an entry written without a submitted date holds back no dossier\'s finding', () => {
    const dir = writeTree(tempDir(), { 'd.yaml': FIRST });
    run(dir, ['--write-baseline', 'b.json', 'd.yaml']);
    const baseline = JSON.parse(readFileSync(path.join(dir, 'b.json'), 'utf8')) as { findings: Array<{ submitted?: string }> };
    for (const entry of baseline.findings) delete entry.submitted;
    writeFileSync(path.join(dir, 'b.json'), JSON.stringify(baseline));
    expect(run(dir, ['--baseline', 'b.json', 'd.yaml'])).toMatchObject({ status: 1, at: [`d.yaml${POINTER}`], suppressed: 0 });
  });

  it('through worker threads (--jobs 2): the date comes back with each result', () => {
    const count = 32;
    // Enough documents for two jobs: a worker thread checks some of them.
    expect(workerCount(2, count)).toBe(1);
    const dir = writeTree(tempDir(), dossiers(count, FIRST));
    const all = Object.keys(dossiers(count, FIRST)).map((file) => `${file}${POINTER}`);
    expect(run(dir, ['--jobs', '2', '--write-baseline', 'b.json', '.'])).toMatchObject({ status: 1, at: all });
    const accepted = entries(path.join(dir, 'b.json')).filter((e) => e.ruleId === RULE);
    expect(accepted.map((e) => e.submitted)).toEqual(Array.from({ length: count }, () => '2026-10-08'));
    expect(run(dir, ['--jobs', '2', '--baseline', 'b.json', '.'])).toMatchObject({ status: 0, at: [] });

    writeTree(dir, dossiers(count, RESUBMITTED));
    expect(run(dir, ['--jobs', '2', '--baseline', 'b.json', '.'])).toMatchObject({ status: 1, at: all });
  });

  it('through a warm --cache: the cached result keeps the date', () => {
    const dir = writeTree(tempDir(), { 'd.yaml': FIRST });
    const cache = ['--cache-location', path.join(tempDir(), 'cache')];
    run(dir, [...cache, '--write-baseline', 'b.json', 'd.yaml']);
    // Warm: the result comes from the cache, and must still say which submission it is.
    const warm = run(dir, [...cache, '--baseline', 'b.json', '--write-baseline', 'again.json', 'd.yaml']);
    expect(warm.stderr).toMatch(/cache: 1 of 1 documents reused/);
    expect(warm).toMatchObject({ status: 0, at: [], suppressed: 1 });
    expect(entries(path.join(dir, 'again.json'))).toEqual(entries(path.join(dir, 'b.json')));
    expect(entries(path.join(dir, 'again.json')).map((e) => e.submitted)).toContain('2026-10-08');

    writeFileSync(path.join(dir, 'd.yaml'), RESUBMITTED);
    run(dir, [...cache, 'd.yaml']);
    const resubmitted = run(dir, [...cache, '--baseline', 'b.json', 'd.yaml']);
    expect(resubmitted.stderr).toMatch(/cache: 1 of 1 documents reused/);
    expect(resubmitted).toMatchObject({ status: 1, at: [`d.yaml${POINTER}`], suppressed: 0 });
  });

  it('through --shard parts and merge: each part holds back only its dossiers\' submissions', () => {
    const dir = writeTree(tempDir(), dossiers(4, FIRST));
    const all = Object.keys(dossiers(4, FIRST)).map((file) => `${file}${POINTER}`);
    run(dir, ['--write-baseline', 'b.json', '.']);
    const merged = () => {
      const parts = [1, 2].map((k) => {
        const out = path.join(dir, `part${k}.json`);
        runTmcheck(['--no-timestamp', '--lang', 'en', '--baseline', 'b.json', '--shard', `${k}/2`, '--format', `json=${out}`, '.'], { cwd: dir });
        // Each part checks some of the dossiers.
        expect((JSON.parse(readFileSync(out, 'utf8')) as { files: unknown[] }).files.length).toBeGreaterThan(0);
        return out;
      });
      const result = runTmcheck(['merge', ...parts], { cwd: dir });
      const json = JSON.parse(result.stdout) as JsonReport;
      return { status: result.status, at: json.findings.filter((f) => f.ruleId === RULE).map((f) => `${f.location.file}${f.location.path}`).sort(), suppressed: json.baseline?.suppressed };
    };
    expect(merged()).toMatchObject({ status: 0, at: [] });

    writeTree(dir, dossiers(4, RESUBMITTED));
    expect(merged()).toMatchObject({ status: 1, at: all });
  });
});
