import type { Formatter } from './formatter.js';
import type { Finding, Severity } from '../report/model.js';
import type { InputError } from '../read/input-error.js';
import type { Lang } from '../util/i18n.js';
import { showInvisible } from '../util/escape.js';

/**
 * GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`), one line per
 * finding and per input problem; the runner turns them into annotations on the pull request.
 */
export const formatGithub: Formatter = (report, { lang }) => {
  const t = LABELS[lang];
  const lines: string[] = [];
  for (const file of report.files) {
    for (const error of file.errors) lines.push(inputLine('error', file.file, error, t.inputError, lang));
    for (const warning of file.warnings) lines.push(inputLine('warning', file.file, warning, t.inputWarning, lang));
  }
  for (const finding of report.findings) lines.push(findingLine(finding, lang));
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
};

const LABELS = {
  zh: { inputError: 'tmcheck 输入错误', inputWarning: 'tmcheck 输入警告', consequence: '后果', at: '位置', waived: '已豁免' },
  en: { inputError: 'tmcheck input error', inputWarning: 'tmcheck input warning', consequence: 'consequence', at: 'at', waived: 'waived' },
} as const;

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', notice: 'notice' };

function findingLine(finding: Finding, lang: Lang): string {
  const t = LABELS[lang];
  const where = finding.location;
  // A waived finding stays visible but must not look like a failure: it is shown as a notice.
  const command = finding.waived ? 'notice' : COMMAND[finding.severity];
  const pointer = where.path !== undefined ? where.path || '/' : where.field ?? '';
  const message = [
    finding.message[lang] + (finding.waived ? ` [${t.waived}: ${finding.waived.reason}]` : ''),
    `${t.consequence}: ${finding.consequence[lang]}`,
    `${finding.ruleId} · ${finding.requirement} · ${t.at} ${pointer}`,
  ].join('\n');
  return workflowCommand(command, {
    file: where.file,
    line: where.line ?? where.row,
    col: where.column,
    title: `${finding.ruleId} (${finding.citation})`,
  }, message);
}

function inputLine(command: 'error' | 'warning', file: string, error: InputError, title: string, lang: Lang): string {
  const pointer = error.path !== undefined ? ` (${error.path || '/'})` : '';
  return workflowCommand(command, { file, line: error.line, col: error.column, title }, `${error.message[lang]}${pointer}`);
}

/** `::command key=value,…::data`, leaving out properties that have no value. */
export function workflowCommand(command: string, properties: Record<string, string | number | undefined>, data: string): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${command}${props ? ` ${props}` : ''}::${escapeData(data)}`;
}

/** The message part: `%` first (so `%0A` in the input stays text), then CR and LF. */
export function escapeData(text: string): string {
  // Control and bidirectional characters are shown as visible escapes: the runner would pass them
  // to the log viewer, which interprets ANSI sequences.
  return showInvisible(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value: as data, plus `:` and `,`, which would end the value or the property list. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
