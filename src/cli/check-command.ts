import { availableParallelism } from 'node:os';
import path from 'node:path';
import { WAIVERS_FILE_NAME } from '../read/own-files.js';
import { InvalidArgumentError, type Command } from 'commander';
import { exitCode, type FailOn } from '../report/model.js';
import { isCallLogFile, type CsvEncodingChoice } from '../calllog/call-log-options.js';
import { COLON, langFromEnv, type Bilingual, type Lang } from '../util/i18n.js';
import { isValidDate } from '../util/dates.js';
import { escapeTerminal } from '../util/escape.js';
import { parseShard, type Shard } from '../check/shard.js';
import { maxJobs, prestartWorkers, releasePrestartedWorkers } from '../check/parallel.js';
import { prestartPartHelpers, releasePartHelpers } from '../calllog/part-helpers.js';
import { wantsColor, type CliIo } from './io.js';
import { baselineStdoutClash, outputOverInput, planOutputs, sameFileTwice, writeOutputs, type FormatTarget } from './output-targets.js';
import { STDOUT_NAME } from '../util/stdout-name.js';
import { OutputWriteError, writeFileAtomic } from '../util/atomic-write.js';
import { appendStepSummary } from './step-summary.js';
import { progressLine } from './progress.js';
import { countOf } from '../util/plural.js';
import { createChecker, type Checker, type CheckControls, type CheckerOptions } from '../api/checker.js';
import { TmcheckConfigError } from '../api/errors.js';
import { renderSettings, withConfigFile } from './settings.js';
import { cacheFileLocation } from '../cache/cache-location.js';
import { isHiddenFolderNote } from '../read/hidden-names.js';
import { sarifResultCount } from '../format/sarif.js';
import { overGithubLimit } from '../format/sarif-cap.js';
import type { CacheStrategy } from '../cache/cache-strategy.js';
import type { ReuseStop } from '../cache/cache-strategy.js';
import { YoungGeneration } from './young-generation.js';
import { STDIN_ARGUMENT, withStandardInput, type StdinInputs } from './standard-input.js';

export interface CheckOptions {
  /** `--format name` (standard output or --output) and `--format name=FILE`, repeatable. */
  format: FormatTarget[];
  output?: string;
  lang?: Lang;
  failOn: FailOn;
  asOf?: string;
  rules: string[];
  waivers?: string;
  baseline?: string;
  writeBaseline?: string;
  today?: string;
  /** `--history PATH`: earlier months' reports, context for the ranking (README, "Monthly workflow"). */
  history: string[];
  /** `--assessments FILE`: the branch's own monthly assessments, which rank their months (README, "Monthly workflow"). */
  assessments: string[];
  /** `--profile FILE`: rule parameters per city (README, "Profiles"). */
  profile?: string;
  /** `--config FILE`: the config file, instead of the one found in the working folder or its parents. */
  config?: string;
  /** `--print-config`: print the effective settings and where each came from, check nothing. */
  printConfig?: boolean;
  color?: boolean;
  timestamp: boolean;
  maxFileSize: number;
  maxDepth: number;
  maxAliases: number;
  /** `--max-nodes`: most values in one YAML/JSON document. */
  maxNodes: number;
  /** `--jobs N`: worker threads for documents (default: the number of cores). */
  jobs?: number;
  /** `--cache`, `--cache-location PATH` and `--cache-strategy` (which imply it): reuse unchanged documents' results. */
  cache?: boolean;
  cacheLocation?: string;
  cacheStrategy?: CacheStrategy;
  /** `--shard k/n`: this run's part of the inputs. */
  shard?: Shard;
  /** `--encoding`: how CSV call logs are decoded. */
  encoding: CsvEncodingChoice;
  /** `--max-line-length`: longest CSV call-log row, in characters. */
  maxLineLength: number;
  /** `--max-call-log-groups`: distinct vendor-days plus vendor-agents one call log may hold. */
  maxCallLogGroups: number;
  /** `--max-xlsx-bytes` and `--max-shared-strings`: what an XLSX call log may unzip to. */
  maxXlsxBytes: number;
  maxSharedStrings: number;
  /** `--sarif-max-results`: most results in a SARIF output (GitHub code scanning takes 25,000 a run). */
  sarifMaxResults?: number;
  /** `--stdin-filename NAME`: what the document read from standard input (`-`) is reported as. */
  stdinFilename?: string;
}

/**
 * `tmcheck [options] <paths...>`: check documents and write the report. A thin layer over the
 * library API (src/api): options (and the config file) become createChecker's options, the API
 * does every step that decides a verdict, and this writes the outputs and sets the exit status.
 */
export async function checkCommand(paths: string[], given: CheckOptions, io: CliIo, command?: Pick<Command, 'getOptionValueSource'>): Promise<number> {
  const young = new YoungGeneration();
  try {
    return await checkAndWrite(paths, given, io, young, command);
  } finally {
    young.release();
    await releasePrestartedWorkers();
    await releasePartHelpers();
  }
}

async function checkAndWrite(args: string[], given: CheckOptions, io: CliIo, young: YoungGeneration, command?: Pick<Command, 'getOptionValueSource'>): Promise<number> {
  let options = given;
  let lang = options.lang ?? langFromEnv(io.env);
  let checker: Checker;
  const cacheNotes: string[] = [];
  let configFile: string | undefined;
  let inputs: StdinInputs;
  try {
    if (command) {
      // `-` is standard input, no path: the config file is looked for beside and among the others only.
      const onDisk = args.filter((input) => input !== STDIN_ARGUMENT);
      const settings = withConfigFile(options, command, { paths: onDisk, cwd: io.cwd, stderr: io.stderr, lang });
      options = settings.options;
      configFile = settings.file;
      lang = options.lang ?? langFromEnv(io.env);
      if (options.printConfig) {
        io.stdout.write(renderSettings(settings.effective, io.cwd, lang, io.env));
        return 0;
      }
    }
    if (args.length === 0) {
      io.stderr.write('tmcheck: name at least one file or folder to check (see tmcheck --help)\n');
      return 2;
    }
    const taken = withStandardInput(args, options, io.cwd, io.stdin);
    if (!('inputs' in taken)) {
      io.stderr.write(`tmcheck: ${escapeTerminal(taken[lang])}\n`);
      return 2;
    }
    inputs = taken;
    // An explicit --jobs N starts its document workers now, to start up while the rules load and the
    // inputs are walked; a batch too small for them ends them unused. Not for --cache (a warm rerun
    // needs none) nor when only call logs are named (their parts have threads of their own).
    const documentsPossible = !inputs.names.every((input) => isCallLogFile(input));
    if (options.jobs !== undefined && options.jobs > 1 && documentsPossible && !cacheAsked(options)) {
      prestartWorkers(Math.min(options.jobs, maxJobs(availableParallelism())));
    }
    // A large CSV call log named here is read in parts on --jobs threads (the cores by default): its helpers start now too.
    prestartPartHelpers(inputs.paths, io.cwd, Math.min(options.jobs ?? availableParallelism(), maxJobs(availableParallelism())));
    checker = createChecker(checkerOptions(options, io.cwd, (note) => cacheNotes.push(note[lang]), (reusing, stopped) => young.follow(reusing, stopped)));
  } catch (error) {
    if (!(error instanceof TmcheckConfigError)) throw error;
    io.stderr.write(`tmcheck: ${renderSetupError(error, lang)}\n`);
    return 2;
  }
  if (options.jobs !== undefined && checker.jobs !== options.jobs) {
    const cores = availableParallelism();
    io.stderr.write(
      lang === 'zh'
        ? `tmcheck: --jobs ${options.jobs} 已降为 ${checker.jobs}（本机 ${cores} 个核心的两倍）\n`
        : `tmcheck: --jobs ${options.jobs} lowered to ${checker.jobs} (twice the ${countOf(cores, 'core')})\n`,
    );
  }
  const planned = planOutputs(options.format, options.output, io.cwd);
  if (!Array.isArray(planned)) {
    io.stderr.write(`tmcheck: ${escapeTerminal(planned[lang])}\n`);
    return 2;
  }
  const clash = baselineStdoutClash(planned, options.writeBaseline);
  if (clash) {
    io.stderr.write(`tmcheck: ${escapeTerminal(clash[lang])}\n`);
    return 2;
  }
  // --write-baseline is an output like the reports: never the same file as one of them, nor an input (`-`: standard output).
  const baselineToStdout = options.writeBaseline === STDOUT_NAME;
  const baselineFile = options.writeBaseline === undefined || baselineToStdout ? undefined : path.resolve(io.cwd, options.writeBaseline);
  const outputs = baselineFile === undefined ? planned : [...planned, { file: baselineFile }];
  // Where the cache goes, only to keep the outputs off it: the library refuses a cache among the inputs (exit 2 below).
  const cache = cacheAsked(options) ? cacheFileLocation(options.cacheLocation, io.cwd) : undefined;
  const twice = sameFileTwice([...outputs.flatMap((o) => (o.file === undefined ? [] : [o.file])), ...(cache ? [cache.location] : [])]);
  if (twice !== undefined) {
    io.stderr.write(`tmcheck: ${lang === 'zh' ? '两个输出写到了同一个文件' : 'two outputs would be written to the same file'}${COLON[lang]}${escapeTerminal(twice)}\n`);
    return 2;
  }
  const refuseOverInput = (file: string) => {
    const why =
      file === baselineFile
        ? lang === 'zh' ? '拒绝把基线写到被检查的文件上' : 'refusing to write the baseline over a file being checked'
        : lang === 'zh' ? '拒绝用报告覆盖输入文件' : 'refusing to write the report over an input file';
    io.stderr.write(`tmcheck: ${why}${COLON[lang]}${escapeTerminal(file === baselineFile ? options.writeBaseline! : file)}\n`);
    return 2;
  };
  // The officer's own files are inputs too: `-o tmcheck.waivers.yaml` replaced the approved waivers
  // with a report. A baseline may be written again over the one it was read from, nothing else may.
  const read = [...inputs.names, ...options.history, ...options.assessments, ...settingFiles(options, configFile, io.cwd)];
  const overInput =
    outputOverInput(planned, options.baseline === undefined ? read : [...read, options.baseline], io.cwd) ??
    (baselineFile === undefined ? undefined : outputOverInput([{ file: baselineFile }], read, io.cwd));
  if (overInput) return refuseOverInput(overInput);
  const generatedAt = reportTimestamp(options.timestamp, io.env);
  if (typeof generatedAt === 'object') {
    io.stderr.write(`tmcheck: ${escapeTerminal(generatedAt[lang])}\n`);
    return 2;
  }
  const progress = progressLine(
    io.stderr,
    { json: planned.some((p) => p.format === 'json'), stdoutPiped: (baselineToStdout || planned.some((p) => p.file === undefined)) && io.stdout.isTTY !== true },
    lang,
  );
  // The files the walk found as plain files in their folders: the check after the run need not list those folders again.
  let listed: ReadonlySet<string> | undefined;
  const controls: CheckControls = {
    ...(options.waivers !== undefined ? { waivers: [options.waivers] } : {}),
    // As ever on the command line: tmcheck.waivers.yaml of the working folder, unless it is under check.
    findWaivers: true,
    ...(options.baseline !== undefined ? { baseline: options.baseline } : {}),
    ...(options.today !== undefined ? { today: options.today } : {}),
    history: options.history,
    assessments: options.assessments,
    ...(generatedAt !== undefined ? { generatedAt } : {}),
    ...(options.shard ? { shard: options.shard } : {}),
    onListed: (files) => (listed = files),
    ...(progress ? { onProgress: (done: number, total: number) => progress.update(done, total), onCallLogRows: (file: string, rows: number) => progress.rows(file, rows) } : {}),
  };
  let report;
  let baseline: string | undefined;
  try {
    if (options.writeBaseline === undefined) report = await checker.check(inputs.inputs, controls);
    else ({ report, baseline } = await checker.checkWithBaseline(inputs.inputs, controls));
  } catch (error) {
    if (!(error instanceof TmcheckConfigError)) throw error;
    progress?.end();
    io.stderr.write(`tmcheck: ${renderSetupError(error, lang)}\n`);
    return 2;
  }
  progress?.end();
  for (const note of cacheNotes) io.stderr.write(`tmcheck: ${escapeTerminal(note)}\n`);
  // A hidden folder of inputs left unread is said where the officer looks whatever the format (the report's notes have it too).
  for (const note of report.notes ?? []) {
    if (!isHiddenFolderNote(note.message)) continue;
    io.stderr.write(lang === 'zh' ? `tmcheck: 警告：${escapeTerminal(note.file)}：${note.message.zh}\n` : `tmcheck: warning: ${escapeTerminal(note.file)}: ${note.message.en}\n`);
  }
  // Files found inside input folders are inputs too: no output may replace one of them.
  const overChecked = outputOverInput(outputs, report.files.map((f) => f.file), io.cwd, listed);
  if (overChecked) return refuseOverInput(overChecked);
  try {
    if (baselineToStdout) io.stdout.write(baseline!);
    else if (baselineFile !== undefined) writeFileAtomic(baselineFile, baseline!);
    const sarifMaxResults = options.sarifMaxResults;
    writeOutputs(report, planned, {
      stdout: io.stdout,
      colorOnStdout: wantsColor(io.stdout, io.env, options.color),
      options: { lang, failOn: options.failOn, ...(sarifMaxResults !== undefined ? { sarifMaxResults } : {}) },
    });
    // A whole SARIF log is right as a record, but GitHub code scanning would refuse it: said once, with the option that fits it.
    const overLimit = planned.some((p) => p.format === 'sarif') && sarifMaxResults === undefined ? overGithubLimit(sarifResultCount(report), lang) : undefined;
    if (overLimit !== undefined) io.stderr.write(`tmcheck: ${overLimit}\n`);
    if (planned.some((p) => p.format === 'github')) {
      const failed = appendStepSummary(report, io.env, { lang, color: false, failOn: options.failOn });
      if (failed) io.stderr.write(`tmcheck: ${lang === 'zh' ? '无法写入 GITHUB_STEP_SUMMARY' : 'could not write GITHUB_STEP_SUMMARY'}${COLON[lang]}${escapeTerminal(failed)}\n`);
    }
    return exitCode(report, options.failOn);
  } catch (error) {
    if (!(error instanceof OutputWriteError)) throw error;
    io.stderr.write(`tmcheck: ${escapeTerminal(error.text[lang])}\n`);
    return 2;
  }
}

/** The files that set how the run judges (config, profile, waivers, the working folder's waivers file), whether applied or not. */
function settingFiles(options: CheckOptions, configFile: string | undefined, cwd: string): string[] {
  return [configFile, options.profile, options.waivers, path.join(cwd, WAIVERS_FILE_NAME)].filter((file): file is string => file !== undefined);
}

/** The command line's options as the library's: everything that decides a verdict goes through createChecker. */
function checkerOptions(options: CheckOptions, cwd: string, onCacheNote: (note: Bilingual) => void, onReusing: (reusing: boolean, stopped?: ReuseStop) => void): CheckerOptions {
  return {
    cwd,
    rules: options.rules,
    ...(options.asOf !== undefined ? { asOf: options.asOf } : {}),
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
    limits: {
      maxFileBytes: options.maxFileSize,
      maxDepth: options.maxDepth,
      maxAliases: options.maxAliases,
      maxNodes: options.maxNodes,
      maxLineLength: options.maxLineLength,
      maxCallLogGroups: options.maxCallLogGroups,
      maxXlsxBytes: options.maxXlsxBytes,
      maxSharedStrings: options.maxSharedStrings,
    },
    jobs: options.jobs ?? 'auto',
    encoding: options.encoding,
    ...(cacheAsked(options)
      ? { cache: { ...(options.cacheLocation !== undefined ? { location: options.cacheLocation } : {}), ...(options.cacheStrategy !== undefined ? { strategy: options.cacheStrategy } : {}), onNote: onCacheNote, onReusing } }
      : {}),
  };
}

/** Whether the run uses the cache: --cache, or an option about it. */
function cacheAsked(options: CheckOptions): boolean {
  return options.cache === true || options.cacheLocation !== undefined || options.cacheStrategy !== undefined;
}

/**
 * A setup problem (rules, profile, baseline, config file, option) for stderr, every character from
 * a file made harmless; a baseline's one problem reads as one sentence, "cannot use the baseline b.json:3:1: …".
 */
export function renderSetupError(error: TmcheckConfigError, lang: Lang): string {
  const where = (p: TmcheckConfigError['problems'][number]) => (p.file === undefined ? '' : `${p.file}${p.line !== undefined ? `:${p.line}:${p.column ?? 1}` : ''}: `);
  const only = error.problems.length === 1 ? error.problems[0]! : undefined;
  if (only && error.code === 'baseline') return `${error.text[lang]} ${escapeTerminal(`${where(only)}${only.message[lang]}`)}`;
  if (error.problems.length === 0) return escapeTerminal(error.text[lang]);
  return `${error.text[lang]}${lang === 'zh' ? '：' : ':'}\n${error.problems.map((p) => `  ${escapeTerminal(`${where(p)}${p.message[lang]}`)}`).join('\n')}`;
}

/**
 * SOURCE_DATE_EPOCH (whole seconds since 1970) fixes the time stamp, as reproducible-build tools
 * expect; unset or empty means now. Anything else is a usage error, never a silent "now".
 */
export function reportTimestamp(enabled: boolean, env: NodeJS.ProcessEnv): string | undefined | Bilingual {
  if (!enabled) return undefined;
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return new Date().toISOString();
  const date = /^\d{1,15}$/.test(epoch) ? new Date(Number(epoch) * 1000) : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) {
    return {
      zh: `SOURCE_DATE_EPOCH 不是有效的时间戳（应为 1970 年以来的整秒数，如 1700000000）：${epoch}`,
      en: `SOURCE_DATE_EPOCH is not a valid epoch (expected whole seconds since 1970, e.g. 1700000000): ${epoch}`,
    };
  }
  return date.toISOString();
}

export function parseDateOption(value: string): string {
  if (!isValidDate(value)) throw new InvalidArgumentError('expected a date as YYYY-MM-DD');
  return value;
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  // Safe integers only: 1e300 is an integer to JavaScript, and was refused later by an internal name (limits.maxFileBytes).
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

export function parseShardOption(value: string): Shard {
  const shard = parseShard(value);
  if (!shard) throw new InvalidArgumentError('expected k/n with 1 ≤ k ≤ n, e.g. 2/4 / 应为 k/n，且 1 ≤ k ≤ n，例如 2/4');
  return shard;
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
