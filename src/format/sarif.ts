import type { Formatter } from './formatter.js';
import { exitCode, type FileResult, type Finding, type Report, type RuleInfo, type Severity } from '../report/model.js';
import type { InputError } from '../read/input-error.js';
import { findingIdentity, findingScopes, inputErrorIdentity, type FindingScope } from '../report/fingerprint.js';
import { COLON, type Lang } from '../util/i18n.js';
import { showInvisible } from '../util/escape.js';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../paths.js';
import { compareText } from '../util/compare.js';
import { WORDS, heading } from './words.js';
import { capSarifRun } from './sarif-cap.js';
import { unreadFilesLine } from './unread-files.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** Relative URIs are resolved against the folder tmcheck ran in; code scanning maps it to the checkout. */
export const SRCROOT = '%SRCROOT%';
/**
 * Versioned so a change of the fingerprint's inputs does not collide with old ones. v1 (rule, vendor,
 * file, pointer or row) named no period: October's breach and November's at the same pointer of a
 * report kept under one name were one alert, and a dismissal of the one hid the other. v2 adds the
 * period and the list item or call-log day/agent (src/report/fingerprint.ts); v1 is no longer written,
 * since a consumer matching on it would still join the two months.
 */
export const FINGERPRINT_KEY = 'tmcheckFinding/v2';

/**
 * tmcheck has no public web site, so the one true page about it is the README that npm ships in
 * every installed copy of the package: the tool's informationUri is that file. It is the same for
 * every run of one installation (it names no input), so the output stays reproducible there.
 */
export const INFORMATION_URI = pathToFileURL(path.join(packageRoot, 'README.md')).href;
/**
 * Code scanning keeps alerts of one category apart from others; the category is the tool alone
 * (not the ruleset version), so an upgrade closes fixed alerts instead of orphaning old ones.
 */
export const AUTOMATION_ID = 'tmcheck/';
/** The prefix of the rule id a file that could not be checked is reported under, per input error code. */
export const INPUT_RULE_PREFIX = 'input/';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', notice: 'note' };

type Json = Record<string, unknown>;

const LABELS = {
  zh: {
    consequence: WORDS.zh.consequence, requirement: WORDS.zh.requirement, source: '原文', input: WORDS.zh.inputError, inputWarning: WORDS.zh.inputWarning, notInForce: WORDS.zh.notInForce,
    inputRule: (code: string) => `文件无法检查（${code}）`,
    inputHelp: (code: string) => `tmcheck 无法读取或校验该文件（${code}），因此没有对它作出任何结论；这不是通过。请按消息修正文件后重新检查。`,
  },
  en: {
    consequence: heading(WORDS.en.consequence), requirement: heading(WORDS.en.requirement), source: 'Original text', input: WORDS.en.inputError, inputWarning: WORDS.en.inputWarning, notInForce: WORDS.en.notInForce,
    inputRule: (code: string) => `File could not be checked (${code})`,
    inputHelp: (code: string) => `tmcheck could not read or validate this file (${code}), so it concluded nothing about it; this is not a pass. Fix the file as the message says and check it again.`,
  },
} as const;

/**
 * SARIF 2.1.0 for code-scanning services: one reportingDescriptor per rule in force (with the
 * article, requirement and original Chinese text), one result per finding with a line-independent
 * partialFingerprint, waived findings as accepted suppressions. A file that could not be checked
 * is a result too (level error, rule `input/<code>`), so code scanning shows an alert for it, and a
 * tool execution notification. Message texts show control and bidirectional characters as visible
 * escapes (a code-scanning page would render them); properties keep the exact values.
 */
export const formatSarif: Formatter = (report, { lang, failOn, sarifMaxResults }) => {
  const descriptors = [...ruleDescriptors(report, lang), ...inputRuleDescriptors(report, lang)];
  const ruleIndex = new Map(descriptors.map((d, i) => [d.id as string, i]));
  const status = exitCode(report, failOn);
  const scopeOf = findingScopes(report.files);
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            informationUri: INFORMATION_URI,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            language: lang === 'zh' ? 'zh-CN' : 'en-US',
            rules: descriptors,
            properties: { rulesetVersion: report.ruleset.version, rulesetSha256: report.ruleset.sha256 },
          },
        },
        automationDetails: { id: AUTOMATION_ID },
        invocations: [
          {
            executionSuccessful: status !== 2,
            exitCode: status,
            ...(report.generatedAt ? { endTimeUtc: report.generatedAt } : {}),
            toolExecutionNotifications: [
              ...report.files.flatMap((file) => fileNotifications(file, lang)),
              // Files a walk did not read: one note, as the text report's one line (they change no result).
              ...(report.unreadFiles && report.unreadFiles.length > 0 ? [unreadFilesNotification(report.unreadFiles, lang)] : []),
            ],
            toolConfigurationNotifications: report.skippedRules.map((skipped) => ({
              level: 'note',
              message: { text: messageText(`${LABELS[lang].notInForce}${COLON[lang]}${skipped.id} — ${skipped.reason[lang]}`) },
              associatedRule: { id: skipped.id },
            })),
            ...(report.asOf ? { properties: { asOf: report.asOf } } : {}),
          },
        ],
        artifacts: report.files.map((file) => ({
          location: artifactLocation(file.file),
          ...(file.sha256 ? { hashes: { 'sha-256': file.sha256 } } : {}),
          ...(file.kind ? { properties: { kind: file.kind } } : {}),
        })),
        results: [
          ...report.findings.map((finding) => result(finding, scopeOf(finding), ruleIndex, lang)),
          ...report.files.flatMap((file) => file.errors.map((error) => inputResult(file, error, ruleIndex, lang))),
        ],
        columnKind: 'utf16CodeUnits',
        // With --shard k/n: which part this log holds (docs/report-json.md, `shard`), for `tmcheck merge`.
        ...(report.shard ? { properties: { shard: report.shard } } : {}),
      },
    ],
  };
  capSarifRun(log.runs[0]!, sarifMaxResults, lang);
  return JSON.stringify(log, null, 2) + '\n';
};

/** How many results the SARIF log of a report has (before any --sarif-max-results): one per finding, one per input error. */
export function sarifResultCount(report: Report): number {
  let count = report.findings.length;
  for (const file of report.files) count += file.errors.length;
  return count;
}

function ruleDescriptors(report: Report, lang: Lang): Json[] {
  const rules = new Map(report.rules.map((rule) => [rule.id, rule]));
  // A finding whose rule is not among the rules in force (a cross-document check) still gets a descriptor.
  for (const finding of report.findings) {
    if (!rules.has(finding.ruleId)) rules.set(finding.ruleId, ruleFromFinding(finding));
  }
  // In id order (the rules in force already are): `tmcheck merge` then rebuilds the same list from shards.
  return [...rules.values()].sort((a, b) => compareText(a.id, b.id)).map((rule) => descriptor(rule, lang));
}

function ruleFromFinding(finding: Finding): RuleInfo {
  return {
    id: finding.ruleId,
    article: finding.article,
    requirement: finding.requirement,
    severity: finding.severity,
    title: { zh: `${finding.citation} ${finding.requirement}`, en: `${finding.citation} ${finding.requirement}` },
    citation: finding.citation,
    sourceZh: finding.citation,
    consequence: finding.consequence,
    message: finding.message,
  };
}

function descriptor(rule: RuleInfo, lang: Lang): Json {
  const t = LABELS[lang];
  const help = `${rule.citation}：${rule.sourceZh}\n\n${t.requirement} ${rule.requirement}: ${rule.title[lang]}\n${t.consequence}${COLON[lang]}${rule.consequence[lang]}`;
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: rule.title[lang] },
    fullDescription: { text: `${rule.citation}：${rule.sourceZh}` },
    help: {
      text: help,
      markdown: `**${markdownText(rule.citation)}**：${markdownText(rule.sourceZh)}\n\n${t.requirement} \`${rule.requirement}\`: ${markdownText(rule.title[lang])}\n\n${t.consequence}${COLON[lang]}${markdownText(rule.consequence[lang])}`,
    },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      article: rule.article,
      requirement: rule.requirement,
      citation: rule.citation,
      sourceZh: rule.sourceZh,
      titleZh: rule.title.zh,
      titleEn: rule.title.en,
      consequenceZh: rule.consequence.zh,
      consequenceEn: rule.consequence.en,
      tags: ['compliance', `article-${rule.article}`, rule.requirement],
    },
  };
}

/**
 * SARIF wants a rule `name` that reads as an identifier: `R10-1/step-order` → `R10_1StepOrder`
 * (a separator before a letter capitalises it, before a digit becomes `_`, so R10-1 and R101 differ).
 */
export function ruleName(id: string): string {
  const name = id.replace(/[^A-Za-z0-9]+([A-Za-z0-9]?)/g, (_, next: string) => (/[0-9]/.test(next) ? `_${next}` : next.toUpperCase()));
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** One descriptor per input error code that occurs, in a stable order. */
function inputRuleDescriptors(report: Report, lang: Lang): Json[] {
  const t = LABELS[lang];
  const codes = [...new Set(report.files.flatMap((file) => file.errors.map((e) => e.code)))].sort();
  return codes.map((code) => ({
    id: INPUT_RULE_PREFIX + code,
    name: ruleName(INPUT_RULE_PREFIX + code),
    shortDescription: { text: t.inputRule(code) },
    fullDescription: { text: t.inputHelp(code) },
    help: { text: t.inputHelp(code), markdown: markdownText(t.inputHelp(code)) },
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['input'] },
  }));
}

/** A file that could not be checked, as an error result at the place the problem was found. */
function inputResult(file: FileResult, error: InputError, ruleIndex: Map<string, number>, lang: Lang): Json {
  const id = INPUT_RULE_PREFIX + error.code;
  return {
    ruleId: id,
    ruleIndex: ruleIndex.get(id),
    level: 'error',
    message: { text: messageText(`${LABELS[lang].input}${COLON[lang]}${error.message[lang]}`) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(file.file),
          region: { startLine: error.line ?? error.row ?? 1, ...(error.column !== undefined ? { startColumn: error.column } : {}) },
        },
        ...(error.path !== undefined ? { logicalLocations: [{ fullyQualifiedName: error.path || '/', name: lastSegment(error.path) }] } : {}),
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: inputErrorIdentity(id, file, error.path ?? `${error.field ?? ''}#${error.row ?? ''}`) },
    properties: {
      code: error.code,
      ...(error.path !== undefined ? { jsonPointer: error.path } : {}),
      ...(error.row !== undefined ? { row: error.row } : {}),
      ...(error.field !== undefined ? { field: error.field } : {}),
    },
  };
}

function result(finding: Finding, scope: FindingScope, ruleIndex: Map<string, number>, lang: Lang): Json {
  const where = finding.location;
  return {
    ruleId: finding.ruleId,
    ruleIndex: ruleIndex.get(finding.ruleId),
    level: LEVEL[finding.severity],
    message: { text: messageText(finding.message[lang]) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(where.file),
          region: {
            // A table row is the line of a CSV file; code scanning needs a start line, and line 1
            // stands for the file as a whole when nothing better is known.
            startLine: where.line ?? where.row ?? 1,
            ...(where.column !== undefined ? { startColumn: where.column } : {}),
          },
        },
        ...(where.path !== undefined ? { logicalLocations: [{ fullyQualifiedName: where.path || '/', name: lastSegment(where.path) }] } : {}),
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: findingIdentity(finding, scope) },
    ...(finding.waived
      ? {
          suppressions: [
            {
              kind: 'external',
              status: 'accepted',
              justification: showInvisible(finding.waived.reason),
              properties: {
                ...(finding.waived.approvedBy ? { approvedBy: finding.waived.approvedBy } : {}),
                ...(finding.waived.expires ? { expires: finding.waived.expires } : {}),
              },
            },
          ],
        }
      : {}),
    properties: {
      article: finding.article,
      requirement: finding.requirement,
      citation: finding.citation,
      consequence: finding.consequence[lang],
      consequenceKind: finding.consequenceKind,
      ...(where.path !== undefined ? { jsonPointer: where.path } : {}),
      ...(where.row !== undefined ? { row: where.row } : {}),
      ...(where.field !== undefined ? { field: where.field } : {}),
      ...(finding.vendor ? { vendor: finding.vendor } : {}),
      // The period the finding is about, as its fingerprint counts it (docs/outputs.md).
      ...(scope.month !== undefined ? { month: scope.month } : {}),
      ...(scope.submitted !== undefined ? { submitted: scope.submitted } : {}),
    },
  };
}

function fileNotifications(file: FileResult, lang: Lang): Json[] {
  const t = LABELS[lang];
  const notify = (error: InputError, level: 'error' | 'warning', label: string): Json => ({
    level,
    message: { text: messageText(`${label}${COLON[lang]}${error.message[lang]}`) },
    descriptor: { id: error.code },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(file.file),
          ...(error.line !== undefined ? { region: { startLine: error.line, ...(error.column !== undefined ? { startColumn: error.column } : {}) } } : {}),
        },
        ...(error.path !== undefined ? { logicalLocations: [{ fullyQualifiedName: error.path || '/', name: lastSegment(error.path) }] } : {}),
      },
    ],
    ...(error.path !== undefined ? { properties: { jsonPointer: error.path } } : {}),
  });
  return [...file.errors.map((e) => notify(e, 'error', t.input)), ...file.warnings.map((w) => notify(w, 'warning', t.inputWarning))];
}

/**
 * A file as shown in the report (relative to the working folder, `/`-separated) becomes a relative
 * URI against %SRCROOT%, each segment percent-encoded; a file outside that folder (shown absolute)
 * becomes a file: URI.
 */
export function artifactLocation(file: string): Json {
  const absolute = file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file);
  if (absolute) {
    const posix = file.replace(/\\/g, '/');
    return { uri: 'file://' + (posix.startsWith('/') ? '' : '/') + encodePath(posix) };
  }
  return { uri: encodePath(file), uriBaseId: SRCROOT };
}

function encodePath(file: string): string {
  // Keep the drive colon of C:/… so the URI stays a path; everything else is encoded per segment.
  return file
    .split('/')
    .map((segment, i) => (i <= 1 && /^[A-Za-z]:$/.test(segment) ? segment : encodeURIComponent(segment)))
    .join('/');
}

function lastSegment(pointer: string): string {
  const parts = pointer.split('/');
  return (parts[parts.length - 1] ?? '').replace(/~1/g, '/').replace(/~0/g, '~') || '/';
}

/**
 * A plain-text message (SARIF 2.1.0 §3.11.3) from text that holds the input's strings: invisible
 * characters shown (showInvisible), and no embedded link (§3.11.6). A plain-text message may link
 * `[text](N)` to a related location or `[text](uri)` to anywhere, and code scanning shows such a link;
 * a vendor value `[查看](https://…)` would be one. Every `](` gets a zero-width space between its two
 * characters, which no link syntax (SARIF's or Markdown's) allows there.
 */
/**
 * The note on the files a folder walk did not read: the text report's line, and the whole list in
 * `properties.unreadFiles` (so that `tmcheck merge` makes one note of the shards').
 */
export function unreadFilesNotification(files: readonly string[], lang: Lang): { level: 'note'; message: { text: string }; properties: { unreadFiles: string[] } } {
  return { level: 'note', message: { text: messageText(unreadFilesLine(files, lang)) }, properties: { unreadFiles: [...files] } };
}

function messageText(text: string): string {
  return showInvisible(text).replace(/\](?=\()/g, ']\u200b');
}

/** Minimal escaping for the rule help shown as Markdown: characters that would start markup. */
function markdownText(text: string): string {
  return text.replace(/[\\`*_[\]<>#|]/g, (ch) => `\\${ch}`);
}
