import type { CrossDocumentCheck, CrossDocumentHit } from './cross-document-check.js';
import { STARTED_POINTER, type ReportFacts } from './report-summary.js';
import { compareText } from '../util/compare.js';
import { vendorMonthKey } from './months.js';

/**
 * R24-2: "外包时间少于1个月时至少抽检1次" — a cooperation in its first month (less than a month old at
 * the month's end) needs one spot check instead of two, and that month is read from the report's own
 * cooperation_started. A cooperation begins once: a vendor whose reports state different start
 * dates (each month's report naming a day of that month) would be in its "first month" every month.
 * So every report of a vendor (the run's and --history's) must state the same start; a judged report
 * whose start another of the vendor's reports contradicts gets a finding at its /cooperation_started,
 * naming the other dates and the months that state them. Which date is true cannot be told.
 */
export const cooperationStartAgrees: CrossDocumentCheck<Record<string, never>> = {
  name: 'cooperationStartAgrees',
  description: {
    zh: '同一外包合作方各月报的合作开始日须一致',
    en: "one vendor's reports state one cooperation start date",
  },
  reads: 'MonthlyReport',
  paramsSchema: { type: 'object', additionalProperties: false, properties: {} },
  outcomes: ['differs', 'after_reports'],
  messageValues: ['vendor', 'credit_code', 'month', 'started', 'others', 'earlier'],
  evaluate(batch) {
    // Two reports of one vendor-month are already an input error on both: they are not compared again here.
    const perVendorMonth = new Map<string, number>();
    for (const report of batch.reports) {
      const key = vendorMonthKey(report.creditCode, report.month);
      perVendorMonth.set(key, (perVendorMonth.get(key) ?? 0) + 1);
    }
    const byVendor = new Map<string, ReportFacts[]>();
    for (const report of batch.reports) {
      if (report.cooperationStarted === undefined || perVendorMonth.get(vendorMonthKey(report.creditCode, report.month))! > 1) continue;
      byVendor.set(report.creditCode, [...(byVendor.get(report.creditCode) ?? []), report]);
    }
    const hits: CrossDocumentHit[] = [];
    for (const reports of byVendor.values()) {
      if (new Set(reports.map((r) => r.cooperationStarted)).size < 2) {
        hits.push(...startsAfterReports(reports, batch.judged));
        continue;
      }
      for (const report of reports) {
        if (!batch.judged(report)) continue;
        const others = reports
          .filter((r) => r.cooperationStarted !== report.cooperationStarted)
          .sort((a, b) => compareText(a.month, b.month) || compareText(a.file, b.file));
        // At most five by name: a year of contradicting reports must not make a message of a year.
        const shown = others.slice(0, 5);
        const more = others.length - shown.length;
        hits.push({
          outcome: 'differs',
          report,
          pointer: STARTED_POINTER,
          position: report.cooperationStartedPosition ?? report.monthPosition,
          values: { vendor: report.vendorName, credit_code: report.creditCode, month: report.month, started: report.cooperationStarted },
          localized: {
            zh: { others: shown.map((r) => `${r.month} 月报写 ${r.cooperationStarted}`).join('、') + (more > 0 ? ` 等（另 ${more} 份）` : '') },
            en: { others: shown.map((r) => `${r.cooperationStarted} in the ${r.month} report`).join(', ') + (more > 0 ? ` (+${more} more)` : '') },
          },
        });
      }
    }
    return hits;
  },
};

/**
 * Reports of one vendor that agree on a start date later than a month the vendor reported: a report
 * of September says the cooperation was running in September, so it cannot have started on 2 October,
 * and October is not a first month in which one spot check suffices. Each judged report whose start
 * lies after the month of another of the vendor's reports gets a finding at its /cooperation_started,
 * naming those months (a report's own month before its start is that report's own finding).
 */
function startsAfterReports(reports: ReportFacts[], judged: (report: ReportFacts) => boolean): CrossDocumentHit[] {
  const hits: CrossDocumentHit[] = [];
  for (const report of reports) {
    if (!judged(report) || report.cooperationStarted === undefined) continue;
    const startMonth = report.cooperationStarted.slice(0, 7);
    const earlier = [...new Set(reports.filter((r) => r !== report && compareText(r.month, startMonth) < 0).map((r) => r.month))].sort(compareText);
    if (earlier.length === 0) continue;
    const shown = earlier.slice(0, 5).join(', ') + (earlier.length > 5 ? ` (+${earlier.length - 5})` : '');
    hits.push({
      outcome: 'after_reports',
      report,
      pointer: STARTED_POINTER,
      position: report.cooperationStartedPosition ?? report.monthPosition,
      values: { vendor: report.vendorName, credit_code: report.creditCode, month: report.month, started: report.cooperationStarted, earlier: shown },
    });
  }
  return hits;
}
