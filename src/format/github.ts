import type { Formatter } from './formatter.js';
import type { Finding, Severity } from '../report/model.js';
import type { InputError } from '../read/input-error.js';
import { COLON, type Lang } from '../util/i18n.js';
import { showInvisible } from '../util/escape.js';
import { countOf } from '../util/plural.js';
import { atPlace, WORDS } from './words.js';

/** A step shows at most this many annotations of each type (error, warning, notice); the rest are log lines only. */
export const ANNOTATIONS_SHOWN = 10;

interface Annotation {
  command: 'error' | 'warning' | 'notice';
  line: string;
  /** Findings of one rule in one file collapse into one annotation when a type has too many. */
  group?: { key: string; finding: Finding };
}

/**
 * GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`); the runner
 * turns them into annotations, and shows only ten of each type. So they come in order of what
 * matters (error findings, input errors, warnings, input warnings, notices, waived findings), and
 * a type with more than ten becomes one annotation per rule and file that counts its findings.
 */
export const formatGithub: Formatter = (report, { lang }) => {
  const t = LABELS[lang];
  const findings = (pick: (f: Finding) => boolean): Annotation[] =>
    report.findings.filter(pick).map((finding) => ({
      command: finding.waived ? 'notice' : COMMAND[finding.severity],
      line: findingLine(finding, lang),
      group: { key: `${finding.ruleId}\u0000${finding.location.file}\u0000${finding.waived ? 'w' : ''}`, finding },
    }));
  const inputs = (command: 'error' | 'warning'): Annotation[] =>
    report.files.flatMap((file) =>
      (command === 'error' ? file.errors : file.warnings).map((error) => ({ command, line: inputLine(command, file.file, error, command === 'error' ? t.inputError : t.inputWarning, lang) })),
    );
  const ordered = [
    ...findings((f) => !f.waived && f.severity === 'error'),
    ...inputs('error'),
    ...findings((f) => !f.waived && f.severity === 'warning'),
    ...inputs('warning'),
    ...findings((f) => !f.waived && f.severity === 'notice'),
    ...findings((f) => f.waived !== undefined),
  ];
  const perCommand = new Map<string, number>();
  for (const a of ordered) perCommand.set(a.command, (perCommand.get(a.command) ?? 0) + 1);
  // Each slot is a line, or the findings of one rule and file collapsed into one annotation.
  const slots: Array<string | Finding[]> = [];
  const groups = new Map<string, Finding[]>();
  for (const a of ordered) {
    if (!a.group || perCommand.get(a.command)! <= ANNOTATIONS_SHOWN) slots.push(a.line);
    else {
      const members = groups.get(a.group.key);
      if (members) members.push(a.group.finding);
      else {
        const created = [a.group.finding];
        groups.set(a.group.key, created);
        slots.push(created);
      }
    }
  }
  const out = slots.map((slot) => (typeof slot === 'string' ? slot : groupLine(slot, lang)));
  return out.length > 0 ? out.join('\n') + '\n' : '';
};

const LABELS = {
  zh: {
    inputError: `tmcheck ${WORDS.zh.inputError}`, inputWarning: `tmcheck ${WORDS.zh.inputWarning}`, consequence: WORDS.zh.consequence, waived: WORDS.zh.waived,
    group: (n: number, places: string) => `本文件中该规则共 ${n} 处：${places}`,
  },
  en: {
    inputError: `tmcheck ${WORDS.en.inputError}`, inputWarning: `tmcheck ${WORDS.en.inputWarning}`, consequence: WORDS.en.consequence, waived: WORDS.en.waived,
    group: (n: number, places: string) => `${countOf(n, 'finding')} of this rule in this file: ${places}`,
  },
} as const;

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', notice: 'notice' };

function findingLine(finding: Finding, lang: Lang): string {
  const t = LABELS[lang];
  const where = finding.location;
  // A waived finding stays visible but must not look like a failure: it is shown as a notice.
  const command = finding.waived ? 'notice' : COMMAND[finding.severity];
  const pointer = where.path !== undefined ? where.path || '/' : where.field ?? '';
  const message = [
    finding.message[lang] + (finding.waived ? ` [${t.waived}${COLON[lang]}${finding.waived.reason}]` : ''),
    `${t.consequence}${COLON[lang]}${finding.consequence[lang]}`,
    `${finding.ruleId} · ${finding.requirement} · ${atPlace(pointer, lang)}`,
  ].join('\n');
  return workflowCommand(command, {
    file: where.file,
    line: where.line ?? where.row,
    col: where.column,
    title: `${finding.ruleId} (${finding.citation})`,
  }, message);
}

/** Places listed in a collapsed annotation; the full list is in the other reports. */
const PLACES_LISTED = 20;

/** One annotation for many findings of one rule in one file: at the first, counting and listing the others. */
function groupLine(findings: Finding[], lang: Lang): string {
  if (findings.length === 1) return findingLine(findings[0]!, lang);
  const t = LABELS[lang];
  const first = findings[0]!;
  const places = findings.slice(0, PLACES_LISTED).map((f) => {
    const at = f.location.line ?? f.location.row;
    const pointer = f.location.path !== undefined ? f.location.path || '/' : f.location.field ?? '';
    return at !== undefined ? `${at}${pointer ? ` ${pointer}` : ''}` : pointer;
  });
  const more = findings.length > PLACES_LISTED ? ', …' : '';
  const where = first.location;
  const message = [
    t.group(findings.length, places.join(', ') + more),
    first.message[lang] + (first.waived ? ` [${t.waived}${COLON[lang]}${first.waived.reason}]` : ''),
    `${t.consequence}${COLON[lang]}${first.consequence[lang]}`,
  ].join('\n');
  return workflowCommand(first.waived ? 'notice' : COMMAND[first.severity], { file: where.file, line: where.line ?? where.row, col: where.column, title: `${first.ruleId} (${first.citation}) ×${findings.length}` }, message);
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
