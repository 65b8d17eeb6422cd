import type { Formatter } from './formatter.js';
import { findingsByFile, statusOf, type FileResult, type Finding, type Report, type RuleInfo } from '../report/model.js';
import type { Lang } from '../util/i18n.js';
import { escapeXmlAttribute as attr, escapeXmlText as text } from './xml-escape.js';
import { compareText } from '../util/compare.js';

const LABELS = {
  zh: {
    findings: (n: number) => `${n} 处不符合`, article: '条款', requirement: '要求', at: '位置', consequence: '后果',
    input: '输入', inputCase: '读取与校验', waived: '已豁免', approvedBy: '批准人', expires: '到期', notApplicable: '不适用于本文件',
    vendor: '供应商',
  },
  en: {
    findings: (n: number) => `${n} findings`, article: 'article', requirement: 'requirement', at: 'at', consequence: 'consequence',
    input: 'input', inputCase: 'read and validate', waived: 'waived', approvedBy: 'approved by', expires: 'expires', notApplicable: 'does not apply to this file',
    vendor: 'vendor',
  },
} as const;

interface TestCase {
  xml: string;
  failed: boolean;
  errored: boolean;
  skipped: boolean;
}

/**
 * JUnit XML for CI dashboards: one testsuite per file, one testcase per rule evaluated on it
 * (passes too, so the count means something), `classname` = the file so dashboards group by file.
 * A file that could not be checked is one testcase with an `<error>`. Findings in a file that was not
 * checked itself (an expired or unused waiver in the waivers file) get a testsuite of their own.
 */
export const formatJunit: Formatter = (report, { lang }) => {
  const rules = new Map(report.rules.map((rule) => [rule.id, rule]));
  const byFile = findingsByFile(report.findings);
  const checked = new Set(report.files.map((file) => file.file));
  const others: FileResult[] = [...byFile.entries()]
    .filter(([file]) => !checked.has(file))
    .sort(([a], [b]) => compareText(a, b))
    .map(([file, findings]) => ({ file, status: statusOf(findings), errors: [], warnings: [], outcomes: {} }));
  const suites = [...report.files, ...others].map((file) => testSuite(file, byFile.get(file.file) ?? [], report, rules, lang));
  const totals = suites.reduce((sum, s) => ({ tests: sum.tests + s.tests, failures: sum.failures + s.failures, errors: sum.errors + s.errors }), { tests: 0, failures: 0, errors: 0 });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(report.tool.name)}" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}">`,
    ...suites.map((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
};

function testSuite(file: FileResult, findings: Finding[], report: Report, rules: Map<string, RuleInfo>, lang: Lang) {
  const cases: TestCase[] = file.status === 'invalid' ? [inputErrorCase(file, lang)] : [];
  // Rules with findings but no recorded outcome (cross-document checks) are testcases too.
  // Grouped in one pass: a filter per rule would be rules × findings.
  const byRule = new Map<string, Finding[]>(Object.keys(file.outcomes).map((ruleId) => [ruleId, []]));
  for (const finding of findings) {
    const list = byRule.get(finding.ruleId);
    if (list) list.push(finding);
    else byRule.set(finding.ruleId, [finding]);
  }
  for (const ruleId of [...byRule.keys()].sort(compareText)) {
    const outcome = file.outcomes[ruleId] ?? 'fail';
    cases.push(ruleCase(file.file, ruleId, outcome, byRule.get(ruleId)!, rules.get(ruleId), lang));
  }
  const count = (pick: (c: TestCase) => boolean) => cases.filter(pick).length;
  const tests = cases.length;
  const failures = count((c) => c.failed);
  const errors = count((c) => c.errored);
  const properties = [
    ['kind', file.kind],
    ['sha256', file.sha256],
    ['status', file.status],
    ['vendor.creditCode', file.vendor?.creditCode],
    ['vendor.name', file.vendor?.name],
  ].filter((p): p is [string, string] => p[1] !== undefined);
  const xml = [
    `  <testsuite name="${attr(file.file)}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${count((c) => c.skipped)}" file="${attr(file.file)}"${report.generatedAt ? ` timestamp="${attr(report.generatedAt)}"` : ''}>`,
    ...(properties.length > 0
      ? ['    <properties>', ...properties.map(([name, value]) => `      <property name="${attr(name)}" value="${attr(value)}"/>`), '    </properties>']
      : []),
    ...cases.map((c) => c.xml),
    '  </testsuite>',
  ].join('\n');
  return { xml, tests, failures, errors };
}

function ruleCase(file: string, ruleId: string, outcome: string, findings: Finding[], rule: RuleInfo | undefined, lang: Lang): TestCase {
  const t = LABELS[lang];
  const name = rule ? `${ruleId} ${rule.citation} ${rule.title[lang]}` : findings[0] ? `${ruleId} ${findings[0].citation}` : ruleId;
  const open = `    <testcase name="${attr(name)}" classname="${attr(file)}"`;
  const counted = findings.filter((f) => !f.waived);
  const waived = findings.filter((f) => f.waived);
  const waivedOut = waived.length > 0 ? [`      <system-out>${text(waived.map((f) => findingText(f, lang)).join('\n\n'))}</system-out>`] : [];
  if (outcome === 'not_applicable' && findings.length === 0) {
    return { xml: `${open}>\n      <skipped message="${attr(t.notApplicable)}"/>\n    </testcase>`, failed: false, errored: false, skipped: true };
  }
  if (counted.length === 0) {
    // A pass, or a failure every finding of which is waived: it does not count against the file.
    const xml = waivedOut.length > 0 ? `${open}>\n${waivedOut.join('\n')}\n    </testcase>` : `${open}/>`;
    return { xml, failed: false, errored: false, skipped: false };
  }
  const message = counted.length === 1 ? counted[0]!.message[lang] : `${t.findings(counted.length)}: ${counted[0]!.message[lang]}`;
  const body = counted.map((f) => findingText(f, lang)).join('\n\n');
  const failure = `      <failure type="${attr(counted[0]!.severity)}" message="${attr(message)}">${text(body)}</failure>`;
  return { xml: [`${open}>`, failure, ...waivedOut, '    </testcase>'].join('\n'), failed: true, errored: false, skipped: false };
}

function findingText(finding: Finding, lang: Lang): string {
  const t = LABELS[lang];
  const where = finding.location;
  const position = where.line !== undefined ? `${where.file}:${where.line}:${where.column ?? 1}` : where.row !== undefined ? `${where.file} row ${where.row}` : where.file;
  const pointer = where.path !== undefined ? ` ${where.path || '/'}` : where.field !== undefined ? ` ${where.field}` : '';
  return [
    `[${finding.severity}] ${finding.message[lang]}`,
    `${t.article}: ${finding.citation} (${finding.article}) · ${t.requirement}: ${finding.requirement} · ${finding.ruleId}`,
    `${t.at}: ${position}${pointer}`,
    `${t.consequence}: ${finding.consequence[lang]}`,
    ...(finding.vendor ? [`${t.vendor}: ${finding.vendor}`] : []),
    ...(finding.waived
      ? [
          `${t.waived}: ${finding.waived.reason}` +
            (finding.waived.approvedBy ? ` · ${t.approvedBy}: ${finding.waived.approvedBy}` : '') +
            (finding.waived.expires ? ` · ${t.expires}: ${finding.waived.expires}` : ''),
        ]
      : []),
  ].join('\n');
}

function inputErrorCase(file: FileResult, lang: Lang): TestCase {
  const t = LABELS[lang];
  const lines = file.errors.map((e) => {
    const at = e.line !== undefined ? `${file.file}:${e.line}:${e.column ?? 1}` : file.file;
    return `${at}${e.path !== undefined ? ` ${e.path || '/'}` : ''}: ${e.message[lang]} [${e.code}]`;
  });
  const first = file.errors[0];
  const xml = [
    `    <testcase name="${attr(`${t.input}: ${t.inputCase}`)}" classname="${attr(file.file)}">`,
    `      <error type="${attr(first?.code ?? 'invalid')}" message="${attr(first?.message[lang] ?? '')}">${text(lines.join('\n'))}</error>`,
    '    </testcase>',
  ].join('\n');
  return { xml, failed: false, errored: true, skipped: false };
}
