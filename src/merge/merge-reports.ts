import type { Bilingual, Lang } from '../util/i18n.js';
import { compareText } from '../util/compare.js';
import { compareFindings, exitCode, summarize, type FailOn, type Report } from '../report/model.js';
import { toJsonReport } from '../format/json.js';
import { reportFromJson, reportLang, ReportShapeError, shardRecord } from './read-report.js';
import { incompleteShards, type ShardOf } from './shards.js';
import { maxOf } from '../util/push-all.js';
import { INPUT_RULE_PREFIX, unreadFilesNotification } from '../format/sarif.js';
import { CAPPED_DESCRIPTOR, capSarifRun } from '../format/sarif-cap.js';
import { sarifWithoutHistoryCopies, withoutHistoryCopies } from './history-copies.js';

/**
 * `tmcheck merge`: the reports of `--shard k/n` jobs, joined into the report one job over every
 * input would have written (the same bytes, for the same command line: a test compares them). Only
 * reports of one ruleset, tool version and as-of date merge, and no file may be in two of them (but
 * for the reports' part's copy of a --history file another part checked: src/merge/history-copies.ts);
 * every report must record its shard, and each split must be whole (src/merge/shards.ts).
 * JSON reports merge into a JSON report, SARIF logs into one SARIF run.
 */

type Json = Record<string, unknown>;

export interface MergeInput {
  /** As the user named it, for messages. */
  file: string;
  data: unknown;
}

export type MergeKind = 'json' | 'sarif';

export interface Merged {
  kind: MergeKind;
  output: Json;
  /** What the merged report calls for: 2 when a file could not be checked, 1 for a counted finding at --fail-on. */
  exitCode: 0 | 1 | 2;
}

export class MergeError extends Error {
  constructor(readonly problem: Bilingual) {
    super(problem.en);
    this.name = 'MergeError';
  }
}

const fail = (zh: string, en: string): never => {
  throw new MergeError({ zh, en });
};

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const arrayAt = (value: Json, key: string): unknown[] => (Array.isArray(value[key]) ? (value[key] as unknown[]) : []);
const own = (value: Json, key: string): unknown => (Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined);

/** An array whose every element is an object (absent counts as empty): what merging reads entries from. */
const listOfObjects = (value: unknown): boolean => value === undefined || (Array.isArray(value) && value.every(isObject));

/** Which kind of report a parsed file is: a tmcheck JSON report or a SARIF log written by tmcheck. */
export function reportKind(input: MergeInput): MergeKind {
  const data = input.data;
  if (isObject(data) && isObject(own(data, 'tool')) && (data.tool as Json).name === 'tmcheck' && Array.isArray(own(data, 'files')) && Array.isArray(own(data, 'findings'))) {
    if (listOfObjects(data.files) && listOfObjects(data.findings)) return 'json';
  }
  if (isObject(data) && data.version === '2.1.0' && Array.isArray(own(data, 'runs'))) {
    const runs = data.runs as unknown[];
    const run = runs.length === 1 && isObject(runs[0]) ? (runs[0] as Json) : undefined;
    const driver = run && isObject(run.tool) ? (run.tool as Json).driver : undefined;
    const invocations = run?.invocations;
    const entriesOk = run !== undefined && listOfObjects(run.results) && listOfObjects(run.artifacts) && listOfObjects(invocations);
    if (isObject(driver) && driver.name === 'tmcheck' && entriesOk) return 'sarif';
  }
  return fail(
    `${input.file} 不是 tmcheck 写的 JSON 报告或 SARIF 日志（只有一个 run）`,
    `${input.file} is not a JSON report or a single-run SARIF log written by tmcheck`,
  );
}

export interface MergeOptions {
  /** As `--sarif-max-results`, applied to the merged SARIF run (SARIF logs only). */
  sarifMaxResults?: number;
}

export function mergeReports(inputs: MergeInput[], failOn: FailOn, options: MergeOptions = {}): Merged {
  if (inputs.length === 0) fail('没有要合并的报告', 'no reports to merge');
  const kinds = inputs.map(reportKind);
  const kind = kinds[0]!;
  const other = kinds.findIndex((k) => k !== kind);
  if (other !== -1) fail(`${inputs[other]!.file} 与 ${inputs[0]!.file} 格式不同：只能合并同一种报告`, `${inputs[other]!.file} and ${inputs[0]!.file} are different formats: merge reports of one kind`);
  if (kind === 'json' && options.sarifMaxResults !== undefined) {
    fail('--sarif-max-results 只用于 SARIF 日志，这些是 JSON 报告', '--sarif-max-results applies to SARIF logs, and these are JSON reports');
  }
  return kind === 'json' ? mergeJson(inputs, failOn) : mergeSarif(inputs, options.sarifMaxResults);
}

/** The same value in every input, or an error naming the first input that differs. */
function sameIn(inputs: MergeInput[], what: Bilingual, read: (data: Json) => unknown): unknown {
  const first = JSON.stringify(read(inputs[0]!.data as Json));
  for (const input of inputs.slice(1)) {
    if (JSON.stringify(read(input.data as Json)) !== first) {
      fail(`${input.file} 与 ${inputs[0]!.file} 的${what.zh}不同，不能合并`, `${input.file} and ${inputs[0]!.file} differ in ${what.en}: they cannot be merged`);
    }
  }
  return read(inputs[0]!.data as Json);
}

/** Refuses a set of shards with one missing, repeated, of another n or other settings (src/merge/shards.ts). */
function refuseIncomplete(reports: ShardOf[]): void {
  const problem = incompleteShards(reports);
  if (problem) throw new MergeError(problem);
}

/** The shard a SARIF log records in its run's properties, checked as the JSON report's is. */
function sarifShard(input: MergeInput): ShardOf['shard'] {
  const run = ((input.data as Json).runs as Json[])[0]!;
  const shard = isObject(run.properties) ? own(run.properties, 'shard') : undefined;
  if (shard === undefined) return undefined;
  try {
    return shardRecord(shard, 'runs[0].properties.shard');
  } catch (error) {
    if (!(error instanceof ReportShapeError)) throw error;
    return fail(`${input.file} 不是 tmcheck 写的 SARIF 日志：${error.where} 的格式不对`, `${input.file} is not a SARIF log written by tmcheck: ${error.where} does not have the shape tmcheck writes`);
  }
}

/** Every file in one input only: overlapping shards would count a file twice. */
function refuseOverlap(inputs: MergeInput[], filesOf: (data: Json) => string[]): void {
  const seen = new Map<string, string>();
  for (const input of inputs) {
    for (const file of filesOf(input.data as Json)) {
      const earlier = seen.get(file);
      if (earlier !== undefined) fail(`${file} 同时出现在 ${earlier} 和 ${input.file} 中：各分片不能重叠`, `${file} is in both ${earlier} and ${input.file}: shards must not overlap`);
      seen.set(file, input.file);
    }
  }
}

const latest = (values: unknown[]): string | undefined => values.filter((v): v is string => typeof v === 'string').sort(compareText).pop();

/**
 * JSON reports are read into the report model (src/merge/read-report.ts), joined there, sorted with
 * the report's own comparators and written by the JSON formatter: the bytes one run would write.
 */
function mergeJson(inputs: MergeInput[], failOn: FailOn): Merged {
  const langs = inputs.map((input) => shaped(input, () => reportLang(input.data)));
  const read = inputs.map((input) => shaped(input, () => reportFromJson(input.data)));
  // The reports' part's copy of a --history file another part checked is not a second check of it.
  const ownFiles = withoutHistoryCopies(read.map((r) => r.files));
  const reports = read.map((r, i) => ({ ...r, files: ownFiles[i]! }));
  const pairs = inputs.map((input, i) => ({ ...input, data: reports[i] as unknown }));
  // A JSON report's texts are in one language: shards of two would merge into a report that reads two ways.
  const lang = langOfAll(inputs, langs);
  const tool = sameIn(pairs, { zh: '工具版本', en: 'tool version' }, (d) => d.tool) as Report['tool'];
  const ruleset = sameIn(pairs, { zh: '规则集', en: 'ruleset' }, (d) => d.ruleset) as Report['ruleset'];
  const asOf = sameIn(pairs, { zh: '评判日期（--as-of）', en: 'as-of date' }, (d) => d.asOf) as string | undefined;
  const skippedRules = sameIn(pairs, { zh: '未生效的规则', en: 'rules not in force' }, (d) => d.skippedRules) as Report['skippedRules'];
  const baselineFile = sameIn(pairs, { zh: '基线文件', en: 'baseline file' }, (d) => (d as unknown as Report).baseline?.file) as string | undefined;
  refuseIncomplete(inputs.map((input, i) => ({ file: input.file, shard: reports[i]!.shard })));
  refuseOverlap(pairs, (d) => (d as unknown as Report).files.map((f) => f.file));
  const batches = pairs.filter((_, i) => reports[i]!.batch !== undefined);
  if (batches.length > 1) {
    fail(
      `${batches[0]!.file} 和 ${batches[1]!.file} 都含有月报批次：同一批月报应在一次运行中检查（排名需要全部月报）`,
      `${batches[0]!.file} and ${batches[1]!.file} both hold a monthly batch: check one batch of monthly reports in one run (the ranking needs them all)`,
    );
  }

  const files = reports.flatMap((r) => r.files).sort((a, b) => compareText(a.file, b.file));
  const findings = reports.flatMap((r) => r.findings).sort(compareFindings);
  // A note on a file outside the shards' split (an ignored waivers file of the working folder) is in each shard once.
  const notes = [...new Map(reports.flatMap((r) => r.notes ?? []).map((n) => [JSON.stringify([n.file, n.level, n.message.en]), n])).values()].sort((a, b) => compareText(a.file, b.file));
  const unreadFiles = [...new Set(reports.flatMap((r) => r.unreadFiles ?? []))].sort(compareText);
  const generatedAt = latest(reports.map((r) => r.generatedAt));
  const suppressed = reports.reduce((sum, r) => sum + (r.baseline?.suppressed ?? 0), 0);
  const batch = reports.find((r) => r.batch !== undefined)?.batch;
  const merged: Report = {
    tool,
    ruleset,
    ...(generatedAt ? { generatedAt } : {}),
    ...(asOf !== undefined ? { asOf } : {}),
    files,
    findings,
    rules: [],
    skippedRules,
    summary: summarize(files, findings),
    ...(batch ? { batch } : {}),
    ...(baselineFile !== undefined ? { baseline: { file: baselineFile, suppressed } } : {}),
    ...(notes.length > 0 ? { notes } : {}),
    ...(unreadFiles.length > 0 ? { unreadFiles } : {}),
  };
  // Both languages of each text are the report's one: either writes it back as it was, and `lang` as recorded.
  return { kind: 'json', output: toJsonReport(merged, lang), exitCode: exitCode(merged, failOn) };
}

/** Reads a JSON report's part, naming the report and the entry when it does not have the shape of docs/report-json.md. */
function shaped<T>(input: MergeInput, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof ReportShapeError)) throw error;
    return fail(
      `${input.file} 不是 tmcheck 写的 JSON 报告：${error.where} 的格式不对（见 docs/report-json.md）`,
      `${input.file} is not a JSON report written by tmcheck: ${error.where} does not have the shape of docs/report-json.md`,
    );
  }
}

/** The one language of the JSON reports; a report that does not record it (an older tmcheck) could be in either, so it is refused. */
function langOfAll(inputs: MergeInput[], langs: Array<Lang | undefined>): Lang {
  const missing = langs.indexOf(undefined);
  if (missing !== -1) {
    const file = inputs[missing]!.file;
    fail(
      `${file} 没有记录报告语言（由不记录语言的旧版 tmcheck 写出）：无法确定各报告的语言是否相同，不能合并；请用本版本重新检查`,
      `${file} records no language (it was written by an older tmcheck that did not record it): merge cannot tell whether the reports share one language, so it refuses; check again with this version`,
    );
  }
  const other = langs.findIndex((lang) => lang !== langs[0]);
  if (other !== -1) {
    fail(
      `${inputs[other]!.file}（${langs[other]}）与 ${inputs[0]!.file}（${langs[0]}）的报告语言不同，不能合并：合并后的报告会混用两种语言；请用同一个 --lang 检查各分片`,
      `${inputs[other]!.file} (${langs[other]}) and ${inputs[0]!.file} (${langs[0]}) are in different languages: a merged report would read in two; check every shard with the same --lang`,
    );
  }
  return langs[0]!;
}

function mergeSarif(given: MergeInput[], sarifMaxResults: number | undefined): Merged {
  // The reports' part's copy of a --history file another part checked is not a second check of it.
  const logs = sarifWithoutHistoryCopies(given.map((input) => input.data as Json));
  const inputs = given.map((input, i) => ({ ...input, data: logs[i] as unknown }));
  const runOf = (d: Json) => (d.runs as Json[])[0]!;
  // A log that left results out cannot give them back: the merge would not be the whole run's.
  const capped = inputs.find((input) => {
    const run = runOf(input.data as Json);
    return (isObject(run.properties) && own(run.properties, 'omittedResults') !== undefined) ||
      arrayAt((arrayAt(run, 'invocations')[0] ?? {}) as Json, 'toolExecutionNotifications').some((n) => isObject(n) && isObject(n.descriptor) && n.descriptor.id === CAPPED_DESCRIPTOR);
  });
  if (capped) {
    fail(
      `${capped.file} 只列出了部分结果（--sarif-max-results），合并后不会是完整的一次运行：请合并未设上限的分片日志，并把 --sarif-max-results 交给 tmcheck merge`,
      `${capped.file} lists only part of its results (--sarif-max-results), so a merge would not be the whole run's: merge the shards' complete logs and give --sarif-max-results to tmcheck merge`,
    );
  }
  const driverOf = (d: Json) => (runOf(d).tool as Json).driver as Json;
  sameIn(inputs, { zh: '工具版本', en: 'tool version' }, (d) => driverOf(d).version);
  sameIn(inputs, { zh: '规则集', en: 'ruleset' }, (d) => driverOf(d).properties);
  sameIn(inputs, { zh: '语言', en: 'language' }, (d) => driverOf(d).language);
  // Rule descriptors: the rules in force, the same in every shard, plus one per cross-document rule
  // and per input error code that a shard met; a descriptor of one id must be the same everywhere.
  const descriptors = mergeDescriptors(inputs, (d) => arrayAt(driverOf(d), 'rules'));
  const invocationOf = (d: Json) => ((runOf(d).invocations as Json[] | undefined) ?? [])[0] ?? {};
  sameIn(inputs, { zh: '评判日期（--as-of）', en: 'as-of date' }, (d) => invocationOf(d).properties);
  sameIn(inputs, { zh: '未生效的规则', en: 'rules not in force' }, (d) => invocationOf(d).toolConfigurationNotifications);
  refuseIncomplete(inputs.map((input) => ({ file: input.file, shard: sarifShard(input) })));
  const uriOf = (artifact: unknown) => String(isObject(artifact) && isObject(artifact.location) ? artifact.location.uri : '');
  refuseOverlap(inputs, (d) => arrayAt(runOf(d), 'artifacts').map(uriOf));

  const all = inputs.map((input) => input.data as Json);
  const first = all[0]!;
  const invocations = all.map(invocationOf);
  // As one run over every file would have exited: 2 if any shard could not check a file, else 1 if any failed.
  const exitCode = maxOf(invocations.map((i) => (i.exitCode === 0 || i.exitCode === 1 ? i.exitCode : i.exitCode === undefined ? 0 : 2)), 0) as 0 | 1 | 2;
  const endTimeUtc = latest(invocations.map((i) => i.endTimeUtc));
  const allNotifications = invocations.flatMap((i) => (Array.isArray(i.toolExecutionNotifications) ? (i.toolExecutionNotifications as unknown[]).filter(isObject) : []));
  // The shards' notes on files not read become one, as one run writes it.
  const unreadOf = (n: Json): unknown => (isObject(n.properties) ? n.properties.unreadFiles : undefined);
  const notifications = allNotifications.filter((n) => !Array.isArray(unreadOf(n)));
  const unreadFiles = [...new Set(allNotifications.flatMap((n) => (Array.isArray(unreadOf(n)) ? (unreadOf(n) as unknown[]).map(String) : [])))].sort(compareText);
  const firstInvocation = invocations[0]!;
  const invocation: Json = {
    executionSuccessful: exitCode !== 2,
    exitCode,
    ...(endTimeUtc ? { endTimeUtc } : {}),
    toolExecutionNotifications: [
      ...stableSortBy(notifications, notificationUri),
      ...(unreadFiles.length > 0 ? [unreadFilesNotification(unreadFiles, driverOf(first).language === 'zh-CN' ? 'zh' : 'en')] : []),
    ],
    toolConfigurationNotifications: firstInvocation.toolConfigurationNotifications ?? [],
    ...(firstInvocation.properties !== undefined ? { properties: firstInvocation.properties } : {}),
  };
  // As the formatter writes them: findings in report order, then files that could not be checked, in file order.
  const results = all.flatMap((d) => arrayAt(runOf(d), 'results') as Json[]);
  const isInput = (r: Json) => String(r.ruleId ?? '').startsWith(INPUT_RULE_PREFIX);
  const index = new Map(descriptors.map((d, i) => [String(d.id), i]));
  const reindexed = (r: Json): Json => ('ruleIndex' in r ? { ...r, ruleIndex: index.get(String(r.ruleId)) } : r);
  const driver = driverOf(first);
  // The merged run is whole: it records no shard (as one run over every file writes it).
  const { shard: _shard, ...runProperties } = isObject(runOf(first).properties) ? (runOf(first).properties as Json) : {};
  const { properties: _properties, ...firstRun } = runOf(first);
  const run: Json = {
    ...firstRun,
    tool: { ...(runOf(first).tool as Json), driver: { ...driver, rules: descriptors } },
    invocations: [invocation],
    artifacts: all.flatMap((d) => arrayAt(runOf(d), 'artifacts')).sort((a, b) => compareText(uriOf(a), uriOf(b))),
    results: [...results.filter((r) => !isInput(r)).sort(compareResults), ...stableSortBy(results.filter(isInput), resultUri)].map(reindexed),
    ...(Object.keys(runProperties).length > 0 ? { properties: runProperties } : {}),
  };
  capSarifRun(run, sarifMaxResults, driver.language === 'zh-CN' ? 'zh' : 'en');
  return { kind: 'sarif', output: { ...first, runs: [run] }, exitCode };
}

/** Every shard's rule descriptors once, rules in id order and then input-error rules by code, as the SARIF formatter orders them. */
function mergeDescriptors(inputs: MergeInput[], rulesOf: (data: Json) => unknown[]): Json[] {
  const byId = new Map<string, { descriptor: Json; text: string; file: string }>();
  for (const input of inputs) {
    for (const descriptor of rulesOf(input.data as Json).filter(isObject)) {
      const id = String(descriptor.id);
      const text = JSON.stringify(descriptor);
      const earlier = byId.get(id);
      if (!earlier) byId.set(id, { descriptor, text, file: input.file });
      else if (earlier.text !== text) fail(`${input.file} 与 ${earlier.file} 中规则 ${id} 的描述不同，不能合并`, `${input.file} and ${earlier.file} describe rule ${id} differently: they cannot be merged`);
    }
  }
  const ids = [...byId.keys()];
  const rules = ids.filter((id) => !id.startsWith(INPUT_RULE_PREFIX)).sort(compareText);
  const inputRules = ids.filter((id) => id.startsWith(INPUT_RULE_PREFIX)).sort();
  return [...rules, ...inputRules].map((id) => byId.get(id)!.descriptor);
}

function resultUri(result: Json): string {
  const location: unknown = Array.isArray(result.locations) ? result.locations[0] : undefined;
  const physical = isObject(location) && isObject(location.physicalLocation) ? location.physicalLocation : undefined;
  return decodeUri(physical && isObject(physical.artifactLocation) ? String(physical.artifactLocation.uri ?? '') : '');
}

function notificationUri(notification: Json): string {
  const location: unknown = Array.isArray(notification.locations) ? notification.locations[0] : undefined;
  const physical = isObject(location) && isObject(location.physicalLocation) ? location.physicalLocation : undefined;
  return physical && isObject(physical.artifactLocation) ? String(physical.artifactLocation.uri ?? '') : '';
}

function stableSortBy<T>(items: T[], key: (item: T) => string): T[] {
  return items.map((item, index) => ({ item, index, key: key(item) })).sort((a, b) => compareText(a.key, b.key) || a.index - b.index).map((e) => e.item);
}

/** File, line, column, rule, JSON Pointer, message: the order of a single run's results. */
function compareResults(a: Json, b: Json): number {
  const where = (r: Json) => {
    const first: unknown = Array.isArray(r.locations) ? r.locations[0] : undefined;
    const location = isObject(first) ? first : {};
    const physical = (isObject(location.physicalLocation) ? location.physicalLocation : {}) as Json;
    const region = (isObject(physical.region) ? physical.region : {}) as Json;
    const properties = (isObject(r.properties) ? r.properties : {}) as Json;
    return {
      file: decodeUri(String(isObject(physical.artifactLocation) ? physical.artifactLocation.uri : '')),
      line: typeof region.startLine === 'number' ? region.startLine : 0,
      column: typeof region.startColumn === 'number' ? region.startColumn : 0,
      pointer: String(properties.jsonPointer ?? ''),
      message: String(isObject(r.message) ? r.message.text : ''),
    };
  };
  const wa = where(a);
  const wb = where(b);
  return (
    compareText(wa.file, wb.file) ||
    wa.line - wb.line ||
    wa.column - wb.column ||
    compareText(String(a.ruleId ?? ''), String(b.ruleId ?? '')) ||
    compareText(wa.pointer, wb.pointer) ||
    compareText(wa.message, wb.message)
  );
}

/** A report's file name back from its URI, so that results sort as the file names do. */
function decodeUri(uri: string): string {
  try {
    return decodeURIComponent(uri.replace(/^file:\/\//, ''));
  } catch {
    return uri;
  }
}
