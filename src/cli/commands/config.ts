import { Command } from 'commander';
import type { CliIo } from '../io.js';
import type { Lang } from '../../util/i18n.js';
import { checkCommand, type CheckOptions } from '../check-command.js';
import { langOption, subcommand, type SetStatus } from './command-base.js';

/**
 * `tmcheck config print [--config FILE] [--lang]`: the effective settings of a check run from here,
 * each with its source; the same as `tmcheck [options] --print-config` (options given before
 * `config` count as the command line's).
 */
export function configCommand(io: CliIo, setStatus: SetStatus): Command {
  const config = subcommand('config', io).description('show the settings a check would use (see docs/cli.md, "Config file")');
  config.addCommand(
    subcommand('print', io, 'config print')
      .description('print the effective settings and where each came from: default, config file:line, or command line')
      .option('--config <file>', 'config file (default: the one found in the working folder or its parents)')
      .addOption(langOption())
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
