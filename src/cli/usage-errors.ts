import { langFromEnv, type Lang } from '../util/i18n.js';

/**
 * Commander's usage errors ("error: unknown option '--x'") in the report's language. The language
 * comes from `--lang` on the command line, else from LANG/LC_ALL, as for the report itself.
 */
export function usageLang(argv: readonly string[], env: NodeJS.ProcessEnv): Lang {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = arg === '--lang' ? argv[i + 1] : arg.startsWith('--lang=') ? arg.slice('--lang='.length) : undefined;
    if (value === 'zh' || value === 'en') return value;
  }
  return langFromEnv(env);
}

// Commander 14's messages, each with its Chinese form; what is not recognised stays in English.
const PATTERNS: Array<[RegExp, (...groups: string[]) => string]> = [
  [/^error: unknown option '([^']*)'(?:\s*\(Did you mean ([^)]*)\?\))?/, (option, hint) => `错误：未知选项 ${option}${hint ? `（是否想用 ${hint}？）` : ''}`],
  [/^error: unknown command '([^']*)'/, (command) => `错误：未知命令 ${command}`],
  [/^error: missing required argument '([^']*)'/, (name) => `错误：缺少必填参数 ${name}`],
  [/^error: option '([^']*)' argument missing/, (option) => `错误：选项 ${option} 缺少取值`],
  [/^error: option '([^']*)' argument '([^']*)' is invalid\. Allowed choices are ([^.]*)\./, (option, value, choices) => `错误：选项 ${option} 的取值「${value}」无效，可选：${choices}`],
  [/^error: option '([^']*)' argument '([^']*)' is invalid\. (.*)$/, (option, value, reason) => `错误：选项 ${option} 的取值「${value}」无效：${REASONS_ZH[reason!.trim()] ?? inLanguage(reason!, 'zh')}`],
  [/^error: too many arguments(?: for '([^']*)')?\. Expected (\d+) arguments? but got (\d+)\./, (command, expected, got) => `错误：${command ? `${command} ` : ''}参数过多：应为 ${expected} 个，实际 ${got} 个`],
];

/** The reasons tmcheck's own option parsers give (InvalidArgumentError), in Chinese. */
const REASONS_ZH: Record<string, string> = {
  'expected a date as YYYY-MM-DD': '应为 YYYY-MM-DD 格式的日期',
  'expected a positive whole number': '应为正整数',
};

export function translateUsageError(text: string, lang: Lang): string {
  const [first, ...rest] = text.split('\n');
  if (lang !== 'zh') {
    const reason = /^(error: option '[^']*' argument '[^']*' is invalid\. )(.*)$/.exec(first!);
    return reason ? [reason[1] + inLanguage(reason[2]!, 'en'), ...rest].join('\n') : text;
  }
  for (const [pattern, render] of PATTERNS) {
    const match = pattern.exec(first!);
    if (match) return [render(...match.slice(1).map((g) => g ?? '')), ...rest].join('\n');
  }
  return text;
}

/** One language of a reason tmcheck's option parsers give in both, `english / 中文`. */
function inLanguage(reason: string, lang: Lang): string {
  const at = reason.lastIndexOf(' / ');
  if (at < 0) return reason;
  return lang === 'zh' ? reason.slice(at + 3) : reason.slice(0, at);
}

/**
 * The line after a usage error: where the options are listed. Not the whole help (commander's
 * default), whose 90 lines would scroll the one line that says what was wrong off the screen.
 */
export function helpHint(command: string, lang: Lang): string {
  return lang === 'zh' ? `（全部选项见 ${command} --help）` : `(${command} --help lists every option)`;
}
