import type { CheckedDocument } from '../check/check-document.js';
import { findingAt } from '../check/check-document.js';
import type { CrossCheck, CrossCheckResult } from '../check/cross-check.js';
import type { DiscoveredFile } from '../check/discover.js';
import { evaluateDocument, mergeOutcome, type RuleOutcome } from '../engine/evaluate-document.js';
import type { InternalKind } from '../kinds/kinds.js';
import { inputError, type InputError } from '../read/input-error.js';
import type { FileResult, Finding } from '../report/model.js';
import type { RuleSet } from '../rules/rule-set.js';
import { compareText } from '../util/compare.js';
import { resolvePointer } from '../util/json-pointer.js';
import { callLogAgentDocument, callLogDayDocument } from './aggregate-documents.js';
import { readCallLog, rowProblemWarnings, type CallLogContents, type CallLogOptions } from './read-call-log.js';
import { rowLocation } from './row-location.js';
import { pushAll } from '../util/push-all.js';

/** What a call log needs of a MonthlyReport: its city (for the profile) and the agents it lists. */
interface ReportSummary {
  city: string;
  agents: Set<string>;
}

interface LoggedFile {
  file: string;
  result: FileResult;
  contents: CallLogContents;
}

const vendorMonth = (vendor: string, month: string) => `${vendor}\u0000${month}`;

/**
 * Call logs in a run. Each log is streamed into aggregates when runCheck reaches it (checkFile);
 * the rules run on the aggregates in finish(), once every MonthlyReport of the run has been seen,
 * because a day is judged by the profile of the city in the vendor's report of that month and the
 * R20-1 join needs that report's agents. Only the aggregates and, per report, its city and agent
 * ids are kept.
 */
export class CallLogCheck implements CrossCheck {
  readonly name = 'call-logs';
  readonly kinds = ['MonthlyReport'] as const;
  private readonly reports = new Map<string, ReportSummary>();
  private readonly logs: LoggedFile[] = [];

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
    // Two reports of one vendor-month are an input error of the batch check; here their agents simply add up.
    const known = this.reports.get(vendorMonth(vendor, month));
    if (known) for (const id of ids) known.agents.add(id);
    else this.reports.set(vendorMonth(vendor, month), { city, agents: new Set(ids) });
  }

  /** Streams one call log into aggregates; the returned FileResult is completed by finish(). */
  async checkFile(file: DiscoveredFile): Promise<FileResult> {
    const result: FileResult = { file: file.display, kind: 'CallLog', status: 'invalid', errors: [], warnings: [], outcomes: {} };
    const contents = await readCallLog(file.absolute, { ...this.options, onRows: (rows) => this.onRows?.(file.display, rows) });
    if ('code' in contents) return { ...result, errors: [contents] };
    result.sha256 = contents.sha256;
    result.warnings = rowProblemWarnings(contents);
    if (contents.dataRows > 0 && contents.badRows === contents.dataRows) {
      // Nothing left to judge: the file cannot be checked, which is exit 2, not a pass.
      result.errors.push(
        inputError('call-log-unreadable', `${contents.dataRows} 行数据均无法读取`, `none of the ${contents.dataRows} data rows can be read`),
      );
      return result;
    }
    if (contents.dataRows === 0) result.warnings.push(inputError('call-log-empty', '通话记录只有表头，没有呼叫', 'the call log has a header but no calls'));
    const vendors = contents.aggregator.vendors();
    if (vendors.length === 1) result.vendor = { creditCode: vendors[0]! };
    result.status = 'pass';
    this.logs.push({ file: file.display, result, contents });
    return result;
  }

  finish(): CrossCheckResult {
    const findings: Finding[] = [];
    const fileWarnings: Array<{ file: string; warning: InputError }> = [];
    for (const log of this.logs) {
      const outcomes = new Map<string, RuleOutcome>();
      for (const day of log.contents.aggregator.days()) {
        const report = this.reports.get(vendorMonth(day.vendor, day.date.slice(0, 7)));
        const doc = callLogDayDocument(day, report?.city ?? null);
        pushAll(findings, this.evaluate('CallLogDay', doc, report?.city, log.file, day.vendor, outcomes));
      }
      const unmatched = new Set<string>();
      for (const agent of log.contents.aggregator.agents()) {
        const report = this.reports.get(vendorMonth(agent.vendor, agent.month));
        if (!report) {
          unmatched.add(vendorMonth(agent.vendor, agent.month));
          continue;
        }
        const doc = callLogAgentDocument(agent, report.agents.has(agent.agent));
        pushAll(findings, this.evaluate('CallLogAgent', doc, report.city, log.file, agent.vendor, outcomes));
      }
      for (const key of [...unmatched].sort(compareText)) {
        const [vendor, month] = key.split('\u0000') as [string, string];
        fileWarnings.push({ file: log.file, warning: noReportWarning(vendor, month) });
      }
      log.result.outcomes = Object.fromEntries([...outcomes.entries()].sort(([a], [b]) => compareText(a, b)));
    }
    return { findings, fileErrors: [], fileWarnings };
  }

  private evaluate(
    kind: InternalKind,
    doc: Record<string, unknown>,
    city: string | undefined,
    file: string,
    vendor: string,
    outcomes: Map<string, RuleOutcome>,
  ): Finding[] {
    const evaluation = evaluateDocument(this.ruleSet.compiledFor(kind, city), doc);
    for (const [id, outcome] of evaluation.outcomes) mergeOutcome(outcomes, id, outcome);
    return evaluation.hits.map((hit) => findingAt(hit, { file, ...rowLocation(kind, doc, hit.pointer) }, vendor));
  }
}

function noReportWarning(vendor: string, month: string): InputError {
  return inputError(
    'call-log-no-report',
    `本次检查中没有供应商 ${vendor} ${month} 的月报，无法核对该月外呼话务员的培训记录（第二十条）；请与通话记录一并检查该月报`,
    `no MonthlyReport of vendor ${vendor} for ${month} in this run, so the training records of that month's calling agents (Article 20) cannot be checked; check the report together with the call log`,
  );
}
