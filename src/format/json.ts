import type { Formatter, FormatOptions } from './formatter.js';
import type { Finding, FileResult, Report } from '../report/model.js';
import type { InputError } from '../read/input-error.js';
import type { Lang } from '../util/i18n.js';

/**
 * The report contract of docs/report-json.md. Extensions, all optional and documented there:
 * `lang` (the language of every text, so `tmcheck merge` can refuse shards of two), `generatedAt`, `asOf`, `shard` (with --shard), `skippedRules`, `baseline`, `notes` (files seen but not checked), `files[].warnings`, `findings[].vendor`, `findings[].waived`,
 * and `batch` (vendor × month rows: complaint rate, score, rank) when monthly reports were checked.
 */
export const formatJson: Formatter = (report, options) => [...jsonChunks(report, options)].join('');

export function toJsonReport(report: Report, lang: Lang): Record<string, unknown> {
  // Spread keeps the keys' order: files and findings stay where jsonReport put them.
  return { ...jsonReport(report, lang), files: report.files.map((file) => jsonFile(file, lang)), findings: report.findings.map((finding) => jsonFinding(finding, lang)) };
}

/**
 * The JSON report in pieces, a file or a finding at a time: joined, exactly
 * `JSON.stringify(toJsonReport(report, lang), null, 2) + '\n'`. Written to a file piece by piece
 * (src/cli/output-targets.ts), a large batch's report is never one string in memory (20,000
 * dossiers make 7.7 MB of text, held as two-byte characters, plus every file's and finding's object).
 */
export function* jsonChunks(report: Report, { lang }: Pick<FormatOptions, 'lang'>): Generator<string> {
  // As JSON.stringify does, a key whose value is undefined is left out.
  const entries = Object.entries(jsonReport(report, lang)).filter(([, value]) => value !== undefined);
  yield '{';
  for (const [index, [key, value]] of entries.entries()) {
    yield `${index === 0 ? '' : ','}\n  ${JSON.stringify(key)}: `;
    if (key === 'files' || key === 'findings') {
      const items = value as Array<FileResult | Finding>;
      if (items.length === 0) {
        yield '[]';
        continue;
      }
      for (let i = 0; i < items.length; i++) {
        const item = items[i]!;
        const text = key === 'files' ? fileText(item as FileResult, lang) : indented(JSON.stringify(jsonFinding(item as Finding, lang), null, 2), '    ');
        yield `${i === 0 ? '[' : ','}\n    ${text}`;
      }
      yield '\n  ]';
    } else yield indented(JSON.stringify(value, null, 2), '  ');
  }
  yield '\n}\n';
}

/** JSON.stringify's text one level deeper: its line breaks are all structure (strings escape theirs). */
function indented(json: string, indent: string): string {
  return json.replaceAll('\n', `\n${indent}`);
}

/** The report's keys in their order; files and findings as they are in the model, rendered item by item by the callers. */
function jsonReport(report: Report, lang: Lang): Record<string, unknown> {
  return {
    tool: report.tool,
    ruleset: report.ruleset,
    lang,
    ...(report.generatedAt ? { generatedAt: report.generatedAt } : {}),
    ...(report.asOf ? { asOf: report.asOf } : {}),
    ...(report.shard ? { shard: report.shard } : {}),
    files: report.files,
    findings: report.findings,
    ...(report.skippedRules.length > 0 ? { skippedRules: report.skippedRules.map((s) => ({ id: s.id, reason: s.reason[lang] })) } : {}),
    ...(report.baseline ? { baseline: report.baseline } : {}),
    ...(report.notes && report.notes.length > 0 ? { notes: report.notes.map((n) => ({ file: n.file, level: n.level, message: n.message[lang] })) } : {}),
    summary: report.summary,
    ...(report.batch ? { batch: report.batch } : {}),
  };
}

/**
 * A file's entry as jsonChunks writes it, two levels deep. The usual one (no errors, no warnings:
 * names and words only) is written out directly, as JSON.stringify would indent it: one string a
 * file instead of an object, an indented stringify and a replaceAll (a warm --cache rerun writes
 * thousands of them and does little else).
 */
function fileText(file: FileResult, lang: Lang): string {
  const { kind, sha256, status } = file;
  if (file.errors.length > 0 || file.warnings.length > 0 || typeof file.file !== 'string' || typeof status !== 'string' || (kind && typeof kind !== 'string') || (sha256 && typeof sha256 !== 'string')) {
    return indented(JSON.stringify(jsonFile(file, lang), null, 2), '    ');
  }
  const field = (name: string, value: string) => `\n      "${name}": ${JSON.stringify(value)},`;
  return `{${field('file', file.file)}${kind ? field('kind', kind) : ''}${sha256 ? field('sha256', sha256) : ''}\n      "status": ${JSON.stringify(status)}\n    }`;
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
