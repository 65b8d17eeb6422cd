import type { ReadLimits } from '../read/limits.js';
import type { RuleSet } from '../rules/rule-set.js';
import type { BatchSummary, FileResult, Finding, Report } from '../report/model.js';
import { buildReport } from '../report/build-report.js';
import { discoverInputs } from './discover.js';
import { checkDocumentFile, statusOf } from './check-document.js';
import type { CrossCheck } from './cross-check.js';
import { CallLogCheck } from '../calllog/call-log-check.js';
import { DEFAULT_CALL_LOG_OPTIONS, isCallLogFile, type CallLogOptions } from '../calllog/read-call-log.js';

export interface RunOptions {
  inputs: string[];
  cwd: string;
  ruleSet: RuleSet;
  limits: ReadLimits;
  /** Checks across documents, fed every valid document. */
  crossChecks?: CrossCheck[];
  /** Time stamp to put in the report; undefined leaves it out (reproducible output). */
  generatedAt?: string;
  /** Called after each file, for a progress line on a terminal. */
  onProgress?: (done: number, total: number) => void;
  /** How call logs (.csv, .xlsx) are read: encoding, line-length limit. */
  callLog?: CallLogOptions;
  /** Called every 10,000 rows of a call log, for a progress line on a terminal. */
  onCallLogRows?: (file: string, rows: number) => void;
  /** Builds report.batch (vendor × month rows) once every finding and file status is final. */
  batch?: { batchSummary(files: FileResult[], findings: Finding[]): BatchSummary | undefined };
}

/**
 * The whole run: discover inputs, check every file (one bad file never stops the others), then the
 * cross-document checks, then the report model. Formatters take it from there.
 */
export async function runCheck(options: RunOptions): Promise<Report> {
  const discovery = discoverInputs(options.inputs, options.cwd);
  const files: FileResult[] = discovery.problems.map(({ display, error }) => ({
    file: display,
    status: 'invalid',
    errors: [error],
    warnings: [],
    outcomes: {},
  }));
  const findings: Finding[] = [];
  // Call logs are streamed into aggregates as they come and ruled on once every report is seen.
  const callLogs = new CallLogCheck(options.ruleSet, options.callLog ?? DEFAULT_CALL_LOG_OPTIONS, options.onCallLogRows);
  const crossChecks = [...(options.crossChecks ?? []), callLogs];
  let done = 0;
  for (const file of discovery.files) {
    if (isCallLogFile(file.absolute)) {
      files.push(await callLogs.checkFile(file));
      options.onProgress?.(++done, discovery.files.length);
      continue;
    }
    const check = await checkDocumentFile(file, options.ruleSet, options.limits);
    files.push(check.result);
    findings.push(...check.findings);
    if (check.checked) for (const cross of crossChecks) cross.observe(check.checked);
    options.onProgress?.(++done, discovery.files.length);
  }
  for (const cross of crossChecks) {
    const outcome = await cross.finish();
    findings.push(...outcome.findings);
    for (const { file, error } of outcome.fileErrors) {
      const target = files.find((f) => f.file === file);
      if (target) {
        target.errors.push(error);
        target.status = 'invalid';
      }
    }
    for (const { file, warning } of outcome.fileWarnings ?? []) files.find((f) => f.file === file)?.warnings.push(warning);
  }
  for (const file of files) {
    if (file.status !== 'invalid') file.status = statusOf(findings.filter((f) => f.location.file === file.file));
  }
  const batch = options.batch?.batchSummary(files, findings);
  return buildReport({ files, findings, ruleSet: options.ruleSet, generatedAt: options.generatedAt, ...(batch ? { batch } : {}) });
}
