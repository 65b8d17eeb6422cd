import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { actualFindings, checkReports, expectedFindings, fixturesDir, projectRoot, sortFindings, yamlFixtures } from './support/fixtures.js';
import { loadRuleSet } from '../src/engine/load-rule-set.js';
import { runRuleExamples } from '../src/coverage/run-examples.js';

const monthlyFixtures = yamlFixtures(path.join(fixturesDir, 'monthly'));

/** Requirements a monthly report can show (R24-6 needs several reports and is tested with the batch). */
const MONTHLY_REQUIREMENTS = [
  'R10-P3', 'R10-P5-1', 'R19-1', 'R20-1', 'R20-2', 'R20-3', 'R21-1', 'R21-2', 'R21-3', 'R22-1', 'R23-1',
  'R24-1', 'R24-2', 'R24-3', 'R24-4', 'R24-5', 'R25-1',
];

describe('MonthlyReport rules on fixtures', () => {
  it('has a fixture set to check', () => {
    expect(monthlyFixtures.length).toBeGreaterThanOrEqual(30);
  });

  for (const file of monthlyFixtures) {
    const name = path.basename(file);
    it(`${name}: exactly the findings its "# expect:" lines name (rule id, pointer, line)`, async () => {
      const report = await checkReports([file]);
      expect(report.files.map((f) => [f.status, f.errors])).toEqual([[expect.stringMatching(/pass|fail/), []]]);
      expect(sortFindings(actualFindings(report))).toEqual(sortFindings(expectedFindings(file)));
    });
  }

  it('every monthly requirement has a failing fixture', () => {
    const covered = new Set(monthlyFixtures.flatMap((file) => expectedFindings(file).map((e) => e.ruleId.split('/')[0])));
    for (const requirement of MONTHLY_REQUIREMENTS) expect(covered, requirement).toContain(requirement);
  });

  // The spec's compliant report has 31 vendor-caused complaints among 2,150 paying users (1.44%):
  // compliant, but compensation is owed (第二十四条(二), R24-3), which is a notice and not a failure.
  it('the spec example report and the template have no error or warning, only the compensation notice', async () => {
    // Checked one at a time: together they would be two reports of one vendor and month (a duplicate).
    const [spec, template] = await Promise.all([checkReports(['fixtures/report-compliant.yaml']), checkReports(['templates/monthly-report.yaml'])]);
    const report = { files: [...spec!.files, ...template!.files], findings: [...spec!.findings, ...template!.findings] };
    expect([spec!.summary, template!.summary]).toMatchObject([{ errors: 0, warnings: 0, notices: 1 }, { errors: 0, warnings: 0, notices: 1 }]);
    expect(report.files.map((f) => [f.file, f.status, f.errors])).toEqual([
      ['fixtures/report-compliant.yaml', 'pass', []],
      ['templates/monthly-report.yaml', 'pass', []],
    ]);
    expect(report.findings.map((f) => [f.location.file, f.ruleId, f.severity, f.location.path, f.location.line])).toEqual([
      ['fixtures/report-compliant.yaml', 'R24-3/complaint-compensation', 'notice', '/complaints/vendor_caused', 45],
      ['templates/monthly-report.yaml', 'R24-3/complaint-compensation', 'notice', '/complaints/vendor_caused', 46],
    ]);
  });
});

describe('monthly findings say what was found and what follows', () => {
  const only = async (fixture: string) => {
    const report = await checkReports([`fixtures/monthly/${fixture}`]);
    expect(report.findings).toHaveLength(1);
    return report.findings[0]!;
  };

  it('complaint tiers: rate, tier and consequence, with the severity of each tier', async () => {
    const tier1 = await only('report-complaint-rate-3pct.yaml');
    expect([tier1.severity, tier1.consequenceKind]).toEqual(['notice', 'compensation']);
    expect(tier1.message.en).toBe('complaint rate 3% (60 vendor-caused complaints / 2,000 paying users) is within 3% (inclusive): tier 1 of 3, the vendor owes compensation (第二十四条(二))');
    expect(tier1.message.zh).toBe('当月投诉率 3%（外包方原因投诉 60 件 / 当月缴费用户 2,000 户），在 3% 以内（含 3%），属第一档：外包方须赔付（第二十四条(二)）');

    const tier2 = await only('report-complaint-rate-3.05pct.yaml');
    expect([tier2.severity, tier2.consequenceKind]).toEqual(['error', 'deduction']);
    expect(tier2.message.en).toMatch(/^complaint rate 3\.05% \(61 vendor-caused complaints \/ 2,000 paying users\) is above 3% and below 10%: tier 2 of 3/);
    expect(tier2.consequence.en).toMatch(/deducts a share of the month's business commission and imposes a fine/);

    const tier3 = await only('report-complaint-rate-10.05pct.yaml');
    expect([tier3.severity, tier3.consequenceKind]).toEqual(['error', 'termination_right']);
    expect(tier3.message.en).toMatch(/^complaint rate 10\.05% .* is above 10%: tier 3 of 3, Unicom may stop the cooperation/);
  });

  it('a rate just above 3% or just below 10% never prints as 3% or 10%', async () => {
    const above3 = await only('report-complaint-rate-3.00001pct.yaml');
    expect(above3.message.en).toMatch(/^complaint rate 3\.00001% \(300,001 vendor-caused complaints \/ 10,000,000 paying users\) is above 3% and below 10%: tier 2 of 3/);
    expect(above3.message.zh).toMatch(/^当月投诉率 3\.00001%/);
    const below10 = await only('report-complaint-rate-9.99999pct.yaml');
    expect(below10.message.en).toMatch(/^complaint rate 9\.99999% \(999,999 vendor-caused complaints \/ 10,000,000 paying users\) is above 3% and below 10%: tier 2 of 3/);
  });

  it('exactly 10% is the middle tier, and the finding says which reading was applied', async () => {
    const finding = await only('report-complaint-rate-10pct.yaml');
    expect([finding.ruleId, finding.severity]).toEqual(['R24-4/complaint-deduction', 'error']);
    expect(finding.message.en).toMatch(/^complaint rate is exactly 10% \(215 vendor-caused complaints \/ 2,150 paying users\): the text's tiers .* both leave it out, and tmcheck reads it as tier 2 of 3/);
    expect(finding.message.zh).toMatch(/恰为 10%.*本工具按第二档处理/);
  });

  it('no paying users: no division, a data-quality error instead of a tier (a tier that cannot be judged is never a pass)', async () => {
    const finding = await only('report-complaint-no-paying-users.yaml');
    expect([finding.severity, finding.consequenceKind]).toEqual(['error', 'data_quality']);
    expect(finding.message.en).toBe('3 vendor-caused complaints but 0 paying users: the complaint rate cannot be computed (第二十四条(二))');
  });

  it('training topics: one finding per agent naming every missing subject', async () => {
    const finding = await only('report-training-topics-missing.yaml');
    expect(finding.message.en).toBe('agent A002 (李强) was not trained in: telephone etiquette, sales skills (第二十条)');
  });

  it('a calling day over the maximum names the day, the times and the span', async () => {
    const finding = await only('report-calling-span-12h01m.yaml');
    expect(finding.message.en).toBe('on 2026-10-10 calls ran from 09:00 to 21:01, 721 minutes, longer than the 720 minutes allowed (第二十二条)');
  });

  it('a campaign started without a passed review may be stopped at once', async () => {
    const finding = await only('report-campaign-not-approved.yaml');
    expect([finding.severity, finding.consequenceKind]).toEqual(['error', 'stop_order']);
    expect(finding.message.en).toBe('campaign C-2026-10-01 started on 2026-10-09 without a passed CS review (第十九条)');
  });

  it('a check dated outside the month says it cannot count, and the count says which month it counted', async () => {
    const report = await checkReports(['fixtures/monthly/report-inspection-dated-month-before.yaml']);
    expect(report.findings.map((f) => [f.ruleId, f.severity, f.message.en])).toEqual([
      ['R24-2/inspections-per-month', 'error', 'spot checks of at least 20 calls dated in 2026-10: 1, fewer than the 2 required (第二十四条(一))'],
      ['R24-2/inspection-in-month', 'error', 'the spot check dated 2026-09-30 is outside the days this report covers (2026-10-01 to 2026-10-31: the reported month, from the day the cooperation began), so it cannot count toward this month (第二十四条(一))'],
    ]);
    expect(report.findings[1]!.message.zh).toBe('抽检日期 2026-09-30 不在本月报所涵盖的 2026-10-01 至 2026-10-31 之内（所报月份、自合作开始日起），不能计入本月的抽检（第二十四条(一)）');
  });

  it('the first month begins at cooperation_started: the period in the message starts on that day', async () => {
    const report = await checkReports(['fixtures/monthly/report-inspection-before-cooperation.yaml']);
    expect(report.findings.map((f) => f.message.en)).toEqual([
      'the cooperation started on 2026-10-15, less than a month before the month ended; spot checks of at least 20 calls from then to the month\'s end: 0, fewer than the 1 required (第二十四条(一))',
      'the spot check dated 2026-10-14 is outside the days this report covers (2026-10-15 to 2026-10-31: the reported month, from the day the cooperation began), so it cannot count toward this month (第二十四条(一))',
    ]);
  });

  it('a calling day listed twice is one day: the finding gives the merged span', async () => {
    const finding = await only('report-calling-day-listed-twice.yaml');
    expect([finding.ruleId, finding.severity]).toEqual(['R22-1/calling-day-once', 'error']);
    expect(finding.message.en).toBe('2026-10-09 is listed 2 times among the calling days; a day is judged whole: its first call at 08:00, its last at 21:00, 780 minutes (第二十二条)');
    expect(finding.message.zh).toBe('2026-10-09 在营销日中列了 2 次；同一天须合并判断：当日首呼 08:00、末呼 21:00，共 780 分钟（第二十二条）');
  });

  it('a month with calls and no agent, campaign or number batch listed fails on each list', async () => {
    const report = await checkReports(['fixtures/monthly/report-calls-nothing-listed.yaml']);
    expect(report.summary).toMatchObject({ errors: 3 });
    const agents = report.findings.find((f) => f.ruleId === 'R20-1/agents-listed')!;
    expect(agents.message.en).toBe('the report shows calling this month (18,240 calls, or calling days listed) but lists no agent, so nothing shows that whoever called had the 80 hours of pre-job training (第二十条)');
  });

  it('a verified service-window complaint allows suspension and referral for penalty', async () => {
    const finding = await only('report-window-violation.yaml');
    expect(finding.consequenceKind).toBe('suspension');
    expect(finding.consequence.zh).toBe('有权暂停其正在开展的电话营销业务，并以公文形式转业务部门对其进行处罚');
  });
});

describe('records that cannot be placed in time', () => {
  it('a calling day or check whose date cannot be read makes the report invalid, at each entry', async () => {
    const report = await checkReports(['fixtures/invalid/monthly-unplaceable-dates.yaml']);
    expect(report.files.map((f) => f.status)).toEqual(['invalid']);
    expect(report.files[0]!.errors.map((e) => [e.path, e.line, e.message.en])).toEqual([
      ['/calling_days/1/date', 31, '/calling_days/1/date must be a valid date (YYYY-MM-DD)'],
      ['/inspections/1/date', 43, '/inspections/1/date must be a valid date (YYYY-MM-DD)'],
    ]);
    expect(report.findings).toEqual([]);
  });
});

describe('monthly rule examples', () => {
  it('every MonthlyReport rule example passes or fails exactly as it says', async () => {
    const ruleSet = loadRuleSet({ cwd: projectRoot });
    const monthly = ruleSet.rules.filter((r) => r.definition.applies_to === 'MonthlyReport' && !('cross_document' in r.definition));
    expect(monthly.map((r) => r.definition.requirement)).toEqual(expect.arrayContaining(MONTHLY_REQUIREMENTS));
    const outcomes = await runRuleExamples(monthly);
    const failures = outcomes.filter((o) => !o.ok).map((o) => `${o.ruleId} ${o.expect}[${o.index}]: ${o.problem}`);
    expect(failures).toEqual([]);
    expect(outcomes.length).toBeGreaterThanOrEqual(2 * monthly.length);
  });
});
