import type { CrossDocumentCheck, CrossDocumentHit } from './cross-document-check.js';
import type { MonthRanking } from './ranking.js';
import { SCORE_POINTER, type ReportSummary } from './report-summary.js';
import { previousMonth } from './months.js';

export interface LastPlaceStreakParams {
  /** Consecutive months in last place that bring a warning and an order to rectify. */
  warn_after: number;
  /** Consecutive months in last place that give the right to terminate. */
  terminate_after: number;
}

/**
 * R24-6 末位淘汰: a vendor in last place of its month for `warn_after` consecutive calendar months
 * is warned, for `terminate_after` the agreement may be ended. The streak is counted backwards
 * from each month in which the vendor is last; a calendar month in which the vendor is not last
 * (a gap month, a month with no reports, a month with a single vendor) ends it.
 */
export const lastPlaceStreak: CrossDocumentCheck<LastPlaceStreakParams> = {
  name: 'lastPlaceStreak',
  description: {
    zh: '每月按综合考核得分排名，连续数月末位的外包合作方',
    en: 'vendors ranked last on the assessment score in consecutive months',
  },
  reads: 'MonthlyReport',
  paramsSchema: {
    type: 'object',
    required: ['warn_after', 'terminate_after'],
    properties: {
      warn_after: { type: 'integer', minimum: 1, maximum: 120 },
      terminate_after: { type: 'integer', minimum: 1, maximum: 120 },
    },
  },
  checkParams: (params) =>
    params.warn_after < params.terminate_after ? undefined : `warn_after (${params.warn_after}) must be less than terminate_after (${params.terminate_after})`,
  outcomes: ['rectify', 'terminate'],
  messageValues: ['month', 'vendor', 'credit_code', 'score', 'streak', 'earlier_months', 'vendors', 'tie'],
  evaluate({ rankings }, params) {
    const byMonth = new Map(rankings.map((ranking) => [ranking.month, ranking]));
    const hits: CrossDocumentHit[] = [];
    for (const ranking of rankings) {
      for (const report of ranking.last) {
        const streak = streakEndingAt(ranking, report.creditCode, byMonth);
        const outcome = streak.length >= params.terminate_after ? 'terminate' : streak.length >= params.warn_after ? 'rectify' : undefined;
        if (outcome) hits.push(hitFor(outcome, report, streak));
      }
    }
    return hits;
  },
};

/** The months, oldest first, of the unbroken run of last places that ends with `ranking`. */
function streakEndingAt(ranking: MonthRanking, creditCode: string, byMonth: Map<string, MonthRanking>): MonthRanking[] {
  const streak = [ranking];
  for (let month = previousMonth(ranking.month); month !== undefined; month = previousMonth(month)) {
    const earlier = byMonth.get(month);
    if (!earlier || !earlier.last.some((r) => r.creditCode === creditCode)) break;
    streak.unshift(earlier);
  }
  return streak;
}

function hitFor(outcome: string, report: ReportSummary, streak: MonthRanking[]): CrossDocumentHit {
  const ranking = streak[streak.length - 1]!;
  const earlier = streak.slice(0, -1).map((m) => m.month);
  const ties = streak
    .map((month) => ({ month: month.month, others: month.last.filter((r) => r.creditCode !== report.creditCode).map((r) => r.vendorName) }))
    .filter((tie) => tie.others.length > 0);
  return {
    outcome,
    report,
    pointer: SCORE_POINTER,
    position: report.scorePosition,
    values: {
      month: ranking.month,
      vendor: report.vendorName,
      credit_code: report.creditCode,
      score: report.assessmentScore,
      streak: streak.length,
      vendors: ranking.standings.length,
    },
    localized: {
      zh: { earlier_months: earlier.join('、'), tie: ties.map((t) => `；${t.month} 与 ${t.others.join('、')} 并列末位`).join('') },
      en: { earlier_months: earlier.join(', '), tie: ties.map((t) => `; tied for last in ${t.month} with ${t.others.join(', ')}`).join('') },
    },
  };
}
