import type { CrossDocumentCheck, CrossDocumentHit } from './cross-document-check.js';
import { INSPECTIONS_POINTER, type ReportFacts } from './report-summary.js';
import { parseDate, wholeMonthsBetween } from '../util/dates.js';
import { countInPeriodAtLeastFact } from '../facts/count-in-period.js';
import { compareText } from '../util/compare.js';

export interface FirstMonthContradictedParams {
  /** Fewest spot checks a month once the cooperation has run a month (R24-2/inspections-per-month's). */
  min_checks: number;
  /** Fewest calls in one spot check. */
  min_calls: number;
}

/**
 * R24-2: "外包时间少于1个月时至少抽检1次" relaxes two spot checks a month to one in a cooperation's
 * first month, and whether a month is the first is read from the report's own cooperation_started:
 * a date the vendor writes. When another document of the run (or --history) contradicts it, the
 * relaxation is not granted (the stricter reading): the month needs the full number of checks, and a
 * report with fewer gets a finding at /inspections saying which document contradicts its start.
 * A contradiction is
 * - another report of the vendor (same credit code) stating another start, or of a month before the
 *   stated start's month (the cooperation was running then: cooperation-start.ts says so as well);
 * - a dossier of the vendor whose outsourcing agreement (agreement_signed) was signed a whole month or
 *   more before the stated start: the approval trail ends with the agreement, under which CS then
 *   operates (R10-1/R10-3), so a start a month or more after it is doubtful, and counted from the
 *   agreement the outsourcing time (外包时间) is a month or more. A start within a month of the
 *   agreement (signed 18 September, started 2 October) is the usual lead time: no contradiction.
 * Checks count as R24-2/inspections-per-month counts them (countInPeriodAtLeast: in the month, not
 * before the stated start, repeats once).
 */
export const firstMonthContradicted: CrossDocumentCheck<FirstMonthContradictedParams> = {
  name: 'firstMonthContradicted',
  description: {
    zh: '月报自报的合作开始日被其他文档否定时，不适用首月只须抽检 1 次的放宽',
    en: "no first-month relaxation (one spot check) when another document contradicts the report's cooperation start",
  },
  reads: 'MonthlyReport',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['min_checks', 'min_calls'],
    properties: { min_checks: { type: 'integer', minimum: 2 }, min_calls: { type: 'integer', minimum: 20 } },
  },
  outcomes: ['contradicted'],
  messageValues: ['vendor', 'credit_code', 'month', 'started', 'actual', 'because'],
  evaluate(batch, { min_checks, min_calls }) {
    const hits: CrossDocumentHit[] = [];
    for (const report of batch.reports) {
      const inspections = report.firstMonthInspections;
      if (!inspections || !batch.judged(report)) continue;
      const because = contradictions(report, batch.reports, batch.agreements.get(report.creditCode) ?? []);
      if (!because) continue;
      const doc = { month: report.month, cooperation_started: report.cooperationStarted, inspections: inspections.items };
      const actual = countInPeriodAtLeastFact.compute(
        { path: INSPECTIONS_POINTER, field: '/calls_checked', min: min_calls, date: '/date', month: '/month', from: '/cooperation_started', id: '/record_id' },
        { doc },
      ) as number;
      if (actual >= min_checks) continue;
      hits.push({
        outcome: 'contradicted',
        report,
        pointer: INSPECTIONS_POINTER,
        position: inspections.position,
        values: { vendor: report.vendorName, credit_code: report.creditCode, month: report.month, started: report.cooperationStarted, actual },
        localized: { zh: { because: because.zh }, en: { because: because.en } },
      });
    }
    return hits;
  },
};

/** What contradicts the report's start, in words (at most three documents named); undefined when nothing does. */
function contradictions(report: ReportFacts, reports: readonly ReportFacts[], dossiers: readonly { file: string; agreement: { signed: readonly string[] } }[]): { zh: string; en: string } | undefined {
  const zh: string[] = [];
  const en: string[] = [];
  const startMonth = report.cooperationStarted!.slice(0, 7);
  const others = reports
    .filter((r) => r !== report && r.creditCode === report.creditCode && r.month !== report.month)
    .filter((r) => (r.cooperationStarted !== undefined && r.cooperationStarted !== report.cooperationStarted) || compareText(r.month, startMonth) < 0)
    .sort((a, b) => compareText(a.month, b.month) || compareText(a.file, b.file));
  for (const other of others.slice(0, 3)) {
    if (compareText(other.month, startMonth) < 0) {
      zh.push(`该合作方已有 ${other.month} 月报（${other.file}），合作当时已在进行`);
      en.push(`the vendor's ${other.month} report (${other.file}) shows the cooperation running then`);
    } else {
      zh.push(`其 ${other.month} 月报（${other.file}）写合作开始日为 ${other.cooperationStarted}`);
      en.push(`its ${other.month} report (${other.file}) states the cooperation started on ${other.cooperationStarted}`);
    }
  }
  const signed = dossiers
    .flatMap((d) => d.agreement.signed.map((date) => ({ date, file: d.file })))
    .filter(({ date }) => monthsBetween(date, report.cooperationStarted!) >= 1)
    .sort((a, b) => compareText(a.date, b.date) || compareText(a.file, b.file));
  if (signed.length > 0) {
    const { date, file } = signed[0]!;
    zh.push(`资质档案（${file}）的外包协议签订于 ${date}，早于该开始日一个月以上`);
    en.push(`the dossier (${file}) has the outsourcing agreement signed on ${date}, a month or more before that start`);
  }
  return zh.length === 0 ? undefined : { zh: zh.join('；'), en: en.join('; ') };
}

/** Whole calendar months from one date to another (0 when either cannot be read). */
function monthsBetween(from: string, to: string): number {
  const a = parseDate(from);
  const b = parseDate(to);
  return a && b ? wholeMonthsBetween(a, b) : 0;
}
