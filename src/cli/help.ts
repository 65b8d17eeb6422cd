import { Help, type Argument, type Command, type Option } from 'commander';
import { displayWidth } from '../format/text-batch.js';
import type { Bilingual, Lang } from '../util/i18n.js';
import type { CliIo } from './io.js';

/**
 * `--help` in the language of usage errors (`usageLang`: --lang, else the locale). Each command's
 * and option's text is written in both languages where it is declared, and `say` picks one; the
 * headings and notes commander adds itself are put in Chinese here.
 */
export type Say = (text: Bilingual) => string;

export const sayer = (io: CliIo): Say => (text) => text[io.usageLang ?? 'en'];

/** commander's own words, for the help option, the help command and `.version`. */
export const HELP_TEXT: Bilingual = { en: 'display help for command', zh: '显示该命令的帮助' };
export const VERSION_TEXT: Bilingual = { en: 'output the version number', zh: '显示版本号' };
/** Texts more than one command declares an option with. */
export const CUSTOM_RULES_TEXT: Bilingual = { en: 'add a folder of custom rules (repeatable)', zh: '加入一个自定义规则文件夹（可重复）' };
export const OUTPUT_FORMAT_TEXT: Bilingual = { en: 'output format', zh: '输出格式' };
export const OUTPUT_LANG_TEXT: Bilingual = { en: 'output language (default: from LANG/LC_ALL)', zh: '输出语言（默认：按 LANG/LC_ALL）' };
/** A repeatable option given no value: "none", not commander's "[]". */
export const NONE: Bilingual = { en: 'none', zh: '无' };

const HEADINGS_ZH: Record<string, string> = {
  'Usage:': '用法：',
  'Arguments:': '参数：',
  'Options:': '选项：',
  'Global Options:': '全局选项：',
  'Commands:': '命令：',
};

/** Wires a command's help to `lang`: its help option's text, and for Chinese the headings, notes and line breaking. */
export function helpIn<C extends Command>(command: C, lang: Lang): C {
  command.helpOption('-h, --help', HELP_TEXT[lang]);
  if (lang === 'zh') command.configureHelp(CHINESE_HELP);
  return command;
}

/** `（可选：a、b；默认：x）` where commander writes ` (choices: "a", "b", default: "x")`. */
function withNotes(description: string, item: Option | Argument, showDefault: boolean): string {
  const notes: string[] = [];
  if (item.argChoices) notes.push(`可选：${item.argChoices.join('、')}`);
  if (showDefault && item.defaultValue !== undefined) notes.push(`默认：${item.defaultValueDescription ?? String(item.defaultValue)}`);
  return notes.length === 0 ? description : `${description}（${notes.join('；')}）`;
}

const CHINESE_HELP: Partial<Help> = {
  styleTitle: (title: string) => HEADINGS_ZH[title] ?? title,
  // The full-width colon of "用法：" is its own space.
  formatHelp(cmd: Command, helper: Help): string {
    return Help.prototype.formatHelp.call(helper, cmd, helper).replace(/^用法： /, '用法：');
  },
  // commander's rule: a default is shown for an option that takes a value (or a boolean default).
  optionDescription: (option: Option) => withNotes(option.description, option, option.required || option.optional || (option.isBoolean() && typeof option.defaultValue === 'boolean')),
  argumentDescription: (argument: Argument) => withNotes(argument.description, argument, true),
  // A Chinese character takes two columns in a terminal, and a line may break between any two.
  displayWidth: (text: string) => displayWidth(text),
  boxWrap(text: string, width: number): string {
    return wrapChinese(text, width);
  },
};

/**
 * Chinese text wrapped to `width` columns: a line may break at a space or between two Chinese
 * characters, never before closing punctuation (，。）) nor after an opening one (（「).
 */
export function wrapChinese(text: string, width: number): string {
  // A unit: an opening mark and what follows it, a Chinese character, or a run of other characters;
  // each with the closing marks and the spaces after it.
  const units = text.match(/[（「《]*(?:[\u2e80-\u9fff\uff00-\uffef]|[^\s\u2e80-\u9fff\uff00-\uffef]+)[，。、；：）」》！？]*\s*/g) ?? [text];
  const lines: string[] = [];
  let line = '';
  for (const unit of units) {
    if (line !== '' && displayWidth((line + unit).trimEnd()) > width) {
      lines.push(line.trimEnd());
      line = '';
    }
    line += unit;
  }
  lines.push(line.trimEnd());
  return lines.join('\n');
}
