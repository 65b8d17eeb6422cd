import type { Formatter } from './formatter.js';
import type { Finding, FileResult, Report } from '../report/model.js';
import type { InputError } from '../read/input-error.js';
import type { Lang } from '../util/i18n.js';

/**
 * The report contract of docs/report-json.md. Extensions, all optional and documented there:
 * `generatedAt`, `asOf`, `shard` (with --shard), `skippedRules`, `baseline`, `notes` (files seen but not checked), `files[].warnings`, `findings[].vendor`, `findings[].waived`,
 * and `batch` (vendor × month rows: complaint rate, score, rank) when monthly reports were checked.
 */
export const formatJson: Formatter = (report, { lang }) => JSON.stringify(toJsonReport(report, lang), null, 2) + '\n';

export function toJsonReport(report: Report, lang: Lang): Record<string, unknown> {
  return {
    tool: report.tool,
    ruleset: report.ruleset,
    ...(report.generatedAt ? { generatedAt: report.generatedAt } : {}),
    ...(report.asOf ? { asOf: report.asOf } : {}),
    ...(report.shard ? { shard: report.shard } : {}),
    files: report.files.map((file) => jsonFile(file, lang)),
    findings: report.findings.map((finding) => jsonFinding(finding, lang)),
    ...(report.skippedRules.length > 0 ? { skippedRules: report.skippedRules.map((s) => ({ id: s.id, reason: s.reason[lang] })) } : {}),
    ...(report.baseline ? { baseline: report.baseline } : {}),
    ...(report.notes && report.notes.length > 0 ? { notes: report.notes.map((n) => ({ file: n.file, level: n.level, message: n.message[lang] })) } : {}),
    summary: report.summary,
    ...(report.batch ? { batch: report.batch } : {}),
  };
}

function jsonFile(file: FileResult, lang: Lang): Record<string, unknown> {
  return {
    file: file.file,
    ...(file.kind ? { kind: file.kind } : {}),
    ...(file.sha256 ? { sha256: file.sha256 } : {}),
    status: file.status,
    ...(file.errors.length > 0 ? { errors: file.errors.map((e) => jsonError(e, lang)) } : {}),
    ...(file.warnings.length > 0 ? { warnings: file.warnings.map((e) => jsonError(e, lang)) } : {}),
  };
}

function jsonError(error: InputError, lang: Lang): Record<string, unknown> {
  return {
    message: error.message[lang],
    ...(error.path !== undefined ? { path: error.path } : {}),
    ...(error.line !== undefined ? { line: error.line } : {}),
    ...(error.column !== undefined ? { column: error.column } : {}),
    // A table (CSV/XLSX call log) locates by row and column name instead of line.
    ...(error.row !== undefined ? { row: error.row } : {}),
    ...(error.field !== undefined ? { field: error.field } : {}),
  };
}

function jsonFinding(finding: Finding, lang: Lang): Record<string, unknown> {
  return {
    ruleId: finding.ruleId,
    article: finding.article,
    requirement: finding.requirement,
    severity: finding.severity,
    message: finding.message[lang],
    consequence: finding.consequence[lang],
    location: finding.location,
    ...(finding.vendor ? { vendor: finding.vendor } : {}),
    ...(finding.waived ? { waived: finding.waived } : {}),
  };
}
