import type { Formatter } from './formatter.js';
import { SEVERITIES, inputWarnings, type Finding, type Report, type Severity, type VendorMonth } from '../report/model.js';
import { COLON, type Bilingual, type Lang } from '../util/i18n.js';
import { UNSHOWN } from '../util/escape.js';
import { formatNumber } from '../rules/message-template.js';
import { rowLabel } from './row-label.js';
import { WORDS, heading } from './words.js';
import { scoreSource } from './text-batch.js';

const LABELS = {
  zh: {
    title: 'tmcheck 检查结果',
    headline: (r: Report, count: (s: string) => number) =>
      `检查 ${r.summary.files} 个文件：**${r.summary.errors}** 个错误，**${r.summary.warnings}** 个警告，**${r.summary.notices}** 个提示${inputWarnings(r) > 0 ? `，**${inputWarnings(r)}** 个输入警告` : ''}（${count('pass')} 通过，${count('fail')} 不通过，${count('invalid')} 无法检查）`,
    noFindings: `${WORDS.zh.noFindings}。`,
    findings: '发现的问题',
    inputs: '无法检查的文件',
    inputWarnings: '输入警告',
    location: WORDS.zh.location, severity: WORDS.zh.severity, rule: WORDS.zh.rule, article: WORDS.zh.article, message: WORDS.zh.message, consequence: WORDS.zh.consequence, file: WORDS.zh.file,
    error: WORDS.zh.error, warning: WORDS.zh.warning, notice: WORDS.zh.notice, waived: WORDS.zh.waived, input: WORDS.zh.inputError,
    batch: WORDS.zh.monthlySummary, month: WORDS.zh.month, rank: WORDS.zh.rank, vendor: WORDS.zh.vendor, creditCode: WORDS.zh.creditCode, city: WORDS.zh.city,
    score: WORDS.zh.score, complaintRate: WORDS.zh.complaintRate, lastPlace: WORDS.zh.lastPlace, yes: '是',
    incomplete: '排名不完整（有月报重复或无法检查，未参与排名），当月不排末位：',
    skipped: WORDS.zh.skipped, ruleset: WORDS.zh.ruleset,
    leftOut: (findings: number, inputs: number, months: number, warnings: number) =>
      `**为适应拉取请求评论的长度上限（${COMMENT_LIMIT} 个字符），以下内容未列出：${[findings && `${findings} 个发现`, inputs && `${inputs} 个输入错误`, warnings && `${warnings} 个输入警告`, months && `${months} 行月度汇总`].filter(Boolean).join('、')}。** 完整报告：用 \`--format html=文件\` 或 \`--format json=文件\` 运行 tmcheck（在 CI 中与本摘要同一次检查写出）。`,
  },
  en: {
    title: 'tmcheck results',
    headline: (r: Report, count: (s: string) => number) =>
      `${r.summary.files} ${r.summary.files === 1 ? 'file' : 'files'} checked: **${r.summary.errors}** ${plural(r.summary.errors, 'error')}, **${r.summary.warnings}** ${plural(r.summary.warnings, 'warning')}, **${r.summary.notices}** ${plural(r.summary.notices, 'notice')}${inputWarnings(r) > 0 ? `, **${inputWarnings(r)}** ${plural(inputWarnings(r), 'input warning')}` : ''} (${count('pass')} passed, ${count('fail')} failed, ${count('invalid')} invalid)`,
    noFindings: `${heading(WORDS.en.noFindings)}.`,
    findings: 'Findings',
    inputs: 'Files that could not be checked',
    inputWarnings: 'Input warnings',
    location: heading(WORDS.en.location), severity: heading(WORDS.en.severity), rule: heading(WORDS.en.rule), article: heading(WORDS.en.article), message: heading(WORDS.en.message), consequence: heading(WORDS.en.consequence), file: heading(WORDS.en.file),
    error: WORDS.en.error, warning: WORDS.en.warning, notice: WORDS.en.notice, waived: WORDS.en.waived, input: WORDS.en.inputError,
    batch: heading(WORDS.en.monthlySummary), month: heading(WORDS.en.month), rank: heading(WORDS.en.rank), vendor: heading(WORDS.en.vendor), creditCode: heading(WORDS.en.creditCode), city: heading(WORDS.en.city),
    score: heading(WORDS.en.score), complaintRate: heading(WORDS.en.complaintRate), lastPlace: heading(WORDS.en.lastPlace), yes: 'yes',
    incomplete: 'Ranking incomplete (a report was left out: duplicate or not checkable), nobody ranked last: ',
    skipped: heading(WORDS.en.skipped), ruleset: WORDS.en.ruleset,
    leftOut: (findings: number, inputs: number, months: number, warnings: number) =>
      `**Left out to fit a pull-request comment (${COMMENT_LIMIT} characters): ${[findings && `${findings} ${plural(findings, 'finding')}`, inputs && `${inputs} ${plural(inputs, 'input error')}`, warnings && `${warnings} ${plural(warnings, 'input warning')}`, months && `${months} monthly ${plural(months, 'row')}`].filter(Boolean).join(', ')}.** The full report: run tmcheck with \`--format html=FILE\` or \`--format json=FILE\` (in CI, from the same check as this summary).`,
  },
} as const;

type Labels = (typeof LABELS)[Lang];

/** GitHub refuses a pull-request comment (and a job summary) longer than this many characters. */
export const COMMENT_LIMIT = 65_536;
/** Room kept for the left-out line, the rules not in force and the footer. */
const TAIL_RESERVE = 4_096;

/**
 * A summary for a pull-request comment or an e-mail: headline counts, the files that could not be
 * checked, the findings as a table (errors first), and the monthly table when the run included
 * monthly reports. It fits a comment: rows that do not fit are left out and counted in a line that
 * says where the full report is. Every value from the input goes through markdownCell, so a vendor
 * name cannot inject markup or links.
 */
export const formatMarkdown: Formatter = (report, { lang }) => {
  const t = LABELS[lang];
  const count = (status: string) => report.files.filter((f) => f.status === status).length;
  const out = new Budget(COMMENT_LIMIT - TAIL_RESERVE);
  out.push(`## ${t.title}`, '', t.headline(report, count), '');
  // A table of places and messages, for the files that could not be checked and for input warnings;
  // gives back how many rows did not fit.
  const placeTable = (heading: string, rows: Array<{ place: string; message: Bilingual }>): number => {
    if (rows.length === 0) return 0;
    out.push(`### ${heading}`, '', row([t.location, t.message]), row(['---', '---']));
    let leftOut = 0;
    for (const { place, message } of rows) if (out.full || !out.fits(row([code(place), markdownCell(message[lang])]))) leftOut++;
    out.push('');
    return leftOut;
  };
  const invalid = report.files.filter((f) => f.status === 'invalid');
  const inputsLeftOut = placeTable(t.inputs, invalid.flatMap((file) => file.errors.map((error) => ({ place: position(file.file, error.line), message: error.message }))));
  // Input warnings fail a run with --fail-on warning: the headline counts them, so they are listed too.
  const warningsLeftOut = placeTable(t.inputWarnings, [
    ...report.files.flatMap((file) => file.warnings.map((warning) => ({ place: position(file.file, warning.line), message: warning.message }))),
    ...(report.notes ?? []).filter((note) => note.level === 'warning').map((note) => ({ place: note.file, message: note.message })),
  ]);
  let findingsLeftOut = 0;
  if (report.findings.length === 0) out.push(t.noFindings, '');
  else {
    out.push(`### ${t.findings}`, '', ...findingsHeader(t));
    for (const finding of mostImportantFirst(report.findings)) if (out.full || !out.fits(findingRow(finding, lang))) findingsLeftOut++;
    out.push('');
  }
  let monthsLeftOut = 0;
  if (report.batch && report.batch.vendorMonths.length > 0) {
    out.push(`### ${t.batch}`, '', ...batchHeader(t));
    for (const vendorMonth of report.batch.vendorMonths) if (out.full || !out.fits(batchRow(vendorMonth, t))) monthsLeftOut++;
    out.push('');
  }
  if (report.batch && report.batch.vendorMonths.length > 0) out.push(report.batch.months.map((month) => `${markdownCell(month)}: ${markdownCell(scoreSource(report.batch!, month, lang))}`).join('; '), '');
  if (report.batch?.incompleteMonths?.length) out.push(`${t.incomplete}${report.batch.incompleteMonths.map(markdownCell).join(', ')}`, '');
  const tail: string[] = [];
  if (findingsLeftOut + inputsLeftOut + monthsLeftOut + warningsLeftOut > 0) tail.push(t.leftOut(findingsLeftOut, inputsLeftOut, monthsLeftOut, warningsLeftOut), '');
  if (report.skippedRules.length > 0) {
    const skipped = `${t.skipped}${report.asOf ? ` (${markdownCell(report.asOf)})` : ''}${COLON[lang]}${report.skippedRules.map((s) => `${code(s.id)} ${markdownCell(s.reason[lang])}`).join('; ')}`;
    // The rule list is the input's choice of rules, never long in practice; cut it rather than overflow.
    tail.push(skipped.length > TAIL_RESERVE / 2 ? `${t.skipped}${COLON[lang]}${report.skippedRules.length}` : skipped, '');
  }
  tail.push(`<sub>${markdownCell(report.tool.name)} ${markdownCell(report.tool.version)} · ${t.ruleset} ${markdownCell(report.ruleset.version)}</sub>`);
  return [...out.lines, ...tail].join('\n') + '\n';
};

/** Lines written while they fit in a number of characters; a line that does not fit is refused. */
class Budget {
  readonly lines: string[] = [];
  private used = 0;
  private refused = false;
  constructor(private readonly limit: number) {}

  /** A row has been refused: every later row is too, so none need be made (escaping 100,000 rows was most of the time). */
  get full(): boolean {
    return this.refused;
  }

  /** Headings and table headers: always written (they are short and few). */
  push(...lines: string[]): void {
    for (const line of lines) {
      this.lines.push(line);
      this.used += line.length + 1;
    }
  }

  /** A table row: written if it fits, else refused (and so is every row after it). */
  fits(line: string): boolean {
    if (this.refused || this.used + line.length + 1 > this.limit) {
      this.refused = true;
      return false;
    }
    this.push(line);
    return true;
  }
}

/** Counted errors, then warnings, then notices, then waived findings; stable within each. */
function mostImportantFirst(findings: Finding[]): Finding[] {
  const buckets: Finding[][] = [[], [], [], []];
  for (const finding of findings) buckets[finding.waived ? 3 : SEVERITIES.indexOf(finding.severity)]!.push(finding);
  return buckets.flat();
}

const SEVERITY_MARK: Record<Severity, string> = { error: '❌', warning: '⚠️', notice: 'ℹ️' };

function findingsHeader(t: Labels): string[] {
  return [row([t.location, t.severity, t.rule, t.article, t.message, t.consequence]), row(['---', '---', '---', '---', '---', '---'])];
}

function findingRow(f: Finding, lang: Lang): string {
  const t = LABELS[lang];
  const where = f.location.line !== undefined ? position(f.location.file, f.location.line) : f.location.row !== undefined ? `${f.location.file} ${rowLabel(f.location.row, undefined, lang)}` : f.location.file;
  const severity = `${SEVERITY_MARK[f.severity]} ${t[f.severity]}${f.waived ? ` (${t.waived}${COLON[lang]}${markdownCell(f.waived.reason)})` : ''}`;
  return row([code(where), severity, code(f.ruleId), `${markdownCell(f.citation)} ${code(f.requirement)}`, markdownCell(f.message[lang]), markdownCell(f.consequence[lang])]);
}

function batchHeader(t: Labels): string[] {
  return [
    row([t.month, t.rank, t.vendor, t.creditCode, t.city, t.score, t.complaintRate, t.error, t.warning, t.notice, t.lastPlace]),
    row(['---', '---:', '---', '---', '---', '---:', '---:', '---:', '---:', '---:', '---']),
  ];
}

function batchRow(v: VendorMonth, t: Labels): string {
  return row([
    markdownCell(v.month),
    v.rank !== undefined ? `${v.rank}${v.vendorsRanked !== undefined ? ` / ${v.vendorsRanked}` : ''}` : '—',
    markdownCell(v.vendorName),
    code(v.creditCode),
    markdownCell(v.city),
    // As the findings write numbers: a rate just above a tier's bound never reads as on it.
    v.assessmentScore !== undefined ? formatNumber(v.assessmentScore) : '—',
    v.complaintRatePercent !== undefined ? `${formatNumber(v.complaintRatePercent)}%` : '—',
    String(v.errors),
    String(v.warnings),
    String(v.notices),
    v.lastPlace ? t.yes : '',
  ]);
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function position(file: string, line: number | undefined): string {
  return line === undefined ? file : `${file}:${line}`;
}

const CELL_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '|': '&#124;',
  '`': '&#96;',
};

/**
 * Longest cell, in characters of Markdown: the findings of the fixtures take at most 483. A vendor's
 * value of 8,000 `@` (72,000 characters escaped) made its row too long for the comment, and with
 * it every row after it: the table of the whole batch was left out.
 */
export const CELL_LIMIT = 2_000;

/**
 * Text that stays one table cell of plain text: HTML and `|` become entities, newlines `<br>`,
 * Markdown punctuation is backslash-escaped (no links, emphasis or headings from a vendor name),
 * control, bidirectional and line-separator characters are dropped, `@` gets a zero-width space so
 * it cannot mention anyone, and the `:` of `://` and the `.` of `www.` become entities so GFM does
 * not turn a bare address into a link. GitHub's issue references (`#123`, `GH-123`) and emoji codes
 * (`:name:`) get a zero-width space too, and `$` (math) a span of its own. A cell longer than
 * CELL_LIMIT is cut, and ends in `…`.
 */
export function markdownCell(text: string): string {
  const cell = escapeCell(text);
  if (cell.length <= CELL_LIMIT) return cell;
  // The longest start of the text that fits escaped: an escape takes at least the character's room.
  let fits = 0;
  let over = Math.min(text.length, CELL_LIMIT);
  while (over - fits > 1) {
    const middle = (fits + over) >> 1;
    if (escapeCell(wholeCharacters(text, middle)).length < CELL_LIMIT) fits = middle;
    else over = middle;
  }
  return `${escapeCell(wholeCharacters(text, fits))}…`;
}

/** The first `length` code units of a text, less a high surrogate whose pair would be cut off. */
function wholeCharacters(text: string, length: number): string {
  const code = text.charCodeAt(length - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? length - 1 : length);
}

function escapeCell(text: string): string {
  return (
    text
      .replace(UNSHOWN, '')
      .replace(/[&<>|`]/g, (ch) => CELL_ESCAPES[ch]!)
      .replace(/[\\*_[\]~]/g, (ch) => `\\${ch}`)
      .replace(/@/g, '@&#8203;')
      .replace(/:(?=\/\/)/g, '&#58;')
      .replace(/(www)\./gi, '$1&#46;')
      .replace(/\r\n?|\n/g, '<br>')
      // GitHub's own links and pictures, made on the rendered text (an entity would be read back):
      // `#123`, `owner/repo#123` and `GH-123` link an issue, `:name:` is an emoji; a zero-width
      // space after `#`, `GH-` or the first `:` breaks each. `&#…` is an escape of ours, not a `#`.
      .replace(/(?<!&)#(?=\d)|\bGH-(?=\d)/gi, '$&&#8203;')
      .replace(EMOJI_COLON, ':&#8203;')
      // `$…$` and `$$…$$` are math to GitHub, and a backslash does not escape `$` there; GitHub's
      // documented way is a `$` in a span of its own.
      .replace(/\$/g, () => '<span>$</span>')
  );
}

/**
 * The first `:` of a GitHub emoji code, `:name:` as escapeCell has written it (`_` as `\_`): a name
 * with a letter or `_`, or :+1:, :-1:, :100:, :1234:. A time (`09:30:00`) or a range (`08:00-21:00`) is no name.
 */
const EMOJI_COLON = /:(?=(?:[a-z0-9+-]|\\_)*(?:[a-z]|\\_)(?:[a-z0-9+-]|\\_)*:|[+-]1:|100:|1234:)/gi;

/** Identifiers and paths in a monospace font; the content is escaped exactly like any cell. */
export function code(text: string): string {
  return `<code>${markdownCell(text)}</code>`;
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
