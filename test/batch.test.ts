import { describe, expect, it } from 'vitest';
import { runTmcheck } from './support/cli.js';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createChecker } from '../src/api/checker.js';
import { previousMonth } from '../src/ranking/months.js';
import { globBase, globToRegExp } from '../src/read/glob.js';
import { progressLine, PROGRESS_MIN_FILES } from '../src/cli/progress.js';
import { formatText } from '../src/format/text.js';
import { displayWidth } from '../src/format/text-batch.js';
import { loadRules, RuleLoadError } from '../src/rules/load-rules.js';
import { runRuleExamples } from '../src/coverage/run-examples.js';
import { exitCode, type Report } from '../src/report/model.js';
import { projectRoot } from './support/fixtures.js';
import { vendorDossiers } from './support/vendor-reports.js';
import { tempDirMaker } from './support/temp-dirs.js';

const RULE = 'R24-6/last-place-streak';
const JINAN = '91370102MA3C4F5G9F';
const QINGDAO = '91370202MA3D7K2H1J';
const ZIBO = '91370303MA3E8N4P2T';
const YANTAI = '91370602MA3F2Q6R7B';

/** The dossiers of the batch fixtures' vendors (--history): R10-1/R10-3 judge their reports against them. */
const DOSSIERS = vendorDossiers(tempDirMaker('tmcheck-batch-dossiers-')(), [JINAN, QINGDAO, ZIBO, YANTAI]);

/** The library API's pipeline, the one the command line takes (check → waivers → baseline → monthly rows), with the vendors' dossiers. */
async function check(inputs: string[], cwd = projectRoot): Promise<Report> {
  return createChecker({ cwd, jobs: 1 }).check(inputs, { history: [DOSSIERS] });
}

describe('R24-6 across vendors and months (fixtures/batch)', async () => {
  const report = await check(['fixtures/batch']);
  const streakFindings = report.findings.filter((f) => f.ruleId === RULE);

  it('checks every report of every month in one run', () => {
    expect(report.files).toHaveLength(23);
    expect(report.files.every((f) => f.status !== 'invalid')).toBe(true);
  });

  it('finds the two-month streaks (warnings), the three-month streak (error), and says what it cannot judge (烟台: first month, gap; errors, never a pass)', () => {
    expect(streakFindings.map((f) => [f.ruleId, f.severity, f.location.file, f.location.path, f.location.line, f.location.column, f.vendor])).toEqual([
      [RULE, 'error', 'fixtures/batch/2026-05/yantai-jinghai.yaml', '/assessment_score', 51, 19, YANTAI],
      [RULE, 'error', 'fixtures/batch/2026-07/yantai-jinghai.yaml', '/month', 4, 8, YANTAI],
      [RULE, 'error', 'fixtures/batch/2026-07/yantai-jinghai.yaml', '/assessment_score', 51, 19, YANTAI],
      [RULE, 'warning', 'fixtures/batch/2026-09/jinan-quansheng.yaml', '/assessment_score', 51, 19, JINAN],
      [RULE, 'warning', 'fixtures/batch/2026-09/zibo-boyuan.yaml', '/assessment_score', 51, 19, ZIBO],
      [RULE, 'error', 'fixtures/batch/2026-10/jinan-quansheng.yaml', '/assessment_score', 51, 19, JINAN],
    ]);
    const [, , , warning, , error] = streakFindings;
    expect(warning!.consequenceKind).toBe('rectification');
    expect(error!.consequenceKind).toBe('termination_right');
    expect(error!.article).toBe('24');
    expect(error!.requirement).toBe('R24-6');
  });

  it('names the earlier months and says when last place was a tie, in both languages', () => {
    const error = streakFindings[5]!;
    expect(error.message.en).toBe(
      '济南泉声信息技术有限公司 (91370102MA3C4F5G9F) ranks last of 4 vendors in 2026-10 with an assessment score of 64: last place 3 months in a row ' +
        '(earlier: 2026-08, 2026-09); tied for last in 2026-08 with 淄博博远电子商务有限公司; tied for last in 2026-09 with 淄博博远电子商务有限公司; ' +
        '3 months in a row give the right to stop the cooperation and terminate the agreement (第二十四条(二))',
    );
    expect(error.message.zh).toContain('已连续 3 个月末位（此前：2026-08、2026-09）；2026-08 与 淄博博远电子商务有限公司 并列末位');
    expect(streakFindings[4]!.message.en).toContain('last place 2 months in a row (earlier: 2026-08); tied for last in 2026-08 with 济南泉声信息技术有限公司');
  });

  it('a vendor missing from a month between two of its reports gets a gap error, and its streak across the gap is not judged (烟台: last in 2026-05 and 2026-07, no report in 2026-06)', () => {
    const yantai = report.batch!.vendorMonths.filter((row) => row.creditCode === YANTAI);
    expect(yantai.map((row) => [row.month, row.lastPlace])).toEqual([
      ['2026-05', true],
      ['2026-07', true],
      ['2026-08', false],
      ['2026-09', false],
      ['2026-10', false],
    ]);
    const [first, gap, unjudged] = report.findings.filter((f) => f.vendor === YANTAI && f.ruleId === RULE);
    expect(gap!.message.en).toBe(
      '烟台景海信息服务有限公司 (91370602MA3F2Q6R7B) has no report for 2026-06, between its reports for 2026-05 and 2026-07: every vendor is ranked every month, ' +
        'and a last-place streak across the missing month cannot be judged (第二十四条(二))',
    );
    expect(gap!.consequenceKind).toBe('data_quality');
    expect(unjudged!.message.en).toContain('last place for 1 month in a row as far as this run shows; the vendor has no report for 2026-06, so whether the streak is longer cannot be judged (2 months in a row');
    expect(first!.message.en).toContain('2026-04 and earlier months are not in this run (name earlier months\' reports with --history)');
    expect(first!.message.zh).toContain('2026-04 及更早的月份不在本次检查中（可用 --history 指定此前月份的月报）');
  });

  it('report.batch ranks each month: best first, equal scores share a rank, every tied vendor holds last place', () => {
    const batch = report.batch!;
    expect(batch.months).toEqual(['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10']);
    const month = (m: string) => batch.vendorMonths.filter((row) => row.month === m).map((row) => [row.creditCode, row.rank, row.vendorsRanked, row.lastPlace]);
    expect(month('2026-08')).toEqual([
      [QINGDAO, 1, 4, false],
      [YANTAI, 2, 4, false],
      [JINAN, 3, 4, true],
      [ZIBO, 3, 4, true],
    ]);
    expect(month('2026-06')).toEqual([
      [JINAN, 1, 3, false],
      [ZIBO, 2, 3, false],
      [QINGDAO, 3, 3, true],
    ]);
    const jinanOctober = batch.vendorMonths.find((row) => row.month === '2026-10' && row.creditCode === JINAN)!;
    expect(jinanOctober).toMatchObject({ file: 'fixtures/batch/2026-10/jinan-quansheng.yaml', city: '济南', assessmentScore: 64, errors: 1, warnings: 0 });
    expect(jinanOctober.complaintRatePercent).toBeCloseTo((31 / 2150) * 100, 10);
  });

  it('the text report ends with a table per month, last place marked, Chinese names aligned', () => {
    const text = formatText(report, { lang: 'en', color: false, failOn: 'error' });
    const table = text.slice(text.indexOf('Monthly summary'));
    expect(table).toContain(
      [
        "2026-08  4 vendors ranked; scores: as the vendors' reports state them",
        '  vendor                    city  errors  warnings  complaints  score  rank',
        '  青岛海韵通信服务有限公司  青岛       0         0    1.19403%     80  1/4',
        '  烟台景海信息服务有限公司  烟台       0         0     1.8421%     75  2/4',
        '  济南泉声信息技术有限公司  济南       0         0     1.4419%     68  3/4 ◀ last (tie)',
        '  淄博博远电子商务有限公司  淄博       0         0     1.9672%     68  3/4 ◀ last (tie)',
      ].join('\n'),
    );
    expect(table).toContain('  济南泉声信息技术有限公司  济南       1         0     1.4419%     64  4/4 ◀ last\n');
    expect(table.trimEnd().split('\n').at(-1)).toMatch(/^✖ 23 files checked: 4 errors, 2 warnings/);
    const zh = formatText(report, { lang: 'zh', color: false, failOn: 'error' });
    expect(zh).toContain('  济南泉声信息技术有限公司  济南     0     0   1.4419%        68  3/4 ◀ 末位（并列）');
  });
});

describe('two reports for one vendor and month (fixtures/batch-duplicate)', async () => {
  const report = await check(['fixtures/batch-duplicate']);

  it('is an input error on both files, each naming the other, at /month; exit 2', () => {
    const invalid = report.files.filter((f) => f.status === 'invalid');
    expect(invalid.map((f) => [f.file, f.errors.map((e) => [e.code, e.path, e.line, e.column])])).toEqual([
      ['fixtures/batch-duplicate/2026-10/jinan-quansheng-resubmitted.yaml', [['duplicate-vendor-month', '/month', 4, 8]]],
      ['fixtures/batch-duplicate/2026-10/jinan-quansheng.yaml', [['duplicate-vendor-month', '/month', 4, 8]]],
    ]);
    expect(invalid[0]!.errors[0]!.message.en).toContain('see also fixtures/batch-duplicate/2026-10/jinan-quansheng.yaml');
    expect(invalid[1]!.errors[0]!.message.en).toContain('see also fixtures/batch-duplicate/2026-10/jinan-quansheng-resubmitted.yaml');
    expect(invalid[1]!.errors[0]!.message.zh).toContain('另见 fixtures/batch-duplicate/2026-10/jinan-quansheng-resubmitted.yaml');
    expect(exitCode(report)).toBe(2);
  });

  it('leaves that vendor-month out of the ranking: the month is incomplete, nobody is ranked, nobody is last', () => {
    expect(report.batch!.vendorMonths.map((row) => [row.creditCode, row.rank, row.lastPlace])).toEqual([
      [JINAN, undefined, undefined],
      [JINAN, undefined, undefined],
      [QINGDAO, undefined, undefined],
    ]);
    expect(report.batch!.incompleteMonths).toEqual(['2026-10']);
    expect(report.findings.filter((f) => f.ruleId === RULE)).toEqual([]);
  });
});

describe('quoted glob patterns as inputs', () => {
  it('expands ** and character classes, relative to the working directory', async () => {
    const report = await check(['fixtures/batch/**/zibo-*.yaml', 'fixtures/batch/2026-0[89]/jinan-*.yaml']);
    expect(report.files.map((f) => f.file)).toEqual([
      'fixtures/batch/2026-05/zibo-boyuan.yaml',
      'fixtures/batch/2026-06/zibo-boyuan.yaml',
      'fixtures/batch/2026-07/zibo-boyuan.yaml',
      'fixtures/batch/2026-08/jinan-quansheng.yaml',
      'fixtures/batch/2026-08/zibo-boyuan.yaml',
      'fixtures/batch/2026-09/jinan-quansheng.yaml',
      'fixtures/batch/2026-09/zibo-boyuan.yaml',
      'fixtures/batch/2026-10/zibo-boyuan.yaml',
    ]);
  });

  it('a pattern that matches nothing is an input problem naming the pattern', async () => {
    const report = await check(['fixtures/batch/**/nobody-*.yaml']);
    expect(report.files).toEqual([expect.objectContaining({ file: 'fixtures/batch/**/nobody-*.yaml', status: 'invalid' })]);
    expect(report.files[0]!.errors[0]!.code).toBe('no-match');
  });

  it('survives a symbolic link loop under the pattern', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tmcheck-glob-'));
    mkdirSync(path.join(dir, 'reports'));
    writeFileSync(path.join(dir, 'reports', 'a.yaml'), readFileSync(path.join(projectRoot, 'fixtures/batch/2026-05/jinan-quansheng.yaml')));
    const { symlinkSync } = await import('node:fs');
    symlinkSync(path.join(dir, 'reports'), path.join(dir, 'reports', 'loop'));
    const report = await check(['reports/**/*.yaml'], dir);
    expect(report.files.map((f) => f.file)).toEqual(['reports/a.yaml']);
  });

  it('compiles globs segment by segment', () => {
    expect(globToRegExp('a/**/*.yaml').test('a/x/y/z.yaml')).toBe(true);
    expect(globToRegExp('a/**/*.yaml').test('a/z.yaml')).toBe(true);
    expect(globToRegExp('a/*.yaml').test('a/x/z.yaml')).toBe(false);
    expect(globToRegExp('a/{b,c}.y?ml').test('a/c.yaml')).toBe(true);
    expect(globToRegExp('a/{b,c}.y?ml').test('a/d.yaml')).toBe(false);
    expect(globToRegExp('a/[!b].yaml').test('a/b.yaml')).toBe(false);
    expect(globToRegExp('a.b/*.yaml').test('aXb/z.yaml')).toBe(false);
    expect(globBase('/r/2026-*/x/*.yaml')).toBe('/r');
  });
});

describe('previousMonth', () => {
  it('crosses the year boundary', () => {
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(previousMonth('2026-10')).toBe('2026-09');
    expect(previousMonth('2026-13')).toBeUndefined();
  });
});

describe('progress on stderr', () => {
  const stream = (isTTY: boolean) => {
    const written: string[] = [];
    return { isTTY, written, write: (text: string) => (written.push(text), true) } as unknown as NodeJS.WritableStream & { isTTY: boolean; written: string[] };
  };

  it('shows a counter on a terminal for long runs and clears it at the end', () => {
    const stderr = stream(true);
    const progress = progressLine(stderr, { json: false, stdoutPiped: false }, 'en')!;
    progress.update(1, PROGRESS_MIN_FILES);
    progress.end();
    expect(stderr.written).toEqual([`\rchecking: 1/${PROGRESS_MIN_FILES} files (5%)`, '\r\u001b[2K']);
  });

  it('stays silent when stderr is not a terminal, for JSON, when stdout is piped, and for short runs', () => {
    expect(progressLine(stream(false), { json: false, stdoutPiped: false }, 'en')).toBeUndefined();
    expect(progressLine(stream(true), { json: true, stdoutPiped: false }, 'en')).toBeUndefined();
    expect(progressLine(stream(true), { json: false, stdoutPiped: true }, 'en')).toBeUndefined();
    const stderr = stream(true);
    const progress = progressLine(stderr, { json: false, stdoutPiped: false }, 'en')!;
    progress.update(3, PROGRESS_MIN_FILES - 1);
    progress.end();
    expect(stderr.written).toEqual([]);
  });

  it('measures Chinese text as two cells per character', () => {
    expect(displayWidth('济南a')).toBe(5);
  });
});

describe('cross-document rules in the rule format', () => {
  const ruleText = readFileSync(path.join(projectRoot, 'rules/24.R24-6.last-place-streak.yaml'), 'utf8');
  const loadVariant = (edit: (text: string) => string) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tmcheck-cross-rule-'));
    writeFileSync(path.join(dir, 'rule.yaml'), edit(ruleText));
    try {
      return loadRules([{ dir, builtIn: false }]);
    } catch (error) {
      if (error instanceof RuleLoadError) return error.problems.map((p) => `${p.line}: ${p.message}`);
      throw error;
    }
  };

  it('R24-6 loads with its check and runs all its examples (months as lists of report fragments)', async () => {
    const rules = loadRules([{ dir: path.join(projectRoot, 'rules'), builtIn: true }]).filter((r) => r.definition.id === RULE);
    const outcomes = await runRuleExamples(rules);
    expect(outcomes.map((o) => [o.expect, o.index, o.ok])).toEqual([
      ['pass', 0, true],
      ['pass', 1, true],
      ['pass', 2, true],
      ['fail', 0, true],
      ['fail', 1, true],
      ['fail', 2, true],
      ['fail', 3, true],
      ['fail', 4, true],
      ['fail', 5, true],
      ['fail', 6, true],
    ]);
  });

  it('a failing example whose findings differ from `at` fails', async () => {
    const rules = loadVariant((t) => t.replace('at: [/documents/3/assessment_score]', 'at: [/documents/2/assessment_score]'));
    expect(Array.isArray(rules) && typeof rules[0] !== 'string').toBe(true);
    const outcomes = await runRuleExamples(rules as Exclude<typeof rules, string[]>);
    const failing = outcomes.filter((o) => !o.ok);
    expect(failing.map((o) => [o.expect, o.index, o.problem])).toEqual([
      ['fail', 0, 'expected findings at [/documents/2/assessment_score], got [/documents/3/assessment_score]'],
    ]);
  });

  it('an unknown check, inconsistent params, a missing outcome and an unknown placeholder are load errors', () => {
    expect(loadVariant((t) => t.replace('check: lastPlaceStreak', 'check: lastPlace'))).toEqual([
      expect.stringMatching(/^\d+: unknown cross-document check "lastPlace"$/),
    ]);
    expect(loadVariant((t) => t.replace('default: 3', 'default: 2'))).toEqual([
      expect.stringContaining('warn_after (2) must be less than terminate_after (2)'),
    ]);
    const missing = loadVariant((t) => t.replace('    rectify:\n', '    rectifyy:\n'));
    expect(missing).toEqual(
      expect.arrayContaining([
        expect.stringContaining('outcome "rectify" of check lastPlaceStreak needs a severity, consequence and message'),
        expect.stringContaining('check lastPlaceStreak has no outcome "rectifyy"'),
      ]),
    );
    expect(loadVariant((t) => t.replace('{vendors} 家', '{vendor_count} 家'))).toEqual([
      expect.stringMatching(/^39: message placeholder \{vendor_count\} cannot be filled/),
    ]);
  });

  it('a cross-document rule may not also carry require', () => {
    const problems = loadVariant((t) => t.replace('cross_document:\n', 'require: { fact: doc, path: /month, operator: equal, value: x }\ncross_document:\n'));
    expect(problems).toEqual([expect.stringContaining('a cross-document rule has no "require"')]);
  });
});

describe('tmcheck on a batch (end to end)', () => {
  const tmcheck = (args: string[]) => runTmcheck(['--history', DOSSIERS, ...args]);

  it('a quoted glob over every month: exit 1 for the three-month streak, table on stdout, nothing on piped stderr', () => {
    const run = tmcheck(['fixtures/batch/**/*.yaml']);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('51:19  error   济南泉声信息技术有限公司 (91370102MA3C4F5G9F) ranks last of 4 vendors in 2026-10');
    expect(run.stdout).toContain("2026-10  4 vendors ranked; scores: as the vendors' reports state them");
    expect(run.stderr).toBe('');
  });

  it('duplicate reports: exit 2', () => {
    const run = tmcheck(['--format', 'json', 'fixtures/batch-duplicate']);
    expect(run.status).toBe(2);
    const json = JSON.parse(run.stdout) as { files: Array<{ file: string; status: string }> };
    expect(json.files.filter((f) => f.status === 'invalid').map((f) => f.file)).toEqual([
      'fixtures/batch-duplicate/2026-10/jinan-quansheng-resubmitted.yaml',
      'fixtures/batch-duplicate/2026-10/jinan-quansheng.yaml',
    ]);
    expect(run.stderr).toBe('');
  });
});
