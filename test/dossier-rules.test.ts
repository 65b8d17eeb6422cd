import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { actualFindings, checkFiles, expectedFindings, fixturesDir, projectRoot, sortFindings, yamlFixtures } from './support/fixtures.js';
import { loadRuleSet } from '../src/engine/load-rule-set.js';
import { runRuleExamples } from '../src/coverage/run-examples.js';

const dossierFixtures = yamlFixtures(path.join(fixturesDir, 'dossier'));

describe('VendorDossier rules on fixtures', () => {
  it('has a fixture set to check', () => {
    expect(dossierFixtures.length).toBeGreaterThanOrEqual(20);
  });

  for (const file of dossierFixtures) {
    const name = path.basename(file);
    it(`${name}: exactly the findings its "# expect:" lines name (rule id, pointer, line)`, async () => {
      const report = await checkFiles([file]);
      expect(report.files.map((f) => [f.status, f.errors])).toEqual([[expect.stringMatching(/pass|fail/), []]]);
      expect(sortFindings(actualFindings(report))).toEqual(sortFindings(expectedFindings(file)));
    });
  }

  it('the spec example dossier and the template pass with zero findings', async () => {
    const report = await checkFiles(['fixtures/dossier-compliant.yaml', 'templates/vendor-dossier.yaml']);
    expect(report.files.map((f) => f.status)).toEqual(['pass', 'pass']);
    expect(report.findings).toEqual([]);
  });

  it('every dossier requirement has a failing fixture', () => {
    const covered = new Set(dossierFixtures.flatMap((file) => expectedFindings(file).map((e) => e.ruleId.split('/')[0])));
    for (const requirement of ['R5-1', 'R7-1', 'R10-1', 'R10-2', 'R10-3', 'R10-P1', 'R10-P3', 'R10-P4', 'R10-P5-1', 'R10-P5-2', 'R10-P5-3', 'R10-P5-4', 'R10-P5-5', 'R10-P5-6']) {
      expect(covered, requirement).toContain(requirement);
    }
  });
});

describe('findings carry the law', () => {
  it('a capital finding cites the article, requirement, consequence and position', async () => {
    const report = await checkFiles(['fixtures/dossier/dossier-capital-below-minimum.yaml']);
    expect(report.findings).toHaveLength(1);
    const [finding] = report.findings;
    expect(finding).toMatchObject({
      ruleId: 'R10-P5-1/registered-capital',
      article: '10',
      requirement: 'R10-P5-1',
      severity: 'error',
      location: { file: 'fixtures/dossier/dossier-capital-below-minimum.yaml', path: '/vendor/registered_capital_cny', line: 12, column: 27 },
    });
    expect(finding!.message.en).toBe('registered capital ¥999,999 is below the required ¥1,000,000 (第十条(三)5(1))');
    expect(finding!.message.zh).toBe('注册资本 ¥999,999 低于规定的 ¥1,000,000（第十条(三)5(1)）');
    expect(finding!.consequence.en).toMatch(/may not be engaged/);
  });

  it('capital one fen short keeps its fen: never "¥1,000,000 is below ¥1,000,000"', async () => {
    const report = await checkFiles(['fixtures/dossier/dossier-capital-one-fen-short.yaml']);
    expect(report.findings.map((f) => [f.message.en, f.message.zh])).toEqual([
      ['registered capital ¥999,999.99 is below the required ¥1,000,000 (第十条(三)5(1))', '注册资本 ¥999,999.99 低于规定的 ¥1,000,000（第十条(三)5(1)）'],
    ]);
  });

  it('an approval trail names the missing step', async () => {
    const report = await checkFiles(['fixtures/dossier/dossier-seat-step-missing.yaml']);
    expect(report.findings.map((f) => f.message.en)).toEqual([
      'the seat outsourcing approval trail lacks the step "provincial customer-service review" (第十条(二)1)',
    ]);
  });
});

describe('rule examples', () => {
  it('every built-in rule example passes or fails exactly as it says', async () => {
    const ruleSet = loadRuleSet({ cwd: projectRoot });
    const outcomes = await runRuleExamples(ruleSet.rules);
    const failures = outcomes.filter((o) => !o.ok).map((o) => `${o.ruleId} ${o.expect}[${o.index}]: ${o.problem}`);
    expect(failures).toEqual([]);
    expect(outcomes.length).toBeGreaterThanOrEqual(2 * ruleSet.rules.length);
  });
});

describe('department findings say what is wrong without contradicting the document', () => {
  it('R5-1: a department name instead of a code is not said to be "not customer service"', async () => {
    const report = await checkFiles(['fixtures/dossier/dossier-handled-by-cs-name.yaml']);
    expect(report.findings.map((f) => [f.ruleId, f.message.zh, f.message.en])).toEqual([
      [
        'R5-1/handled-by-cs',
        '办理部门填写为「客户服务部」，不是可办理档案的部门（市分公司客户服务部、省分公司客户服务部）之一；只有客户服务部可办理电话营销档案，如确由客户服务部办理，请写明是哪一级（如「市分客服部」）（第五条）',
        'handled_by is "客户服务部", which is not one of the departments that may handle a dossier (city branch customer-service department, provincial customer-service department); only customer service may handle telemarketing dossiers, and if it did, the dossier must say which one (e.g. city_cs) (第五条)',
      ],
    ]);
  });

  it('R10-3: the ERP approval finding names the department that is missing', async () => {
    const report = await checkFiles(['fixtures/dossier/dossier-business-erp-without-finance.yaml']);
    expect(report.findings.map((f) => [f.ruleId, f.message.zh, f.message.en])).toEqual([
      [
        'R10-3/erp-departments',
        'ERP 市分合同审批缺少「财务部」的审批（已审批部门：市分公司客户服务部、C/G网经营部；须包括：C/G网经营部、财务部）（第十条(二)2）',
        'the ERP city contract approval lacks the approval of: finance department (approved by: city branch customer-service department, C/G network business unit; it must include: C/G network business unit, finance department) (第十条(二)2)',
      ],
    ]);
  });
});
