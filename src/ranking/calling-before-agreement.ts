import type { CrossDocumentCheck, CrossDocumentHit } from './cross-document-check.js';
import { STARTED_POINTER, callingDayPointer, type ReportFacts } from './report-summary.js';
import type { DossierAgreement } from './agreement.js';
import { compareText } from '../util/compare.js';

export interface CallingBeforeAgreementParams {
  /** The cooperation mode whose approval trail the rule names: seat_outsourcing (R10-1) or business_cooperation (R10-3). */
  mode: string;
}

/**
 * R10-1 / R10-3 end the approval trail with the agreement: "…签订…协议，当地客服部根据协议规定实施运营
 * （负责实施）". Operations start under a signed agreement, so a report of the run whose
 * cooperation_started, or one of whose calling days, lies before the agreement_signed date of its
 * vendor's dossier in the same run (joined by credit code as written: the schema admits one spelling)
 * breaks the trail. One finding per report: at /cooperation_started when the start is before the
 * agreement (naming how many calling days are too), else at the earliest calling day before it.
 * A report whose vendor has no dossier in the run (nor in --history) is not judged here. The vendor's dossiers (any mode)
 * stating more than one agreement date: which is true cannot be told, so each report gets a
 * data-quality finding naming the dates (never the later date picked to pass it). Each rule judges
 * the vendors with a dossier of its mode.
 */
export const callingBeforeAgreement: CrossDocumentCheck<CallingBeforeAgreementParams> = {
  name: 'callingBeforeAgreement',
  description: {
    zh: '月报的合作开始日及营销日不得早于其资质档案中的协议签订日',
    en: "a report's cooperation start and calling days never precede the agreement date of the vendor's dossier",
  },
  reads: 'MonthlyReport',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['mode'],
    properties: { mode: { enum: ['seat_outsourcing', 'business_cooperation'] } },
  },
  outcomes: ['started_before', 'called_before', 'dossiers_differ'],
  messageValues: ['vendor', 'credit_code', 'month', 'started', 'signed', 'dossier', 'day', 'days', 'dates', 'days_before'],
  evaluate(batch, { mode }) {
    const hits: CrossDocumentHit[] = [];
    for (const report of batch.reports) {
      if (!batch.judged(report)) continue;
      const dossiers = batch.agreements.get(report.creditCode);
      if (!dossiers || !dossiers.some((d) => d.agreement.mode === mode)) continue;
      const hit = judge(report, dossiers, mode);
      if (hit) hits.push(hit);
    }
    return hits;
  },
};

function judge(report: ReportFacts, dossiers: readonly DossierAgreement[], mode: string): CrossDocumentHit | undefined {
  const values = { vendor: report.vendorName, credit_code: report.creditCode, month: report.month };
  const dates = [...new Set(dossiers.flatMap((d) => d.agreement.signed))].sort(compareText);
  // No agreement_signed step: the dossier's own R10-x/steps-missing finding; nothing to compare with.
  if (dates.length === 0) return undefined;
  const startedAt = { pointer: STARTED_POINTER, position: report.cooperationStartedPosition ?? report.monthPosition };
  if (dates.length > 1) {
    // Each date once, with the first dossier (by name) stating it and how many others do.
    const named = dates.slice(0, 5).map((date) => {
      const files = dossiers.filter((d) => d.agreement.signed.includes(date)).map((d) => d.file).sort(compareText);
      return `${date} (${files[0]}${files.length > 1 ? ` +${files.length - 1}` : ''})`;
    });
    const dateList = named.join(', ') + (dates.length > 5 ? ` (+${dates.length - 5})` : '');
    return { outcome: 'dossiers_differ', report, ...startedAt, values: { ...values, dates: dateList } };
  }
  const signed = dates[0]!;
  // The first by name, of the rule's mode when one states the date (the message calls it this mode's
  // agreement): the same whether the dossier came among the inputs or with --history, in any order.
  const stating = dossiers.filter((d) => d.agreement.signed.includes(signed));
  const ofMode = stating.filter((d) => d.agreement.mode === mode);
  const dossier = (ofMode.length > 0 ? ofMode : stating).map((d) => d.file).sort(compareText)[0]!;
  const before = (report.callingDays ?? []).filter((day) => compareText(day, signed) < 0);
  const started = report.cooperationStarted;
  if (started !== undefined && compareText(started, signed) < 0) {
    // The calling days before the signing are the same breach: counted in this finding, not one of their own.
    const localized = before.length > 0
      ? { zh: { days_before: `；该月有 ${before.length} 个营销日早于签订日` }, en: { days_before: `; ${before.length} calling day(s) of the month precede the signing` } }
      : { zh: { days_before: '' }, en: { days_before: '' } };
    return { outcome: 'started_before', report, ...startedAt, values: { ...values, started, signed, dossier, days: before.length }, localized };
  }
  const earliest = report.earliestCallingDay;
  if (before.length === 0 || !earliest) return undefined;
  // Any day before the agreement makes the earliest-dated day one of them.
  const day = report.callingDays!.reduce((a, b) => (compareText(b, a) < 0 ? b : a));
  return {
    outcome: 'called_before',
    report,
    pointer: callingDayPointer(earliest.index),
    position: earliest.position,
    values: { ...values, started: started ?? '', signed, dossier, day, days: before.length },
  };
}
