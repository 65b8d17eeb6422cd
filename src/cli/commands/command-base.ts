import { Command, Option } from 'commander';
import type { CliIo } from '../io.js';
import { RuleLoadError } from '../../rules/load-rules.js';
import { escapeTerminal } from '../../util/escape.js';
import { langFromEnv, type Lang } from '../../util/i18n.js';
import { loadRuleSet, type RuleSetChoice } from '../../engine/load-rule-set.js';
import type { RuleSet } from '../../engine/rule-set.js';
import { helpHint, translateUsageError } from '../usage-errors.js';
import { helpIn, OUTPUT_LANG_TEXT, sayer } from '../help.js';

/** Reports a subcommand's exit status back to main(). */
export type SetStatus = (status: number) => void;

/**
 * A subcommand wired like the program: output through the captured io, errors thrown to main()
 * instead of exiting the process (addCommand does not copy these settings from the parent).
 */
export function subcommand(name: string, io: CliIo, fullName = name): Command {
  return helpIn(new Command(name), io.usageLang ?? 'en')
    .exitOverride()
    .showHelpAfterError(helpHint(`tmcheck ${fullName}`, io.usageLang ?? 'en'))
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(translateUsageError(text, io.usageLang ?? 'en')),
    });
}

export const langOption = (io: CliIo) => new Option('--lang <lang>', sayer(io)(OUTPUT_LANG_TEXT)).choices(['zh', 'en']);

export function chosenLang(option: Lang | undefined, io: CliIo): Lang {
  return option ?? langFromEnv(io.env);
}

/** Loads the rules or explains on stderr why not (each problem with file:line:column); undefined then. */
export function loadRulesOrExplain(choice: RuleSetChoice, io: CliIo, lang: Lang): RuleSet | undefined {
  return orExplainRuleErrors(() => loadRuleSet(choice), io, lang);
}

/** Runs a rule loader; a RuleLoadError is written to stderr, problem by problem, and gives undefined. */
export function orExplainRuleErrors<T>(load: () => T, io: CliIo, lang: Lang): T | undefined {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof RuleLoadError)) throw error;
    const intro = lang === 'zh' ? '规则无法加载' : 'the rules could not be loaded';
    io.stderr.write(`tmcheck: ${intro}:\n${error.problems.map((p) => `  ${escapeTerminal(`${p.file}:${p.line}:${p.column}: ${p.message}`)}`).join('\n')}\n`);
    return undefined;
  }
}
