import { NO_REPORT_RULE, UNREADABLE_ROWS_RULE } from '../src/calllog/call-log-check.js';
import { describe, expect, it } from 'vitest';
import { runInProcess } from './support/run-in-process.js';
import { FORMATTERS } from '../src/format/registry.js';
import { createChecker } from '../src/api/checker.js';
import { projectRoot } from './support/fixtures.js';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDirMaker } from './support/temp-dirs.js';
import { vendorDossiers } from './support/vendor-reports.js';

// The JSON report, as far as these tests read it.
interface JsonFinding { ruleId: string; severity: string; message: string; location: { file: string; path?: string; row?: number }; vendor?: string }
interface JsonFile { file: string; status: string; errors?: Array<{ message: string }>; warnings?: Array<{ message: string }> }
interface JsonRow { month: string; creditCode: string; rank?: number; lastPlace?: boolean; errors: number; warnings: number; notices: number }
interface JsonReport { files: JsonFile[]; findings: JsonFinding[]; summary: { files: number }; batch?: { months: string[]; vendorMonths: JsonRow[]; incompleteMonths?: string[] } }

const RULE = 'R24-6/last-place-streak';
const tempDir = tempDirMaker('tmcheck-ranking-gaps-');
const JINAN = '91370102MA3C4F5G9F';
const ZIBO = '91370303MA3E8N4P2T';
const YANTAI = '91370602MA3F2Q6R7B';
const INCOMPLETE = 'fixtures/batch-incomplete';
const SEPTEMBER_COMPLETE = ['jinan-quansheng', 'qingdao-haiyun', 'zibo-boyuan'].map((v) => `${INCOMPLETE}/2026-09/${v}.yaml`);

async function tmcheck(args: string[]): Promise<{ status: number; json: JsonReport }> {
  const run = await runInProcess(['--format', 'json', '--no-timestamp', '--lang', 'en', ...args]);
  return { status: run.status, json: JSON.parse(run.stdout) as JsonReport };
}

const streak = (json: JsonReport) => json.findings.filter((f) => f.ruleId === RULE).map((f) => [f.severity, f.location.file, f.location.path]);

describe('a vendor-month left out of the ranking leaves its month incomplete (fixtures/batch-incomplete)', () => {
  it('a duplicate report for 济南 2026-09 gives no last-place finding to another vendor that month, and no verdict that runs through it', async () => {
    const { status, json } = await tmcheck([INCOMPLETE]);
    expect(status).toBe(2);
    // Without the duplicate's month being incomplete, 淄博 (67.5, lowest of the two left) would be last in 2026-09 and terminated in 2026-10.
    // Both streaks reach a month outside the run or incomplete: not judged, an error (never a pass).
    expect(streak(json)).toEqual([
      ['error', `${INCOMPLETE}/2026-08/zibo-boyuan.yaml`, '/assessment_score'],
      ['error', `${INCOMPLETE}/2026-10/zibo-boyuan.yaml`, '/assessment_score'],
    ]);
    const october = json.findings.find((f) => f.ruleId === RULE && f.location.file === `${INCOMPLETE}/2026-10/zibo-boyuan.yaml`)!;
    expect(october.message).toContain('the ranking of 2026-09 is incomplete (a report was left out), so whether the streak is longer cannot be judged (2 months in a row');
    expect(json.batch!.incompleteMonths).toEqual(['2026-09']);
    expect(json.batch!.vendorMonths.filter((r) => r.month === '2026-09').map((r) => [r.creditCode, r.rank, r.lastPlace])).toEqual([
      [JINAN, undefined, undefined],
      [JINAN, undefined, undefined],
      ['91370202MA3D7K2H1J', undefined, undefined],
      [ZIBO, undefined, undefined],
    ]);
    const duplicate = json.files.find((f) => f.file === `${INCOMPLETE}/2026-09/jinan-quansheng.yaml`)!;
    expect(duplicate.errors![0]!.message).toContain('so the ranking of 2026-09 is incomplete and nobody is ranked last that month');
  });

  it('the same months with one report each: 2026-09 is ranked (a tie for last) and 淄博 is last three months in a row', async () => {
    const { status, json } = await tmcheck([`${INCOMPLETE}/2026-08`, ...SEPTEMBER_COMPLETE, `${INCOMPLETE}/2026-10`]);
    expect(status).toBe(1);
    // 2026-08 and 2026-09 are not judged (2026-07 is outside the run); by 2026-10 the streak is long enough to terminate.
    expect(streak(json)).toEqual([
      ['error', `${INCOMPLETE}/2026-08/zibo-boyuan.yaml`, '/assessment_score'],
      ['error', `${INCOMPLETE}/2026-09/zibo-boyuan.yaml`, '/assessment_score'],
      ['error', `${INCOMPLETE}/2026-10/zibo-boyuan.yaml`, '/assessment_score'],
    ]);
    expect(json.batch!.incompleteMonths).toBeUndefined();
  });

  it('an invalid report whose month can be read leaves that month incomplete too', async () => {
    const invalid = 'fixtures/batch-invalid/2026-09/jinan-quansheng.yaml';
    const { status, json } = await tmcheck([`${INCOMPLETE}/2026-08`, invalid, ...SEPTEMBER_COMPLETE.slice(1), `${INCOMPLETE}/2026-10`]);
    expect(status).toBe(2);
    expect(streak(json)).toEqual([
      ['error', `${INCOMPLETE}/2026-08/zibo-boyuan.yaml`, '/assessment_score'],
      ['error', `${INCOMPLETE}/2026-10/zibo-boyuan.yaml`, '/assessment_score'],
    ]);
    expect(json.batch!.incompleteMonths).toEqual(['2026-09']);
    expect(json.files.find((f) => f.file === invalid)!.status).toBe('invalid');
    expect(json.batch!.vendorMonths.filter((r) => r.month === '2026-09').every((r) => r.rank === undefined && r.lastPlace === undefined)).toBe(true);
  });
});

describe('a vendor missing from a month between two of its reports', () => {
  it('gets a gap error (never a pass) at /month of the report after the gap (烟台, no report in 2026-06)', async () => {
    const { json } = await tmcheck(['fixtures/batch']);
    const gaps = json.findings.filter((f) => f.ruleId === RULE && f.location.path === '/month');
    expect(gaps.map((f) => [f.location.file, f.vendor, f.severity])).toEqual([['fixtures/batch/2026-07/yantai-jinghai.yaml', YANTAI, 'error']]);
  });

  it('gets none when the months before its first report are simply not in the batch (烟台 from 2026-07: a first report, no gap)', async () => {
    const { json } = await tmcheck(['fixtures/batch/2026-0[6-9]/*.yaml', 'fixtures/batch/2026-10']);
    expect(json.findings.filter((f) => f.vendor === YANTAI && f.ruleId === RULE)).toEqual([]);
  });
});

describe('--history: earlier months as context', () => {
  it('without it, last place in the run\'s first month is not judged (an error: never a pass), and the finding says how to include history', async () => {
    const { status, json } = await tmcheck(['fixtures/batch/2026-10']);
    expect(status).toBe(1);
    expect(streak(json)).toEqual([['error', 'fixtures/batch/2026-10/jinan-quansheng.yaml', '/assessment_score']]);
    expect(json.findings.find((f) => f.ruleId === RULE)!.message).toContain("2026-09 and earlier months are not in this run (name earlier months' reports with --history)");
  });

  it('with it, the streak continues from the history months; history files are neither listed nor reported', async () => {
    const { status, json } = await tmcheck(['--history', 'fixtures/batch/2026-0[5-9]', 'fixtures/batch/2026-10']);
    expect(status).toBe(1);
    expect(streak(json)).toEqual([['error', 'fixtures/batch/2026-10/jinan-quansheng.yaml', '/assessment_score']]);
    expect(json.findings.find((f) => f.ruleId === RULE)!.message).toContain('last place 3 months in a row (earlier: 2026-08, 2026-09)');
    expect(json.files.map((f) => f.file)).toEqual([
      'fixtures/batch/2026-10/jinan-quansheng.yaml',
      'fixtures/batch/2026-10/qingdao-haiyun.yaml',
      'fixtures/batch/2026-10/yantai-jinghai.yaml',
      'fixtures/batch/2026-10/zibo-boyuan.yaml',
    ]);
    expect(json.findings.every((f) => f.location.file.startsWith('fixtures/batch/2026-10/'))).toBe(true);
    expect(json.batch!.months).toEqual(['2026-10']);
  });

  it('a file that is both history and input is the run\'s (no duplicate)', async () => {
    const { status, json } = await tmcheck(['--history', 'fixtures/batch', 'fixtures/batch/2026-10']);
    expect(status).toBe(1);
    expect(json.summary.files).toBe(4);
    expect(streak(json)).toEqual([['error', 'fixtures/batch/2026-10/jinan-quansheng.yaml', '/assessment_score']]);
  });

  it('a history report\'s own findings never change the exit status', async () => {
    // An error of its own (R22-1), in a month after the run's: it adds nothing the run's ranking needs.
    // The run is one report (a month with one vendor ranks nobody), which passes on its own.
    // It states the run's cooperation start (2025-03-01): a start another report contradicts is a finding of the run's report (R24-2/cooperation-start-agrees).
    const args = [`${INCOMPLETE}/2026-08/jinan-quansheng.yaml`];
    const history = path.join(tempDir(), 'report-calling-span-12h01m.yaml');
    writeFileSync(history, readFileSync(path.join(projectRoot, 'fixtures/monthly/report-calling-span-12h01m.yaml'), 'utf8').replace('cooperation_started: 2026-09-20', 'cooperation_started: 2025-03-01'));
    // The vendor's dossier (agreement signed before that start) beside both runs: R10-1/R10-3 judge the report.
    const dossiers = ['--history', vendorDossiers(tempDir(), ['91370102MA3C4F5G9F'])];
    const without = await tmcheck([...dossiers, ...args]);
    const withHistory = await tmcheck([...dossiers, '--history', history, ...args]);
    expect(without.status).toBe(0);
    expect(withHistory.status).toBe(0);
    expect(withHistory.json.findings).toEqual(without.json.findings);
    expect(withHistory.json.files).toEqual(without.json.files);
  });

  it('an invalid history file is an input error of the run (exit 2), listed as such, and its month is incomplete', async () => {
    const { status, json } = await tmcheck(['--history', 'fixtures/batch-invalid', `${INCOMPLETE}/2026-10`]);
    expect(status).toBe(2);
    const file = json.files.find((f) => f.file === 'fixtures/batch-invalid/2026-09/jinan-quansheng.yaml')!;
    expect(file.status).toBe('invalid');
    expect(file.errors!.map((e) => e.message)).toContain(
      "named with --history: read only as context for the run's monthly reports (earlier months' reports for the ranking, dossiers for their agreement dates and licences; its own findings are not reported); it must be fixed to be used",
    );
    expect(json.findings.find((f) => f.ruleId === RULE)!.message).toContain('the ranking of 2026-09 is incomplete');
  });
});

describe('call-log findings in the monthly summary (fixtures/calllogs)', async () => {
  const report = await createChecker({ cwd: projectRoot, jobs: 1 }).check(['fixtures/calllogs']);
  // Findings on a vendor's calls; the one on a log's unreadable rows belongs to no vendor (the rows could not be read),
  // and the one on the second vendor's calls, whose report is not in the folder, to a vendor-month with no row.
  const callLogFindings = report.findings.filter((f) => f.location.row !== undefined && f.ruleId !== UNREADABLE_ROWS_RULE && f.ruleId !== NO_REPORT_RULE);

  it('are counted in their vendor-month row', () => {
    expect(callLogFindings.length).toBeGreaterThan(0);
    const row = report.batch!.vendorMonths.find((r) => r.creditCode === JINAN && r.month === '2026-10')!;
    const ofRow = report.findings.filter((f) => !f.waived && (f.location.file === row.file || (f.vendor === JINAN && f.month === '2026-10')));
    expect(ofRow.filter((f) => f.location.row !== undefined && f.ruleId !== UNREADABLE_ROWS_RULE).length).toBe(callLogFindings.length);
    expect([row.errors, row.warnings, row.notices]).toEqual(['error', 'warning', 'notice'].map((s) => ofRow.filter((f) => f.severity === s).length));
    expect(row.errors).toBeGreaterThan(0);
  });

  it('name their vendor in every format', () => {
    for (const finding of callLogFindings) {
      expect(finding.vendor).toBe(JINAN);
      expect(finding.message.en.startsWith(`vendor ${JINAN}: `)).toBe(true);
      expect(finding.message.zh.startsWith(`外包合作方 ${JINAN}：`)).toBe(true);
    }
    const first = callLogFindings[0]!;
    for (const [name, format] of Object.entries(FORMATTERS)) {
      const out = format(report, { lang: 'en', color: false, failOn: 'error' });
      expect([name, out.includes(`vendor ${JINAN}: ${first.message.en.slice(`vendor ${JINAN}: `.length, 40)}`)]).toEqual([name, true]);
    }
    const sarif = JSON.parse(FORMATTERS.sarif(report, { lang: 'en', color: false, failOn: 'error' })) as { runs: Array<{ results: Array<{ ruleId: string; properties: { vendor?: string; row?: number } }> }> };
    const onCalls = sarif.runs[0]!.results.filter((r) => r.properties.row !== undefined && r.ruleId !== UNREADABLE_ROWS_RULE && !r.ruleId.startsWith('input/'));
    expect(onCalls.filter((r) => r.ruleId !== NO_REPORT_RULE).length).toBe(callLogFindings.length);
    expect(onCalls.filter((r) => r.ruleId !== NO_REPORT_RULE).every((r) => r.properties.vendor === JINAN)).toBe(true);
    // The vendor-month without a report is named too, and has no row of its own in the summary.
    const unmatched = report.findings.filter((f) => f.ruleId === NO_REPORT_RULE);
    const ofV2 = ['91370200MA3D5E6F79', '2026-10', true];
    expect(unmatched.map((f) => [f.vendor, f.month, f.message.en.startsWith(`vendor ${f.vendor}: `)])).toEqual([ofV2, ofV2]); // one per log
    expect(onCalls.filter((r) => r.ruleId === NO_REPORT_RULE).map((r) => r.properties.vendor)).toEqual([ofV2[0], ofV2[0]]);
    expect(report.batch!.vendorMonths.some((r) => r.creditCode === '91370200MA3D5E6F79')).toBe(false);
  });
});

describe('an incomplete month in the monthly tables', async () => {
  const report = await createChecker({ cwd: projectRoot, jobs: 1 }).check([INCOMPLETE]);
  const render = (name: keyof typeof FORMATTERS, lang: 'zh' | 'en') => FORMATTERS[name](report, { lang, color: false, failOn: 'error' });

  it('is said to be incomplete in text, Markdown and HTML, in both languages, and a complete month is not', () => {
    expect(render('text', 'en')).toContain('2026-09  ranking incomplete (a report was left out: duplicate or not checkable): nobody is ranked last');
    expect(render('text', 'en')).toContain("2026-10  3 vendors ranked; scores: as the vendors' reports state them");
    expect(render('text', 'zh')).toContain('2026-09  排名不完整（有月报重复或无法检查，未参与排名）：当月不排末位');
    expect(render('markdown', 'en')).toContain('Ranking incomplete (a report was left out: duplicate or not checkable), nobody ranked last: 2026-09\n');
    expect(render('html', 'en')).toContain('<p class="note">2026-09: Ranking incomplete');
    expect(render('html', 'en')).not.toContain('<p class="note">2026-10: ');
    expect(render('html', 'zh')).toContain('<p class="note">2026-09: 排名不完整');
  });
});
