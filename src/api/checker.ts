import { availableParallelism } from 'node:os';
import path from 'node:path';
import { documentsKey, runCheck, type RunOptions } from '../check/run-check.js';
import { loadRuleSet } from '../engine/load-rule-set.js';
import { monthlyBatchFor } from '../cross/monthly-batch.js';
import { finishReport } from '../controls/apply-controls.js';
import { nothingInForce } from '../controls/run-controls.js';
import { readHistory } from '../cross/history.js';
import { readAssessments } from '../cross/read-assessments.js';
import { profileCityCheck } from '../profile/city-check.js';
import { maxJobs } from '../check/parallel.js';
import { renderBaseline } from '../controls/baseline.js';
import { CSV_ENCODINGS, DEFAULT_CALL_LOG_OPTIONS, type CsvEncodingChoice } from '../calllog/call-log-options.js';
import { DEFAULT_LIMITS, type ReadLimits } from '../read/limits.js';
import { readProfile } from '../profile/read-profile.js';
import { checkProfileAgainstRules } from '../profile/check-profile.js';
import { profileParamResolver } from '../profile/param-resolver.js';
import { ProfileError, type Profile } from '../profile/profile.js';
import { RuleLoadError } from '../rules/load-rules.js';
import type { RuleSet } from '../engine/rule-set.js';
import type { AnyRuleDefinition, RuleDefinition } from '../rules/types.js';
import { rulesInForce } from '../report/build-report.js';
import type { Report, RuleInfo } from '../report/model.js';
import { explain, type Explanation } from '../explain/explain.js';
import { defaultParams } from '../rules/params.js';
import { loadCoverageDeclarations, loadRequirements } from '../rules/requirements.js';
import { isValidDate } from '../util/dates.js';
import { parseShard, shardRecord } from '../check/shard.js';
import { positive, TmcheckConfigError } from './errors.js';
import { discoverCheckInputs, takeInputs, type CheckInput } from './inputs.js';
import { loadControls, type ControlFiles } from './controls.js';
import { RunOwnFiles } from '../read/own-files.js';
import { resolveCacheLocation } from '../cache/cache-location.js';
import { CACHE_STRATEGIES, type CacheStrategy, type ReuseStop } from '../cache/cache-strategy.js';
import { CacheReuse } from '../cache/cache-reuse.js';
import type { Bilingual } from '../util/i18n.js';

/** Resource limits for hostile input (README, "Limits"); each defaults to the command line's default. */
export interface Limits {
  /** Largest YAML/JSON document, in bytes. */
  maxFileBytes?: number;
  /** Deepest nesting of mappings and sequences. */
  maxDepth?: number;
  /** Most YAML alias expansions in one document. */
  maxAliases?: number;
  /** Most values (keys, items, scalars, collections) in one document. */
  maxNodes?: number;
  /** Longest CSV call-log row, in characters. */
  maxLineLength?: number;
  /** Distinct vendor-days plus vendor-agents one call log may hold. */
  maxCallLogGroups?: number;
  /** Most bytes an XLSX call log may unzip to. */
  maxXlsxBytes?: number;
  /** Most entries in the shared-string table of an XLSX call log. */
  maxSharedStrings?: number;
}

export interface CheckerOptions {
  /** Folders of custom rules, added to the built-in rules (relative to `cwd`). */
  rules?: readonly string[];
  /** Judge by the rules in force on this date (YYYY-MM-DD); default: every rule not retired. */
  asOf?: string;
  /** A branch profile file (rule parameters per city), relative to `cwd`. */
  profile?: string;
  limits?: Limits;
  /** Worker threads for documents: a number (at most twice the cores: more is lowered, see `Checker.jobs`), or 'auto' (the cores, used only for large batches; the default). */
  jobs?: number | 'auto';
  /** How CSV call logs are decoded (default 'auto'). */
  encoding?: CsvEncodingChoice;
  /** Folder that relative paths are read from and shown relative to (default: process.cwd()). */
  cwd?: string;
  /**
   * As `--cache`: reuse unchanged documents' results from a cache file (default .tmcheck-cache in `cwd`), never among nor beside the inputs;
   * `strategy` as `--cache-strategy` ('metadata' by default: a file whose stat is unchanged is not read again; 'content': every file is read and hashed);
   * `onReusing` is told `true` while a check does only what a rerun over an unchanged cache does (walking its inputs, reading the cache
   * file, taking its documents from the cache) and `false` when it stops, with why: `'miss'` (its first document checked afresh; never
   * `true` again in that check), `'pause'` (other files read: waivers, the baseline, --history; call logs, never cached, for good) or `'end'` (its documents done).
   */
  cache?: { location?: string; onNote?: (note: Bilingual) => void; strategy?: CacheStrategy; onReusing?: (reusing: boolean, stopped?: ReuseStop) => void };
}

/** One check's waivers, baseline and run details. */
export interface CheckControls extends ControlFiles {
  /**
   * Monthly reports of earlier months (files, folders, quoted globs), read only as context for the
   * ranking, as `--history`: their own findings are not reported; one that cannot be read is an invalid file.
   */
  history?: readonly string[];
  /**
   * The branch's own monthly assessments (kind: MonthlyAssessment), as `--assessments`: a month with
   * one ranks every vendor on its scores, not on the scores the reports state (R24-6). Never found
   * among the inputs: one there is an input error. One that cannot be used is an invalid file.
   */
  assessments?: readonly string[];
  /** Time stamp put in the report (ISO 8601); none by default, so that reports are reproducible. */
  generatedAt?: string;
  /** Check only part k of n of the inputs, as `--shard k/n`: "2/4" or { index: 2, count: 4 }. */
  shard?: string | { index: number; count: number };
  /** Called after each file. */
  onProgress?: (done: number, total: number) => void;
  /** Called every 10,000 rows of a call log. */
  onCallLogRows?: (file: string, rows: number) => void;
  /**
   * Called once the inputs are found, before any is checked, with the files (as the report names
   * them) that a folder walk found as plain files in their folder's listing, not through a link.
   */
  onListed?: (listed: ReadonlySet<string>) => void;
}

export interface Checker {
  /** The rules in force, as the report lists them (id order). */
  readonly rules: readonly RuleInfo[];
  /** The worker threads used: `jobs` as given, or lowered to twice the cores. */
  readonly jobs: number | 'auto';
  /** Checks files, folders, glob patterns, in-memory contents and streams; input problems are invalid files in the report. */
  check(inputs: readonly CheckInput[], controls?: CheckControls): Promise<Report>;
  /** The same, with what `--write-baseline` writes: this run's findings after waivers, as JSON text. */
  checkWithBaseline(inputs: readonly CheckInput[], controls?: CheckControls): Promise<{ report: Report; baseline: string }>;
  /** A rule id, requirement id or article, explained; undefined when the query names none of them. */
  explain(query: string, options?: { city?: string }): Explanation | undefined;
}

/**
 * Loads the rules (built-in, custom folders, profile) once; the checker then checks any number of
 * input sets. Throws TmcheckConfigError when the rules, the profile or an option cannot be used, or
 * when no rule is in force on `asOf` (nothing could be judged: never a pass).
 * Writes nothing to the console, never exits, and reads only what it is given.
 */
export function createChecker(given: CheckerOptions = {}): Checker {
  const options = ownOptions(given);
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const limits = readLimits(options.limits);
  const callLog = {
    ...DEFAULT_CALL_LOG_OPTIONS,
    encoding: encodingOf(options.encoding),
    maxLineLength: positive('limits.maxLineLength', options.limits?.maxLineLength) ?? DEFAULT_CALL_LOG_OPTIONS.maxLineLength,
    maxAggregates: positive('limits.maxCallLogGroups', options.limits?.maxCallLogGroups) ?? DEFAULT_CALL_LOG_OPTIONS.maxAggregates,
    maxXlsxBytes: positive('limits.maxXlsxBytes', options.limits?.maxXlsxBytes) ?? DEFAULT_CALL_LOG_OPTIONS.maxXlsxBytes,
    maxSharedStrings: positive('limits.maxSharedStrings', options.limits?.maxSharedStrings) ?? DEFAULT_CALL_LOG_OPTIONS.maxSharedStrings,
  };
  const cacheStrategy = strategyOf(options.cache?.strategy);
  if (options.asOf !== undefined && !isValidDate(options.asOf)) {
    throw new TmcheckConfigError('option', { zh: `asOf 应为 YYYY-MM-DD 日期：${options.asOf}`, en: `asOf must be a date as YYYY-MM-DD: ${options.asOf}` });
  }
  // More threads than twice the cores only add memory and switching: the report is the same for any number.
  const jobs = options.jobs === undefined || options.jobs === 'auto' ? 'auto' : Math.min(positive('jobs', options.jobs)!, maxJobs(availableParallelism()));
  const customDirs = [...(options.rules ?? [])];
  const { ruleSet, profile } = loadRules(customDirs, options.asOf, options.profile, cwd, limits);
  const nothing = nothingInForce(ruleSet);
  if (nothing !== undefined) throw new TmcheckConfigError('option', nothing);
  const rules = rulesInForce(ruleSet);

  async function run(inputs: readonly CheckInput[], controls: CheckControls = {}) {
    // No input gives a report of no files, whose exit status is 0: nothing checked is never a pass.
    if (!Array.isArray(inputs) || inputs.length === 0) {
      throw new TmcheckConfigError('input', {
        zh: '没有要检查的输入：请以列表给出至少一个文件、文件夹或 { name, content }',
        en: 'no inputs to check: give a list of at least one file, folder or { name, content }',
      });
    }
    const asked = typeof controls.shard === 'object' ? `${controls.shard.index}/${controls.shard.count}` : controls.shard;
    const shard = asked === undefined ? undefined : parseShard(asked);
    if (shard === undefined && asked !== undefined) {
      throw new TmcheckConfigError('option', { zh: `shard 应为 k/n，且 1 ≤ k ≤ n：${asked}`, en: `shard must be k/n with 1 ≤ k ≤ n: ${asked}` });
    }
    // --history is context for monthly reports, which a part of the inputs cannot judge (src/cross/monthly-batch.ts, partErrors).
    if (shard && shard.count > 1 && controls.history !== undefined && controls.history.length > 0) {
      throw new TmcheckConfigError('option', {
        zh: `--history 只作月报的参照（排名及资质档案的协议签订日和证照有效期），而 --shard ${shard.index}/${shard.count} 只检查部分输入，无法判断月报：请将全部月报连同其通话记录和 --history 作为一个部分检查（--shard 1/1）`,
        en: `--history is read only as context for monthly reports (their ranking, and the dossiers' agreement dates and licences), which --shard ${shard.index}/${shard.count} cannot judge on a part of the inputs: check all monthly reports with their call logs and --history as one part (--shard 1/1)`,
      });
    }
    const paths = inputs.filter((input) => typeof input === 'string');
    const where = options.cache && resolveCacheLocation(options.cache.location, [...paths, ...(controls.history ?? [])], cwd);
    if (where && 'refused' in where) throw new TmcheckConfigError('option', where.refused);
    if (where && 'ignored' in where) options.cache?.onNote?.(where.ignored);
    const cache = where && 'location' in where ? where : undefined;
    // Streams (standard input) are read whole, within the size limit, before anything else is.
    const taken = await takeInputs(inputs, limits.maxFileBytes);
    // The branch's assessments are read before any document, and set aside where a walk meets them.
    const assessed = readAssessments(controls.assessments ?? [], cwd, limits);
    const own = new RunOwnFiles();
    if (options.profile !== undefined) own.add(path.resolve(cwd, options.profile), 'profile');
    for (const file of controls.assessments ?? []) own.add(path.resolve(cwd, file), 'assessments');
    // The walk and reading the cache file are what a rerun over an unchanged cache does too (what they make is kept
    // to the end); reading the waivers, the baseline and --history is not: a pause in between.
    const reuse = cache ? new CacheReuse(options.cache?.onReusing) : undefined;
    reuse?.start();
    const discovered = discoverCheckInputs(taken, cwd, limits, own);
    reuse?.stop('pause');
    controls.onListed?.(discovered.listed);
    const loaded = loadControls(controls, paths, options.asOf, cwd, limits);
    // Reports of several vendors and months are grouped, ranked and judged together (R24-6).
    const monthly = monthlyBatchFor(ruleSet, shard, assessed.assessments, assessed.invalid);
    if (controls.history !== undefined && controls.history.length > 0) await readHistory(monthly, [...controls.history], { inputs: paths, cwd, ruleSet, limits, runOwn: own });
    reuse?.start();
    const cityCheck = profile && profileCityCheck(profile);
    const runOptions: RunOptions = {
      inputs: [],
      discovered,
      cwd,
      ruleSet,
      limits,
      callLog,
      batchChecks: [monthly, ...(cityCheck ? [cityCheck] : [])],
      // A changed assessment must never meet a cached result made under another.
      ...(controls.assessments !== undefined && controls.assessments.length > 0 ? { assessmentsKey: assessed.contentKey } : {}),
      ...(controls.generatedAt !== undefined ? { generatedAt: controls.generatedAt } : {}),
      // Workers get the loaded rules (runCheck passes them) and the profile's overrides as data.
      parallel: {
        jobs: jobs === 'auto' ? availableParallelism() : jobs,
        explicit: jobs !== 'auto',
        rules: { asOf: options.asOf, ...(profile ? { profile: { defaults: profile.defaults, cities: profile.cities } } : {}) },
      },
      ...(shard ? { shard } : {}),
      ...(cache
        ? { cache: { ...cache, strategy: cacheStrategy, ...(options.cache?.onNote ? { onNote: options.cache.onNote } : {}), reuse } }
        : {}),
      ...(controls.onProgress ? { onProgress: controls.onProgress } : {}),
      ...(controls.onCallLogRows ? { onCallLogRows: controls.onCallLogRows } : {}),
    };
    const checked = await runCheck(runOptions);
    const finished = finishReport(checked, loaded, monthly);
    // A shard's report says which part it holds and of what, so that `tmcheck merge` can refuse an incomplete set.
    const report = shard
      ? {
          ...finished.report,
          shard: shardRecord(
            shard,
            inputs.map((input) => (typeof input === 'string' ? input : input.name)),
            {
              documents: documentsKey(runOptions),
              waivers: loaded.waiverFiles,
              waiverProblems: loaded.waiverProblems.map((p) => p.file),
              baseline: loaded.baseline ?? null,
              // Not --history: context for the monthly reports only, which one part judges; what it changes
              // there the dossier digests check (src/merge/shards.ts), and in a part without reports it
              // can only add an input error (a history file that cannot be read), never take one away.
              today: controls.today ?? null,
            },
            monthly.dossierDigests(),
          ),
        }
      : finished.report;
    return { report, baseline: () => renderBaseline(finished.baseline()) };
  }

  return {
    rules,
    jobs,
    check: async (inputs, controls) => (await run(inputs, controls)).report,
    checkWithBaseline: async (inputs, controls) => {
      const { report, baseline } = await run(inputs, controls);
      return { report, baseline: baseline() };
    },
    explain(query, explainOptions = {}) {
      const resolve = profile && profileParamResolver(profile);
      // The profile's values for the city, or its defaults; the rule files' defaults without a profile.
      const paramsFor = resolve ? (rule: AnyRuleDefinition) => resolve(rule as RuleDefinition, explainOptions.city) : defaultParams;
      return explain(query, ruleSet, loadRequirements(), loadCoverageDeclarations(), paramsFor, cwd);
    },
  };
}

/**
 * The options as given now, read once: `asOf`, `profile` and `cache` are read again at each check
 * (the worker threads load their rules by `asOf`), so a caller that set its options object for a
 * second checker would change this one's rules under it: a report headed by one date's rules whose
 * documents were judged by another's, which could be none (every document passed).
 */
function ownOptions(given: CheckerOptions): CheckerOptions {
  return {
    ...given,
    ...(given.rules !== undefined ? { rules: [...given.rules] } : {}),
    ...(given.limits !== undefined ? { limits: { ...given.limits } } : {}),
    ...(given.cache !== undefined ? { cache: { ...given.cache } } : {}),
  };
}

function loadRules(customDirs: string[], asOf: string | undefined, profileFile: string | undefined, cwd: string, limits: ReadLimits): { ruleSet: RuleSet; profile?: Profile } {
  try {
    const profile = profileFile === undefined ? undefined : readProfile(profileFile, cwd, limits);
    const ruleSet = loadRuleSet({ customDirs, asOf, cwd, params: profile && profileParamResolver(profile) });
    if (profile) checkProfileAgainstRules(profile, ruleSet.rules);
    return { ruleSet, ...(profile ? { profile } : {}) };
  } catch (error) {
    if (error instanceof ProfileError) throw new TmcheckConfigError('profile', { zh: '分公司参数配置（--profile）无法使用', en: 'the profile cannot be used' }, error.problems);
    if (error instanceof RuleLoadError) {
      throw new TmcheckConfigError(
        'rules',
        { zh: '规则无法加载', en: 'the rules could not be loaded' },
        error.problems.map((p) => ({ file: p.file, line: p.line, column: p.column, message: { zh: p.message, en: p.message } })),
      );
    }
    throw error;
  }
}

function readLimits(limits: Limits = {}): ReadLimits {
  return {
    maxFileBytes: positive('limits.maxFileBytes', limits.maxFileBytes) ?? DEFAULT_LIMITS.maxFileBytes,
    maxDepth: positive('limits.maxDepth', limits.maxDepth) ?? DEFAULT_LIMITS.maxDepth,
    maxAliases: positive('limits.maxAliases', limits.maxAliases) ?? DEFAULT_LIMITS.maxAliases,
    maxNodes: positive('limits.maxNodes', limits.maxNodes) ?? DEFAULT_LIMITS.maxNodes,
  };
}

function strategyOf(strategy: CacheStrategy | undefined): CacheStrategy {
  if (strategy === undefined) return 'metadata';
  if (!CACHE_STRATEGIES.includes(strategy)) {
    throw new TmcheckConfigError('option', {
      zh: `cache.strategy 应为 ${CACHE_STRATEGIES.join('、')} 之一：${String(strategy)}`,
      en: `cache.strategy must be one of ${CACHE_STRATEGIES.join(', ')}: ${String(strategy)}`,
    });
  }
  return strategy;
}

function encodingOf(encoding: CsvEncodingChoice | undefined): CsvEncodingChoice {
  if (encoding === undefined) return DEFAULT_CALL_LOG_OPTIONS.encoding;
  if (!CSV_ENCODINGS.includes(encoding)) {
    throw new TmcheckConfigError('option', {
      zh: `encoding 应为 ${CSV_ENCODINGS.join('、')} 之一：${String(encoding)}`,
      en: `encoding must be one of ${CSV_ENCODINGS.join(', ')}: ${String(encoding)}`,
    });
  }
  return encoding;
}
