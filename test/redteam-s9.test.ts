import { isPresentOperator } from '../src/operators/is-present.js';
import { describe, expect, it } from 'vitest';
import { runInProcess } from './support/run-in-process.js';
import { tempDirMaker } from './support/temp-dirs.js';
import { COMPLIANT_REPORT, VENDORS, vendorDossiers, vendorReport as report, writeTree } from './support/vendor-reports.js';

/**
 * Red-team cases (session 9): inputs that broke the regulation, or could not be judged, on which a
 * run exited 0. Each test fails without its fix.
 */

const tempDir = tempDirMaker('tmcheck-redteam-s9-');
const template = COMPLIANT_REPORT;


const write = (files: Record<string, string>): string => writeTree(tempDir(), files);

interface Json {
  findings: Array<{ ruleId: string; severity: string; waived?: unknown; location: { file: string; path?: string } }>;
  files: Array<{ file: string; status: string; errors?: Array<{ code?: string; message: string }> }>;
}

/** The vendors' dossiers (--history): R10-1/R10-3 judge every report of the run against them. */
const DOSSIERS = vendorDossiers(tempDir());

async function check(cwd: string, ...args: string[]): Promise<{ status: number; json: Json }> {
  const run = await runInProcess(['--format', 'json', '--no-timestamp', '--history', DOSSIERS, '--lang', 'en', '--today', '2026-11-20', ...args], { cwd });
  return { status: run.status, json: JSON.parse(run.stdout) as Json };
}

const errorsOf = (json: Json) => json.findings.filter((f) => f.severity === 'error' && !f.waived).map((f) => [f.ruleId, f.location.file, f.location.path]);

describe('R24-6: a later report in --history does not answer for a month the run ranks without the vendor', () => {
  // 济南 (A) is last in 2026-07 and 2026-08 (a warning); had it reported 2026-09 it could be last a third time (termination).
  // The run ranks 2026-09 without it, and its 2026-10 report lies in --history (`--history reports/` holding later months too).
  const earlier = {
    'hist/A-06.yaml': report('A', '2026-06', 96),
    'hist/B-06.yaml': report('B', '2026-06', 95),
    'hist/A-07.yaml': report('A', '2026-07', 60),
    'hist/B-07.yaml': report('B', '2026-07', 90),
    'hist/A-10.yaml': report('A', '2026-10', 60),
    'hist/B-10.yaml': report('B', '2026-10', 90),
  };

  it('last-place report in the run: the skipped month is a gap finding on it (it exited 0 with a warning)', async () => {
    const dir = write({ ...earlier, 'run/A-08.yaml': report('A', '2026-08', 60), 'run/B-08.yaml': report('B', '2026-08', 90), 'run/B-09.yaml': report('B', '2026-09', 90) });
    const { status, json } = await check(dir, 'run', '--history', 'hist');
    expect(status).toBe(1);
    expect(errorsOf(json)).toEqual([['R24-6/last-place-streak', 'run/A-08.yaml', '/month']]);
  });

  it('last-place report in --history as well: an input error on it (it exited 0)', async () => {
    const dir = write({ ...earlier, 'hist/A-08.yaml': report('A', '2026-08', 60), 'hist/B-08.yaml': report('B', '2026-08', 90), 'run/B-09.yaml': report('B', '2026-09', 90) });
    const { status, json } = await check(dir, 'run', '--history', 'hist');
    expect(status).toBe(2);
    const invalid = json.files.find((f) => f.file === 'hist/A-08.yaml');
    expect(invalid?.status).toBe('invalid');
    expect(invalid?.errors?.[0]?.message).toContain('ranked last in 2026-08, but the run ranks 2026-09 without a report of it');
  });

  it('a vendor with a report of the month in the run is judged as before: no gap, no input error', async () => {
    const dir = write({
      ...earlier,
      'run/A-08.yaml': report('A', '2026-08', 60),
      'run/B-08.yaml': report('B', '2026-08', 90),
      'run/A-09.yaml': report('A', '2026-09', 95),
      'run/B-09.yaml': report('B', '2026-09', 90),
    });
    const { status, json } = await check(dir, 'run', '--history', 'hist');
    expect(status).toBe(0);
    expect(json.findings.filter((f) => f.ruleId === 'R24-6/last-place-streak').map((f) => [f.severity, f.location.file])).toEqual([['warning', 'run/A-08.yaml']]);
  });
});

describe('R24-6: a vendor with --history reports before and after a month the run ranks must report that month', () => {
  // 济南 (A) is last in 2026-07 and 2026-08 (--history); the run checks its 2026-09 report. 青岛 (B) reported 2026-08 and
  // 2026-10 (--history) but not 2026-09, so A was alone in 2026-09 and nobody was last: A's third month passed unjudged.
  it('an input error on the report after the gap (exit 2; it exited 0)', async () => {
    const dir = write({
      'hist/A-06.yaml': report('A', '2026-06', 96),
      'hist/B-06.yaml': report('B', '2026-06', 95),
      'hist/A-07.yaml': report('A', '2026-07', 60),
      'hist/B-07.yaml': report('B', '2026-07', 90),
      'hist/A-08.yaml': report('A', '2026-08', 60),
      'hist/B-08.yaml': report('B', '2026-08', 90),
      'run/A-09.yaml': report('A', '2026-09', 60),
      'hist/A-10.yaml': report('A', '2026-10', 60),
      'hist/B-10.yaml': report('B', '2026-10', 90),
    });
    const { status, json } = await check(dir, 'run', '--history', 'hist');
    expect(status).toBe(2);
    const invalid = json.files.filter((f) => f.status === 'invalid').map((f) => [f.file, f.errors?.[0]?.message]);
    expect(invalid).toEqual([['hist/B-10.yaml', expect.stringContaining('has reports of 2026-08 and 2026-10 (--history) but none of 2026-09, which the run ranks')]]);
  });
});

describe('a profile may make a rule stricter than the regulation, never looser', () => {
  // 第二十二条 lets a city set its calling time; every other number and list is the regulation's own.
  // A city entry lowering the training hours or allowing settlement by call count made a breach exit 0.
  const breach = report('A', '2026-10', 80).replace('pre_job_training_hours: 84', 'pre_job_training_hours: 20').replace('basis: effective_revenue', 'basis: call_count');

  it('a looser value is a profile error naming what the regulation requires (exit 2; it exited 0)', async () => {
    const profile = [
      'defaults:',
      '  R20-2: { topics: [etiquette, sales_skills] }',
      '  R10-1/step-order: { steps: [agreement_signed] }',
      'cities:',
      '  济南:',
      '    R20-1: { min_hours: 10 }',
      '    R10-P3: { allowed_basis: call_count }',
      '    R24-4: { lower_percent: 5 }',
      '    R24-5: { above_percent: 50 }',
      '',
    ].join('\n');
    const dir = write({ 'profile.yaml': profile, 'report.yaml': breach });
    const run = await runInProcess(['--profile', 'profile.yaml', 'report.yaml', '--today', '2026-11-20', '--lang', 'en'], { cwd: dir });
    expect(run.status).toBe(2);
    const lines = run.stderr.split('\n').filter((line) => line.startsWith('  profile.yaml:')).map((line) => line.replace(/ is invalid .*\((.*)\)$/, ': $1').replace(/^  profile\.yaml:\d+:\d+: /, ''));
    expect(lines).toEqual([
      'R20-2/training-topics parameter topics: ["etiquette","sales_skills"]: topics must include "business_knowledge", topics must include "business_rules"',
      expect.stringMatching(/^R10-1\/step-order parameter steps: \["agreement_signed"\]: steps must be \["qualification_review",/),
      'R20-1/pre-job-training-hours parameter min_hours: 10: min_hours must be >= 80',
      'R10-P3/monthly-settlement-basis parameter allowed_basis: "call_count": allowed_basis must be "effective_revenue"',
      'R24-4/complaint-deduction parameter lower_percent: 5: lower_percent must be <= 3',
      'R24-5/complaint-termination parameter above_percent: 50: above_percent must be <= 10',
    ]);
  });

  it('a stricter value and a city\'s own calling time are accepted, and judge the report', async () => {
    const profile = `cities:\n  济南:\n    R20-1: { min_hours: 90 }\n    R22-1: { max_span_minutes: 900, window_start: "08:00" }\nvendors:\n  ${VENDORS.A.code}: 济南\n`;
    const dir = write({ 'profile.yaml': profile, 'report.yaml': report('A', '2026-10', 80) });
    const { status, json } = await check(dir, '--profile', 'profile.yaml', 'report.yaml');
    expect(status).toBe(1);
    expect(errorsOf(json)).toEqual([['R20-1/pre-job-training-hours', 'report.yaml', '/agents/0/pre_job_training_hours'], ['R20-1/pre-job-training-hours', 'report.yaml', '/agents/1/pre_job_training_hours']]);
  });
});

describe('a waiver approves breaches of a requirement, never what tmcheck could not check', () => {
  // A waiver of R20-1 about one agent's certificate covered tmcheck/call-log-no-report (R20-1: a month of
  // calls whose training was never checked), and one of R21-1 the call log's unreadable rows: the run exited 0.
  const header = 'call_id,vendor_credit_code,agent_id,started_at,duration_s,recorded\n';
  const log = `${header}C1,91370102MA3C4F5G9F,A001,2026-10-09 09:00:00,60,1\nC2,91370102MA3C4F5G9F,A001,2026-10-09 25:00:00,60,1\n`;
  const waiver = (requirement: string) =>
    `  - requirement: ${requirement}\n    vendor: 91370102MA3C4F5G9F\n    reason: 话务员 A003 培训证明待补\n    approved_by: 省分客服部 王五\n    expires: 2026-12-31\n`;

  it('tmcheck/call-log-no-report and tmcheck/call-log-unreadable-rows stay errors under waivers of R20-1 and R21-1', async () => {
    const dir = write({ 'calls.csv': log, 'waivers.yaml': `waivers:\n${waiver('R20-1')}${waiver('R21-1')}` });
    const { status, json } = await check(dir, '--waivers', 'waivers.yaml', 'calls.csv');
    expect(status).toBe(1);
    expect(errorsOf(json).map(([rule]) => rule)).toEqual(['tmcheck/call-log-no-report', 'tmcheck/call-log-unreadable-rows']);
    expect(json.findings.filter((f) => f.ruleId === 'tmcheck/waiver-unused')).toHaveLength(2);
  });

  it("a rule's data-quality outcome (a calling day listed twice, R22-1/calling-day-once) stays an error under a waiver of R22-1", async () => {
    const twice = report('A', '2026-10', 88.5).replace('  - { date: 2026-10-10, first_call: "09:15", last_call: "21:00" }', '  - { date: 2026-10-09, first_call: "09:15", last_call: "21:00" }');
    const dir = write({ 'report.yaml': twice, 'waivers.yaml': `waivers:\n${waiver('R22-1')}` });
    const { status, json } = await check(dir, '--waivers', 'waivers.yaml', 'report.yaml');
    expect(status).toBe(1);
    expect(errorsOf(json).map(([rule]) => rule)).toContain('R22-1/calling-day-once');
    expect(json.findings.filter((f) => f.ruleId === 'R22-1/calling-day-once').every((f) => !('waived' in f))).toBe(true);
  });
});

describe('a record id or licence number that says there is none is no record (R19-1, R23-1, R10-P5-2)', () => {
  it('isPresent: 无, （无）, 暂无, 待补, N/A, "null" and text with no letter or digit are absent; real ids are present', () => {
    for (const none of ['无', '暂无', '待补', 'N/A', 'n / a', 'NULL', 'None', '/', '？', '——', '（无）', '待补。']) {
      expect(isPresentOperator.evaluate(none, true), none).toBe(false);
      expect(isPresentOperator.evaluate(none, false), none).toBe(true);
    }
    for (const id of ['JN-CSR-2026-0931', 'B2-20190417', 'Ａ１', '无锡-001', '0']) expect(isPresentOperator.evaluate(id, true), id).toBe(true);
  });

  it('end to end: a campaign review record id of 无 fails R19-1 at the id (it exited 0)', async () => {
    const dir = write({ 'report.yaml': report('A', '2026-10', 80).replace('record_id: JN-CSR-2026-0931', 'record_id: 无') });
    const { status, json } = await check(dir, 'report.yaml');
    expect(status).toBe(1);
    expect(errorsOf(json)).toEqual([['R19-1/campaign-reviewed', 'report.yaml', '/campaigns/0/cs_review/record_id']]);
  });
});

describe('R19-1: calling days before every listed campaign began are calling for no reviewed campaign', () => {
  it('the only campaign starts on the 20th, reviewed on the 15th; calls on the 9th and 10th are errors at their dates (it exited 0)', async () => {
    const late = report('A', '2026-10', 80).replace('start: 2026-10-09', 'start: 2026-10-20').replace('date: 2026-10-06 }', 'date: 2026-10-15 }');
    const dir = write({ 'report.yaml': late, 'running.yaml': report('A', '2026-10', 80).replace('start: 2026-10-09', 'start: 2026-08-20').replace('date: 2026-10-06 }', 'date: 2026-08-15 }') });
    const lateRun = await check(dir, 'report.yaml');
    expect(lateRun.status).toBe(1);
    expect(errorsOf(lateRun.json)).toEqual([
      ['R19-1/calling-before-campaign', 'report.yaml', '/calling_days/0/date'],
      ['R19-1/calling-before-campaign', 'report.yaml', '/calling_days/1/date'],
    ]);
    // A campaign begun in an earlier month and still running covers this month's calling.
    expect((await check(dir, 'running.yaml')).status).toBe(0);
  });
});
