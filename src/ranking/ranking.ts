import { compareText } from '../util/compare.js';
import type { ReportSummary } from './report-summary.js';

/** One vendor's standing in one month. */
export interface Standing {
  report: ReportSummary;
  /** 1 = best (highest score); equal scores share a rank (1, 2, 2, 4). */
  rank: number;
  vendorsRanked: number;
  /** Holds the lowest score of a month in which at least two vendors were ranked (ties included). */
  lastPlace: boolean;
}

/** A month's ranking, best first, then by credit code so the order is stable. */
export interface MonthRanking {
  month: string;
  /**
   * False when a vendor-month of this month was left out (duplicate or invalid report): the one
   * left out could hold last place, so nobody is ranked and nobody is last (standings are empty).
   */
  complete: boolean;
  standings: Standing[];
  /** The vendors holding last place; empty when fewer than two vendors reported or the month is incomplete. */
  last: ReportSummary[];
}

/**
 * Ranks each month's vendors by assessment score (lower is worse). A month with a single vendor
 * ranks nobody last: there is nobody to be behind. A month in `incomplete` ranks nobody at all.
 * Months (those of the reports and the incomplete ones) come back in ascending order.
 */
export function rankMonths(reports: ReportSummary[], incomplete: ReadonlySet<string> = new Set()): MonthRanking[] {
  const byMonth = new Map<string, ReportSummary[]>([...incomplete].map((month) => [month, []]));
  for (const report of reports) byMonth.set(report.month, [...(byMonth.get(report.month) ?? []), report]);
  return [...byMonth.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([month, monthReports]) => (incomplete.has(month) ? { month, complete: false, standings: [], last: [] } : rankMonth(month, monthReports)));
}

function rankMonth(month: string, reports: ReportSummary[]): MonthRanking {
  const sorted = [...reports].sort((a, b) => b.assessmentScore - a.assessmentScore || compareText(a.creditCode, b.creditCode));
  const lowest = sorted[sorted.length - 1]?.assessmentScore;
  const ranked = sorted.length >= 2;
  const standings: Standing[] = [];
  sorted.forEach((report, index) => {
    const previous = standings[index - 1];
    const rank = previous && previous.report.assessmentScore === report.assessmentScore ? previous.rank : index + 1;
    standings.push({ report, rank, vendorsRanked: sorted.length, lastPlace: ranked && report.assessmentScore === lowest });
  });
  return { month, complete: true, standings, last: standings.filter((s) => s.lastPlace).map((s) => s.report) };
}
