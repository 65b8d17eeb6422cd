import { Command, CommanderError, Option } from 'commander';
import { FORMAT_NAMES } from '../format/registry.js';
import { DEFAULT_LIMITS } from '../read/limits.js';
import { tmcheckVersion } from '../report/build-report.js';
import { escapeTerminal } from '../util/escape.js';
import { processIo, type CliIo } from './io.js';
import { helpHint, translateUsageError, usageLang } from './usage-errors.js';
import { CUSTOM_RULES_TEXT, helpIn, NONE, sayer, VERSION_TEXT } from './help.js';
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
  const say = sayer(io);
  const program = helpIn(new Command('tmcheck'), io.usageLang ?? 'en')
    .description(say({
      en: 'Check telemarketing vendor dossiers and monthly reports against 中国联通山东分公司电话营销管理办法.',
      zh: '按《中国联通山东分公司电话营销管理办法》检查电话营销外包合作方的资质档案和月报。',
    }))
    .version(tmcheckVersion(), '-V, --version', say(VERSION_TEXT))
    // The program's options come before a subcommand's name, so `rules coverage --format markdown` reaches the subcommand.
    .enablePositionalOptions()
    .argument('[paths...]', say({
      en: 'YAML/JSON documents, CSV/XLSX call logs, folders to search, or quoted globs; - reads one document from standard input (./- is a file named -)',
      zh: 'YAML/JSON 文档、CSV/XLSX 通话记录、要查找的文件夹或加引号的通配符；- 从标准输入读取一份文档（./- 是名为 - 的文件）',
    }))
    .addOption(
      new Option('-f, --format <name[=file]>', say({
        en: `output format (${FORMAT_NAMES.join(', ')}); repeatable: name=FILE writes that format to FILE (name=- to stdout), a bare name goes to stdout or --output; one format at most on stdout`,
        zh: `输出格式（${FORMAT_NAMES.join('、')}）；可重复：name=文件 把该格式写入文件（name=- 写到标准输出），只写格式名则写到标准输出或 --output；标准输出最多一种格式`,
      }))
        .argParser(parseFormatTarget)
        .default([], 'text'),
    )
    .option('-o, --output <file>', say({
      en: 'write the report to a file (atomically) instead of stdout (- is stdout, ./- a file named -)',
      zh: '把报告写入文件（原子写入），而不写到标准输出（- 为标准输出，./- 为名为 - 的文件）',
    }))
    .addOption(new Option('--lang <lang>', say({ en: 'report language (default: from LANG/LC_ALL)', zh: '报告语言（默认：按 LANG/LC_ALL）' })).choices(['zh', 'en']))
    .addOption(new Option('--fail-on <severity>', say({ en: 'lowest severity that makes the exit status 1', zh: '使退出码为 1 的最低级别' })).choices(['error', 'warning', 'notice', 'never']).default('error'))
    .option('--as-of <date>', say({ en: 'judge with the rules in force on this date (YYYY-MM-DD)', zh: '按该日生效的规则判断（YYYY-MM-DD）' }), parseDateOption)
    .addOption(new Option('--rules <dir>', say(CUSTOM_RULES_TEXT)).argParser(collect).default([], say(NONE)))
    .option('--waivers <file>', say({
      en: 'waivers file (default: tmcheck.waivers.yaml in the working folder, unless that folder is under check; never beside or among the inputs)',
      zh: '豁免文件（默认：工作文件夹中的 tmcheck.waivers.yaml，该文件夹被检查时除外；不会取自输入之中或输入所在的文件夹）',
    }))
    .option('--baseline <file>', say({ en: 'report only findings that are not in this baseline', zh: '只报告不在该基线文件中的发现' }))
    .option('--write-baseline <file>', say({
      en: 'write this run\'s findings as a baseline (atomically; - to stdout, when the report goes to a file)',
      zh: '把本次的发现写成基线文件（原子写入；报告写入文件时，- 写到标准输出）',
    }))
    .option('--today <date>', say({
      en: 'the date waiver expiry is judged on when --as-of is not given (default: today)',
      zh: '未给 --as-of 时，判断豁免是否到期所用的日期（默认：今天）',
    }), parseDateOption)
    .addOption(new Option('--history <path>', say({
      en: 'monthly reports of earlier months, so last-place streaks can continue from them, and vendors\' dossiers, whose agreement dates and licences the reports are joined to (file, folder or quoted glob; repeatable); read as context only',
      zh: '往月月报（连续末位可从中接续计算）和外包合作方的资质档案（月报据此核对协议签订日和证照有效期）；文件、文件夹或加引号的通配符，可重复；只作参照',
    })).argParser(collect).default([], say(NONE)))
    .addOption(new Option('--assessments <file>', say({
      en: "the branch's own monthly assessment (kind: MonthlyAssessment; repeatable): a month with one ranks every vendor on its scores, not on the scores the reports state; never found among the inputs",
      zh: '分公司月度考核（kind: MonthlyAssessment；可重复）：有考核的月份按考核得分为各外包合作方排名，而不按月报自报的得分；不会取自输入之中',
    })).argParser(collect).default([], say(NONE)))
    .option('--profile <file>', say({
      en: 'branch profile: rule parameters for every city and per city (see docs/profiles.md)',
      zh: '分公司参数配置：全省通用和各城市的规则参数（见 docs/profiles.md）',
    }))
    .option('--config <file>', say({
      en: 'config file (default: tmcheck.config.yaml, .yml or .json in the working folder or its parents, never inside a checked folder or beside a checked file); command-line options override it',
      zh: '配置文件（默认：工作文件夹或其上级文件夹中的 tmcheck.config.yaml、.yml 或 .json，不会取自被检查的文件夹之内或被检查的文件所在的文件夹）；命令行选项优先',
    }))
    .option('--print-config', say({
      en: 'print the effective settings and where each came from (default, config file:line, command line), and check nothing',
      zh: '显示生效的设置及各自的来源（默认值、配置文件及行号、命令行），不做检查',
    }))
    .option('--color', say({ en: 'force coloured text output', zh: '文本输出总是着色' }))
    .option('--no-color', say({ en: 'never colour the text output', zh: '文本输出不着色' }))
    .option('--no-timestamp', say({ en: 'leave the time stamp out of the report (byte-identical reruns)', zh: '报告中不写时间戳（重复运行的结果逐字节相同）' }))
    .option('--max-file-size <bytes>', say({
      en: 'largest YAML/JSON file read, and most bytes read from standard input (-), call logs included',
      zh: '读取的 YAML/JSON 文件的最大字节数，也是从标准输入（-）读取的最大字节数（含通话记录）',
    }), parsePositiveInt, DEFAULT_LIMITS.maxFileBytes)
    .option('--max-depth <n>', say({ en: 'deepest nesting accepted in a document', zh: '一份文档允许的最大嵌套层数' }), parsePositiveInt, DEFAULT_LIMITS.maxDepth)
    .option('--max-aliases <n>', say({ en: 'most YAML alias expansions in one document', zh: '一份文档中 YAML 别名展开的最多次数' }), parsePositiveInt, DEFAULT_LIMITS.maxAliases)
    .option('--max-nodes <n>', say({
      en: 'most values (keys, values, list items, lists and mappings) in one YAML/JSON document',
      zh: '一份 YAML/JSON 文档中值（键、值、列表项、列表和映射）的最多个数',
    }), parsePositiveInt, DEFAULT_LIMITS.maxNodes)
    .option('-j, --jobs <n>', say({
      en: 'threads that check documents, the main thread and n-1 worker threads (default: the number of cores, for batches of about a thousand documents or more; at most twice the cores), and threads that read one large CSV call log (8 MiB or more) in parts; the report is the same for any number',
      zh: '检查文档的线程数，即主线程加 n-1 个工作线程（默认：约一千份文档以上时为本机核心数；最多为核心数的两倍），也是分段读取一个大型 CSV 通话记录（8 MiB 及以上）的线程数；线程数不影响报告',
    }), parsePositiveInt)
    .option('--cache', say({
      en: 'reuse the results of documents unchanged since an earlier run (kept in .tmcheck-cache in the working folder; see docs/performance.md)',
      zh: '沿用上次运行以来未改动的文档的结果（缓存在工作文件夹的 .tmcheck-cache 中；见 docs/performance.md）',
    }))
    .option('--cache-location <path>', say({
      en: 'the cache file, or a folder to keep .tmcheck-cache in (implies --cache; never among the inputs)',
      zh: '缓存文件，或存放 .tmcheck-cache 的文件夹（即启用 --cache；不能在输入之中）',
    }))
    .addOption(new Option('--cache-strategy <strategy>', say({
      en: 'how an unchanged document is told (implies --cache): metadata (default) does not read a file whose size, times and inode are those it had when last read; content reads and hashes every file (for network or FUSE mounts whose times cannot be trusted)',
      zh: '如何判断文档未改动（即启用 --cache）：metadata（默认）不读取大小、时间和 inode 与上次读取时相同的文件；content 读取每个文件并计算哈希（适用于时间不可信的网络或 FUSE 挂载）',
    })).choices([...CACHE_STRATEGIES]))
    .option('--shard <k/n>', say({
      en: 'check only part k of n of the inputs, split by file path (for parallel CI jobs; see docs/performance.md)',
      zh: '按文件路径把输入分成 n 部分，只检查第 k 部分（用于并行的 CI 任务；见 docs/performance.md）',
    }), parseShardOption)
    .addOption(new Option('--encoding <name>', say({
      en: 'encoding of CSV call logs (auto: UTF-8 with or without BOM, else GB18030)',
      zh: 'CSV 通话记录的编码（auto：带或不带 BOM 的 UTF-8，否则为 GB18030）',
    })).choices([...CSV_ENCODINGS]).default('auto'))
    .option('--max-line-length <chars>', say({ en: 'longest row of a CSV call log, in characters', zh: 'CSV 通话记录一行的最多字符数' }), parsePositiveInt, DEFAULT_CALL_LOG_OPTIONS.maxLineLength)
    .option('--max-call-log-groups <n>', say({
      en: 'most distinct vendor-days plus vendor-agents in one call log',
      zh: '一份通话记录中不同的「外包合作方-日期」与「外包合作方-座席」组合的最多个数',
    }), parsePositiveInt, DEFAULT_CALL_LOG_OPTIONS.maxAggregates)
    .option('--max-xlsx-bytes <bytes>', say({ en: 'most bytes an XLSX call log may unzip to', zh: 'XLSX 通话记录解压后的最大字节数' }), parsePositiveInt, DEFAULT_CALL_LOG_OPTIONS.maxXlsxBytes)
    .option('--max-shared-strings <n>', say({ en: 'most entries in the shared-string table of an XLSX call log', zh: 'XLSX 通话记录共享字符串表的最多项数' }), parsePositiveInt, DEFAULT_CALL_LOG_OPTIONS.maxSharedStrings)
    .option('--stdin-filename <name>', say({
      en: 'the name the document read from standard input (-) is reported under, relative to the working folder; its extension says what it is, as a file\'s does (.csv or .xlsx: a call log) (default: <stdin>, a YAML or JSON document)',
      zh: '从标准输入（-）读取的文档在报告中使用的名称，相对于工作文件夹；与文件一样按扩展名判断类型（.csv 或 .xlsx 为通话记录）（默认：<stdin>，即 YAML 或 JSON 文档）',
    }))
    .option('--sarif-max-results <n>', say({
      en: 'most results in a SARIF output, the most severe kept and the rest counted in the log (GitHub code scanning rejects more than 25000 a run); the JSON report and the exit status keep them all',
      zh: 'SARIF 输出的最多结果数，保留最严重的，其余只在日志中计数（GitHub 代码扫描每次运行最多接受 25000 个）；JSON 报告和退出码仍包含全部结果',
    }), parsePositiveInt)
    .showHelpAfterError(helpHint('tmcheck', io.usageLang ?? 'en'))
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(translateUsageError(text, io.usageLang ?? 'en')),
    });
  return program;
}

