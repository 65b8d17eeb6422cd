import type { Formatter } from './formatter.js';
import { findingsByFile, SEVERITIES, statusOf, type FailOn, type FileResult, type Finding, type Report, type RuleInfo } from '../report/model.js';
import { COLON, type Lang } from '../util/i18n.js';
import { escapeXmlAttribute as attr, escapeXmlText as text } from './xml-escape.js';
import { pushAll } from '../util/push-all.js';
import { compareText } from '../util/compare.js';
import { rowLabel } from './row-label.js';
import { countOf } from '../util/plural.js';
import { WORDS } from './words.js';
import { findingScopes, type FindingScope } from '../report/fingerprint.js';

const LABELS = {
  zh: {
    findings: (n: number) => `${n} 处不符合`, article: WORDS.zh.article, requirement: WORDS.zh.requirement, at: WORDS.zh.at, consequence: WORDS.zh.consequence,
    input: WORDS.zh.input, inputCase: '读取与校验', waived: WORDS.zh.waived, approvedBy: WORDS.zh.approvedBy, expires: WORDS.zh.expires, notApplicable: '不适用于本文件',
    vendor: WORDS.zh.vendor, below: (failOn: string) => `低于 --fail-on ${failOn}，不计为失败`,
  },
  en: {
    findings: (n: number) => countOf(n, 'finding'), article: WORDS.en.article, requirement: WORDS.en.requirement, at: WORDS.en.at, consequence: WORDS.en.consequence,
    input: WORDS.en.input, inputCase: 'read and validate', waived: WORDS.en.waived, approvedBy: WORDS.en.approvedBy, expires: WORDS.en.expires, notApplicable: 'does not apply to this file',
    vendor: WORDS.en.vendor, below: (failOn: string) => `below --fail-on ${failOn}, not counted as a failure`,
  },
} as const;

interface TestCase {
  xml: string;
  failed: boolean;
  errored: boolean;
  skipped: boolean;
}

/**
 * JUnit XML for CI dashboards: one testsuite per file (`file` = the path), one testcase per rule
 * evaluated on it (passes too, so the count means something). A `<failure>` is what tmcheck itself
 * fails on: one testcase per finding at or above `--fail-on`, so the dashboard's failure count is
 * tmcheck's count and a file tmcheck passes is green. Findings below `--fail-on` and waived ones are
 * shown in the rule's `<system-out>`. A file that could not be checked is one testcase with an
 * `<error>`. Findings in a file that was not checked itself (an expired or unused waiver in the
 * waivers file) get a testsuite of their own.
 */
export const formatJunit: Formatter = (report, { lang, failOn }) => {
  const rules = new Map(report.rules.map((rule) => [rule.id, rule]));
  const byFile = findingsByFile(report.findings);
  const checked = new Set(report.files.map((file) => file.file));
  const others: FileResult[] = [...byFile.entries()]
    .filter(([file]) => !checked.has(file))
    .sort(([a], [b]) => compareText(a, b))
    .map(([file, findings]) => ({ file, status: statusOf(findings), errors: [], warnings: [], outcomes: {} }));
  const scopeOf = findingScopes(report.files);
  const suites = [...report.files, ...others].map((file) => testSuite(file, byFile.get(file.file) ?? [], report, rules, lang, failOn, scopeOf));
  const totals = suites.reduce((sum, s) => ({ tests: sum.tests + s.tests, failures: sum.failures + s.failures, errors: sum.errors + s.errors }), { tests: 0, failures: 0, errors: 0 });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(report.tool.name)}" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}">`,
    ...suites.map((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
};

function testSuite(file: FileResult, findings: Finding[], report: Report, rules: Map<string, RuleInfo>, lang: Lang, failOn: FailOn, scopeOf: (finding: Finding) => FindingScope) {
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
    pushAll(cases, ruleCases(file.file, ruleId, outcome, byRule.get(ruleId)!, rules.get(ruleId), lang, failOn, scopeOf));
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

/**
 * Jenkins splits `classname` at its last `.` into package and class, so a path would show as a class
 * named `yaml`: the file's dots become `_` here (the exact path is the testsuite's `file`).
 */
export function junitClassname(file: string): string {
  return file.replace(/\./g, '_');
}

/** Whether a counted finding makes tmcheck exit 1 under --fail-on (the same test as exitCode). */
function failsOn(finding: Finding, failOn: FailOn): boolean {
  return failOn !== 'never' && SEVERITIES.indexOf(finding.severity) <= SEVERITIES.indexOf(failOn);
}

/**
 * A rule's testcases: one per finding that fails the run (named with its location, so each is its
 * own failure on the dashboard), or one testcase that passes. The rest are told in `<system-out>`.
 * A failing testcase's name ends with the period the finding is about (a report's or the calls'
 * month, a dossier's submitted date): a dashboard tracks a failure across builds by its name (new or
 * existing, muted), and November's breach in a report kept under October's name is a new failure.
 */
function ruleCases(file: string, ruleId: string, outcome: string, findings: Finding[], rule: RuleInfo | undefined, lang: Lang, failOn: FailOn, scopeOf: (finding: Finding) => FindingScope): TestCase[] {
  const t = LABELS[lang];
  const name = rule ? `${ruleId} ${rule.citation} ${rule.title[lang]}` : findings[0] ? `${ruleId} ${findings[0].citation}` : ruleId;
  const open = (caseName: string) => `    <testcase name="${attr(caseName)}" classname="${attr(junitClassname(file))}"`;
  const failing = findings.filter((f) => !f.waived && failsOn(f, failOn));
  const below = findings.filter((f) => !f.waived && !failsOn(f, failOn));
  const waived = findings.filter((f) => f.waived);
  const told = [...below.map((f) => `${findingText(f, lang)}\n(${t.below(failOn)})`), ...waived.map((f) => findingText(f, lang))];
  const out = told.length > 0 ? [`      <system-out>${text(told.join('\n\n'))}</system-out>`] : [];
  if (outcome === 'not_applicable' && findings.length === 0) {
    return [{ xml: `${open(name)}>\n      <skipped message="${attr(t.notApplicable)}"/>\n    </testcase>`, failed: false, errored: false, skipped: true }];
  }
  if (failing.length === 0) {
    // A pass, or findings that are waived or below --fail-on: they do not count against the file.
    const xml = out.length > 0 ? `${open(name)}>\n${out.join('\n')}\n    </testcase>` : `${open(name)}/>`;
    return [{ xml, failed: false, errored: false, skipped: false }];
  }
  return failing.map((finding, i) => {
    const scope = scopeOf(finding);
    const period = scope.month ?? scope.submitted;
    const caseName = `${name}${period !== undefined ? ` (${period})` : ''}${failing.length === 1 ? '' : ` @ ${position(finding, lang)}`}`;
    const failure = `      <failure type="${attr(finding.severity)}" message="${attr(finding.message[lang])}">${text(findingText(finding, lang))}</failure>`;
    // What is not a failure is told once, with the rule's first failing testcase.
    return { xml: [`${open(caseName)}>`, failure, ...(i === 0 ? out : []), '    </testcase>'].join('\n'), failed: true, errored: false, skipped: false };
  });
}

function position(finding: Finding, lang: Lang): string {
  const where = finding.location;
  const at = where.line !== undefined ? `${where.file}:${where.line}:${where.column ?? 1}` : where.row !== undefined ? `${where.file} ${rowLabel(where.row, undefined, lang)}` : where.file;
  const pointer = where.path !== undefined ? ` ${where.path || '/'}` : where.field !== undefined ? ` ${where.field}` : '';
  return at + pointer;
}

function findingText(finding: Finding, lang: Lang): string {
  const t = LABELS[lang];
  return [
    `[${finding.severity}] ${finding.message[lang]}`,
    `${t.article}${COLON[lang]}${finding.citation} (${finding.article}) · ${t.requirement}${COLON[lang]}${finding.requirement} · ${finding.ruleId}`,
    `${t.at}${COLON[lang]}${position(finding, lang)}`,
    `${t.consequence}${COLON[lang]}${finding.consequence[lang]}`,
    ...(finding.vendor ? [`${t.vendor}${COLON[lang]}${finding.vendor}`] : []),
    ...(finding.waived
      ? [
          `${t.waived}${COLON[lang]}${finding.waived.reason}` +
            (finding.waived.approvedBy ? ` · ${t.approvedBy}${COLON[lang]}${finding.waived.approvedBy}` : '') +
            (finding.waived.expires ? ` · ${t.expires}${COLON[lang]}${finding.waived.expires}` : ''),
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
    `    <testcase name="${attr(`${t.input}${COLON[lang]}${t.inputCase}`)}" classname="${attr(junitClassname(file.file))}">`,
    `      <error type="${attr(first?.code ?? 'invalid')}" message="${attr(first?.message[lang] ?? '')}">${text(lines.join('\n'))}</error>`,
    '    </testcase>',
  ].join('\n');
  return { xml, failed: false, errored: true, skipped: false };
}
