import type { Bilingual, Lang } from '../util/i18n.js';

/** Where a configuration problem is, when it is in a file (a rule, the profile, the baseline). */
export interface ConfigProblem {
  file?: string;
  line?: number;
  column?: number;
  message: Bilingual;
}

/**
 * A problem with how tmcheck was set up (a rules folder, a profile, a baseline, an option value),
 * as opposed to a problem in a checked input, which is reported as an invalid file in the report.
 * `message` is English; `text` holds both languages; `problems` lists each one with its position.
 */
export class TmcheckConfigError extends Error {
  override readonly name = 'TmcheckConfigError';

  constructor(
    /** What could not be used: `rules`, `profile`, `baseline`, `option`, `input`, `format`, `config`. */
    readonly code: 'rules' | 'profile' | 'baseline' | 'option' | 'input' | 'format' | 'config',
    readonly text: Bilingual,
    readonly problems: ConfigProblem[] = [],
  ) {
    super(render(text, problems, 'en'));
  }

  /** The heading and one line per problem, in one language. */
  render(lang: Lang): string {
    return render(this.text, this.problems, lang);
  }
}

function render(text: Bilingual, problems: ConfigProblem[], lang: Lang): string {
  if (problems.length === 0) return text[lang];
  return [`${text[lang]}${lang === 'zh' ? '：' : ':'}`, ...problems.map((p) => `  ${where(p)}${p.message[lang]}`)].join('\n');
}

function where(problem: ConfigProblem): string {
  if (problem.file === undefined) return '';
  return `${problem.file}${problem.line !== undefined ? `:${problem.line}:${problem.column ?? 1}` : ''}: `;
}

/** A numeric option that must be a positive whole number (undefined: not given), or a TmcheckConfigError naming it. */
export function positive(name: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new TmcheckConfigError('option', { zh: `${name} 应为正整数：${String(value)}`, en: `${name} must be a positive whole number: ${String(value)}` });
  }
  return value;
}
