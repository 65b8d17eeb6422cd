import { availableParallelism } from 'node:os';
import path from 'node:path';
import { InvalidArgumentError } from 'commander';
import { exitCode, type FailOn } from '../report/model.js';
import { runCheck } from '../check/run-check.js';
import { DEFAULT_CALL_LOG_OPTIONS, type CsvEncodingChoice } from '../calllog/call-log-options.js';
import { RuleLoadError } from '../rules/load-rules.js';
import { langFromEnv, type Bilingual, type Lang } from '../util/i18n.js';
import { isValidDate } from '../util/dates.js';
import { escapeTerminal } from '../util/escape.js';
import { parseShard, type Shard } from '../check/shard.js';
import { wantsColor, type CliIo } from './io.js';
import { loadRuleSet } from './load-rule-set.js';
import { finishControls, nothingInForce, prepareControls, type ControlOptions } from '../controls/run-controls.js';
import { readProfile } from '../profile/read-profile.js';
import { checkProfileAgainstRules } from '../profile/check-profile.js';
import { profileParamResolver } from '../profile/param-resolver.js';
import { profileCityCheck } from '../profile/city-check.js';
import { ProfileError, type Profile } from '../profile/profile.js';
import { outputOverInput, planOutputs, sameFileTwice, writeOutputs, type FormatTarget } from './output-targets.js';
import { OutputWriteError } from '../util/atomic-write.js';
import { appendStepSummary } from './step-summary.js';
import { progressLine } from './progress.js';
import { monthlyBatchFor } from '../cross/monthly-batch.js';
import { readHistory } from '../cross/history.js';
import { maxJobs } from '../check/parallel.js';
import { countOf } from '../util/plural.js';
import { resolveCacheLocation } from '../cache/cache-location.js';

export interface CheckOptions extends ControlOptions {
  /** `--format name` (standard output or --output) and `--format name=FILE`, repeatable. */
  format: FormatTarget[];
  output?: string;
  lang?: Lang;
  failOn: FailOn;
  asOf?: string;
  rules: string[];
  /** `--history PATH`: earlier months' reports, context for the ranking (README, "Monthly workflow"). */
  history: string[];
  /** `--profile FILE`: rule parameters per city (README, "Profiles"). */
  profile?: string;
  color?: boolean;
  timestamp: boolean;
  maxFileSize: number;
  maxDepth: number;
  maxAliases: number;
  /** `--max-nodes`: most values in one YAML/JSON document. */
  maxNodes: number;
  /** `--jobs N`: worker threads for documents (default: the number of cores). */
  jobs?: number;
  /** `--cache` and `--cache-location PATH` (which implies it): reuse unchanged documents' results. */
  cache?: boolean;
  cacheLocation?: string;
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
}

/** `tmcheck [options] <paths...>`: check documents and write the report. */
export async function checkCommand(paths: string[], options: CheckOptions, io: CliIo): Promise<number> {
  if (paths.length === 0) {
    io.stderr.write('tmcheck: name at least one file or folder to check (see tmcheck --help)\n');
    return 2;
  }
  const lang = options.lang ?? langFromEnv(io.env);
  const limits = { maxFileBytes: options.maxFileSize, maxDepth: options.maxDepth, maxAliases: options.maxAliases, maxNodes: options.maxNodes };
  let ruleSet;
  let profile: Profile | undefined;
  try {
    profile = options.profile === undefined ? undefined : readProfile(options.profile, io.cwd, limits);
    ruleSet = loadRuleSet({ customDirs: options.rules, asOf: options.asOf, cwd: io.cwd, params: profile && profileParamResolver(profile) });
    if (profile) checkProfileAgainstRules(profile, ruleSet.rules);
  } catch (error) {
    if (error instanceof ProfileError) {
      io.stderr.write(`tmcheck: ${error.render(lang)}`);
      return 2;
    }
    if (error instanceof RuleLoadError) {
      io.stderr.write(`tmcheck: the rules could not be loaded:\n${escapeTerminal(error.message).replace(/\\n/g, '\n')}\n`);
      return 2;
    }
    throw error;
  }
  const nothing = nothingInForce(ruleSet, lang);
  if (nothing !== undefined) {
    io.stderr.write(`tmcheck: ${nothing}\n`);
    return 2;
  }
  const planned = planOutputs(options.format, options.output, io.cwd);
  if (!Array.isArray(planned)) {
    io.stderr.write(`tmcheck: ${escapeTerminal(planned[lang])}\n`);
    return 2;
  }
  // --write-baseline is an output like the reports: never the same file as one of them, nor an input.
  const outputs = options.writeBaseline === undefined ? planned : [...planned, { file: path.resolve(io.cwd, options.writeBaseline) }];
  const cache = options.cache || options.cacheLocation !== undefined ? resolveCacheLocation(options.cacheLocation, [...paths, ...options.history], io.cwd) : undefined;
  if (cache !== undefined && !('location' in cache)) {
    io.stderr.write(`tmcheck: ${escapeTerminal(cache[lang])}\n`);
    return 2;
  }
  const twice = sameFileTwice([...outputs.flatMap((o) => (o.file === undefined ? [] : [o.file])), ...(cache ? [cache.location] : [])]);
  if (twice !== undefined) {
    io.stderr.write(`tmcheck: ${lang === 'zh' ? '两个输出写到了同一个文件' : 'two outputs would be written to the same file'}: ${escapeTerminal(twice)}\n`);
    return 2;
  }
  const baselineFile = outputs.length > planned.length ? outputs[outputs.length - 1]!.file : undefined;
  const refuseOverInput = (file: string) => {
    const why =
      file === baselineFile
        ? lang === 'zh' ? '拒绝把基线写到被检查的文件上' : 'refusing to write the baseline over a file being checked'
        : lang === 'zh' ? '拒绝用报告覆盖输入文件' : 'refusing to write the report over an input file';
    io.stderr.write(`tmcheck: ${why}: ${escapeTerminal(file === baselineFile ? options.writeBaseline! : file)}\n`);
  };
  const overInput = outputOverInput(outputs, [...paths, ...options.history], io.cwd);
  if (overInput) {
    refuseOverInput(overInput);
    return 2;
  }
  const generatedAt = reportTimestamp(options.timestamp, io.env);
  if (typeof generatedAt === 'object') {
    io.stderr.write(`tmcheck: ${escapeTerminal(generatedAt[lang])}\n`);
    return 2;
  }
  // Reports of several vendors and months are grouped, ranked and judged together (R24-6).
  const monthly = monthlyBatchFor(ruleSet);
  if (options.history.length > 0) await readHistory(monthly, options.history, { inputs: paths, cwd: io.cwd, ruleSet, limits });
  const progress = progressLine(
    io.stderr,
    { json: planned.some((p) => p.format === 'json'), stdoutPiped: planned.some((p) => p.file === undefined) && io.stdout.isTTY !== true },
    lang,
  );
  const controls = prepareControls(paths, options, limits, io, lang);
  if (controls === 2) return 2;
  const cores = availableParallelism();
  let jobs = options.jobs;
  if (jobs !== undefined && jobs > maxJobs(cores)) {
    jobs = maxJobs(cores);
    io.stderr.write(
      lang === 'zh'
        ? `tmcheck: --jobs ${options.jobs} 已降为 ${jobs}（本机 ${cores} 个核心的两倍）\n`
        : `tmcheck: --jobs ${options.jobs} lowered to ${jobs} (twice the ${countOf(cores, 'core')})\n`,
    );
  }
  const cacheNotes: string[] = [];
  const checked = await runCheck({
    inputs: paths,
    cwd: io.cwd,
    ruleSet,
    limits,
    callLog: {
      ...DEFAULT_CALL_LOG_OPTIONS,
      encoding: options.encoding,
      maxLineLength: options.maxLineLength,
      maxAggregates: options.maxCallLogGroups,
      maxXlsxBytes: options.maxXlsxBytes,
      maxSharedStrings: options.maxSharedStrings,
    },
    generatedAt,
    crossChecks: [monthly, ...(profile ? [profileCityCheck(profile)].filter((c) => c !== undefined) : [])],
    // Workers load the rules themselves from disk, and get the profile's overrides as data.
    parallel: {
      jobs: jobs ?? cores,
      explicit: jobs !== undefined,
      rules: { customDirs: options.rules, asOf: options.asOf, cwd: io.cwd, ...(profile ? { profile: { defaults: profile.defaults, cities: profile.cities } } : {}) },
    },
    ...(options.shard ? { shard: options.shard } : {}),
    ...(cache ? { cache: { ...cache, onNote: (note: Bilingual) => cacheNotes.push(note[lang]) } } : {}),
    ...(progress ? { onProgress: (done: number, total: number) => progress.update(done, total) } : {}),
  });
  progress?.end();
  for (const note of cacheNotes) io.stderr.write(`tmcheck: ${escapeTerminal(note)}\n`);
  const overChecked = outputOverInput(outputs, checked.files.map((f) => f.file), io.cwd);
  if (overChecked) {
    refuseOverInput(overChecked);
    return 2;
  }
  try {
    const controlled = finishControls(checked, controls, options, io, lang);
    if (controlled === 2) return 2;
    // The per-vendor monthly rows count what the report counts, so they are built after waivers and the baseline.
    const batch = monthly.batchSummary(controlled.files, controlled.findings);
    const report = batch ? { ...controlled, batch } : controlled;
    writeOutputs(report, planned, { stdout: io.stdout, colorOnStdout: wantsColor(io.stdout, io.env, options.color), options: { lang, failOn: options.failOn } });
    if (planned.some((p) => p.format === 'github')) {
      const failed = appendStepSummary(report, io.env, { lang, color: false, failOn: options.failOn });
      if (failed) io.stderr.write(`tmcheck: ${lang === 'zh' ? '无法写入 GITHUB_STEP_SUMMARY' : 'could not write GITHUB_STEP_SUMMARY'}: ${escapeTerminal(failed)}\n`);
    }
    return exitCode(report, options.failOn);
  } catch (error) {
    if (!(error instanceof OutputWriteError)) throw error;
    io.stderr.write(`tmcheck: ${escapeTerminal(error.text[lang])}\n`);
    return 2;
  }
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
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
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
