import { Chalk, type ChalkInstance } from 'chalk';
import type { Formatter } from './formatter.js';
import { exitCode, findingsByFile, inputWarnings, type FailOn, type Finding, type FileResult, type Report, type Severity } from '../report/model.js';
import { COLON, type Lang } from '../util/i18n.js';
import { escapeTerminal } from '../util/escape.js';
import { batchTables, displayWidth } from './text-batch.js';
import { rowLabel } from './row-label.js';
import { atPlace, WORDS } from './words.js';
import { unreadFilesLine } from './unread-files.js';

const LABELS = {
  zh: {
    error: WORDS.zh.error, warning: WORDS.zh.warning, notice: WORDS.zh.notice, input: WORDS.zh.input, pass: WORDS.zh.pass, fail: WORDS.zh.fail, invalid: WORDS.zh.invalid,
    consequence: WORDS.zh.consequence, waived: WORDS.zh.waived, files: '个文件', passed: '通过', failed: '不通过',
    errors: '个错误', warnings: '个警告', notices: '个提示', skipped: WORDS.zh.skipped, noFiles: WORDS.zh.noFiles, note: '说明',
  },
  en: {
    error: WORDS.en.error, warning: WORDS.en.warning, notice: WORDS.en.notice, input: WORDS.en.input, pass: WORDS.en.pass, fail: WORDS.en.fail, invalid: WORDS.en.invalid,
    consequence: WORDS.en.consequence, waived: WORDS.en.waived, files: 'files', passed: 'passed', failed: 'failed',
    errors: 'errors', warnings: 'warnings', notices: 'notices', skipped: WORDS.en.skipped, noFiles: WORDS.en.noFiles, note: 'note',
  },
} as const;

/**
 * The report for people: grouped by file, each finding with `line:col`, severity, message (which
 * cites the article), rule and requirement, pointer and consequence; a one-line summary at the end.
 * Everything that came from the input goes through escapeTerminal, so a vendor name cannot carry
 * an escape sequence to the terminal.
 */
export const formatText: Formatter = (report, { lang, color, failOn }) => {
  const c = new Chalk({ level: color ? 1 : 0 });
  const t = LABELS[lang];
  const lines: string[] = [];
  // One pass over the findings, and a set of the checked files: linear in findings and files.
  const byFile = findingsByFile(report.findings);
  const checked = new Set(report.files.map((f) => f.file));
  for (const file of report.files) {
    lines.push(fileHeader(file, c, t));
    for (const error of file.errors) {
      lines.push(`  ${c.dim(inputPosition(error, lang))}  ${c.red.bold(padLabel(t.input))} ${escapeTerminal(error.message[lang])}`);
    }
    for (const warning of file.warnings) {
      lines.push(`  ${c.dim(inputPosition(warning, lang))}  ${c.yellow(padLabel(t.warning))} ${escapeTerminal(warning.message[lang])}`);
    }
    for (const finding of byFile.get(file.file) ?? []) lines.push(...findingLines(finding, lang, c));
    lines.push('');
  }
  for (const [file, findings] of byFile) {
    if (checked.has(file)) continue;
    lines.push(c.bold(escapeTerminal(file)));
    for (const finding of findings) lines.push(...findingLines(finding, lang, c));
    lines.push('');
  }
  // Files seen but not checked (tmcheck's own files, ignored waivers), one line each.
  for (const note of report.notes ?? []) {
    const label = note.level === 'warning' ? c.yellow(padLabel(t.warning)) : c.dim(padLabel(t.note));
    lines.push(`${c.bold(escapeTerminal(note.file))}  ${label} ${escapeTerminal(note.message[lang])}`, '');
  }
  if (report.unreadFiles && report.unreadFiles.length > 0) lines.push(c.dim(escapeTerminal(unreadFilesLine(report.unreadFiles, lang))), '');
  if (report.skippedRules.length > 0) {
    lines.push(c.dim(`${t.skipped} (${report.asOf})${COLON[lang]}${report.skippedRules.map((s) => `${s.id} — ${s.reason[lang]}`).join('; ')}`), '');
  }
  if (report.baseline) lines.push(c.dim(baselineNote(report.baseline, lang)), '');
  if (report.batch) lines.push(...batchTables(report.batch, lang, c), '');
  lines.push(summaryLine(report, lang, c, failOn));
  return lines.join('\n') + '\n';
};

function fileHeader(file: FileResult, c: ChalkInstance, t: (typeof LABELS)[Lang]): string {
  const status =
    file.status === 'pass' ? c.green(`✔ ${t.pass}`) : file.status === 'fail' ? c.red(`✖ ${t.fail}`) : c.red.bold(`✖ ${t.invalid}`);
  const kind = file.kind ? c.dim(` ${escapeTerminal(file.kind)}`) : '';
  return `${c.bold.underline(escapeTerminal(file.file))}${kind}  ${status}`;
}

const SEVERITY_COLOR: Record<Severity, (c: ChalkInstance) => ChalkInstance> = {
  error: (c) => c.red,
  warning: (c) => c.yellow,
  notice: (c) => c.cyan,
};

function findingLines(finding: Finding, lang: Lang, c: ChalkInstance): string[] {
  const t = LABELS[lang];
  const where = finding.location.row !== undefined ? rowLabel(finding.location.row, finding.location.line, lang) : position(finding.location.line, finding.location.column);
  const severity = SEVERITY_COLOR[finding.severity](c)(padLabel(t[finding.severity]));
  const waived = finding.waived ? c.magenta(` [${t.waived}${COLON[lang]}${escapeTerminal(finding.waived.reason)}]`) : '';
  const pad = ' '.repeat(displayWidth(where) + 4);
  const pointer = finding.location.path !== undefined ? escapeTerminal(finding.location.path || '/') : escapeTerminal(finding.location.field ?? '');
  return [
    `  ${c.dim(where)}  ${severity} ${escapeTerminal(finding.message[lang])}${waived}`,
    `${pad}${' '.repeat(8)}${c.dim(`${finding.ruleId} · ${finding.requirement} · ${atPlace(pointer, lang)}`)}`,
    `${pad}${' '.repeat(8)}${c.dim(`${t.consequence}${COLON[lang]}`)}${escapeTerminal(finding.consequence[lang])}`,
  ];
}

/** A table problem names its row (and column), a document problem its line:column. */
function inputPosition(problem: { line?: number; column?: number; row?: number; field?: string }, lang: Lang): string {
  if (problem.row === undefined) return position(problem.line, problem.column);
  const row = rowLabel(problem.row, problem.line, lang);
  return problem.field ? `${row} ${escapeTerminal(problem.field)}` : row;
}


function position(line?: number, column?: number): string {
  return line === undefined ? '-' : `${line}:${column ?? 1}`;
}

function summaryLine(report: Report, lang: Lang, c: ChalkInstance, failOn: FailOn): string {
  const t = LABELS[lang];
  const s = report.summary;
  if (s.files === 0) return c.yellow(t.noFiles);
  const count = (status: string) => report.files.filter((f) => f.status === status).length;
  // Errors are never marked ✔ (even under --fail-on never), nor is a run that exits non-zero (an invalid file, or --fail-on notice on notices alone).
  const bad = s.errors > 0 || exitCode(report, failOn) !== 0;
  // Input warnings are not findings (the summary's counts are findings'), but they are on screen: named when there are any.
  const input = inputWarnings(report);
  const mark = bad ? c.red.bold('✖') : s.warnings + input > 0 ? c.yellow('⚠') : c.green('✔');
  if (lang === 'zh') {
    const inputPart = input > 0 ? `，${input} 个输入警告` : '';
    return `${mark} 检查 ${s.files} 个文件：${s.errors} 个错误，${s.warnings} 个警告，${s.notices} 个提示${inputPart}（${count('pass')} 通过，${count('fail')} 不通过，${count('invalid')} 无法检查）`;
  }
  const inputPart = input > 0 ? `, ${input} ${plural(input, 'input warning')}` : '';
  return `${mark} ${s.files} ${s.files === 1 ? 'file' : 'files'} checked: ${s.errors} ${plural(s.errors, 'error')}, ${s.warnings} ${plural(s.warnings, 'warning')}, ${s.notices} ${plural(s.notices, 'notice')}${inputPart} (${count('pass')} passed, ${count('fail')} failed, ${count('invalid')} invalid)`;
}

function baselineNote(baseline: NonNullable<Report['baseline']>, lang: Lang): string {
  const file = escapeTerminal(baseline.file);
  return lang === 'zh'
    ? `基线 ${file} 中已有的 ${baseline.suppressed} 个发现未列出`
    : `${baseline.suppressed} ${plural(baseline.suppressed, 'finding')} already in the baseline ${file} not shown`;
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

/** Severity labels take 7 columns on screen: a Chinese character takes two, so pad by display width. */
function padLabel(label: string): string {
  return label + ' '.repeat(Math.max(0, 7 - displayWidth(label)));
}
