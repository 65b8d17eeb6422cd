import { Option, type Command } from 'commander';
import type { CliIo } from '../io.js';
import { escapeTerminal } from '../../util/escape.js';
import type { Lang } from '../../util/i18n.js';
import { collect } from '../check-command.js';
import { explain } from '../../explain/explain.js';
import { TOOL_RULE_IDS } from '../../report/tool-rules.js';
import { defaultParams } from '../../rules/params.js';
import { DEFAULT_LIMITS } from '../../read/limits.js';
import { readProfile } from '../../profile/read-profile.js';
import { checkProfileAgainstRules } from '../../profile/check-profile.js';
import { profileParamResolver } from '../../profile/param-resolver.js';
import { ProfileError, type Profile } from '../../profile/profile.js';
import type { AnyRuleDefinition, LoadedRule, RuleDefinition } from '../../rules/types.js';
import { renderExplanation } from '../../explain/render-explanation.js';
import { loadCoverageDeclarations, loadRequirements } from '../../rules/requirements.js';
import { chosenLang, langOption, loadRulesOrExplain, subcommand, type SetStatus } from './command-base.js';
import { CUSTOM_RULES_TEXT, NONE, OUTPUT_FORMAT_TEXT, sayer } from '../help.js';

interface ExplainOptions {
  format: 'text' | 'json';
  lang?: Lang;
  rules: string[];
  profile?: string;
  city?: string;
}

/**
 * `tmcheck explain <ruleId | R-id | article | tmcheck/id>`: the law, the rule, its parameters, consequence
 * and examples; for one of tmcheck's own finding ids, what it means and what to do. Nothing found is
 * exit 2, as any argument that names nothing (a lookup that finds nothing fails, as grep's does).
 */
export function explainCommand(io: CliIo, setStatus: SetStatus): Command {
  const say = sayer(io);
  return subcommand('explain', io)
    .description(say({
      en: 'show a rule, a requirement or an article (Chinese text, titles, citation, parameters, consequence, notes and examples), or what a finding of tmcheck\'s own means; exit 2 when nothing matches',
      zh: '显示一条规则、要求或条款（原文、标题、条款、参数、后果、说明和示例），或 tmcheck 自身的发现的含义；没有匹配时退出码为 2',
    }))
    .argument('<what>', say({
      en: 'a rule id (R7-1/signing-entity), a requirement id (R7-1), an article (7 or 第七条), one of tmcheck\'s own finding ids (tmcheck/call-log-no-report) or keywords (注册资本, "registered capital")',
      zh: '规则编号（R7-1/signing-entity）、要求编号（R7-1）、条款（7 或第七条）、tmcheck 自身的发现编号（tmcheck/call-log-no-report）或关键词（注册资本、"registered capital"）',
    }))
    .addOption(new Option('-f, --format <name>', say(OUTPUT_FORMAT_TEXT)).choices(['text', 'json']).default('text'))
    .addOption(langOption(io))
    .addOption(new Option('--rules <dir>', say(CUSTOM_RULES_TEXT)).argParser(collect).default([], say(NONE)))
    .option('--profile <file>', say({ en: 'show parameter values under this branch profile', zh: '显示该分公司参数配置下的参数值' }))
    .option('--city <name>', say({ en: 'with --profile: the values for this city (default: the profile\'s defaults)', zh: '与 --profile 同用：该城市的参数值（默认：参数配置的 defaults）' }))
    .action((what: string, options: ExplainOptions) => {
      const lang = chosenLang(options.lang, io);
      const ruleSet = loadRulesOrExplain({ customDirs: options.rules, cwd: io.cwd }, io, lang);
      if (!ruleSet) return setStatus(2);
      const profile = loadProfileOrExplain(options.profile, ruleSet.rules, io, lang);
      if (profile === 2) return setStatus(2);
      const resolve = profile && profileParamResolver(profile);
      // The profile's values for --city, or its defaults; the rule files' defaults without a profile.
      const paramsFor = resolve ? (rule: AnyRuleDefinition) => resolve(rule as RuleDefinition, options.city) : defaultParams;
      const explanation = explain(what, ruleSet, loadRequirements(), loadCoverageDeclarations(), paramsFor, io.cwd);
      if (!explanation) {
        const shown = escapeTerminal(what);
        io.stderr.write(
          lang === 'zh'
            ? `tmcheck: 没有名为「${shown}」的规则、要求或条款，也没有含这些关键词的规则；可用 tmcheck rules list 查看全部规则，tmcheck rules coverage 查看全部要求；tmcheck 自身的发现编号为 ${TOOL_RULE_IDS.join('、')}\n`
            : `tmcheck: no rule, requirement or article "${shown}", and no rule with these keywords; see tmcheck rules list for the rules and tmcheck rules coverage for the requirements; tmcheck's own finding ids are ${TOOL_RULE_IDS.join(', ')}\n`,
        );
        return setStatus(2);
      }
      io.stdout.write(renderExplanation(explanation, options.format, lang));
      setStatus(0);
    });
}

/** The profile named by --profile, checked against the rules as the check command does; 2 after explaining a problem. */
function loadProfileOrExplain(file: string | undefined, rules: LoadedRule[], io: CliIo, lang: Lang): Profile | undefined | 2 {
  if (file === undefined) return undefined;
  try {
    const profile = readProfile(file, io.cwd, DEFAULT_LIMITS);
    checkProfileAgainstRules(profile, rules);
    return profile;
  } catch (error) {
    if (!(error instanceof ProfileError)) throw error;
    io.stderr.write(`tmcheck: ${error.render(lang)}`);
    return 2;
  }
}
