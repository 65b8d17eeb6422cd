import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatSarif } from '../src/format/sarif.js';
import { CAPPED_DESCRIPTOR, GITHUB_MAX_RESULTS, overGithubLimit } from '../src/format/sarif-cap.js';
import { format } from '../src/api/format.js';
import { TmcheckConfigError } from '../src/api/errors.js';
import type { Report } from '../src/report/model.js';
import { checkFiles, FIXTURE_DOSSIER, projectRoot } from './support/fixtures.js';
import { validateSarif } from './support/output-schemas.js';
import { runInProcess } from './support/run-in-process.js';
import { multitoolFindings } from './support/sarif-multitool.js';
import { tempDirMaker } from './support/temp-dirs.js';

/**
 * GitHub code scanning rejects a SARIF run of more than 25,000 results; a 100,000-agent call log made a
 * 124 MB log. The log stays whole by default (a record; other consumers take more). `--sarif-max-results n`
 * keeps the first n results after a stable sort by level and says in the run what it left out; without
 * it, a log over GitHub's limit earns one warning line on stderr. The exit status never changes.
 */
const tempDir = tempDirMaker('tmcheck-sarif-max-');
const LEVELS = ['error', 'warning', 'note'];

interface Result {
  ruleId: string;
  level: string;
}
interface Run {
  invocations: Array<{ exitCode: number; executionSuccessful: boolean; toolExecutionNotifications: Array<Record<string, unknown>> }>;
  results: Result[];
  properties?: Record<string, unknown>;
}
const runOf = (text: string) => (JSON.parse(text) as { runs: Run[] }).runs[0]!;
const EN = { lang: 'en', color: false, failOn: 'error' } as const;

/** The results a cap of `max` keeps: the first `max` after a stable sort by level. */
const firstBySeverity = (results: Result[], max: number) =>
  results
    .map((result, index) => ({ result, index }))
    .sort((a, b) => LEVELS.indexOf(a.result.level) - LEVELS.indexOf(b.result.level) || a.index - b.index)
    .slice(0, max)
    .map((entry) => entry.result);

describe('--sarif-max-results in the SARIF formatter', () => {
  let report: Report;
  let whole: Run;
  beforeAll(async () => {
    const checked = await checkFiles(['fixtures']);
    // The fixtures' findings are errors and notices: every third one made a warning, so that all three levels meet.
    report = { ...checked, findings: checked.findings.map((f, i) => (i % 3 === 0 ? { ...f, severity: 'warning' as const } : f)) };
    whole = runOf(formatSarif(report, EN));
  });

  it('the fixtures make a log with every level, ordered other than by level (or the test would prove nothing)', () => {
    expect(new Set(whole.results.map((r) => r.level))).toEqual(new Set(LEVELS));
    expect(whole.results.map((r) => r.level)).not.toEqual(firstBySeverity(whole.results, whole.results.length).map((r) => r.level));
  });

  it('keeps the first n results after a stable sort by level, and says in the run how many it left out', () => {
    const errors = whole.results.filter((r) => r.level === 'error').length;
    const total = whole.results.length;
    // Into the warnings: every error kept, some warnings and every note left out.
    const max = errors + 2;
    expect(whole.results.filter((r) => r.level === 'warning').length).toBeGreaterThan(2);
    const capped = runOf(formatSarif(report, { ...EN, sarifMaxResults: max }));
    expect(capped.results).toEqual(firstBySeverity(whole.results, max));
    expect(capped.results).toHaveLength(max);
    expect(capped.properties).toEqual({ sarifMaxResults: max, omittedResults: total - max, totalResults: total });
    const notifications = capped.invocations[0]!.toolExecutionNotifications;
    expect(notifications.slice(0, -1)).toEqual(whole.invocations[0]!.toolExecutionNotifications);
    expect(notifications.at(-1)).toEqual({
      level: 'warning',
      message: { text: `this SARIF log lists the ${max} most severe of ${total} results (--sarif-max-results ${max}); ${total - max} left out; the JSON report holds them all` },
      descriptor: { id: CAPPED_DESCRIPTOR },
    });
    const zh = runOf(formatSarif(report, { ...EN, lang: 'zh', sarifMaxResults: max })).invocations[0]!.toolExecutionNotifications.at(-1)!;
    expect(zh.message).toEqual({ text: `本 SARIF 日志只列出 ${total} 条结果中最严重的 ${max} 条（--sarif-max-results ${max}），另有 ${total - max} 条未列出；JSON 报告含全部结果` });
    // The exit status is the run's, whatever the log keeps.
    expect([capped.invocations[0]!.exitCode, capped.invocations[0]!.executionSuccessful]).toEqual([whole.invocations[0]!.exitCode, whole.invocations[0]!.executionSuccessful]);
    expect(validateSarif(JSON.parse(formatSarif(report, { ...EN, sarifMaxResults: 1 })))).toEqual([]);
  });

  it('at or above the number of results, the log is the whole one, byte for byte', () => {
    const text = formatSarif(report, EN);
    expect(formatSarif(report, { ...EN, sarifMaxResults: whole.results.length })).toBe(text);
    expect(formatSarif(report, { ...EN, sarifMaxResults: 1_000_000 })).toBe(text);
  });

  it('the library takes it as a format option, a positive integer', () => {
    expect(format(report, 'sarif', { sarifMaxResults: 3 })).toBe(formatSarif(report, { ...EN, sarifMaxResults: 3 }));
    for (const bad of [0, -1, 2.5, Number.NaN]) expect(() => format(report, 'sarif', { sarifMaxResults: bad })).toThrow(TmcheckConfigError);
  });

  it('the SARIF multitool (SARIF and GitHub ingestion rules) finds nothing wrong with capped logs, which carry the notification', () => {
    const logs = [
      { name: 'capped-en', log: JSON.parse(formatSarif(report, { ...EN, sarifMaxResults: 5 })) as unknown },
      { name: 'capped-zh', log: JSON.parse(formatSarif(report, { ...EN, lang: 'zh', sarifMaxResults: 5 })) as unknown },
    ];
    for (const { log } of logs) {
      expect((log as { runs: Run[] }).runs[0]!.invocations[0]!.toolExecutionNotifications.filter((n) => (n.descriptor as { id: string }).id === CAPPED_DESCRIPTOR)).toHaveLength(1);
    }
    expect(multitoolFindings(logs).filter((f) => f.level !== 'note')).toEqual([]);
  }, 120_000);
});

describe('--sarif-max-results on the command line, in a config file and in tmcheck merge', () => {
  const dir = tempDir();
  const at = (name: string) => path.join(dir, name);
  const common = ['--lang', 'en', '--no-timestamp'];
  const cli = (args: string[], cwd = projectRoot) => runInProcess([...common, ...args], { cwd });

  it('caps the SARIF output only: the JSON report keeps every finding, the exit status is the same', async () => {
    const whole = await cli(['--format', `sarif=${at('whole.sarif')}`, 'fixtures']);
    const capped = await cli(['--sarif-max-results', '4', '--format', `sarif=${at('capped.sarif')}`, '--format', `json=${at('capped.json')}`, 'fixtures']);
    expect(capped.status).toBe(whole.status);
    expect(capped.stderr).toBe('');
    const results = runOf(readFileSync(at('whole.sarif'), 'utf8')).results;
    expect(runOf(readFileSync(at('capped.sarif'), 'utf8')).results).toEqual(firstBySeverity(results, 4));
    const json = JSON.parse(readFileSync(at('capped.json'), 'utf8')) as { findings: unknown[]; files: Array<{ errors?: unknown[] }> };
    expect(json.findings.length + json.files.reduce((n, f) => n + (f.errors?.length ?? 0), 0)).toBe(results.length);
    // The config file's key does the same; the option must be a positive integer.
    const configured = tempDir();
    copyFileSync(path.join(projectRoot, 'fixtures/dossier/dossier-capital-below-minimum.yaml'), path.join(configured, 'dossier.yaml'));
    await cli(['--format', 'sarif=by-option.sarif', '--sarif-max-results', '1', 'dossier.yaml'], configured);
    writeFileSync(path.join(configured, 'tmcheck.config.yaml'), 'sarif_max_results: 1\n');
    const byConfig = await cli(['--format', 'sarif=by-config.sarif', 'dossier.yaml'], configured);
    expect(byConfig.status).toBe(1);
    const byOption = readFileSync(path.join(configured, 'by-option.sarif'), 'utf8');
    expect(runOf(byOption).results).toHaveLength(1);
    expect(readFileSync(path.join(configured, 'by-config.sarif'), 'utf8')).toBe(byOption);
    const bad = await cli(['--sarif-max-results', '0', 'fixtures/dossier-compliant.yaml']);
    expect([bad.status, bad.stderr]).toEqual([2, expect.stringContaining("option '--sarif-max-results <n>' argument '0' is invalid")]);
  });

  it('tmcheck merge caps the merged log as one run would (byte for byte), and refuses logs that were capped', async () => {
    for (const k of [1, 2]) await cli(['--shard', `${k}/2`, '--format', `sarif=${at(`s${k}.sarif`)}`, '--format', `json=${at(`s${k}.json`)}`, 'fixtures/dossier']);
    const one = await cli(['--sarif-max-results', '3', '--format', `sarif=${at('one.sarif')}`, 'fixtures/dossier']);
    const merged = await runInProcess(['merge', '--sarif-max-results', '3', '-o', at('merged.sarif'), at('s2.sarif'), at('s1.sarif')]);
    expect([merged.status, merged.stderr]).toEqual([one.status, '']);
    expect(readFileSync(at('merged.sarif'), 'utf8')).toBe(readFileSync(at('one.sarif'), 'utf8'));
    expect(runOf(readFileSync(at('merged.sarif'), 'utf8')).properties).toMatchObject({ sarifMaxResults: 3 });
    // A shard's capped log has lost results no merge can give back.
    await cli(['--shard', '1/2', '--sarif-max-results', '3', '--format', `sarif=${at('s1-capped.sarif')}`, 'fixtures/dossier']);
    const refused = await runInProcess(['merge', '--lang', 'en', at('s1-capped.sarif'), at('s2.sarif')]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('lists only part of its results (--sarif-max-results), so a merge would not be the whole run\'s: merge the shards\' complete logs and give --sarif-max-results to tmcheck merge');
    const json = await runInProcess(['merge', '--lang', 'en', '--sarif-max-results', '3', at('s1.json'), at('s2.json')]);
    expect([json.status, json.stderr]).toEqual([2, 'tmcheck merge: --sarif-max-results applies to SARIF logs, and these are JSON reports\n']);
  });
});

describe('a SARIF log over GitHub code scanning\'s 25,000 results', () => {
  /** A monthly report (with its vendor's dossier) and a call log of `agents` agents it does not list: one finding per agent, and two more. */
  function bigFolder(agents: number): string {
    const dir = tempDir();
    copyFileSync(path.join(projectRoot, 'fixtures/calllogs/report-2026-10-jinan.yaml'), path.join(dir, 'report.yaml'));
    copyFileSync(FIXTURE_DOSSIER, path.join(dir, 'dossier.yaml')); // the vendor's: R10-1/R10-3 judge the report
    const rows = ['call_id,vendor_credit_code,agent_id,started_at,duration_s,recorded'];
    for (let i = 0; i < agents; i++) rows.push(`C${i},91370102MA3C4F5G9F,X${i},2026-10-09 09:00:00,60,1`);
    writeFileSync(path.join(dir, 'calls.csv'), rows.join('\n') + '\n');
    return dir;
  }
  const sarifOf = (dir: string, name: string) => runOf(readFileSync(path.join(dir, name), 'utf8'));
  const WARNING = `warning: the SARIF log has ${GITHUB_MAX_RESULTS + 1} results, and GitHub code scanning rejects a run of more than ${GITHUB_MAX_RESULTS}: for an upload to GitHub, give --sarif-max-results ${GITHUB_MAX_RESULTS} (the most severe results are listed; the JSON report holds them all)`;

  it('without the option, the whole log is written and one warning line names --sarif-max-results 25000, from tmcheck merge too', async () => {
    const over = bigFolder(GITHUB_MAX_RESULTS - 1);
    // As one part of one (--shard 1/1), so that tmcheck merge takes its log.
    const run = await runInProcess(['--lang', 'en', '--no-timestamp', '--shard', '1/1', '--format', 'sarif=out.sarif', '.'], { cwd: over });
    expect(sarifOf(over, 'out.sarif').results).toHaveLength(GITHUB_MAX_RESULTS + 1);
    expect(run.stderr).toBe(`tmcheck: ${WARNING}\n`);
    expect(run.status).toBe(1);
    const merged = await runInProcess(['merge', '--lang', 'en', '-o', 'merged.sarif', 'out.sarif'], { cwd: over });
    expect([merged.status, merged.stderr]).toEqual([1, `tmcheck merge: ${WARNING}\n`]);
    // With the option: the most severe 25,000, the rest counted in the run, no warning, the same exit status.
    const capped = await runInProcess(['--lang', 'en', '--no-timestamp', '--sarif-max-results', String(GITHUB_MAX_RESULTS), '--format', 'sarif=capped.sarif', '.'], { cwd: over });
    expect([capped.status, capped.stderr]).toEqual([1, '']);
    const run25k = sarifOf(over, 'capped.sarif');
    expect(run25k.results).toHaveLength(GITHUB_MAX_RESULTS);
    expect(run25k.results.every((r) => r.level === 'error')).toBe(true);
    expect(run25k.properties).toEqual({ sarifMaxResults: GITHUB_MAX_RESULTS, omittedResults: 1, totalResults: GITHUB_MAX_RESULTS + 1 });
  });

  it('the warning is for more than 25,000 results, in the run\'s language', () => {
    expect(overGithubLimit(GITHUB_MAX_RESULTS, 'en')).toBeUndefined();
    expect(overGithubLimit(GITHUB_MAX_RESULTS + 1, 'en')).toBe(WARNING);
    expect(overGithubLimit(GITHUB_MAX_RESULTS + 1, 'zh')).toBe(
      `警告：SARIF 日志有 ${GITHUB_MAX_RESULTS + 1} 条结果，GitHub code scanning 拒绝上传结果超过 ${GITHUB_MAX_RESULTS} 条的 run：上传到 GitHub 的日志请加 --sarif-max-results ${GITHUB_MAX_RESULTS}（只列出最严重的结果，JSON 报告含全部结果）`,
    );
  });
});
