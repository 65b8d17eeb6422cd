import type { Formatter } from './formatter.js';
import { exitCode, type FileResult, type Finding, type Report, type RuleInfo, type Severity } from '../report/model.js';
import type { InputError } from '../read/input-error.js';
import { fingerprint } from '../report/fingerprint.js';
import type { Lang } from '../util/i18n.js';
import { showInvisible } from '../util/escape.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** Relative URIs are resolved against the folder tmcheck ran in; code scanning maps it to the checkout. */
export const SRCROOT = '%SRCROOT%';
/** Versioned so a future change of the fingerprint's inputs does not collide with old ones. */
export const FINGERPRINT_KEY = 'tmcheckFinding/v1';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', notice: 'note' };

type Json = Record<string, unknown>;

const LABELS = {
  zh: { consequence: '后果', requirement: '要求', source: '原文', input: '输入错误', inputWarning: '输入警告', notInForce: '规则未生效' },
  en: { consequence: 'Consequence', requirement: 'Requirement', source: 'Original text', input: 'input error', inputWarning: 'input warning', notInForce: 'rule not in force' },
} as const;

/**
 * SARIF 2.1.0 for code-scanning services: one reportingDescriptor per rule in force (with the
 * article, requirement and original Chinese text), one result per finding with a line-independent
 * partialFingerprint, waived findings as accepted suppressions, and files that could not be
 * checked as tool execution notifications. Message texts show control and bidirectional characters
 * as visible escapes (a code-scanning page would render them); properties keep the exact values.
 */
export const formatSarif: Formatter = (report, { lang, failOn }) => {
  const descriptors = ruleDescriptors(report, lang);
  const ruleIndex = new Map(descriptors.map((d, i) => [d.id as string, i]));
  const status = exitCode(report, failOn);
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            language: lang === 'zh' ? 'zh-CN' : 'en-US',
            rules: descriptors,
            properties: { rulesetVersion: report.ruleset.version, rulesetSha256: report.ruleset.sha256 },
          },
        },
        invocations: [
          {
            executionSuccessful: status !== 2,
            exitCode: status,
            ...(report.generatedAt ? { endTimeUtc: report.generatedAt } : {}),
            toolExecutionNotifications: report.files.flatMap((file) => fileNotifications(file, lang)),
            toolConfigurationNotifications: report.skippedRules.map((skipped) => ({
              level: 'note',
              message: { text: `${LABELS[lang].notInForce}: ${skipped.id} — ${skipped.reason[lang]}` },
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
        results: report.findings.map((finding) => result(finding, ruleIndex, lang)),
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
};

function ruleDescriptors(report: Report, lang: Lang): Json[] {
  const rules = new Map(report.rules.map((rule) => [rule.id, rule]));
  // A finding whose rule is not among the rules in force (a cross-document check) still gets a descriptor.
  for (const finding of report.findings) {
    if (!rules.has(finding.ruleId)) rules.set(finding.ruleId, ruleFromFinding(finding));
  }
  return [...rules.values()].map((rule) => descriptor(rule, lang));
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
  const help = `${rule.citation}：${rule.sourceZh}\n\n${t.requirement} ${rule.requirement}: ${rule.title[lang]}\n${t.consequence}: ${rule.consequence[lang]}`;
  return {
    id: rule.id,
    shortDescription: { text: rule.title[lang] },
    fullDescription: { text: `${rule.citation}：${rule.sourceZh}` },
    help: {
      text: help,
      markdown: `**${markdownText(rule.citation)}**：${markdownText(rule.sourceZh)}\n\n${t.requirement} \`${rule.requirement}\`: ${markdownText(rule.title[lang])}\n\n${t.consequence}: ${markdownText(rule.consequence[lang])}`,
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

function result(finding: Finding, ruleIndex: Map<string, number>, lang: Lang): Json {
  const where = finding.location;
  return {
    ruleId: finding.ruleId,
    ruleIndex: ruleIndex.get(finding.ruleId),
    level: LEVEL[finding.severity],
    message: { text: showInvisible(finding.message[lang]) },
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
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(finding) },
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
    },
  };
}

function fileNotifications(file: FileResult, lang: Lang): Json[] {
  const t = LABELS[lang];
  const notify = (error: InputError, level: 'error' | 'warning', label: string): Json => ({
    level,
    message: { text: showInvisible(`${label}: ${error.message[lang]}`) },
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

/** Minimal escaping for the rule help shown as Markdown: characters that would start markup. */
function markdownText(text: string): string {
  return text.replace(/[\\`*_[\]<>#|]/g, (ch) => `\\${ch}`);
}
