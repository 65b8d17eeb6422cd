import type { Formatter, FormatOptions } from './formatter.js';
import type { Finding, FileResult, Report } from '../report/model.js';
import type { InputError } from '../read/input-error.js';
import type { Lang } from '../util/i18n.js';

/**
 * The report contract of docs/report-json.md. Extensions, all optional and documented there:
 * `lang` (the language of every text, so `tmcheck merge` can refuse shards of two), `generatedAt`, `asOf`, `shard` (with --shard), `skippedRules`, `baseline`, `notes` (files seen but not checked), `unreadFiles` (files a folder walk did not read), `files[].warnings`, `files[].month` and `files[].submitted` and `findings[].month` and `findings[].subject` (the period and item a finding's identity counts, src/report/fingerprint.ts), `findings[].vendor`, `findings[].waived`,
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
      // Items' texts go into a list joined once per block: one flat string per block, not a rope per item flattened again when it is written.
      const block: string[] = [];
      let chars = 0;
      for (let i = 0; i < items.length; i++) {
        const start = block.length;
        block.push(i === 0 ? '[\n    ' : ',\n    ');
        if (key === 'files') fileText(items[i] as FileResult, lang, block);
        else findingText(items[i] as Finding, lang, block);
        for (let j = start; j < block.length; j++) chars += block[j]!.length;
        if (chars >= BLOCK_CHARS) {
          yield block.join('');
          block.length = 0;
          chars = 0;
        }
      }
      block.push('\n  ]');
      yield block.join('');
    } else yield indented(JSON.stringify(value, null, 2), '  ');
  }
  yield '\n}\n';
}

/** Characters of items joined into one piece (the writer encodes pieces into a buffer of 64 Ki characters' room). */
const BLOCK_CHARS = 32 * 1024;

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
    ...(report.unreadFiles && report.unreadFiles.length > 0 ? { unreadFiles: report.unreadFiles } : {}),
    summary: report.summary,
    ...(report.batch ? { batch: report.batch } : {}),
  };
}

/**
 * A file's entry as jsonChunks writes it, two levels deep, added to `out`. The usual one (no errors,
 * no warnings: names and words only) is written out directly, as JSON.stringify would indent it: no
 * object, indented stringify and replaceAll per file (a warm --cache rerun writes thousands of them
 * and does little else).
 */
function fileText(file: FileResult, lang: Lang, out: string[]): void {
  const { kind, sha256, status, month, submitted } = file;
  const strings = [kind, sha256, month, submitted].every((v) => v === undefined || typeof v === 'string');
  if (file.errors.length > 0 || file.warnings.length > 0 || typeof file.file !== 'string' || typeof status !== 'string' || !strings) {
    out.push(indented(JSON.stringify(jsonFile(file, lang), null, 2), '    '));
    return;
  }
  out.push('{\n      "file": ', JSON.stringify(file.file));
  if (kind) out.push(',\n      "kind": ', JSON.stringify(kind));
  if (sha256) out.push(',\n      "sha256": ', JSON.stringify(sha256));
  out.push(',\n      "status": ', JSON.stringify(status));
  if (month !== undefined) out.push(',\n      "month": ', JSON.stringify(month));
  if (submitted !== undefined) out.push(',\n      "submitted": ', JSON.stringify(submitted));
  out.push('\n    }');
}

/**
 * A finding's entry as jsonChunks writes it, two levels deep, added to `out`: written out directly
 * as JSON.stringify would indent jsonFinding's object when every value is a string (and the
 * location's strings or finite numbers); else (a waiver, a list item) through that object.
 */
function findingText(finding: Finding, lang: Lang, out: string[]): void {
  const { ruleId, article, requirement, severity, location, vendor, month, subject } = finding;
  const message = finding.message[lang];
  const consequence = finding.consequence[lang];
  const plain =
    !finding.waived &&
    typeof ruleId === 'string' &&
    typeof article === 'string' &&
    typeof requirement === 'string' &&
    typeof severity === 'string' &&
    typeof message === 'string' &&
    typeof consequence === 'string' &&
    (!vendor || typeof vendor === 'string') &&
    (month === undefined || typeof month === 'string') &&
    (subject === undefined || typeof subject === 'string') &&
    typeof location === 'object' &&
    location !== null &&
    !Array.isArray(location);
  const keys = plain ? Object.keys(location) : [];
  const value = (key: string): string | undefined => {
    const v = (location as unknown as Record<string, unknown>)[key];
    return typeof v === 'string' ? JSON.stringify(v) : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
  };
  if (!plain || keys.some((key) => (location as unknown as Record<string, unknown>)[key] !== undefined && value(key) === undefined)) {
    out.push(indented(JSON.stringify(jsonFinding(finding, lang), null, 2), '    '));
    return;
  }
  out.push('{\n      "ruleId": ', JSON.stringify(ruleId), ',\n      "article": ', JSON.stringify(article), ',\n      "requirement": ', JSON.stringify(requirement));
  out.push(',\n      "severity": ', JSON.stringify(severity), ',\n      "message": ', JSON.stringify(message), ',\n      "consequence": ', JSON.stringify(consequence));
  out.push(',\n      "location": ');
  let first = true;
  for (const key of keys) {
    const text = value(key);
    if (text === undefined) continue;
    out.push(first ? '{\n        ' : ',\n        ', JSON.stringify(key), ': ', text);
    first = false;
  }
  out.push(first ? '{}' : '\n      }');
  if (vendor) out.push(',\n      "vendor": ', JSON.stringify(vendor));
  if (month !== undefined) out.push(',\n      "month": ', JSON.stringify(month));
  if (subject !== undefined) out.push(',\n      "subject": ', JSON.stringify(subject));
  out.push('\n    }');
}

function jsonFile(file: FileResult, lang: Lang): Record<string, unknown> {
  return {
    file: file.file,
    ...(file.kind ? { kind: file.kind } : {}),
    ...(file.sha256 ? { sha256: file.sha256 } : {}),
    status: file.status,
    ...(file.month !== undefined ? { month: file.month } : {}),
    ...(file.submitted !== undefined ? { submitted: file.submitted } : {}),
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
    ...(finding.month !== undefined ? { month: finding.month } : {}),
    ...(finding.subject !== undefined ? { subject: finding.subject } : {}),
    ...(finding.waived ? { waived: finding.waived } : {}),
  };
}
