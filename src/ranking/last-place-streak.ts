import type { BatchView, CrossDocumentCheck, CrossDocumentHit } from './cross-document-check.js';
import type { MonthRanking } from './ranking.js';
import { SCORE_POINTER, type ReportFacts, type ReportSummary } from './report-summary.js';
import { monthAt, monthIndex, previousMonth } from './months.js';
import { compareText } from '../util/compare.js';
import type { Bilingual } from '../util/i18n.js';

export interface LastPlaceStreakParams {
  /** Consecutive months in last place that bring a warning and an order to rectify. */
  warn_after: number;
  /** Consecutive months in last place that give the right to terminate. */
  terminate_after: number;
}

/**
 * Why a streak counted backwards stops. `known`: the month before it is a month in which the
 * vendor was ranked and not last, a month with a single vendor, or a month before the vendor's
 * first report. The others leave the streak's length unknown: that month's ranking is incomplete,
 * it is before the batch's first month, the vendor has no report in it though it reported earlier,
 * or (`alone`) the vendor was the only one ranked there because another vendor skipped that month.
 */
type StreakEnd = { why: 'known' } | { why: 'incomplete' | 'before' | 'gap' | 'alone'; month: string };

/**
 * R24-6 末位淘汰: a vendor in last place of its month for `warn_after` consecutive calendar months
 * is warned, for `terminate_after` the agreement may be ended. The streak is counted backwards
 * from each month in which the vendor is last. When it stops at a month whose standing is unknown
 * (see StreakEnd) and a longer streak could change the verdict, the check says it cannot judge
 * (`unjudged`) instead of giving a verdict. A vendor missing from a month between two of its
 * reports gets a `gap` finding. Both are errors (rules/24.R24-6.last-place-streak.yaml says why):
 * what cannot be judged is never a pass. Only reports the run judges (not --history) get findings.
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
  outcomes: ['rectify', 'terminate', 'unjudged', 'gap', 'alone'],
  messageValues: ['month', 'vendor', 'credit_code', 'score', 'streak', 'earlier_months', 'earlier_note', 'vendors', 'tie', 'reason', 'before', 'gap_months'],
  evaluate(batch, params) {
    const byMonth = new Map(batch.rankings.map((ranking) => [ranking.month, ranking]));
    const hits: CrossDocumentHit[] = [];
    for (const ranking of batch.rankings) {
      for (const report of ranking.last) {
        if (!batch.judged(report)) continue;
        const { streak, end } = streakEndingAt(ranking, report.creditCode, byMonth, batch);
        const outcome =
          streak.length >= params.terminate_after ? 'terminate' : end.why !== 'known' ? 'unjudged' : streak.length >= params.warn_after ? 'rectify' : undefined;
        if (outcome) hits.push(streakHit(outcome, report, streak, end));
      }
      // Alone in its month because another vendor skipped it: whether it was last there cannot be told.
      // Where last place would carry a consequence (or its streak is unknown anyway), that is an error, not a pass.
      const only = ranking.standings.length === 1 ? ranking.standings[0]!.report : undefined;
      if (only && batch.judged(only) && skippedBySomeone(ranking.month, batch.reported)) {
        const { streak, end } = streakEndingAt(ranking, only.creditCode, byMonth, batch);
        if (streak.length >= params.warn_after || end.why !== 'known') hits.push(streakHit('alone', only, streak, end));
      }
    }
    return [...hits, ...gapHits(batch)];
  },
};

/** The months, oldest first, of the unbroken run of last places that ends with `ranking`, and why it stops. */
function streakEndingAt(ranking: MonthRanking, creditCode: string, byMonth: Map<string, MonthRanking>, batch: BatchView): { streak: MonthRanking[]; end: StreakEnd } {
  const streak = [ranking];
  const first = batch.rankings[0]!.month;
  const reported = batch.reported.get(creditCode) ?? new Set<string>();
  const reportedBefore = (month: string) => [...reported].some((m) => compareText(m, month) < 0);
  for (let month = previousMonth(ranking.month); month !== undefined; month = previousMonth(month)) {
    if (compareText(month, first) < 0) return { streak, end: { why: 'before', month } };
    const earlier = byMonth.get(month);
    if (earlier && !earlier.complete) return { streak, end: { why: 'incomplete', month } };
    if (earlier?.last.some((r) => r.creditCode === creditCode)) {
      streak.unshift(earlier);
      continue;
    }
    // Ranked and not last, or absent: absent after an earlier report is a gap, before any report the vendor was not yet there.
    const absent = !earlier?.standings.some((s) => s.report.creditCode === creditCode);
    if (absent && reportedBefore(month)) return { streak, end: { why: 'gap', month } };
    // Alone in a month because another vendor skipped it (reported before and after, not then): had that
    // vendor reported, this one could have been last; a streak is never cut short by someone else's gap.
    if (earlier && earlier.standings.length === 1 && skippedBySomeone(month, batch.reported)) return { streak, end: { why: 'alone', month } };
    return { streak, end: { why: 'known' } };
  }
  return { streak, end: { why: 'known' } };
}

/** Whether some vendor reported before and after `month` but not in it. */
function skippedBySomeone(month: string, reported: ReadonlyMap<string, ReadonlySet<string>>): boolean {
  for (const months of reported.values()) {
    if (months.has(month)) continue;
    let before = false;
    let after = false;
    for (const m of months) {
      const order = compareText(m, month);
      if (order < 0) before = true;
      else if (order > 0) after = true;
    }
    if (before && after) return true;
  }
  return false;
}

function streakHit(outcome: string, report: ReportSummary, streak: MonthRanking[], end: StreakEnd): CrossDocumentHit {
  const ranking = streak[streak.length - 1]!;
  const earlier = streak.slice(0, -1).map((m) => m.month);
  const ties = streak
    .map((month) => ({ month: month.month, others: month.last.filter((r) => r.creditCode !== report.creditCode).map((r) => r.vendorName) }))
    .filter((tie) => tie.others.length > 0);
  const reason = reasonFor(end);
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
      zh: {
        earlier_months: earlier.join('、'),
        earlier_note: earlier.length > 0 ? `（此前：${earlier.join('、')}）` : '',
        tie: ties.map((t) => `；${t.month} 与 ${t.others.join('、')} 并列末位`).join(''),
        reason: reason.zh,
      },
      en: {
        earlier_months: earlier.join(', '),
        earlier_note: earlier.length > 0 ? ` (earlier: ${earlier.join(', ')})` : '',
        tie: ties.map((t) => `; tied for last in ${t.month} with ${t.others.join(', ')}`).join(''),
        reason: reason.en,
      },
    },
  };
}

/** Why the streak's length is unknown, as the `reason` of an `unjudged` message (empty when it is known). */
function reasonFor(end: StreakEnd): Bilingual {
  switch (end.why) {
    case 'known':
      return { zh: '', en: '' };
    case 'incomplete':
      return { zh: `${end.month} 的排名不完整（有月报未参与排名）`, en: `the ranking of ${end.month} is incomplete (a report was left out)` };
    case 'before':
      return {
        zh: `${end.month} 及更早的月份不在本次检查中（可用 --history 指定此前月份的月报）`,
        en: `${end.month} and earlier months are not in this run (name earlier months' reports with --history)`,
      };
    case 'gap':
      return { zh: `该外包合作方没有 ${end.month} 的月报`, en: `the vendor has no report for ${end.month}` };
    case 'alone':
      return {
        zh: `${end.month} 只有该外包合作方一家参与排名（另有外包合作方在该月前后均有月报、唯独缺少该月的月报，该月谁是末位无从判断）`,
        en: `in ${end.month} the vendor was the only one ranked, another vendor having reported before and after that month but not in it (who was last then cannot be told)`,
      };
  }
}

/**
 * One `gap` hit per run of missing months between two reports of a vendor, at /month of the report
 * that comes after the gap (when the run judges it and it is a valid report; an invalid one is
 * already an input error and leaves its month incomplete). When the report after the gap is a
 * --history one (`--history reports/` holds later months too) but the gap holds a month the run
 * ranks, the hit goes to the report before the gap if the run judges it: the run ranked that month
 * without the vendor, which could have been last there (a vendor last in August that leaves out its
 * September report, with its October one in --history, would otherwise stop its streak and pass).
 * Both reports of --history: see historyGapErrors in src/cross/monthly-batch.ts.
 */
function gapHits(batch: BatchView): CrossDocumentHit[] {
  const hits: CrossDocumentHit[] = [];
  const firstReport = new Map<string, ReportFacts>();
  for (const report of batch.reports) {
    const key = `${report.creditCode}\u0000${report.month}`;
    const known = firstReport.get(key);
    if (!known || compareText(report.file, known.file) < 0) firstReport.set(key, report);
  }
  const runMonths = runMonthIndexes(batch);
  for (const [creditCode, months] of batch.reported) {
    const sorted = [...months].filter((m) => monthIndex(m) !== undefined).sort(compareText);
    for (let i = 1; i < sorted.length; i++) {
      const before = sorted[i - 1]!;
      const after = sorted[i]!;
      const missing = monthIndex(after)! - monthIndex(before)! - 1;
      if (missing <= 0) continue;
      const afterReport = firstReport.get(`${creditCode}\u0000${after}`);
      const beforeReport = firstReport.get(`${creditCode}\u0000${before}`);
      // After the gap the vendor may have no report, only the branch's assessment of that month.
      const assessedAfter = batch.assessments.get(after)?.scores.has(creditCode) === true;
      const report =
        afterReport && batch.judged(afterReport)
          ? afterReport
          : beforeReport && batch.judged(beforeReport) && (afterReport || assessedAfter) && holdsRunMonth(before, after, runMonths)
            ? beforeReport
            : undefined;
      if (!report) continue;
      const from = monthAt(monthIndex(before)! + 1);
      const to = monthAt(monthIndex(after)! - 1);
      hits.push({
        outcome: 'gap',
        report,
        pointer: '/month',
        position: report.monthPosition,
        values: { month: after, before, vendor: report.vendorName, credit_code: creditCode },
        localized: {
          zh: { gap_months: missing === 1 ? from : `${from} 至 ${to}（${missing} 个月）` },
          en: { gap_months: missing === 1 ? from : `${from} to ${to} (${missing} months)` },
        },
      });
    }
  }
  return hits;
}

/** The months (as indexes) of the reports the run judges: the months the run ranks. */
export function runMonthIndexes(batch: Pick<BatchView, 'reports' | 'judged'>): Set<number> {
  const months = new Set<number>();
  for (const report of batch.reports) {
    const index = batch.judged(report) ? monthIndex(report.month) : undefined;
    if (index !== undefined) months.add(index);
  }
  return months;
}

/** Whether a month strictly between `before` and `after` (YYYY-MM) is one the run ranks. */
export function holdsRunMonth(before: string, after: string, runMonths: ReadonlySet<number>): boolean {
  for (let index = monthIndex(before)! + 1; index < monthIndex(after)!; index++) if (runMonths.has(index)) return true;
  return false;
}
