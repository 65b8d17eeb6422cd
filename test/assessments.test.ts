import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from './support/run-cli.js';
import { tempDirMaker } from './support/temp-dirs.js';
import { VENDORS, vendorReport, writeTree } from './support/vendor-reports.js';
import { assessment, reportsTree } from './support/assessments.js';
import { createChecker } from '../src/api/checker.js';
import { STACK_TRACE } from './support/run-in-process.js';
import { projectRoot } from './support/fixtures.js';
import { loadRules } from '../src/rules/load-rules.js';
import { runRuleExamples } from '../src/coverage/run-examples.js';
import type { CrossDocumentRuleDefinition, LoadedRule } from '../src/rules/types.js';

/** The JSON report's shape, as far as these tests read it (messages in the run's language). */
interface JsonReport {
  files: Array<{ file: string; kind?: string; status: string; errors: Array<{ message: string; path?: string; line?: number; column?: number }> }>;
  findings: Array<{ ruleId: string; severity: string; message: string; consequence: string; vendor?: string; location: { file: string; path?: string } }>;
  summary: { errors: number };
  notes?: Array<{ file: string }>;
  batch?: {
    vendorMonths: Array<{ month: string; creditCode: string; assessmentScore?: number; rank?: number; vendorsRanked?: number; lastPlace?: boolean }>;
    incompleteMonths?: string[];
    assessedMonths?: Array<{ month: string; file: string }>;
  };
}

// R24-6 ranks every vendor on the branch's comprehensive assessment (--assessments), not on the
// assessment_score a vendor writes in its own report: a vendor writing 100 is still last when the
// branch scores it lowest.

const tempDir = tempDirMaker('tmcheck-assessments-');
const MONTHS = ['2026-08', '2026-09', '2026-10'] as const;

/** Three months in which vendor A writes 100 and B 80 in their reports; the branch scores A 60 and B 80. */
function selfScoredWorkspace(): { dir: string; assessments: string[] } {
  const dir = reportsTree(tempDir(), Object.fromEntries(MONTHS.map((month) => [month, { A: 100, B: 80 }])));
  mkdirSync(path.join(dir, 'branch'));
  const assessments = MONTHS.map((month) => {
    writeFileSync(path.join(dir, 'branch', `${month}.yaml`), assessment(month, { A: 60, B: 80 }));
    return `branch/${month}.yaml`;
  });
  return { dir, assessments };
}

const json = (stdout: string) => JSON.parse(stdout) as JsonReport;
const streakFindings = (report: Pick<JsonReport, 'findings'>) => report.findings.filter((f) => f.ruleId === 'R24-6/last-place-streak');
const byRule = (report: JsonReport, ruleId: string) => report.findings.filter((f) => f.ruleId === ruleId);
const args = (assessments: string[], ...extra: string[]) => ['reports', '--no-timestamp', '--lang', 'en', '-f', 'json', ...assessments.flatMap((a) => ['--assessments', a]), ...extra];

describe('--assessments: the branch ranks the vendors', () => {
  it('a vendor writing 100 in its reports is last by the branch\'s score, three months in a row: termination, on its own report', async () => {
    const { dir, assessments } = selfScoredWorkspace();
    // On the reports' own scores B (80) is last every month and A (100) never is.
    const own = json((await runCli(args([]), dir)).stdout);
    expect(streakFindings(own).map((f) => f.vendor)).toEqual(Array(3).fill(VENDORS.B.code));

    const run = await runCli(args(assessments), dir);
    expect(run.status).toBe(1);
    const report = json(run.stdout);
    const streak = streakFindings(report);
    expect(streak.map((f) => f.vendor)).toEqual(Array(3).fill(VENDORS.A.code));
    const october = streak.find((f) => f.location.file === 'reports/2026-10/A.yaml')!;
    expect(october.severity).toBe('error');
    expect(october.consequence).toBe('Unicom may stop the cooperation and terminate the outsourcing agreement');
    expect(october.message).toContain('with an assessment score of 60: last place 3 months in a row');
    // The rows show the score each month was ranked on, and where it came from.
    expect(report.batch!.vendorMonths.filter((row) => row.creditCode === VENDORS.A.code).map((row) => [row.assessmentScore, row.lastPlace])).toEqual(Array(3).fill([60, true]));
    expect(report.batch!.assessedMonths).toEqual(MONTHS.map((month) => ({ month, file: `branch/${month}.yaml` })));
  });

  it('the library takes the same option (CheckControls.assessments)', async () => {
    const { dir, assessments } = selfScoredWorkspace();
    const report = await createChecker({ cwd: dir }).check(['reports'], { assessments });
    expect(streakFindings(report as unknown as JsonReport).map((f) => [f.vendor, f.location.file])).toEqual(MONTHS.map((m) => [VENDORS.A.code, `reports/${m}/A.yaml`]));
  });

  it('a vendor the assessment lists without a report in the run takes part in the ranking: last itself, so the other is not; its own verdict needs its report (exit 2)', async () => {
    const dir = reportsTree(tempDir(), { '2026-09': { A: 70, B: 80 }, '2026-10': { A: 70, C: 90 } });
    writeFileSync(path.join(dir, 'a.yaml'), assessment('2026-10', { A: 70, B: 50, C: 90 }));
    // On the reports alone A is last in September and October (a streak whose start the run cannot see: errors).
    const without = json((await runCli(['reports', '--no-timestamp', '-f', 'json', '--lang', 'en'], dir)).stdout);
    expect(streakFindings(without).map((f) => [f.location.file, f.severity])).toEqual([
      ['reports/2026-09/A.yaml', 'error'],
      ['reports/2026-10/A.yaml', 'error'],
    ]);
    const run = await runCli(args(['a.yaml']), dir);
    expect(run.status).toBe(2);
    const report = json(run.stdout);
    expect(streakFindings(report).map((f) => f.location.file)).toEqual(['reports/2026-09/A.yaml']);
    const october = report.batch!.vendorMonths.find((row) => row.month === '2026-10' && row.creditCode === VENDORS.A.code)!;
    expect([october.rank, october.vendorsRanked, october.lastPlace]).toEqual([2, 3, false]);
    // B is last in October on the branch's score, but its October report is not in the run.
    const assessmentFile = report.files.find((f) => f.file === 'a.yaml')!;
    expect(assessmentFile.errors.map((e) => [e.path, e.line])).toEqual([['/scores/1/score', 9]]);
    expect(assessmentFile.errors[0]!.message).toContain(`ranks "${VENDORS.B.name}" (${VENDORS.B.code}) last in 2026-10 (score 50), but the run has no report of it`);
  });
});

describe('--assessments: what cannot be judged is never a pass', () => {
  it('a vendor with a report of the month but absent from the assessment: cannot be judged, an error, exit 1; nobody is last that month', async () => {
    const dir = reportsTree(tempDir(), { '2026-10': { A: 60, B: 80 } });
    writeFileSync(path.join(dir, 'a.yaml'), assessment('2026-10', { B: 80 }));
    const run = await runCli(args(['a.yaml']), dir);
    expect(run.status).toBe(1);
    const report = json(run.stdout);
    const unassessed = byRule(report, 'R24-6/branch-assessment');
    expect(unassessed.map((f) => [f.location.file, f.location.path, f.severity])).toEqual([['reports/2026-10/A.yaml', '/vendor/credit_code', 'error']]);
    expect(unassessed[0]!.message).toContain("the branch's assessment of 2026-10 (a.yaml) does not list it: it cannot be ranked");
    expect(report.batch!.incompleteMonths).toEqual(['2026-10']);
    expect(report.batch!.vendorMonths.every((row) => row.rank === undefined)).toBe(true);
    // Still an error with --fail-on error, and not waivable (data quality): see src/controls/waivers.ts.
    expect(report.summary.errors).toBeGreaterThan(0);
  });

  it("a report's own score that differs from the branch's: a warning at /assessment_score naming both; an equal one or none is fine", async () => {
    const dir = writeTree(tempDir(), {
      'reports/A.yaml': vendorReport('A', '2026-10', 90),
      // B states no score of its own: the assessment covers it.
      'reports/B.yaml': vendorReport('B', '2026-10', 80).replace(/^assessment_score: .*$/m, ''),
      'a.yaml': assessment('2026-10', { A: 85.5, B: 80 }),
    });
    const run = await runCli(args(['a.yaml']), dir);
    const report = json(run.stdout);
    expect(report.files.every((f) => f.status !== 'invalid')).toBe(true);
    const differs = byRule(report, 'R24-6/branch-assessment');
    expect(differs.map((f) => [f.location.file, f.location.path, f.severity])).toEqual([['reports/A.yaml', '/assessment_score', 'warning']]);
    expect(differs[0]!.message).toBe(
      "济南泉声信息技术有限公司 (91370102MA3C4F5G9F) states an assessment score of 90 in its 2026-10 report, but the branch's assessment (a.yaml) gives 85.5: the ranking uses the branch's 85.5 (第二十四条(二))",
    );
    expect(report.batch!.vendorMonths.map((row) => [row.creditCode, row.assessmentScore, row.rank])).toEqual([
      [VENDORS.A.code, 85.5, 1],
      [VENDORS.B.code, 80, 2],
    ]);
    // Without the assessment, a report stating no score cannot be ranked: an input error, its month incomplete.
    const without = await runCli(['reports', '--no-timestamp', '-f', 'json', '--lang', 'en'], dir);
    expect(without.status).toBe(2);
    const b = json(without.stdout).files.find((f) => f.file === 'reports/B.yaml')!;
    expect(b.errors.map((e) => [e.path, e.message])).toEqual([
      [
        '/assessment_score',
        'the report states no assessment_score, and 2026-10 has no branch assessment (--assessments): the vendor cannot be ranked, so the ranking of 2026-10 is incomplete; state the score in the report, or name the branch\'s assessment of the month with --assessments',
      ],
    ]);
  });

  it('without an assessment, no finding of the new rule and the views say the scores are the reports\' own', async () => {
    const { dir } = selfScoredWorkspace();
    const run = await runCli(['reports', '--no-timestamp', '--lang', 'en', '-f', 'json=r.json', '-f', 'text', '-f', 'markdown=r.md', '-f', 'html=r.html'], dir);
    expect(run.stdout).toContain("2026-10  2 vendors ranked; scores: as the vendors' reports state them");
    const withIt = await runCli(['reports', '--no-timestamp', '--lang', 'zh', '--assessments', 'branch/2026-10.yaml'], dir);
    expect(withIt.stdout).toContain('得分：分公司考核 branch/2026-10.yaml');
    expect(withIt.stdout).toContain('得分：各外包合作方月报自报');
    // The month's note and its scores' source are joined as Chinese joins clauses (；), not with "; ".
    expect(withIt.stdout).toMatch(/家参与排名；得分：/);
  });
});

describe('--assessments: read only from the option', () => {
  it('an assessment found in the checked folder, or in --history, is an input error (exit 2), and the other files are still checked', async () => {
    const { dir } = selfScoredWorkspace();
    writeFileSync(path.join(dir, 'reports', '2026-10', 'assessment.yaml'), assessment('2026-10', { A: 100, B: 10 }));
    const run = await runCli(['reports', '--no-timestamp', '--lang', 'en', '-f', 'json'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).not.toMatch(STACK_TRACE);
    const report = json(run.stdout);
    const found = report.files.find((f) => f.file === 'reports/2026-10/assessment.yaml')!;
    expect(found.status).toBe('invalid');
    expect(found.errors[0]!.message).toContain('an assessment is read only from --assessments');
    const zh = json((await runCli(['reports', '--no-timestamp', '--lang', 'zh', '-f', 'json'], dir)).stdout);
    expect(zh.files.find((f) => f.file === 'reports/2026-10/assessment.yaml')!.errors[0]!.message).toContain('考核只从 --assessments 指定的文件读取');
    // Not used: B (80 in its reports, 10 in the planted file) is still last in September on the reports' scores.
    expect(streakFindings(report).some((f) => f.location.file === 'reports/2026-09/B.yaml')).toBe(true);
    expect(report.files.filter((f) => f.file.endsWith('B.yaml') || f.file.endsWith('A.yaml'))).toHaveLength(6);

    const history = writeTree(tempDir(), {
      'reports/A.yaml': vendorReport('A', '2026-10', 70),
      'reports/B.yaml': vendorReport('B', '2026-10', 80),
      'earlier/A.yaml': vendorReport('A', '2026-09', 70),
      'earlier/B.yaml': vendorReport('B', '2026-09', 80),
      'earlier/assessment.yaml': assessment('2026-09', { A: 90, B: 10 }),
    });
    const viaHistory = await runCli(['reports', '--history', 'earlier', '--no-timestamp', '--lang', 'en', '-f', 'json'], history);
    expect(viaHistory.status).toBe(2);
    expect(json(viaHistory.stdout).files.find((f) => f.file === 'earlier/assessment.yaml')!.errors[0]!.message).toContain('an assessment is read only from --assessments');
  });

  it('the file named with --assessments is set aside when a walk meets it (a note), and used', async () => {
    const { dir } = selfScoredWorkspace();
    writeFileSync(path.join(dir, 'reports', 'assessment.yaml'), assessment('2026-10', { A: 60, B: 80 }));
    const run = await runCli(args(['reports/assessment.yaml']), dir);
    expect(run.status).toBe(1);
    const report = json(run.stdout);
    expect(report.files.some((f) => f.file === 'reports/assessment.yaml')).toBe(false);
    expect(report.notes?.map((n) => n.file)).toContain('reports/assessment.yaml');
    expect(report.batch!.assessedMonths).toEqual([{ month: '2026-10', file: 'reports/assessment.yaml' }]);
  });

  it('two assessments for one month, or a credit code listed twice: input errors (exit 2), the month ranked on neither', async () => {
    const { dir } = selfScoredWorkspace();
    writeFileSync(path.join(dir, 'other.yaml'), assessment('2026-10', { A: 99, B: 10 }));
    const twice = await runCli(args(['branch/2026-10.yaml', 'other.yaml']), dir);
    expect(twice.status).toBe(2);
    const report = json(twice.stdout);
    expect(report.files.filter((f) => f.kind === 'MonthlyAssessment').map((f) => [f.file, f.errors[0]!.path, f.errors[0]!.message])).toEqual([
      ['branch/2026-10.yaml', '/month', 'more than one branch assessment for 2026-10: see also other.yaml; which one holds cannot be told, so 2026-10 is ranked on neither'],
      ['other.yaml', '/month', 'more than one branch assessment for 2026-10: see also branch/2026-10.yaml; which one holds cannot be told, so 2026-10 is ranked on neither'],
    ]);
    expect(report.batch!.incompleteMonths).toEqual(['2026-10']);

    const code = VENDORS.A.code;
    writeFileSync(path.join(dir, 'dup.yaml'), `${assessment('2026-10', { A: 60, B: 80 })}  - credit_code: ${code}\n    score: 99\n`);
    const dup = await runCli(args(['dup.yaml']), dir);
    expect(dup.status).toBe(2);
    const dupFile = json(dup.stdout).files.find((f) => f.file === 'dup.yaml')!;
    expect(dupFile.errors[0]).toMatchObject({ path: '/scores/2/credit_code', line: 10, message: `the credit code ${code} is listed twice in this assessment (also /scores/0): which score holds cannot be told` });
    expect(json(dup.stdout).batch!.incompleteMonths).toEqual(['2026-10']);
  });

  it('a key a reader cannot tell from the key beside it, or written as an alias, is the input error a document gets (exit 2), the month ranked on neither score', async () => {
    // The officer reads A's score 90 in the file; the second, Cyrillic or aliased, `score` beside it says 10.
    const { dir } = selfScoredWorkspace();
    const base = assessment('2026-10', { A: 60, B: 80 });
    const line = '    score: 60\n';
    expect(base).toContain(line);
    writeTree(dir, {
      'cyrillic.yaml': base.replace(line, '    score: 90\n    sc\u043ere: 10\n'),
      'top.yaml': base.replace('month: 2026-10\n', 'month: 2026-10\nm\u043enth: 2026-09\n'),
      'alias.yaml': base.replace(line, '    &s score: 90\n    *s : 10\n'),
    });
    // A file that cannot be parsed names no month: every month goes unranked.
    for (const [file, error, unranked] of [
      ['cyrillic.yaml', { path: '/scores/0/sc\u043ere', line: 7, column: 5, message: '/scores/0/sc\u043ere reads as the key score beside it (invisible characters, full-width forms, case or letters of another script that look Latin): one field with two values cannot be judged; remove or correct one of them' }, ['2026-10']],
      ['top.yaml', { path: '/m\u043enth', line: 3, column: 1, message: expect.stringMatching(/^\/m\u043enth reads as the key month beside it/) }, ['2026-10']],
      ['alias.yaml', { line: 7, column: 5, message: 'a key cannot be an alias (*s): write the key out' }, MONTHS],
    ] as const) {
      const run = await runCli(args([file]), dir);
      expect(run.status, file).toBe(2);
      const report = json(run.stdout);
      const found = report.files.find((f) => f.file === file)!;
      expect(found.errors.map((e) => e.message), file).toHaveLength(2); // the error, then what an unusable assessment means
      expect(found.errors[0], file).toMatchObject(error);
      expect(report.batch!.incompleteMonths, file).toEqual(unranked);
    }
  });
});

describe('rules/24.R24-6.branch-assessment.yaml', () => {
  it("runs its examples with their assessments, as --assessments would give them (each fails without them)", async () => {
    const rules = loadRules([{ dir: path.join(projectRoot, 'rules'), builtIn: true }]).filter((r) => r.definition.id === 'R24-6/branch-assessment');
    const outcomes = await runRuleExamples(rules);
    expect(outcomes.map((o) => [o.expect, o.index, o.ok, o.problem])).toEqual([
      ['pass', 0, true, undefined],
      ['pass', 1, true, undefined],
      ['fail', 0, true, undefined],
      ['fail', 1, true, undefined],
    ]);
    // Without its assessments a failing example finds nothing: the examples are judged with them.
    const definition = rules[0]!.definition as CrossDocumentRuleDefinition;
    const fail = definition.examples.fail.map(({ assessments: _, ...rest }) => rest);
    const bare: LoadedRule[] = [{ ...rules[0]!, definition: { ...definition, examples: { pass: [], fail } } }];
    expect((await runRuleExamples(bare)).map((o) => o.ok)).toEqual([false, false]);
  });
});
