import { availableParallelism } from 'node:os';
import { InvalidArgumentError } from 'commander';
import { exitCode, type FailOn } from '../report/model.js';
import { runCheck } from '../check/run-check.js';
import { DEFAULT_CALL_LOG_OPTIONS, type CsvEncodingChoice } from '../calllog/call-log-options.js';
import { RuleLoadError } from '../rules/load-rules.js';
import { langFromEnv, type Lang } from '../util/i18n.js';
import { isValidDate } from '../util/dates.js';
import { escapeTerminal } from '../util/escape.js';
import { parseShard, type Shard } from '../check/shard.js';
import { wantsColor, type CliIo } from './io.js';
import { loadRuleSet } from './load-rule-set.js';
import { finishControls, prepareControls, type ControlOptions } from '../controls/run-controls.js';
import { readProfile } from '../profile/read-profile.js';
import { checkProfileAgainstRules } from '../profile/check-profile.js';
import { profileParamResolver } from '../profile/param-resolver.js';
import { ProfileError, type Profile } from '../profile/profile.js';
import { outputOverInput, planOutputs, writeOutputs, type FormatTarget } from './output-targets.js';
import { appendStepSummary } from './step-summary.js';
import { progressLine } from './progress.js';
import { monthlyBatchFor } from '../cross/monthly-batch.js';

export interface CheckOptions extends ControlOptions {
  /** `--format name` (standard output or --output) and `--format name=FILE`, repeatable. */
  format: FormatTarget[];
  output?: string;
  lang?: Lang;
  failOn: FailOn;
  asOf?: string;
  rules: string[];
  /** `--profile FILE`: rule parameters per city (README, "Profiles"). */
  profile?: string;
  color?: boolean;
  timestamp: boolean;
  maxFileSize: number;
  maxDepth: number;
  maxAliases: number;
  /** `--jobs N`: worker threads for documents (default: the number of cores). */
  jobs?: number;
  /** `--shard k/n`: this run's part of the inputs. */
  shard?: Shard;
  /** `--encoding`: how CSV call logs are decoded. */
  encoding: CsvEncodingChoice;
  /** `--max-line-length`: longest CSV call-log row, in characters. */
  maxLineLength: number;
  /** `--max-call-log-groups`: distinct vendor-days plus vendor-agents one call log may hold. */
  maxCallLogGroups: number;
}

/** `tmcheck [options] <paths...>`: check documents and write the report. */
export async function checkCommand(paths: string[], options: CheckOptions, io: CliIo): Promise<number> {
  if (paths.length === 0) {
    io.stderr.write('tmcheck: name at least one file or folder to check (see tmcheck --help)\n');
    return 2;
  }
  const lang = options.lang ?? langFromEnv(io.env);
  const limits = { maxFileBytes: options.maxFileSize, maxDepth: options.maxDepth, maxAliases: options.maxAliases };
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
  const planned = planOutputs(options.format, options.output, io.cwd);
  if (!Array.isArray(planned)) {
    io.stderr.write(`tmcheck: ${escapeTerminal(planned[lang])}\n`);
    return 2;
  }
  const refuseOverInput = (file: string) =>
    io.stderr.write(`tmcheck: ${lang === 'zh' ? '拒绝用报告覆盖输入文件' : 'refusing to write the report over an input file'}: ${escapeTerminal(file)}\n`);
  const overInput = outputOverInput(planned, paths, io.cwd);
  if (overInput) {
    refuseOverInput(overInput);
    return 2;
  }
  // Reports of several vendors and months are grouped, ranked and judged together (R24-6).
  const monthly = monthlyBatchFor(ruleSet);
  const progress = progressLine(
    io.stderr,
    { json: planned.some((p) => p.format === 'json'), stdoutPiped: planned.some((p) => p.file === undefined) && io.stdout.isTTY !== true },
    lang,
  );
  const controls = prepareControls(paths, options, limits, io, lang);
  if (controls === 2) return 2;
  const checked = await runCheck({
    inputs: paths,
    cwd: io.cwd,
    ruleSet,
    limits,
    callLog: { ...DEFAULT_CALL_LOG_OPTIONS, encoding: options.encoding, maxLineLength: options.maxLineLength, maxAggregates: options.maxCallLogGroups },
    generatedAt: reportTimestamp(options.timestamp, io.env),
    crossChecks: [monthly],
    // Workers load the rules themselves from disk, and get the profile's overrides as data.
    parallel: {
      jobs: options.jobs ?? availableParallelism(),
      explicit: options.jobs !== undefined,
      rules: { customDirs: options.rules, asOf: options.asOf, cwd: io.cwd, ...(profile ? { profile: { defaults: profile.defaults, cities: profile.cities } } : {}) },
    },
    ...(options.shard ? { shard: options.shard } : {}),
    ...(progress ? { onProgress: (done: number, total: number) => progress.update(done, total) } : {}),
  });
  progress?.end();
  const controlled = finishControls(checked, controls, options, io, lang);
  if (controlled === 2) return 2;
  // The per-vendor monthly rows count what the report counts, so they are built after waivers and the baseline.
  const batch = monthly.batchSummary(controlled.files, controlled.findings);
  const report = batch ? { ...controlled, batch } : controlled;
  // Files found inside input folders are inputs too: a report is never written over one.
  const overFound = outputOverInput(planned, report.files.map((f) => f.file), io.cwd);
  if (overFound) {
    refuseOverInput(overFound);
    return 2;
  }
  writeOutputs(report, planned, { stdout: io.stdout, colorOnStdout: wantsColor(io.stdout, io.env, options.color), options: { lang, failOn: options.failOn } });
  if (planned.some((p) => p.format === 'github')) {
    const failed = appendStepSummary(report, io.env, { lang, color: false, failOn: options.failOn });
    if (failed) io.stderr.write(`tmcheck: ${lang === 'zh' ? '无法写入 GITHUB_STEP_SUMMARY' : 'could not write GITHUB_STEP_SUMMARY'}: ${escapeTerminal(failed)}
`);
  }
  return exitCode(report, options.failOn);
}

/** SOURCE_DATE_EPOCH (seconds) fixes the time stamp, as reproducible-build tools expect. */
function reportTimestamp(enabled: boolean, env: NodeJS.ProcessEnv): string | undefined {
  if (!enabled) return undefined;
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString();
  return new Date().toISOString();
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
