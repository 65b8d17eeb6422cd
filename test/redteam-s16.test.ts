import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createChecker, exitCode, type CheckerOptions } from '../src/index.js';
import { creditCodeCheckCharacter } from '../src/util/credit-code.js';
import { FIXTURE_DOSSIER, fixturesDir, projectRoot } from './support/fixtures.js';
import { runInProcess, STACK_TRACE } from './support/run-in-process.js';
import { tempDirMaker } from './support/temp-dirs.js';
import { COMPLIANT_REPORT, vendorDossiers } from './support/vendor-reports.js';

/**
 * Red team, session 16: verdicts that passed what breaks the regulation, or that a caller or a
 * vendor could change. Each test fails without its fix.
 */

const NO_TELECOM_LICENCE = path.join(fixturesDir, 'dossier', 'dossier-telecom-license-missing.yaml');
const ERP_WITHOUT_FINANCE = path.join(fixturesDir, 'dossier', 'dossier-business-erp-without-finance.yaml');
const RATE_3PCT = path.join(fixturesDir, 'monthly', 'report-complaint-rate-3pct.yaml');
const tempDir = tempDirMaker('tmcheck-redteam-s16-');

describe('the library: what a caller is handed is its own, and a check is judged by the checker as made', () => {
  it('an explanation edited by the caller (required licences, ERP departments) leaves the next check\'s verdict as it was (both exited 0)', async () => {
    const checker = createChecker({ cwd: projectRoot, jobs: 1 });
    const before = await checker.check([NO_TELECOM_LICENCE, ERP_WITHOUT_FINANCE]);
    const failing = before.findings.map((f) => f.ruleId);
    expect(failing).toEqual(['R10-3/erp-departments', 'R10-P5-2/required-licenses']);

    // A portal shows what a dossier needs, and shortens the lists for display.
    for (const query of ['R10-P5-2/required-licenses', 'R10-3/erp-departments']) {
      const shown = checker.explain(query)!.rules[0]!;
      for (const param of shown.params) if (Array.isArray(param.value)) param.value.splice(0);
      shown.consequence.en = 'nothing follows';
    }
    const after = await checker.check([NO_TELECOM_LICENCE, ERP_WITHOUT_FINANCE]);
    expect(exitCode(after)).toBe(1);
    expect(after.findings.map((f) => f.ruleId)).toEqual(failing);
    expect(after.findings.map((f) => f.consequence.en)).toEqual(before.findings.map((f) => f.consequence.en));
  });

  it("a report's rule messages edited by the caller do not rewrite the next report's findings (the next finding read \"no complaint at all\")", async () => {
    const checker = createChecker({ cwd: projectRoot, jobs: 1 });
    const first = await checker.check([RATE_3PCT]);
    const said = first.findings.map((f) => f.message.en);
    expect(said.some((m) => m.includes('is within 3% (inclusive): tier 1 of 3'))).toBe(true);
    for (const rule of [...first.rules, ...checker.rules]) {
      rule.message.en = 'no complaint at all';
      rule.title.en = 'nothing';
    }
    const second = await checker.check([RATE_3PCT]);
    expect(second.findings.map((f) => f.message.en)).toEqual(said);
    expect(second.rules.find((r) => r.id === 'R24-3/complaint-compensation')!.title.en).toBe('Complaint rate up to 3%: the vendor compensates');
  });

  it('options set again for a second checker do not change the first: its workers judged by the new asOf (a date with no rule in force: 25 more files passed)', async () => {
    const options: CheckerOptions = { cwd: projectRoot, jobs: 2, asOf: '2026-11-01' };
    const checker = createChecker(options);
    const inputs = ['fixtures/dossier', 'fixtures/monthly'];
    const first = await checker.check(inputs);
    options.asOf = '2000-01-01';
    options.rules = ['no-such-folder'];
    const second = await checker.check(inputs);
    const passed = (report: typeof first) => report.files.filter((f) => f.status === 'pass').length;
    expect(passed(second)).toBe(passed(first));
    expect(second.findings.length).toBe(first.findings.length);
    expect(second.asOf).toBe('2026-11-01');
  });
});

describe('the ranking: one vendor name under two credit codes, written with look-alike letters', () => {
  it('济南ABC… in September and 济南АВС… (Cyrillic А, В, С) under another code in October: an input error on both (it exited 0, each month its own vendor)', async () => {
    const dir = tempDir();
    const body = '91370102MA3C4F5G8';
    const other = body + creditCodeCheckCharacter(body)!;
    const september = COMPLIANT_REPORT.replace('month: 2026-10', 'month: 2026-09')
      .replace(/2026-10-(\d\d)/g, '2026-09-$1')
      .replace('cooperation_started: 2026-09-20', 'cooperation_started: 2026-08-20')
      .replace('name: 济南泉声信息技术有限公司', 'name: 济南ABC信息技术有限公司');
    const october = COMPLIANT_REPORT.replace('91370102MA3C4F5G9F', other)
      .replace('cooperation_started: 2026-09-20', 'cooperation_started: 2026-08-20')
      .replace('name: 济南泉声信息技术有限公司', 'name: 济南\u0410\u0412\u0421信息技术有限公司');
    writeFileSync(path.join(dir, 'september.yaml'), september);
    writeFileSync(path.join(dir, 'october.yaml'), october);
    // Each code has its vendor dossier: without the name, nothing tells the two apart.
    const dossiers = vendorDossiers(path.join(dir, 'dossiers'), ['91370102MA3C4F5G9F', other]);
    const run = await runInProcess(['--format', 'json', '--no-timestamp', '--lang', 'en', '--history', dossiers, 'september.yaml', 'october.yaml'], { cwd: dir });
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.status).toBe(2);
    const files = JSON.parse(run.stdout).files as Array<{ file: string; status: string; errors: Array<{ message: string; path?: string }> }>;
    expect(files.map((f) => [f.file, f.status, f.errors.map((e) => e.path)])).toEqual([
      ['october.yaml', 'invalid', ['/vendor/credit_code']],
      ['september.yaml', 'invalid', ['/vendor/credit_code']],
    ]);
    expect(files[0]!.errors[0]!.message).toContain('reports under more than one credit code in this run (91370102MA3C4F5G8C; also 91370102MA3C4F5G9F)');
  });
});

describe('a waiver naming a campaign or number batch by its id covers one item', () => {
  const reportWith = (from: string, to: string) => {
    if (!COMPLIANT_REPORT.includes(from)) throw new Error(`fixture changed: ${from}`);
    return COMPLIANT_REPORT.replace(from, to);
  };
  const WAIVERS = [
    'waivers:',
    '  - rule: R19-1/campaign-reviewed',
    '    vendor: 91370102MA3C4F5G9F',
    '    pointer: /campaigns',
    '    item_id: C-2026-10-01',
    '    reason: 复核记录补录中',
    '    approved_by: 省分客服部 王五',
    '    expires: 2026-12-31',
    '  - requirement: R23-1',
    '    vendor: 91370102MA3C4F5G9F',
    '    pointer: /number_batches',
    '    item_id: NB-2026-10-A',
    '    reason: 复核记录补录中',
    '    approved_by: 省分客服部 王五',
    '    expires: 2026-12-31',
    '',
  ].join('\n');

  it('a second, never-reviewed campaign or batch under the approved id is an unwaivable R19-1/campaign-id-once or R23-1/number-batch-id-once error (both exited 0, waived)', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'waivers.yaml'), WAIVERS);
    writeFileSync(
      path.join(dir, 'campaigns.yaml'),
      reportWith(
        '    cs_review: { approved: true, record_id: JN-CSR-2026-0931, date: 2026-10-06 }\n',
        '    cs_review: { approved: false, record_id: JN-CSR-2026-0931, date: 2026-10-06 }\n  - id: C-2026-10-01\n    start: 2026-10-12\n    cs_review: { approved: false, record_id: 无, date: 2026-10-12 }\n',
      ),
    );
    writeFileSync(
      path.join(dir, 'batches.yaml'),
      reportWith(
        '    cs_review: { approved: true, record_id: JN-NUM-2026-0212 }\n',
        '    cs_review: { approved: false, record_id: JN-NUM-2026-0212 }\n  - id: NB-2026-10-A\n    count: 900000\n    cs_review: { approved: false, record_id: 无 }\n',
      ),
    );
    for (const [file, rule, at] of [
      ['campaigns.yaml', 'R19-1/campaign-id-once', '/campaigns/1'],
      ['batches.yaml', 'R23-1/number-batch-id-once', '/number_batches/1'],
    ] as const) {
      const run = await runInProcess(['--format', 'json', '--no-timestamp', '--lang', 'en', '--today', '2026-11-20', '--waivers', 'waivers.yaml', '--history', FIXTURE_DOSSIER, file], { cwd: dir });
      expect(run.stderr).not.toMatch(STACK_TRACE);
      expect(run.status).toBe(1);
      const findings = JSON.parse(run.stdout).findings as Array<{ ruleId: string; severity: string; waived?: unknown; location: { path?: string } }>;
      const counted = findings.filter((f) => f.severity === 'error' && f.waived === undefined).map((f) => [f.ruleId, f.location.path]);
      expect(counted).toEqual([[rule, at]]);
      // The approved item is still waived: the waiver itself is not in question.
      expect(findings.some((f) => f.waived !== undefined && f.location.path?.endsWith('/0/cs_review/approved'))).toBe(true);
    }
  });
});

describe('a profile may not narrow the complaint tier whose notice says compensation is owed (R24-3)', () => {
  it('max_percent below 3 is a profile error (exit 2): at 1, a month at 1.44% lost its compensation notice, and --fail-on notice exited 0', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'profile.yaml'), 'defaults:\n  R24-3/complaint-compensation: { max_percent: 1 }\n');
    const run = await runInProcess(['--profile', 'profile.yaml', '--fail-on', 'notice', '--lang', 'en', '--history', FIXTURE_DOSSIER, path.join(projectRoot, 'fixtures/report-compliant.yaml')], { cwd: dir });
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('R24-3/complaint-compensation parameter max_percent: 1 is invalid (max_percent must be >= 3)');
  });
});
