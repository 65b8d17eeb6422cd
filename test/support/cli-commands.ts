/** Every command line that has its own --help: the check command and each subcommand. */
export const HELP_COMMANDS: readonly string[][] = [[], ['rules'], ['rules', 'list'], ['rules', 'coverage'], ['rules', 'test'], ['init'], ['explain'], ['merge'], ['config'], ['config', 'print']];
