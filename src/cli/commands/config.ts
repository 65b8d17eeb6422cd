import { Command } from 'commander';
import type { CliIo } from '../io.js';
import type { Lang } from '../../util/i18n.js';
import { checkCommand, type CheckOptions } from '../check-command.js';
import { langOption, subcommand, type SetStatus } from './command-base.js';
import { HELP_TEXT, sayer } from '../help.js';

/**
 * `tmcheck config print [--config FILE] [--lang]`: the effective settings of a check run from here,
 * each with its source; the same as `tmcheck [options] --print-config` (options given before
 * `config` count as the command line's).
 */
export function configCommand(io: CliIo, setStatus: SetStatus): Command {
  const say = sayer(io);
  const config = subcommand('config', io)
    .description(say({ en: 'show the settings a check would use (see docs/cli.md, "Config file")', zh: '显示检查将使用的设置（见 docs/cli.md 的「Config file」一节）' }))
    .helpCommand('help [command]', say(HELP_TEXT));
  config.addCommand(
    subcommand('print', io, 'config print')
      .description(say({ en: 'print the effective settings and where each came from: default, config file:line, or command line', zh: '显示生效的设置及各自的来源：默认值、配置文件及行号或命令行' }))
      .option('--config <file>', say({ en: 'config file (default: the one found in the working folder or its parents)', zh: '配置文件（默认：在工作文件夹或其上级文件夹中找到的那个）' }))
      .addOption(langOption(io))
      .action(async (own: { config?: string; lang?: Lang }) => {
        const program = config.parent!;
        const options: CheckOptions = { ...(program.opts() as CheckOptions), printConfig: true };
        if (own.config !== undefined) options.config = own.config;
        if (own.lang !== undefined) options.lang = own.lang;
        const source = (name: string) => (name === 'lang' && own.lang !== undefined ? 'cli' : program.getOptionValueSource(name));
        setStatus(await checkCommand([], options, io, { getOptionValueSource: source }));
      }),
  );
  return config;
}
