import type { CheckedDocument } from '../report/check-document.js';
import { findingAt } from '../report/check-document.js';
import type { BatchCheck, BatchCheckResult } from '../report/batch-check.js';
import type { DiscoveredFile } from '../read/discover.js';
import { evaluateDocument, mergeOutcome, type RuleOutcome } from '../engine/evaluate-document.js';
import type { InternalKind } from '../kinds/kinds.js';
import { inputError, type InputError } from '../read/input-error.js';
import type { FileResult, Finding } from '../report/model.js';
import type { RuleSet } from '../engine/rule-set.js';
import { compareText } from '../util/compare.js';
import { resolvePointer } from '../util/json-pointer.js';
import { callLogAgentDocument, callLogDayDocument } from './aggregate-documents.js';
import type { RowProblem } from './call-row.js';
import { rowProblemWarnings, type CallLogContents, type CallLogOptions } from './read-call-log.js';
import { readCallLogInParts } from './read-in-parts.js';
import { runAgents, runDays } from './run-aggregates.js';
import { rowLocation } from './row-location.js';
import { pushAll } from '../util/push-all.js';
import { countOf } from '../util/plural.js';
import { presentValue } from '../operators/is-present.js';
import { vendorMonthKey } from '../ranking/months.js';
import { toolFindingFields, type ToolRuleId } from '../report/tool-rules.js';

/** What a call log needs of a MonthlyReport: its city (for the profile), the agents it lists, and the calling it states. */
interface ReportRoster {
  city: string;
  agents: Set<string>;
  /** The report's file, its recording.calls_total and its calling days: a log showing more calling contradicts it. */
  file: string;
  callsTotal: number | undefined;
  callingDays: Set<string>;
}

const sortedOutcomes = (outcomes: Map<string, RuleOutcome>) => Object.fromEntries([...outcomes.entries()].sort(([a], [b]) => compareText(a, b)));

/** A call log read and judged in this run: its result (completed in finish), contents, outcomes and line map. */
interface LoggedFile {
  file: string;
  result: FileResult;
  contents: CallLogContents;
  outcomes: Map<string, RuleOutcome>;
  lines: Map<number, number>;
}

/**
 * Call logs in a run. Each log is streamed into aggregates when runCheck reaches it (checkFile);
 * the rules run on the aggregates in finish(), once every MonthlyReport of the run has been seen,
 * because a day is judged by the profile of the city in the vendor's report of that month and the
 * R20-1 join needs that report's agents. Only the aggregates and, per report, its city and agent
 * ids are kept.
 *
 * A month's calls may be saved as several logs (calls-a.csv, calls-b.csv): the rules judge each
 * vendor-day and vendor-month agent over every log of the run (run-aggregates.ts), and a report's
 * calls_total is compared with the calls of every log. A finding goes to the log and row of the call
 * it is about. The run's logs are taken in input order, so the result is the same with any --jobs,
 * with --cache (logs are never cached, reports are observed as ever) and in one --shard 1/1 part.
 */
export class CallLogCheck implements BatchCheck {
  readonly name = 'call-logs';
  readonly kinds = ['MonthlyReport'] as const;
  private readonly reports = new Map<string, ReportRoster>();
  private readonly logs: LoggedFile[] = [];
  /** The logs taken, by content hash: the same calls given twice are refused, not counted twice. */
  private readonly byHash = new Map<string, string>();

  constructor(
    private readonly ruleSet: RuleSet,
    private readonly options: CallLogOptions,
    private readonly onRows?: (file: string, rows: number) => void,
  ) {}

  observe(doc: CheckedDocument): void {
    if (doc.kind !== 'MonthlyReport') return;
    const vendor = resolvePointer(doc.data, '/vendor/credit_code');
    const month = resolvePointer(doc.data, '/month');
    const city = resolvePointer(doc.data, '/city');
    const agents = resolvePointer(doc.data, '/agents');
    if (typeof vendor !== 'string' || typeof month !== 'string' || typeof city !== 'string') return;
    const ids = (Array.isArray(agents) ? agents : []).map((agent) => resolvePointer(agent, '/id')).filter((id): id is string => typeof id === 'string');
    const callsTotal = resolvePointer(doc.data, '/recording/calls_total');
    const listed = resolvePointer(doc.data, '/calling_days');
    const callingDays = new Set((Array.isArray(listed) ? listed : []).map((day) => resolvePointer(day, '/date')).filter((date): date is string => typeof date === 'string'));
    // Two reports of one vendor-month are an input error of the batch check; here their agents simply add up.
    const known = this.reports.get(vendorMonthKey(vendor, month));
    if (known) for (const id of ids) known.agents.add(id);
    else this.reports.set(vendorMonthKey(vendor, month), { city, agents: new Set(ids), file: doc.file, callsTotal: typeof callsTotal === 'number' ? callsTotal : undefined, callingDays });
  }

  /** Streams one call log into aggregates; the returned FileResult is completed by finish(). */
  async checkFile(file: DiscoveredFile): Promise<FileResult> {
    const result: FileResult = { file: file.display, kind: 'CallLog', status: 'invalid', errors: [], warnings: [], outcomes: {} };
    // Content handed over in memory (the library's, standard input's) is read from there, named by its display name.
    const input = file.content ? { name: file.display, bytes: file.content } : file.absolute;
    const contents = await readCallLogInParts(input, { ...this.options, onRows: (rows) => this.onRows?.(file.display, rows) });
    if ('code' in contents) return { ...result, errors: [contents] };
    result.sha256 = contents.sha256;
    result.warnings = [...(contents.encodingWarning ? [contents.encodingWarning] : []), ...rowProblemWarnings(contents)];
    const unjudged = unjudgedError(contents);
    if (unjudged) {
      // Too little left to judge: the file cannot be checked, which is exit 2, not a pass.
      result.errors.push(unjudged);
      return result;
    }
    const same = this.byHash.get(contents.sha256);
    if (same !== undefined) {
      // Its calls would count twice towards a month's totals: an input problem, said, never a pass.
      result.errors.push(duplicateLogError(same));
      return result;
    }
    this.byHash.set(contents.sha256, file.display);
    const vendors = contents.aggregator.vendors();
    if (vendors.length === 1) result.vendor = { creditCode: vendors[0]! };
    result.status = 'pass';
    // Every row readable is a check like the rules' (a JUnit testcase): it passes or fails.
    const outcomes = new Map<string, RuleOutcome>([[UNREADABLE_ROWS_RULE, contents.badRows > 0 ? 'fail' : 'pass']]);
    this.logs.push({ file: file.display, result, contents, outcomes, lines: contents.aggregator.lines() });
    return result;
  }

  finish(): BatchCheckResult {
    const findings: Finding[] = [];
    const days = runDays(this.logs.map((log) => ({ log, days: log.contents.aggregator.days() })));
    const agents = runAgents(this.logs.map((log) => ({ log, agents: log.contents.aggregator.agents() })));
    for (const log of this.logs) {
      if (log.contents.badRows > 0) {
        const vendor = log.result.vendor?.creditCode;
        const finding = unreadableRowsFinding(log.file, log.contents, vendor);
        findings.push(vendor === undefined ? finding : namingVendor(finding, vendor));
      }
    }
    for (const { day, at, logs } of days) {
      const report = this.reports.get(vendorMonthKey(day.vendor, day.date.slice(0, 7)));
      const doc = callLogDayDocument(day, report?.city ?? null);
      const logOf = (rowAt: string) => (rowAt === '/last_end_row' ? at.end : rowAt === '/first_unrecorded_row' ? at.firstUnrecorded ?? at.first : at.first);
      pushAll(findings, this.evaluate('CallLogDay', doc, report?.city, day.vendor, day.date.slice(0, 7), logs, logOf));
    }
    // Each vendor-month's calls over the logs (in input order), beside its report: what the report must account for.
    const logged = loggedMonths(this.logs, (vendor, month) => this.reports.get(vendorMonthKey(vendor, month)));
    for (const { agent, at, logs } of agents) {
      const report = this.reports.get(vendorMonthKey(agent.vendor, agent.month));
      if (!report) continue;
      // An agent id a reader cannot see (a zero-width space, a Hangul filler), or one that says there
      // is none (无, 未知, N/A, -), names nobody: calls under it have no training record, even when
      // the report lists a "trained agent" of that id.
      const doc = callLogAgentDocument(agent, report.agents.has(agent.agent) && presentValue(agent.agent));
      pushAll(findings, this.evaluate('CallLogAgent', doc, report.city, agent.vendor, agent.month, logs, () => at));
    }
    for (const month of logged) {
      // Judged only where the run has the vendor-month's report: without one there is nothing to compare.
      const contradicted = contradicts(month);
      for (const log of month.logs) mergeOutcome(log.outcomes, UNREPORTED_CALLS_RULE, 'pass');
      if (!contradicted) continue;
      mergeOutcome(month.at.outcomes, UNREPORTED_CALLS_RULE, 'fail');
      findings.push(unreportedCallsFinding(month));
    }
    for (const log of this.logs) {
      // Agents no report lists were not checked for training: never a pass (see noReportFinding). Said
      // on every log with such calls, since each holds calls nobody checked.
      const unmatched = unmatchedMonths(log, (vendor, month) => this.reports.has(vendorMonthKey(vendor, month)));
      for (const missing of unmatched) findings.push(noReportFinding(log.file, missing, log.lines));
      log.outcomes.set(NO_REPORT_RULE, unmatched.length > 0 ? 'fail' : 'pass');
      log.result.outcomes = sortedOutcomes(log.outcomes);
    }
    return { findings, fileErrors: [], fileWarnings: [] };
  }

  /**
   * Rules on one aggregate over `logs` (the logs holding its calls). Each finding goes to the log
   * `logOf` names for the row it points at, which fails the rule there; the other logs take the
   * rule's outcome otherwise (a breach the aggregate shows is reported once, where its row is).
   */
  private evaluate(
    kind: InternalKind,
    doc: Record<string, unknown>,
    city: string | undefined,
    vendor: string,
    month: string,
    logs: LoggedFile[],
    logOf: (rowAt: string) => LoggedFile,
  ): Finding[] {
    const evaluation = evaluateDocument(this.ruleSet.compiledFor(kind, city), doc);
    const located = new Set(evaluation.hits.map((hit) => hit.rule.definition.id));
    for (const log of logs) {
      for (const [id, outcome] of evaluation.outcomes) mergeOutcome(log.outcomes, id, outcome === 'fail' && located.has(id) && logs.length > 1 ? 'pass' : outcome);
    }
    return evaluation.hits.map((hit) => {
      const where = rowLocation(kind, doc, hit.pointer);
      const log = logOf(where.rowAt);
      mergeOutcome(log.outcomes, hit.rule.definition.id, 'fail');
      const line = log.lines.get(where.row);
      const location = { file: log.file, row: where.row, ...(where.field ? { field: where.field } : {}), ...(line !== undefined ? { line } : {}) };
      return namingVendor({ ...findingAt(hit, location, vendor), month, subject: subjectOf(kind, doc) }, vendor);
    });
  }
}

/** The day or agent an aggregate's finding concerns (Finding.subject). */
function subjectOf(kind: InternalKind, doc: Record<string, unknown>): string {
  return kind === 'CallLogAgent' ? `agent ${String(doc.agent_id)}` : String(doc.date);
}

/**
 * A call log holds rows of many vendors, so its findings say whose they are in the message itself,
 * in every format (the month lets the monthly summary count them in that vendor-month's row).
 */
function namingVendor(finding: Finding, vendor: string): Finding {
  return { ...finding, vendor, message: { zh: `外包合作方 ${vendor}：${finding.message.zh}`, en: `vendor ${vendor}: ${finding.message.en}` } };
}

/** Rule id of the finding on a log's unreadable rows: made by tmcheck, not by a rule file, and never held back by a baseline. */
export const UNREADABLE_ROWS_RULE = 'tmcheck/call-log-unreadable-rows' satisfies ToolRuleId;

/**
 * Why a log cannot be checked at all although its header was read: no calls, or more than half of
 * its rows unreadable (then what was read does not stand for the log). Undefined when it can be.
 */
function unjudgedError(contents: CallLogContents): InputError | undefined {
  const { dataRows, badRows } = contents;
  if (dataRows === 0) return inputError('call-log-empty', '通话记录只有表头，没有呼叫，无法检查', 'the call log has a header but no calls; there is nothing to check', { row: 1 });
  if (badRows * 2 <= dataRows) return undefined;
  const where = contents.firstBad ? rowWhere(contents.firstBad) : {};
  return inputError(
    'call-log-unreadable',
    `${dataRows} 行数据中有 ${badRows} 行无法读取（超过一半），${badRows} 个呼叫未核对，无法判断该通话记录；第一个无法读取的在${rowText(where, 'zh')}`,
    `${badRows} of ${dataRows} data rows cannot be read (more than half), so ${calls(badRows)} went unchecked and the call log cannot be judged; the first is at ${rowText(where, 'en')}`,
    where,
  );
}

/**
 * Unreadable rows are calls nobody checked: never a pass. One error on the log, at its first bad
 * row, with the count. It is filed under R21-1 (every call recorded, of which the log is the
 * record), though the calls also went unchecked for R20-1 and R22-1, as the message says.
 */
function unreadableRowsFinding(file: string, contents: CallLogContents, vendor: string | undefined): Finding {
  const where = contents.firstBad ? rowWhere(contents.firstBad) : {};
  const { dataRows, badRows } = contents;
  return {
    ...toolFindingFields(UNREADABLE_ROWS_RULE),
    message: {
      zh: `${dataRows} 行数据中有 ${badRows} 行无法读取，这 ${badRows} 个呼叫未核对培训、录音和营销时间（第二十至二十二条）；第一个在${rowText(where, 'zh')}`,
      en: `${badRows} of ${dataRows} data rows cannot be read, so ${calls(badRows)} went unchecked for training, recording and calling hours (Articles 20–22); the first is at ${rowText(where, 'en')}`,
    },
    consequence: {
      zh: '无法读取的呼叫不能视为合规：须修正通话记录中的这些行后重新检查',
      en: 'calls that cannot be read cannot count as compliant: correct these rows of the call log and check it again',
    },
    location: { file, ...where },
    ...(vendor !== undefined ? { vendor } : {}),
  };
}

const calls = (n: number) => countOf(n, 'call');

function rowWhere(problem: RowProblem): { row: number; line?: number; field?: string } {
  return { row: problem.row, ...(problem.line !== undefined ? { line: problem.line } : {}), ...(problem.field ? { field: problem.field } : {}) };
}

function rowText(where: { row?: number; line?: number }, lang: 'zh' | 'en'): string {
  if (where.row === undefined) return lang === 'zh' ? '（未知行）' : '(unknown row)';
  if (lang === 'zh') return where.line !== undefined ? `第 ${where.row} 行（文件第 ${where.line} 行）` : `第 ${where.row} 行`;
  return where.line !== undefined ? `row ${where.row} (line ${where.line})` : `row ${where.row}`;
}

/** Rule id of the finding on a vendor-month of a log that no report of the run covers: made by tmcheck, never held back by a baseline. */
export const NO_REPORT_RULE = 'tmcheck/call-log-no-report' satisfies ToolRuleId;

/** The calls of one vendor-month of a log that no MonthlyReport of the run covers. */
interface Unmatched {
  vendor: string;
  month: string;
  agents: number;
  calls: number;
  /** The row of the vendor-month's first call in the log (the smallest row). */
  firstRow: number;
}

/** A log's vendor-months that no report of the run covers, sorted by vendor then month. */
function unmatchedMonths(log: LoggedFile, reported: (vendor: string, month: string) => boolean): Unmatched[] {
  const unmatched = new Map<string, Unmatched>();
  for (const agent of log.contents.aggregator.agents()) {
    if (reported(agent.vendor, agent.month)) continue;
    const key = vendorMonthKey(agent.vendor, agent.month);
    const known = unmatched.get(key);
    if (!known) unmatched.set(key, { vendor: agent.vendor, month: agent.month, agents: 1, calls: agent.calls, firstRow: agent.firstRow });
    else {
      known.agents += 1;
      known.calls += agent.calls;
      known.firstRow = Math.min(known.firstRow, agent.firstRow);
    }
  }
  return [...unmatched.keys()].sort(compareText).map((key) => unmatched.get(key)!);
}

/**
 * A call log names its agents; Article 20's training records are in the vendor's MonthlyReport of
 * the month. Without that report in the run, the agents' training cannot be checked (and the days
 * are judged with the default calling hours, not the city's): what could not be judged is never a
 * pass, so it is an error on the log (exit 1, like tmcheck/call-log-unreadable-rows), at the
 * vendor-month's first call, saying to check the report with the log. Filed under R20-1.
 */
function noReportFinding(file: string, missing: Unmatched, lines: Map<number, number>): Finding {
  const { vendor, month, agents, calls: callCount, firstRow } = missing;
  return vendorMonthFinding({ file, row: firstRow, lines, vendor, month }, {
    ...toolFindingFields(NO_REPORT_RULE),
    message: {
      zh: `本次检查中没有 ${month} 的月报，该月 ${agents} 名外呼话务员（${callCount} 个呼叫）的培训记录未核对（第二十条），营销时间按默认时段判断`,
      en: `no MonthlyReport for ${month} in this run, so the training records of that month's ${countOf(agents, 'calling agent')} (${calls(callCount)}) were not checked (Article 20), and its calling hours were judged by the default hours`,
    },
    consequence: {
      zh: '未核对的不能视为合规：须将该合作方该月的月报与通话记录一并检查（同一次运行中指定两者）',
      en: 'what was not checked cannot count as compliant: check the vendor\'s MonthlyReport of that month together with the call log (name both in one run)',
    },
  });
}

/** Rule id of the finding on a log whose calls a vendor's report of the month does not account for: made by tmcheck, never held back by a baseline. */
export const UNREPORTED_CALLS_RULE = 'tmcheck/call-log-calls-unreported' satisfies ToolRuleId;

/** The run's calls of one vendor-month that the run has a report for, over every log, beside what that report states. */
interface LoggedMonth {
  vendor: string;
  month: string;
  report: ReportRoster;
  calls: number;
  /** Days with calls in the logs that the report's calling_days do not list. */
  unlistedDays: Set<string>;
  /** The logs with calls of the month, in input order; the first of them, and the row of its first call there (the smallest row). */
  logs: LoggedFile[];
  at: LoggedFile;
  firstRow: number;
}

/** Every vendor-month of the run's logs that has a report, sorted by vendor then month. */
function loggedMonths(logs: readonly LoggedFile[], reportOf: (vendor: string, month: string) => ReportRoster | undefined): LoggedMonth[] {
  const months = new Map<string, LoggedMonth>();
  for (const log of logs) {
    for (const day of log.contents.aggregator.days()) {
      const month = day.date.slice(0, 7);
      const report = reportOf(day.vendor, month);
      if (!report) continue;
      const key = vendorMonthKey(day.vendor, month);
      let known = months.get(key);
      if (!known) {
        known = { vendor: day.vendor, month, report, calls: 0, unlistedDays: new Set(), logs: [log], at: log, firstRow: day.firstRow };
        months.set(key, known);
      }
      if (known.logs[known.logs.length - 1] !== log) known.logs.push(log);
      else if (known.at === log) known.firstRow = Math.min(known.firstRow, day.firstRow);
      known.calls += day.calls;
      if (!report.callingDays.has(day.date)) known.unlistedDays.add(day.date);
    }
  }
  return [...months.keys()].sort(compareText).map((key) => months.get(key)!);
}

/** Whether the logs show calling its vendor's report of the month does not state: more calls, or a day not listed. */
function contradicts(logged: LoggedMonth): boolean {
  return logged.unlistedDays.size > 0 || (logged.report.callsTotal !== undefined && logged.calls > logged.report.callsTotal);
}

/**
 * A MonthlyReport's rules judge the calling it states: with `calls_total: 0` and no calling days, a
 * month with calls lists no campaign (R19-1), no number batch (R23-1) and compares 0 recorded calls
 * with 0 calls (R21-1), and every one of those passes. The run's call logs of the same vendor and
 * month (all of them: a month saved as two files adds up) that show more calls than the report
 * counts, or a day the report does not list, show the report understates its calling: an error at
 * the vendor-month's first call in the first of those logs, naming the report and the other logs.
 */
function unreportedCallsFinding(logged: LoggedMonth): Finding {
  const { vendor, month, report, calls: callCount, unlistedDays, at, firstRow, logs } = logged;
  const days = [...unlistedDays].sort(compareText);
  const shown = days.slice(0, 5).join(', ') + (days.length > 5 ? ` (+${days.length - 5})` : '');
  const stated = report.callsTotal ?? 0;
  const over = callCount > stated;
  const others = logs.filter((log) => log !== at).map((log) => log.file);
  return vendorMonthFinding({ file: at.file, row: firstRow, lines: at.lines, vendor, month }, {
    ...toolFindingFields(UNREPORTED_CALLS_RULE),
    message: {
      zh:
        (others.length > 0 ? `该通话记录与 ${others.join('、')} 中 ${month} 共有 ${callCount} 个呼叫` : `该通话记录中 ${month} 有 ${callCount} 个呼叫`) +
        `，但月报 ${report.file} ` +
        [over ? `只报告呼叫总数 ${stated}` : '', days.length > 0 ? `未列出营销日 ${shown.replace(/, /g, '、')}` : ''].filter(Boolean).join('，') +
        '；月报对营销业务审核（第十九条）、号码资源审核（第二十三条）、全程录音（第二十一条）和营销时间（第二十二条）的检查只依据其所报的外呼，少报的外呼未经检查',
      en:
        (others.length > 0 ? `this log and ${others.join(', ')} hold ${calls(callCount)} in ${month}` : `this log holds ${calls(callCount)} in ${month}`) +
        `, but the report ${report.file} ` +
        [over ? `counts ${calls(stated)}` : '', days.length > 0 ? `does not list the calling day${days.length > 1 ? 's' : ''} ${shown}` : ''].filter(Boolean).join(' and ') +
        ': the report is checked for campaign reviews (Article 19), number reviews (Article 23), recording (Article 21) and calling hours (Article 22) only on the calling it states, so the calls it leaves out went unchecked',
    },
    consequence: {
      zh: '少报的外呼不能视为合规：须按实际外呼更正月报（呼叫总数、营销日及其营销业务、号码批次）后与通话记录一并重新检查',
      en: 'calling a report leaves out cannot count as compliant: correct the report to the calls made (calls_total, calling days, and their campaigns and number batches) and check it again with the call log',
    },
  });
}

/** The error on a log whose content is that of a log taken before it: counted once, the copy is refused. */
function duplicateLogError(first: string): InputError {
  return inputError(
    'call-log-duplicate',
    `该通话记录与 ${first} 内容相同：同一批呼叫不能计算两次，请只检查其中一个`,
    `this call log has the same content as ${first}: the same calls cannot be counted twice; check only one of them`,
  );
}

/** A finding of tmcheck's own on one vendor-month of a log, placed at the row of its first call (and that row's line). */
function vendorMonthFinding(
  at: { file: string; row: number; lines: Map<number, number>; vendor: string; month: string },
  what: Omit<Finding, 'location' | 'vendor' | 'month'>,
): Finding {
  const line = at.lines.get(at.row);
  const location = { file: at.file, row: at.row, ...(line !== undefined ? { line } : {}), field: 'vendor_credit_code' };
  return namingVendor({ ...what, location, vendor: at.vendor, month: at.month }, at.vendor);
}
