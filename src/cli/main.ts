import { Command, CommanderError, Option } from 'commander';
import { FORMAT_NAMES } from '../format/registry.js';
import { DEFAULT_LIMITS } from '../read/limits.js';
import { tmcheckVersion } from '../report/build-report.js';
import { escapeTerminal } from '../util/escape.js';
import { processIo, type CliIo } from './io.js';
import { helpHint, translateUsageError, usageLang } from './usage-errors.js';
import { parseFormatTarget } from './output-targets.js';
import { checkCommand, collect, parseDateOption, parsePositiveInt, parseShardOption, type CheckOptions } from './check-command.js';
import { CSV_ENCODINGS, DEFAULT_CALL_LOG_OPTIONS } from '../calllog/call-log-options.js';
import { CACHE_STRATEGIES } from '../cache/cache-strategy.js';
import { rulesCommand } from './commands/rules.js';
import { initCommand } from './commands/init.js';
import { explainCommand } from './commands/explain.js';
import { mergeCommand } from './commands/merge.js';
import { configCommand } from './commands/config.js';

/** Runs the CLI and returns the exit status (0 pass, 1 findings, 2 input or usage problem). */
export async function main(argv: string[], cliIo: CliIo = processIo()): Promise<number> {
  const io: CliIo = { ...cliIo, usageLang: usageLang(argv, cliIo.env) };
  const program = buildProgram(io);
  let status = 0;
  program.action(async (paths: string[], options: CheckOptions, command: Command) => {
    status = await checkCommand(paths, options, io, command);
  });
  const setStatus = (code: number) => void (status = code);
  program.addCommand(rulesCommand(io, setStatus));
  program.addCommand(initCommand(io, setStatus));
  program.addCommand(explainCommand(io, setStatus));
  program.addCommand(mergeCommand(io, setStatus));
  program.addCommand(configCommand(io, setStatus));
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
    // The program's options come before a subcommand's name, so `rules coverage --format markdown` reaches the subcommand.
    .enablePositionalOptions()
    .argument('[paths...]', 'YAML/JSON documents, CSV/XLSX call logs, folders to search, or quoted globs; - reads one document from standard input (./- is a file named -)')
    .addOption(
      new Option('-f, --format <name[=file]>', `output format (${FORMAT_NAMES.join(', ')}); repeatable: name=FILE writes that format to FILE (name=- to stdout), a bare name goes to stdout or --output; one format at most on stdout`)
        .argParser(parseFormatTarget)
        .default([], 'text'),
    )
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout (- is stdout, ./- a file named -)')
    .addOption(new Option('--lang <lang>', 'report language (default: from LANG/LC_ALL)').choices(['zh', 'en']))
    .addOption(new Option('--fail-on <severity>', 'lowest severity that makes the exit status 1').choices(['error', 'warning', 'notice', 'never']).default('error'))
    .option('--as-of <date>', 'judge with the rules in force on this date (YYYY-MM-DD)', parseDateOption)
    .addOption(new Option('--rules <dir>', 'add a folder of custom rules (repeatable)').argParser(collect).default([], 'none'))
    .option('--waivers <file>', 'waivers file (default: tmcheck.waivers.yaml in the working folder, unless that folder is under check; never beside or among the inputs)')
    .option('--baseline <file>', 'report only findings that are not in this baseline')
    .option('--write-baseline <file>', 'write this run\'s findings as a baseline (atomically; - to stdout, when the report goes to a file)')
    .option('--today <date>', 'the date waiver expiry is judged on when --as-of is not given (default: today)', parseDateOption)
    .addOption(new Option('--history <path>', 'monthly reports of earlier months, so last-place streaks can continue from them, and vendors\' dossiers, whose agreement dates and licences the reports are joined to (file, folder or quoted glob; repeatable); read as context only').argParser(collect).default([], 'none'))
    .addOption(new Option('--assessments <file>', "the branch's own monthly assessment (kind: MonthlyAssessment; repeatable): a month with one ranks every vendor on its scores, not on the scores the reports state; never found among the inputs").argParser(collect).default([], 'none'))
    .option('--profile <file>', 'branch profile: rule parameters for every city and per city (see docs/profiles.md)')
    .option('--config <file>', 'config file (default: tmcheck.config.yaml, .yml or .json in the working folder or its parents, never inside a checked folder or beside a checked file); command-line options override it')
    .option('--print-config', 'print the effective settings and where each came from (default, config file:line, command line), and check nothing')
    .option('--color', 'force coloured text output')
    .option('--no-color', 'never colour the text output')
    .option('--no-timestamp', 'leave the time stamp out of the report (byte-identical reruns)')
    .option('--max-file-size <bytes>', 'largest YAML/JSON file read, and most bytes read from standard input (-), call logs included', parsePositiveInt, DEFAULT_LIMITS.maxFileBytes)
    .option('--max-depth <n>', 'deepest nesting accepted in a document', parsePositiveInt, DEFAULT_LIMITS.maxDepth)
    .option('--max-aliases <n>', 'most YAML alias expansions in one document', parsePositiveInt, DEFAULT_LIMITS.maxAliases)
    .option('--max-nodes <n>', 'most values (keys, values, list items, lists and mappings) in one YAML/JSON document', parsePositiveInt, DEFAULT_LIMITS.maxNodes)
    .option('-j, --jobs <n>', 'threads that check documents, the main thread and n-1 worker threads (default: the number of cores, for batches of about a thousand documents or more; at most twice the cores), and threads that read one large CSV call log (8 MiB or more) in parts; the report is the same for any number', parsePositiveInt)
    .option('--cache', 'reuse the results of documents unchanged since an earlier run (kept in .tmcheck-cache in the working folder; see docs/performance.md)')
    .option('--cache-location <path>', 'the cache file, or a folder to keep .tmcheck-cache in (implies --cache; never among the inputs)')
    .addOption(new Option('--cache-strategy <strategy>', 'how an unchanged document is told (implies --cache): metadata (default) does not read a file whose size, times and inode are those it had when last read; content reads and hashes every file (for network or FUSE mounts whose times cannot be trusted)').choices([...CACHE_STRATEGIES]))
    .option('--shard <k/n>', 'check only part k of n of the inputs, split by file path (for parallel CI jobs; see docs/performance.md)', parseShardOption)
    .addOption(new Option('--encoding <name>', 'encoding of CSV call logs (auto: UTF-8 with or without BOM, else GB18030)').choices([...CSV_ENCODINGS]).default('auto'))
    .option('--max-line-length <chars>', 'longest row of a CSV call log, in characters', parsePositiveInt, DEFAULT_CALL_LOG_OPTIONS.maxLineLength)
    .option('--max-call-log-groups <n>', 'most distinct vendor-days plus vendor-agents in one call log', parsePositiveInt, DEFAULT_CALL_LOG_OPTIONS.maxAggregates)
    .option('--max-xlsx-bytes <bytes>', 'most bytes an XLSX call log may unzip to', parsePositiveInt, DEFAULT_CALL_LOG_OPTIONS.maxXlsxBytes)
    .option('--max-shared-strings <n>', 'most entries in the shared-string table of an XLSX call log', parsePositiveInt, DEFAULT_CALL_LOG_OPTIONS.maxSharedStrings)
    .option('--stdin-filename <name>', 'the name the document read from standard input (-) is reported under, relative to the working folder; its extension says what it is, as a file\'s does (.csv or .xlsx: a call log) (default: <stdin>, a YAML or JSON document)')
    .option('--sarif-max-results <n>', 'most results in a SARIF output, the most severe kept and the rest counted in the log (GitHub code scanning rejects more than 25000 a run); the JSON report and the exit status keep them all', parsePositiveInt)
    .showHelpAfterError(helpHint('tmcheck', io.usageLang ?? 'en'))
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(translateUsageError(text, io.usageLang ?? 'en')),
    });
  return program;
}

