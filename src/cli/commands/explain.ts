import { Option, type Command } from 'commander';
import type { CliIo } from '../io.js';
import { escapeTerminal } from '../../util/escape.js';
import type { Lang } from '../../util/i18n.js';
import { collect } from '../check-command.js';
import { explain, ruleDefaults } from '../../explain/explain.js';
import { renderExplanation } from '../../explain/render-explanation.js';
import { loadCoverageDeclarations, loadRequirements } from '../../coverage/requirements.js';
import { chosenLang, langOption, loadRulesOrExplain, subcommand, type SetStatus } from './command-base.js';

interface ExplainOptions {
  format: 'text' | 'json';
  lang?: Lang;
  rules: string[];
}

/** `tmcheck explain <ruleId | R-id | article>`: the law, the rule, its parameters, consequence and examples. */
export function explainCommand(io: CliIo, setStatus: SetStatus): Command {
  return subcommand('explain', io)
    .description('show a rule, a requirement or an article: Chinese text, titles, citation, parameters, consequence, notes and examples')
    .argument('<what>', 'a rule id (R7-1/signing-entity), a requirement id (R7-1) or an article (7 or 第七条)')
    .addOption(new Option('-f, --format <name>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(langOption())
    .addOption(new Option('--rules <dir>', 'add a folder of custom rules (repeatable)').argParser(collect).default([]))
    .action((what: string, options: ExplainOptions) => {
      const lang = chosenLang(options.lang, io);
      const ruleSet = loadRulesOrExplain({ customDirs: options.rules, cwd: io.cwd }, io, lang);
      if (!ruleSet) return setStatus(2);
      const paramsFor = ruleDefaults;
      const explanation = explain(what, ruleSet, loadRequirements(), loadCoverageDeclarations(), paramsFor, io.cwd);
      if (!explanation) {
        const shown = escapeTerminal(what);
        io.stderr.write(
          lang === 'zh'
            ? `tmcheck: 没有名为「${shown}」的规则、要求或条款；可用 tmcheck rules list 查看全部规则，tmcheck rules coverage 查看全部要求\n`
            : `tmcheck: no rule, requirement or article "${shown}"; see tmcheck rules list for the rules and tmcheck rules coverage for the requirements\n`,
        );
        return setStatus(2);
      }
      io.stdout.write(renderExplanation(explanation, options.format, lang));
      setStatus(0);
    });
}
