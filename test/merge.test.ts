import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { projectRoot } from './support/fixtures.js';
import path from 'node:path';
import { runTmcheck } from './support/cli.js';
import { tempDirMaker } from './support/temp-dirs.js';
import { validateSarif } from './support/output-schemas.js';

const tempDir = tempDirMaker('tmcheck-merge-');

/** Runs `--shard k/n` for k = 1…n and one unsharded run, each writing JSON and SARIF into `dir`. */
function shardsAndWhole(dir: string, inputs: string[], n: number): void {
  const common = ['--lang', 'en', '--no-timestamp'];
  for (let k = 1; k <= n; k++) {
    runTmcheck([...common, '--shard', `${k}/${n}`, '--format', `json=${path.join(dir, `s${k}.json`)}`, '--format', `sarif=${path.join(dir, `s${k}.sarif`)}`, ...inputs]);
  }
  runTmcheck([...common, '--format', `json=${path.join(dir, 'whole.json')}`, '--format', `sarif=${path.join(dir, 'whole.sarif')}`, ...inputs]);
}

describe('tmcheck merge', () => {
  const dir = tempDir();
  beforeAll(() => shardsAndWhole(dir, ['fixtures/dossier'], 3));
  const shards = (ext: string) => [3, 1, 2].map((k) => path.join(dir, `s${k}.${ext}`)); // any order

  it('joins the JSON reports of shards into the bytes one run over every file writes, exit as that run', () => {
    const whole = readFileSync(path.join(dir, 'whole.json'), 'utf8');
    const parts = shards('json').map((file) => JSON.parse(readFileSync(file, 'utf8')) as { files: unknown[] });
    for (const part of parts) expect(part.files.length).toBeGreaterThan(0);
    const run = runTmcheck(['merge', ...shards('json')]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1); // dossier fixtures have errors, as the whole run does
    expect(run.stdout).toBe(whole);
  });

  it('joins SARIF logs into one valid run equal to one run over every file', () => {
    const out = path.join(dir, 'merged.sarif');
    const run = runTmcheck(['merge', '-o', out, ...shards('sarif')]);
    expect(run.status).toBe(1);
    const merged = readFileSync(out, 'utf8');
    expect(merged).toBe(readFileSync(path.join(dir, 'whole.sarif'), 'utf8'));
    expect(validateSarif(JSON.parse(merged))).toEqual([]);
  });

  it('keeps a monthly batch from the one report that has it', () => {
    const monthly = path.join(dir, 'monthly.json');
    // With the shards' dossiers as context (R10-1/R10-3 join reports to them; without, merge refuses: test/shard-recipe.e2e.test.ts).
    runTmcheck(['--lang', 'en', '--no-timestamp', '--shard', '1/1', '--history', 'fixtures/dossier', '--format', `json=${monthly}`, 'fixtures/batch']);
    const run = runTmcheck(['merge', monthly, ...shards('json')]);
    const merged = JSON.parse(run.stdout) as { batch?: { vendorMonths: unknown[] }; files: Array<{ file: string }>; summary: { files: number } };
    expect(merged.batch?.vendorMonths.length).toBeGreaterThan(0);
    expect(merged.summary.files).toBe(merged.files.length);
    expect(merged.files.some((f) => f.file.startsWith('fixtures/batch/'))).toBe(true);
    expect(merged.files.some((f) => f.file.startsWith('fixtures/dossier/'))).toBe(true);
  });

  it('exits 0 when the merged report has no error', () => {
    const one = path.join(dir, 'compliant.json');
    runTmcheck(['--no-timestamp', '--shard', '1/1', '--format', `json=${one}`, 'fixtures/dossier-compliant.yaml']);
    expect(runTmcheck(['merge', one]).status).toBe(0);
  });

  it('refuses overlapping shards, other rulesets, mixed kinds, foreign files and bad JSON, with exit 2 and the file named', () => {
    const [a, b, c] = shards('json');
    // The whole folder as one part, beside the shards of a split of it: every file is in two reports.
    const whole = path.join(dir, 'whole-part.json');
    runTmcheck(['--lang', 'en', '--no-timestamp', '--shard', '1/1', '--format', `json=${whole}`, 'fixtures/dossier/']);
    // (`fixtures/dossier/` with its slash is other inputs than the shards' `fixtures/dossier`: a split of its own.)
    const overlap = runTmcheck(['merge', a!, b!, c!, whole]);
    expect(overlap.status).toBe(2);
    expect(overlap.stderr).toMatch(/fixtures\/dossier\/\S+ is in both .*s\d\.json and .*whole-part\.json: shards must not overlap/);

    const other = path.join(dir, 'other-ruleset.json');
    const changed = JSON.parse(readFileSync(b!, 'utf8')) as { ruleset: { sha256: string } };
    changed.ruleset.sha256 = '0'.repeat(64);
    writeFileSync(other, JSON.stringify(changed));
    const rulesets = runTmcheck(['merge', a!, other]);
    expect(rulesets.status).toBe(2);
    expect(rulesets.stderr).toContain('other-ruleset.json and');
    expect(rulesets.stderr).toContain('differ in ruleset');

    const mixed = runTmcheck(['merge', a!, shards('sarif')[1]!]);
    expect(mixed.status).toBe(2);
    expect(mixed.stderr).toContain('different formats');

    const foreign = path.join(dir, 'foreign.json');
    writeFileSync(foreign, JSON.stringify({ files: [], findings: [] }));
    const notOurs = runTmcheck(['merge', foreign]);
    expect(notOurs.status).toBe(2);
    expect(notOurs.stderr).toContain('foreign.json is not a JSON report or a single-run SARIF log written by tmcheck');

    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '{"tool": ');
    const bad = runTmcheck(['merge', broken, '--lang', 'zh']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('broken.json 不是有效的 JSON');
    expect(bad.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('gives exit 2 and no stack trace for hostile reports: entries that are not objects, odd exit codes, an own __proto__ key', () => {
    const [a] = shards('json');
    const report = JSON.parse(readFileSync(a!, 'utf8')) as { findings: unknown[] };
    const nulls = path.join(dir, 'nulls.json');
    writeFileSync(nulls, JSON.stringify({ ...report, findings: [...report.findings, null] }));
    const run = runTmcheck(['merge', nulls]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('nulls.json is not a JSON report');
    expect(run.stderr).not.toMatch(/\n\s+at /);

    const [first, ...others] = shards('sarif');
    const sarif = JSON.parse(readFileSync(first!, 'utf8')) as { runs: Array<{ invocations: Array<Record<string, unknown>>; results: unknown[] }> };
    sarif.runs[0]!.invocations[0]!.exitCode = 255;
    sarif.runs[0]!.invocations[0]!.toolExecutionNotifications = [null, 7];
    sarif.runs[0]!.results.push({ locations: [null], marker: { polluted: true } });
    const odd = path.join(dir, 'odd.sarif');
    // An own "__proto__" key, as JSON.parse reads it: merging must copy it as data, never as a prototype.
    writeFileSync(odd, JSON.stringify(sarif).replace('"marker"', '"__proto__"'));
    const merged = runTmcheck(['merge', odd, ...others]);
    expect(merged.stderr).not.toMatch(/\n\s+at /);
    expect(merged.status).toBe(2); // an exit code other than 0 or 1 reads as "could not check"
    // The own __proto__ key came through as data, and the result that holds it is still there.
    expect(merged.stdout).toContain('"__proto__": {');
    const out = JSON.parse(merged.stdout) as { runs: Array<{ results: unknown[] }> };
    const otherResults = others.map((file) => (JSON.parse(readFileSync(file, 'utf8')) as { runs: Array<{ results: unknown[] }> }).runs[0]!.results.length);
    expect(out.runs[0]!.results).toHaveLength(sarif.runs[0]!.results.length + otherResults.reduce((x, y) => x + y, 0));
  });

  it('merges on the report model: notes on files not checked come through, in Chinese too, as one run writes them', () => {
    const work = tempDir();
    const folder = path.join(work, 'upload');
    mkdirSync(folder);
    for (const name of readdirSync(path.join(projectRoot, 'fixtures/dossier')).slice(0, 12)) copyFileSync(path.join(projectRoot, 'fixtures/dossier', name), path.join(folder, name));
    // tmcheck's own files among the inputs: the walk notes them instead of checking them.
    writeFileSync(path.join(folder, 'tmcheck.waivers.yaml'), 'waivers: []\n');
    writeFileSync(path.join(folder, 'tmcheck.baseline.json'), '{"tool":"tmcheck","baselineVersion":1,"findings":[]}\n');
    const common = ['--lang', 'zh', '--no-timestamp', 'upload'];
    for (const k of [1, 2]) runTmcheck([...common, '--shard', `${k}/2`, '--format', `json=s${k}.json`], { cwd: work });
    runTmcheck([...common, '--format', 'json=whole.json'], { cwd: work });
    const whole = readFileSync(path.join(work, 'whole.json'), 'utf8');
    expect((JSON.parse(whole) as { notes?: unknown[] }).notes).toHaveLength(2);
    const run = runTmcheck(['merge', 's2.json', 's1.json'], { cwd: work });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(whole);
  });

  it('refuses a report whose entries do not have the report\'s shape, naming the entry', () => {
    const [a] = shards('json');
    const report = JSON.parse(readFileSync(a!, 'utf8')) as { findings: Array<Record<string, unknown>> };
    report.findings[1]!.severity = 'fatal';
    const bad = path.join(dir, 'bad-severity.json');
    writeFileSync(bad, JSON.stringify(report));
    const run = runTmcheck(['merge', bad]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`tmcheck merge: ${bad} is not a JSON report written by tmcheck: findings[1].severity does not have the shape of docs/report-json.md\n`);
  });

  it('never writes over an input report', () => {
    const [a, b] = shards('json');
    const before = readFileSync(a!, 'utf8');
    const run = runTmcheck(['merge', '-o', a!, a!, b!]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('will not write over an input report');
    expect(readFileSync(a!, 'utf8')).toBe(before);
  });
});
