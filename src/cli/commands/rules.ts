import path from 'node:path';
import { Option, type Command } from 'commander';
import type { CliIo } from '../io.js';
import { loadRules } from '../../rules/load-rules.js';
import { runRuleExamples, type ExampleOutcome } from '../../coverage/run-examples.js';
import { escapeTerminal } from '../../util/escape.js';
import { COLON, type Lang } from '../../util/i18n.js';
import { collect } from '../check-command.js';
import { buildCoverage, type CoverageTable } from '../../coverage/coverage.js';
import { fixturesByRule } from '../../coverage/fixtures.js';
import { loadCoverageDeclarations, loadRequirements } from '../../rules/requirements.js';
import { LIST_FORMATS, renderCoverage, type ListFormat } from '../../coverage/render-coverage.js';
import { renderRuleList, ruleList } from '../../coverage/render-rule-list.js';
import type { RuleSet } from '../../engine/rule-set.js';
import { chosenLang, langOption, loadRulesOrExplain, orExplainRuleErrors, subcommand, type SetStatus } from './command-base.js';
import { CUSTOM_RULES_TEXT, HELP_TEXT, NONE, OUTPUT_FORMAT_TEXT, sayer, type Say } from '../help.js';
import { countOf } from '../../util/plural.js';

interface ListOptions {
  format: ListFormat;
  lang?: Lang;
  rules: string[];
}

const formatOption = (say: Say) => new Option('-f, --format <name>', say(OUTPUT_FORMAT_TEXT)).choices(LIST_FORMATS).default('text');
const rulesOption = (say: Say) => new Option('--rules <dir>', say(CUSTOM_RULES_TEXT)).argParser(collect).default([], say(NONE));

/** `tmcheck rules list|coverage|test`: the views a rule maintainer needs, all generated from the rule files. */
export function rulesCommand(io: CliIo, setStatus: SetStatus): Command {
  const say = sayer(io);
  const rules = subcommand('rules', io)
    .description(say({ en: 'list the rules, show requirement coverage, run the rules\' examples', zh: '列出规则、显示要求的覆盖情况、运行规则的示例' }))
    .helpCommand('help [command]', say(HELP_TEXT));
  rules.addCommand(
    subcommand('list', io, 'rules list')
      .description(say({ en: 'every rule: id, severity, requirements, citation, title', zh: '全部规则：编号、级别、要求、条款、标题' }))
      .addOption(formatOption(say))
      .addOption(langOption(io))
      .addOption(rulesOption(say))
      .action((options: ListOptions) => {
        const lang = chosenLang(options.lang, io);
        const ruleSet = loadRulesOrExplain({ customDirs: options.rules, cwd: io.cwd }, io, lang);
        if (!ruleSet) return setStatus(2);
        io.stdout.write(renderRuleList(ruleList(ruleSet, io.cwd), options.format, lang));
        setStatus(0);
      }),
  );
  rules.addCommand(
    subcommand('coverage', io, 'rules coverage')
      .description(say({
        en: 'every requirement of the regulation → its rules → their fixtures; exit 1 when one is neither covered nor declared',
        zh: '办法的每项要求 → 其规则 → 规则的样例文件；有要求既未覆盖也未声明时退出码为 1',
      }))
      .addOption(formatOption(say))
      .addOption(langOption(io))
      .addOption(rulesOption(say))
      .action(async (options: ListOptions) => {
        const lang = chosenLang(options.lang, io);
        const ruleSet = loadRulesOrExplain({ customDirs: options.rules, cwd: io.cwd }, io, lang);
        if (!ruleSet) return setStatus(2);
        const table = await coverageTable(ruleSet);
        io.stdout.write(renderCoverage(table, options.format, lang));
        setStatus(table.problems.length > 0 ? 1 : 0);
      }),
  );
  rules.addCommand(
    subcommand('test', io, 'rules test')
      .description(say({ en: 'run every rule\'s examples (the built-in rules, or the rules in DIR); exit 1 when one fails', zh: '运行每条规则的示例（内置规则，或 DIR 中的规则）；有示例失败时退出码为 1' }))
      .argument('[dir]', say({ en: 'a folder of rule files (default: the built-in rules)', zh: '规则文件所在的文件夹（默认：内置规则）' }))
      .addOption(langOption(io))
      .action(async (dir: string | undefined, options: { lang?: Lang }) => {
        setStatus(await runRulesTest(dir, chosenLang(options.lang, io), io));
      }),
  );
  return rules;
}

/** The coverage table of a rule set against the regulation's requirement list and the built-in declarations. */
export async function coverageTable(ruleSet: RuleSet): Promise<CoverageTable> {
  return buildCoverage(ruleSet.rules, loadRequirements(), loadCoverageDeclarations(), await fixturesByRule(ruleSet));
}

async function runRulesTest(dir: string | undefined, lang: Lang, io: CliIo): Promise<number> {
  const rules =
    dir === undefined
      ? loadRulesOrExplain({ cwd: io.cwd }, io, lang)?.rules
      : orExplainRuleErrors(() => loadRules([{ dir: path.resolve(io.cwd, dir), builtIn: false }]), io, lang);
  if (!rules) return 2;
  if (rules.length === 0) {
    io.stderr.write(lang === 'zh' ? 'tmcheck: 没有找到规则文件（*.yaml）\n' : 'tmcheck: no rule files (*.yaml) found\n');
    return 2;
  }
  const outcomes = await runRuleExamples(rules);
  const failed = outcomes.filter((o) => !o.ok);
  for (const outcome of failed) io.stdout.write(failureLines(outcome, lang, io.cwd));
  const ruleCount = new Set(outcomes.map((o) => o.ruleId)).size;
  io.stdout.write(
    lang === 'zh'
      ? `${failed.length > 0 ? '✖' : '✔'} ${ruleCount} 条规则的 ${outcomes.length} 个示例：${outcomes.length - failed.length} 个通过，${failed.length} 个失败\n`
      : `${failed.length > 0 ? '✖' : '✔'} ${countOf(outcomes.length, 'example')} of ${countOf(ruleCount, 'rule')}: ${outcomes.length - failed.length} passed, ${failed.length} failed\n`,
  );
  return failed.length > 0 ? 1 : 0;
}

function failureLines(outcome: ExampleOutcome, lang: Lang, cwd: string): string {
  const which = `examples.${outcome.expect}[${outcome.index}]${outcome.description ? ` (${outcome.description})` : ''}`;
  const file = path.relative(cwd, outcome.file) || outcome.file;
  return `✖ ${escapeTerminal(outcome.ruleId)} ${escapeTerminal(which)}\n    ${escapeTerminal(file)}\n    ${lang === 'zh' ? '问题' : 'problem'}${COLON[lang]}${escapeTerminal(outcome.problem ?? '')}\n`;
}
