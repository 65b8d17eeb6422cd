import type { CrossDocumentCheck, CrossDocumentHit } from './cross-document-check.js';
import { SCORE_POINTER } from './report-summary.js';

/**
 * R24-6 ranks every vendor each month on a comprehensive assessment: the branch's judgment of the
 * vendor, which the vendor's own report cannot set. In a month with the branch's assessment
 * (--assessments) the ranking uses its scores (src/cross/monthly-batch.ts); this check says where a
 * report and the assessment part. A judged report whose vendor the assessment does not list cannot
 * be ranked, so the month cannot be judged (`unassessed`, an error at /vendor/credit_code); a report
 * whose own assessment_score is not the branch's gets `differs` (a warning at /assessment_score, the
 * ranking having used the branch's). Months without an assessment give nothing here.
 */
export const branchAssessment: CrossDocumentCheck<Record<string, never>> = {
  name: 'branchAssessment',
  description: {
    zh: '有分公司考核的月份，月报须列入考核，且其自报得分以分公司考核为准',
    en: "in a month the branch assessed, each report's vendor is in the assessment, and the report's own score is not the one ranked",
  },
  reads: 'MonthlyReport',
  paramsSchema: { type: 'object', additionalProperties: false, properties: {} },
  outcomes: ['unassessed', 'differs'],
  messageValues: ['vendor', 'credit_code', 'month', 'score', 'reported', 'assessment'],
  evaluate(batch) {
    const hits: CrossDocumentHit[] = [];
    for (const report of batch.reports) {
      const assessment = batch.assessments.get(report.month);
      if (!assessment || !batch.judged(report)) continue;
      const values = { vendor: report.vendorName, credit_code: report.creditCode, month: report.month, assessment: assessment.file };
      const assessed = assessment.scores.get(report.creditCode);
      if (!assessed) {
        hits.push({ outcome: 'unassessed', report, pointer: '/vendor/credit_code', position: report.creditCodePosition, values });
      } else if (report.reportedScore !== undefined && report.reportedScore !== assessed.score) {
        hits.push({ outcome: 'differs', report, pointer: SCORE_POINTER, position: report.scorePosition, values: { ...values, score: assessed.score, reported: report.reportedScore } });
      }
    }
    return hits;
  },
};
