import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { FORMATTERS, FORMAT_NAMES, type FormatName } from '../format/registry.js';
import { exitCode, type FailOn } from '../report/model.js';
import { runCheck } from '../check/run-check.js';
import { DEFAULT_LIMITS } from '../read/limits.js';
import { RuleLoadError } from '../rules/load-rules.js';
import { tmcheckVersion } from '../report/build-report.js';
import { langFromEnv, type Lang } from '../util/i18n.js';
import { isValidDate } from '../util/dates.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { escapeTerminal } from '../util/escape.js';
import { processIo, wantsColor, type CliIo } from './io.js';
import { loadRuleSet } from './load-rule-set.js';

export interface CheckOptions {
  format: FormatName;
  output?: string;
  lang?: Lang;
  failOn: FailOn;
  asOf?: string;
  rules: string[];
  color?: boolean;
  timestamp: boolean;
  maxFileSize: number;
  maxDepth: number;
  maxAliases: number;
}

/** Runs the CLI and returns the exit status (0 pass, 1 findings, 2 input or usage problem). */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const program = buildProgram(io);
  let status = 0;
  program.action(async (paths: string[], options: CheckOptions) => {
    status = await checkCommand(paths, options, io);
  });
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    io.stderr.write(`tmcheck: ${escapeTerminal(error instanceof Error ? error.message : String(error))}\n`);
    return 2;
  }
  return status;
}

function buildProgram(io: CliIo): Command {
  const program = new Command('tmcheck')
    .description('Check telemarketing vendor dossiers and monthly reports against 中国联通山东分公司电话营销管理办法.')
    .version(tmcheckVersion(), '-V, --version')
    .argument('[paths...]', 'YAML/JSON documents, or folders to search for them')
    .addOption(new Option('-f, --format <name>', 'output format').choices(FORMAT_NAMES).default('text'))
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .addOption(new Option('--lang <lang>', 'report language (default: from LANG/LC_ALL)').choices(['zh', 'en']))
    .addOption(new Option('--fail-on <severity>', 'lowest severity that makes the exit status 1').choices(['error', 'warning', 'notice', 'never']).default('error'))
    .option('--as-of <date>', 'judge with the rules in force on this date (YYYY-MM-DD)', parseDateOption)
    .option('--rules <dir>', 'add a folder of custom rules (repeatable)', collect, [])
    .option('--color', 'force coloured text output')
    .option('--no-color', 'never colour the text output')
    .option('--no-timestamp', 'leave the time stamp out of the report (byte-identical reruns)')
    .option('--max-file-size <bytes>', 'largest YAML/JSON file read', parsePositiveInt, DEFAULT_LIMITS.maxFileBytes)
    .option('--max-depth <n>', 'deepest nesting accepted in a document', parsePositiveInt, DEFAULT_LIMITS.maxDepth)
    .option('--max-aliases <n>', 'most YAML alias expansions in one document', parsePositiveInt, DEFAULT_LIMITS.maxAliases)
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  return program;
}

async function checkCommand(paths: string[], options: CheckOptions, io: CliIo): Promise<number> {
  if (paths.length === 0) {
    io.stderr.write('tmcheck: name at least one file or folder to check (see tmcheck --help)\n');
    return 2;
  }
  const lang = options.lang ?? langFromEnv(io.env);
  let ruleSet;
  try {
    ruleSet = loadRuleSet({ customDirs: options.rules, asOf: options.asOf, cwd: io.cwd });
  } catch (error) {
    if (error instanceof RuleLoadError) {
      io.stderr.write(`tmcheck: the rules could not be loaded:\n${escapeTerminal(error.message).replace(/\\n/g, '\n')}\n`);
      return 2;
    }
    throw error;
  }
  if (options.output && paths.some((p) => path.resolve(io.cwd, p) === path.resolve(io.cwd, options.output!))) {
    io.stderr.write(`tmcheck: refusing to write the report over an input file: ${escapeTerminal(options.output)}\n`);
    return 2;
  }
  const report = await runCheck({
    inputs: paths,
    cwd: io.cwd,
    ruleSet,
    limits: { maxFileBytes: options.maxFileSize, maxDepth: options.maxDepth, maxAliases: options.maxAliases },
    generatedAt: reportTimestamp(options.timestamp, io.env),
  });
  const target = options.output ? undefined : io.stdout;
  const color = options.format === 'text' && target !== undefined && wantsColor(target, io.env, options.color);
  const rendered = FORMATTERS[options.format](report, { lang, color, failOn: options.failOn });
  if (options.output) writeFileAtomic(path.resolve(io.cwd, options.output), rendered);
  else io.stdout.write(rendered);
  return exitCode(report, options.failOn);
}

/** SOURCE_DATE_EPOCH (seconds) fixes the time stamp, as reproducible-build tools expect. */
function reportTimestamp(enabled: boolean, env: NodeJS.ProcessEnv): string | undefined {
  if (!enabled) return undefined;
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString();
  return new Date().toISOString();
}

function parseDateOption(value: string): string {
  if (!isValidDate(value)) throw new InvalidArgumentError('expected a date as YYYY-MM-DD');
  return value;
}

function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
