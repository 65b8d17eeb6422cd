import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { builtInRulesDir, packageRoot, templatesDir } from '../src/paths.js';
import { loadRules } from '../src/rules/load-rules.js';
import { buildCoverage } from '../src/coverage/coverage.js';
import { expectedRuleIds, fixturesDir } from '../src/coverage/fixtures.js';
import { escapeMarkdownCell } from '../src/coverage/markdown.js';
import { loadCoverageDeclarations, loadRequirements } from '../src/rules/requirements.js';
import { replaceSection, sectionBetween } from '../src/coverage/readme-section.js';
import { discoverInputs } from '../src/read/discover.js';
import type { RuleExplanation, RequirementExplanation } from '../src/explain/explain.js';
import { runCli } from './support/run-cli.js';
import { lineOf, tempDir } from './support/temp-dossier.js';
import { VENDORS, vendorReport, writeTree } from './support/vendor-reports.js';
import { FIXTURE_DOSSIER } from './support/fixtures.js';

const builtIn = loadRules([{ dir: builtInRulesDir, builtIn: true }]);
const builtInIds = builtIn.map((r) => r.definition.id).sort();
const TRAINING_RULE = 'R20-1/pre-job-training-hours';

interface ExplainJson {
  query: string;
  requirements: RequirementExplanation[];
  rules: RuleExplanation[];
}

async function explainJson(args: string[], cwd = packageRoot): Promise<ExplainJson> {
  const run = await runCli(['explain', ...args, '--format', 'json'], cwd);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as ExplainJson;
}

/** A custom rule folder: R20-1 with a 90-hour minimum, in force from `effectiveFrom`. */
function customRuleDir(effectiveFrom: string, extra: Record<string, unknown> = {}): string {
  const dir = tempDir('tmcheck-rules-');
  const agent = (hours: number) => ({ id: 'A1', name: '张三', pre_job_training_hours: hours, training_topics: ['etiquette', 'business_knowledge', 'business_rules', 'sales_skills'], on_job_training_hours: 2 });
  const rule = {
    id: 'R20-1/ninety-hours-test',
    article: '20',
    requirement: 'R20-1',
    citation: '第二十条',
    source_zh: '对电话营销的话务员岗前培训不得少于80小时',
    title: { zh: '话务员岗前培训不少于 90 小时（测试）', en: 'Agents have at least 90 hours of pre-job training (test)' },
    severity: 'error',
    consequence: { kind: 'rectification', zh: '补足培训', en: 'complete the training' },
    applies_to: 'MonthlyReport',
    effective_from: effectiveFrom,
    for_each: '/agents',
    require: { fact: 'item', path: '/pre_job_training_hours', operator: 'greaterThanInclusive', value: 90 },
    message: { zh: '话务员 {item.id} 培训 {actual} 小时', en: 'agent {item.id} trained {actual} h' },
    examples: { pass: [{ document: { agents: [agent(90)] } }], fail: [{ document: { agents: [agent(89)] }, at: ['/agents/0/pre_job_training_hours'] }] },
    ...extra,
  };
  writeFileSync(path.join(dir, '20.R20-1.ninety-hours-test.yaml'), JSON.stringify(rule, null, 2));
  return dir;
}

describe('tmcheck explain', () => {
  const rule = builtIn.find((r) => r.definition.id === TRAINING_RULE)!.definition;

  it('shows a rule with its law, titles, citation, parameters, consequence, notes and examples', async () => {
    const run = await runCli(['explain', TRAINING_RULE, '--lang', 'en'], packageRoot);
    expect(run.status).toBe(0);
    for (const part of [rule.source_zh, rule.title.en, rule.title.zh, rule.citation, rule.consequence.en, rule.notes!.en, 'min_hours = 80 (default)', 'rules/20.R20-1.pre-job-training-hours.yaml']) {
      expect(run.stdout).toContain(part);
    }
    for (const at of rule.examples.fail.flatMap((e) => e.at ?? [])) expect(run.stdout).toContain(at);
    expect(run.stdout).toContain('pre_job_training_hours: 79.5');
  });

  it('speaks Chinese with --lang zh', async () => {
    const run = await runCli(['explain', TRAINING_RULE, '--lang', 'zh'], packageRoot);
    expect(run.stdout).toContain(`后果 (整改)：${rule.consequence.zh}`);
    expect(run.stdout).toContain(`说明：${rule.notes!.zh}`);
  });

  it('gives the same data as JSON', async () => {
    const json = await explainJson([TRAINING_RULE]);
    expect(json.rules).toHaveLength(1);
    expect(json.rules[0]).toMatchObject({ id: TRAINING_RULE, sourceZh: rule.source_zh, citation: '第二十条', inForce: true, params: [{ name: 'min_hours', value: 80, default: 80, overridden: false }] });
    expect(json.rules[0]!.examples.filter((e) => e.expect === 'fail').map((e) => e.at)).toEqual(rule.examples.fail.map((e) => e.at));
    expect(json.requirements.map((r) => r.id)).toEqual(['R20-1']);
  });

  it('shows a requirement with every rule that covers it, also_covers included', async () => {
    const json = await explainJson(['R10-P2']);
    expect(json.requirements).toEqual([expect.objectContaining({ id: 'R10-P2', status: 'covered' })]);
    const expected = builtIn.filter((r) => r.definition.requirement === 'R10-P2' || (r.definition.also_covers ?? []).includes('R10-P2')).map((r) => r.definition.id).sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(json.rules.map((r) => r.id)).toEqual(expected);
  });

  it('brings the parts of an umbrella requirement', async () => {
    const json = await explainJson(['R10-P5']);
    expect(json.requirements.map((r) => r.id)).toEqual(['R10-P5', 'R10-P5-1', 'R10-P5-2', 'R10-P5-3', 'R10-P5-4', 'R10-P5-5', 'R10-P5-6']);
    expect(json.rules.length).toBeGreaterThanOrEqual(6);
    expect(json.rules.every((r) => r.requirement.startsWith('R10-P5-'))).toBe(true);
  });

  it('shows an article by number or by its Chinese citation', async () => {
    const byNumber = await explainJson(['24']);
    const byCitation = await explainJson(['第二十四条']);
    expect(byCitation.requirements).toEqual(byNumber.requirements);
    expect(byCitation.rules).toEqual(byNumber.rules);
    expect(byNumber.requirements.map((r) => r.id)).toEqual(['R24-1', 'R24-2', 'R24-3', 'R24-4', 'R24-5', 'R24-6']);
    expect(byNumber.rules.map((r) => r.id)).toEqual(builtInIds.filter((id) => id.startsWith('R24-')));
  });

  it('finds rules by keyword, in Chinese or English, every word required', async () => {
    const zh = await explainJson(['注册资本']);
    expect(zh.rules.map((r) => r.id)).toContain('R10-P5-1/registered-capital');
    expect(zh.requirements.map((r) => r.id)).toEqual(['R10-P5-1']);
    const en = await explainJson(['Registered  Capital']);
    expect(en.rules.map((r) => r.id)).toEqual(['R10-P5-1/registered-capital']);
    const rate = await explainJson(['投诉率']);
    expect(rate.rules.map((r) => r.requirement)).toEqual(expect.arrayContaining(['R24-3', 'R24-4', 'R24-5']));
    const none = await runCli(['explain', 'registered swimming', '--lang', 'en'], packageRoot);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('no rule with these keywords');
  });

  it('shows the labels of glossary codes in parameter values', async () => {
    const run = await runCli(['explain', 'R20-2/training-topics', '--lang', 'zh'], packageRoot);
    expect(run.stdout).toContain('（电话礼仪规范、业务知识、业务规定、营销技巧）');
  });

  it('explains a requirement no rule encodes with the declared reason', async () => {
    const json = await explainJson(['R26-1']);
    expect(json.rules).toEqual([]);
    expect(json.requirements[0]).toMatchObject({ id: 'R26-1', status: 'not_machine_checkable', reason: { en: expect.stringContaining('organisational duty') } });
  });

  it('exits 2 for something it does not know', async () => {
    const run = await runCli(['explain', 'R99-9', '--lang', 'en'], packageRoot);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('no rule, requirement or article "R99-9"');
    expect(run.stdout).toBe('');
  });

  it('shows parameter values under a profile, per city', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'profile.yaml'), `defaults:\n  ${TRAINING_RULE}: { min_hours: 90 }\ncities:\n  青岛:\n    ${TRAINING_RULE}: { min_hours: 100 }\n`);
    const defaults = await explainJson([TRAINING_RULE, '--profile', 'profile.yaml'], dir);
    expect(defaults.rules[0]!.params).toEqual([expect.objectContaining({ name: 'min_hours', value: 90, default: 80, overridden: true })]);
    const qingdao = await explainJson([TRAINING_RULE, '--profile', 'profile.yaml', '--city', '青岛'], dir);
    expect(qingdao.rules[0]!.params[0]).toMatchObject({ value: 100, overridden: true });
    const text = await runCli(['explain', TRAINING_RULE, '--profile', 'profile.yaml', '--city', '青岛', '--lang', 'en'], dir);
    expect(text.stdout).toContain('min_hours = 100 (set by profile; default 80)');
  });

  it('exits 2 naming the line of a profile that does not fit the rules', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'profile.yaml'), `defaults:\n  ${TRAINING_RULE}:\n    min_hours: "lots"\n`);
    const run = await runCli(['explain', TRAINING_RULE, '--profile', 'profile.yaml', '--lang', 'en'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('profile.yaml:3:');
  });
});

describe('tmcheck rules list', () => {
  it('lists every rule file, as JSON', async () => {
    const run = await runCli(['rules', 'list', '--format', 'json', '--lang', 'en'], packageRoot);
    expect(run.status).toBe(0);
    const entries = JSON.parse(run.stdout) as Array<{ id: string; file: string; builtIn: boolean; inForce: boolean }>;
    expect(entries.map((e) => e.id)).toEqual(builtInIds);
    const files = readdirSync(builtInRulesDir).filter((f) => f.endsWith('.yaml') && !f.startsWith('_'));
    expect(entries.map((e) => e.file).sort()).toEqual(files.map((f) => `rules/${f}`).sort());
  });

  it('adds custom rules from --rules and marks them', async () => {
    const dir = customRuleDir('2008-01-01');
    const run = await runCli(['rules', 'list', '--rules', dir, '--lang', 'en'], packageRoot);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/R20-1\/ninety-hours-test .*\[custom\]/);
    expect(run.stdout).toContain(`${builtInIds.length + 1} rules`);
  });

  it('writes a Markdown table with one row per rule', async () => {
    const run = await runCli(['rules', 'list', '--format', 'markdown', '--lang', 'en'], packageRoot);
    const rows = run.stdout.trim().split('\n');
    expect(rows[0]).toBe('| Rule | Citation | Requirements | Severity | Applies to | In force from | Title |');
    expect(rows).toHaveLength(builtInIds.length + 2);
  });
});

describe('tmcheck rules coverage', () => {
  const requirements = loadRequirements();

  it('covers every requirement of the regulation by a rule or a declaration with a reason', async () => {
    const run = await runCli(['rules', 'coverage', '--format', 'json', '--lang', 'en'], packageRoot);
    const table = JSON.parse(run.stdout) as { requirements: Array<{ id: string; status: string; reason?: string; rules: Array<{ id: string; fixtures: string[] }> }>; problems: string[] };
    expect(table.problems).toEqual([]);
    expect(run.status).toBe(0);
    expect(table.requirements.map((r) => r.id)).toEqual(requirements.map((r) => r.id));
    expect(table.requirements.filter((r) => r.status === 'uncovered')).toEqual([]);
    const byId = new Map(table.requirements.map((r) => [r.id, r]));
    expect(byId.get('R26-1')).toMatchObject({ status: 'not_machine_checkable', reason: expect.any(String) });
    expect(byId.get('R28-1')).toMatchObject({ status: 'not_machine_checkable', reason: expect.any(String) });
    expect(byId.get('R27-1')).toMatchObject({ status: 'encoded_by_engine', reason: expect.stringContaining('--as-of') });
  });

  it('lists under each rule the fixtures whose # expect: lines name it', async () => {
    const run = await runCli(['rules', 'coverage', '--format', 'json', '--lang', 'en'], packageRoot);
    const table = JSON.parse(run.stdout) as { requirements: Array<{ rules: Array<{ id: string; fixtures: string[] }> }> };
    const fixturesOf = new Map(table.requirements.flatMap((r) => r.rules.map((rule) => [rule.id, rule.fixtures] as const)));
    const expectations = discoverInputs([fixturesDir], packageRoot, ['.yaml', '.yml', '.json']).files.flatMap((f) =>
      expectedRuleIds(readFileSync(f.absolute, 'utf8')).map((id) => [id, f.display] as const),
    );
    expect(expectations.length).toBeGreaterThan(0);
    for (const [id, fixture] of expectations) expect(fixturesOf.get(id), `${fixture} expects ${id}`).toContain(fixture);
  });

  it('fails when a requirement is neither encoded nor declared, or declared and encoded at once', () => {
    const [first, second] = requirements;
    // Only the rules of the first requirement: the second is left with none.
    const rulesOfFirst = builtIn.filter((r) => r.definition.requirement === first!.id && (r.definition.also_covers ?? []).length === 0);
    expect(rulesOfFirst.length).toBeGreaterThan(0);
    const table = buildCoverage(rulesOfFirst, [first!, second!], [{ requirement: first!.id, status: 'not_machine_checkable', reason: { zh: '理由', en: 'reason' } }], new Map());
    expect(table.requirements.map((r) => r.status)).toEqual(['covered', 'uncovered']);
    expect(table.problems.map((p) => p.en)).toEqual([
      expect.stringContaining(`${first!.id} is encoded by`),
      `${second!.id} (${second!.citation}) is neither encoded by a rule nor declared with a reason in rules/_coverage.yaml`,
    ]);
  });

  it('exits 1 and says so when a custom rule names a requirement the regulation does not have', async () => {
    const dir = customRuleDir('2008-01-01', { id: 'R99-1/not-in-the-regulation', article: '99', requirement: 'R99-1' });
    const run = await runCli(['rules', 'coverage', '--rules', dir, '--lang', 'en'], packageRoot);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('rule R99-1/not-in-the-regulation names requirement R99-1, which regulation/requirements.yaml does not list');
  });

  it('is the table in docs/rules.md (run `npm run docs:coverage` when this fails)', async () => {
    const run = await runCli(['rules', 'coverage', '--format', 'markdown', '--lang', 'en'], packageRoot);
    expect(run.status).toBe(0);
    const readme = readFileSync(path.join(packageRoot, 'docs', 'rules.md'), 'utf8');
    expect(sectionBetween(readme).trim()).toBe(run.stdout.trim());
  });

  it('every declaration in rules/_coverage.yaml names a requirement of the list', () => {
    const ids = new Set(requirements.map((r) => r.id));
    for (const declaration of loadCoverageDeclarations()) expect(ids.has(declaration.requirement)).toBe(true);
  });

  it('keeps regulation/source.zh.txt beside the requirement list, and every citation points into it', () => {
    const source = readFileSync(path.join(packageRoot, 'regulation', 'source.zh.txt'), 'utf8');
    for (const requirement of requirements) expect(source, requirement.id).toContain(requirement.citation.replace(/\(.*$/, ''));
  });
});

describe('README sections and Markdown cells', () => {
  it('replaces only what lies between the markers', () => {
    const text = 'intro\n<!-- coverage:start -->\nold\n<!-- coverage:end -->\noutro\n';
    expect(replaceSection(text, 'new table\n')).toBe('intro\n<!-- coverage:start -->\n\nnew table\n\n<!-- coverage:end -->\noutro\n');
    expect(() => replaceSection('no markers', 'x')).toThrow(/must both be present/);
    expect(() => replaceSection(`${text}<!-- coverage:start -->`, 'x')).toThrow(/once/);
  });

  it('escapes every pipe, backslash, angle bracket and line break in a cell', () => {
    expect(escapeMarkdownCell('a|b|c\\d<script>&\ne\r\nf')).toBe('a\\|b\\|c\\\\d&lt;script&gt;&amp; e f');
  });
});

describe('tmcheck rules test', () => {
  it('runs every built-in rule\'s examples', async () => {
    const run = await runCli(['rules', 'test', '--lang', 'en'], packageRoot);
    expect(run.stdout).not.toContain('✖');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`✔ \\d+ examples of ${builtInIds.length} rules: \\d+ passed, 0 failed`));
  });

  it('runs a custom folder\'s examples and exits 1 naming the rule, example and problem of a failure', async () => {
    const ok = await runCli(['rules', 'test', customRuleDir('2008-01-01'), '--lang', 'en'], packageRoot);
    expect(ok.stdout).toBe('✔ 2 examples of 1 rule: 2 passed, 0 failed\n');
    expect(ok.status).toBe(0);
    const wrongAt = customRuleDir('2008-01-01', {
      examples: {
        pass: [{ document: { agents: [] } }],
        fail: [{ description: 'points at the wrong field', document: { agents: [{ id: 'A1', name: '张三', pre_job_training_hours: 10, training_topics: ['etiquette'], on_job_training_hours: 0 }] }, at: ['/agents/0/name'] }],
      },
    });
    const run = await runCli(['rules', 'test', wrongAt, '--lang', 'en'], packageRoot);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('✖ R20-1/ninety-hours-test examples.fail[0] (points at the wrong field)');
    expect(run.stdout).toContain('problem: expected findings at [/agents/0/name], got [/agents/0/pre_job_training_hours]');
  });

  it('exits 2 naming file and line of a broken custom rule', async () => {
    const dir = tempDir('tmcheck-rules-');
    const text = readFileSync(path.join(builtInRulesDir, '20.R20-1.pre-job-training-hours.yaml'), 'utf8').replace('R20-1/pre-job-training-hours', 'R20-1/broken-test').replace('operator: greaterThanInclusive', 'operator: atLeastish');
    writeFileSync(path.join(dir, 'broken.yaml'), text);
    const run = await runCli(['rules', 'test', dir, '--lang', 'en'], packageRoot);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`broken.yaml:${lineOf(text, 'operator: atLeastish')}:`);
    expect(run.stderr).toContain('unknown operator "atLeastish"');
  });
});

describe('--as-of and --rules on a check', () => {
  const report = () => {
    const dir = tempDir();
    const text = readFileSync(path.join(templatesDir, 'monthly-report.yaml'), 'utf8');
    writeFileSync(path.join(dir, 'report.yaml'), text);
    return { dir, text };
  };

  it('skips a custom rule not yet in force on the --as-of date, and says so', async () => {
    const rules = customRuleDir('2030-01-01');
    const { dir } = report();
    // With the report's vendor's dossier (--history): R10-1/R10-3 judge the report.
    const run = await runCli(['report.yaml', '--history', FIXTURE_DOSSIER, '--rules', rules, '--as-of', '2029-12-31', '--format', 'json', '--no-timestamp', '--lang', 'en'], dir);
    const json = JSON.parse(run.stdout) as { skippedRules: Array<{ id: string; reason: string }>; findings: Array<{ ruleId: string }> };
    expect(json.skippedRules).toEqual([{ id: 'R20-1/ninety-hours-test', reason: 'in force from 2030-01-01' }]);
    expect(json.findings.map((f) => f.ruleId)).not.toContain('R20-1/ninety-hours-test');
    expect(run.status).toBe(0);
    const text = await runCli(['report.yaml', '--rules', rules, '--as-of', '2029-12-31', '--lang', 'en'], dir);
    expect(text.stdout).toContain('rules not in force (2029-12-31): R20-1/ninety-hours-test — in force from 2030-01-01');
  });

  it('runs it from its effective date, with findings at each agent', async () => {
    const rules = customRuleDir('2030-01-01');
    const { dir, text } = report();
    const run = await runCli(['report.yaml', '--rules', rules, '--as-of', '2030-01-01', '--format', 'json', '--no-timestamp', '--lang', 'en'], dir);
    expect(run.status).toBe(1);
    const json = JSON.parse(run.stdout) as { findings: Array<{ ruleId: string; location: { path: string; line: number } }>; skippedRules?: unknown };
    const custom = json.findings.filter((f) => f.ruleId === 'R20-1/ninety-hours-test');
    expect(custom.map((f) => [f.location.path, f.location.line])).toEqual([
      ['/agents/0/pre_job_training_hours', lineOf(text, 'pre_job_training_hours: 84')],
      ['/agents/1/pre_job_training_hours', lineOf(text, 'pre_job_training_hours: 80')],
    ]);
    expect(json.skippedRules).toBeUndefined();
  });

  it('validates custom rules like built-in ones: a path not in the schema is exit 2 naming file:line', async () => {
    const rules = customRuleDir('2008-01-01');
    const file = path.join(rules, '20.R20-1.ninety-hours-test.yaml');
    const broken = readFileSync(file, 'utf8').replace('"/pre_job_training_hours"', '"/pre_job_training_hourz"');
    writeFileSync(file, broken);
    const { dir } = report();
    const run = await runCli(['report.yaml', '--rules', rules, '--lang', 'en'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`20.R20-1.ninety-hours-test.yaml:${lineOf(broken, 'pre_job_training_hourz')}:`);
    expect(run.stderr).toContain('path /pre_job_training_hourz does not exist');
    expect(run.stdout).toBe('');
  });
});

describe('tmcheck init', () => {
  it('writes the English dossier template, which cannot pass until its blanks are filled in (exit 2)', async () => {
    const dir = tempDir();
    const run = await runCli(['init', 'dossier', '--lang', 'en'], dir);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('wrote vendor-dossier.yaml (VendorDossier)');
    expect(readFileSync(path.join(dir, 'vendor-dossier.yaml'), 'utf8')).toBe(readFileSync(path.join(templatesDir, 'en', 'vendor-dossier.yaml'), 'utf8'));
    expect(readdirSync(dir)).toEqual(['vendor-dossier.yaml']);
    const checked = await runCli(['--lang', 'en', 'vendor-dossier.yaml'], dir);
    expect(checked.status).toBe(2);
    expect(checked.stdout).toMatch(/^ {2}10:9 {2}input +\/vendor\/name: placeholder not replaced \("<fill in: vendor's full registered name>"\)/m);
  });

  it('writes a monthly report template to the file named', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'reports'));
    const run = await runCli(['init', 'report', 'reports/2026-11.yaml', '--lang', 'zh'], dir);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('已写入 reports/2026-11.yaml（MonthlyReport）');
    const written = readFileSync(path.join(dir, 'reports', '2026-11.yaml'), 'utf8');
    expect(parse(written)).toMatchObject({ kind: 'MonthlyReport' });
    // Chinese comments and blanks only: the officer's language, no English comment lines.
    expect(written).toContain('# 电话营销月度运营报告');
    expect(written).toContain('month: "<填写：报告月份 YYYY-MM>"');
    expect(written).not.toMatch(/#.*\b(the|every|calls|Article)\b/);
  });

  it('refuses to overwrite an existing file (exit 2) and leaves it as it was', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'monthly-report.yaml'), 'my work\n');
    const run = await runCli(['init', 'report', '--lang', 'en'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('monthly-report.yaml already exists and was not overwritten');
    expect(readFileSync(path.join(dir, 'monthly-report.yaml'), 'utf8')).toBe('my work\n');
    expect(readdirSync(dir)).toEqual(['monthly-report.yaml']);
  });

  it('rejects an unknown kind', async () => {
    const run = await runCli(['init', 'invoice'], tempDir());
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("value 'invoice' is invalid for argument 'kind'. Allowed choices are dossier, report, assessment, config.");
  });

  it('writes the branch assessment template, which --assessments refuses until filled in and then ranks on', async () => {
    const dir = tempDir();
    writeTree(dir, { 'reports/2026-10/a.yaml': vendorReport('A', '2026-10', 100), 'reports/2026-10/b.yaml': vendorReport('B', '2026-10', 50) });
    const run = await runCli(['init', 'assessment', '--lang', 'en'], dir);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('wrote monthly-assessment.yaml (MonthlyAssessment). Fill it in, then check the month: tmcheck --assessments monthly-assessment.yaml reports/<month>/\n');
    const written = readFileSync(path.join(dir, 'monthly-assessment.yaml'), 'utf8');
    expect(written).toBe(readFileSync(path.join(templatesDir, 'en', 'monthly-assessment.yaml'), 'utf8'));
    // Blanks left: an input error naming the file, never a ranking on nothing.
    const blank = await runCli(['--lang', 'en', '--assessments', 'monthly-assessment.yaml', 'reports/2026-10/'], dir);
    expect(blank.status).toBe(2);
    expect(blank.stdout).toContain('monthly-assessment.yaml');
    // Filled in: A writes 100 in its own report, and the branch's 60 against B's 70 makes A last.
    const filled = written
      .replace('"<fill in: month assessed YYYY-MM>"', '2026-10')
      .replace(/  - credit_code: .*\n    vendor: .*\n    score: .*\n/, `  - credit_code: ${VENDORS.A.code}\n    score: 60\n  - credit_code: ${VENDORS.B.code}\n    score: 70\n`);
    writeFileSync(path.join(dir, 'monthly-assessment.yaml'), filled);
    const ranked = await runCli(['--format', 'json', '--no-timestamp', '--assessments', 'monthly-assessment.yaml', 'reports/2026-10/'], dir);
    const rows = (JSON.parse(ranked.stdout) as { batch: { vendorMonths: Array<{ creditCode: string; lastPlace?: boolean }> } }).batch.vendorMonths;
    expect(rows.find((r) => r.creditCode === VENDORS.A.code)?.lastPlace).toBe(true);
    expect(rows.find((r) => r.creditCode === VENDORS.B.code)?.lastPlace).toBe(false);
  });

  it('writes the Chinese assessment template with Chinese comments and blanks', async () => {
    const dir = tempDir();
    const run = await runCli(['init', 'assessment', 'branch/2026-10.yaml', '--lang', 'zh'], dir);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('已写入 branch/2026-10.yaml（MonthlyAssessment）');
    const written = readFileSync(path.join(dir, 'branch', '2026-10.yaml'), 'utf8');
    expect(parse(written)).toMatchObject({ kind: 'MonthlyAssessment' });
    expect(written).toContain('month: "<填写：考核月份 YYYY-MM>"');
    expect(written).not.toMatch(/#.*\b(the|every|vendor|Article)\b/);
  });
});

describe('the default action beside the commands', () => {
  it('still checks paths', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'dossier.yaml'), readFileSync(path.join(templatesDir, 'vendor-dossier.yaml')));
    const run = await runCli(['dossier.yaml', '--format', 'json', '--no-timestamp'], dir);
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as { files: Array<{ status: string }> }).files).toEqual([expect.objectContaining({ file: 'dossier.yaml', status: 'pass' })]);
  });
});
