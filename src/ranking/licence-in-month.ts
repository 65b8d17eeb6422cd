import type { CrossDocumentCheck, CrossDocumentHit } from './cross-document-check.js';
import type { ReportFacts } from './report-summary.js';
import type { DossierAgreement, LicenceTerm } from './agreement.js';
import { compareText } from '../util/compare.js';
import { formatDate, lastDayOfMonth, parseMonth } from '../util/dates.js';

/** A lapsed licence and the dossier stating it. */
interface Lapse {
  licence: LicenceTerm;
  dossier: DossierAgreement;
}

/**
 * R10-P5-2 "具备相关业务经营资格,资质证书齐全" is a condition of the cooperation, not only of its
 * signing: a licence must be in force in every month the vendor reports on. Each report of the run
 * is joined (by credit code as written) to the vendor's dossier on file at the month's end: the
 * latest one submitted on or before that day (every one submitted that day, if several); when none
 * was submitted by then, every dossier of the vendor (what it states about licences is all that is
 * known). A renewal filed in a later dossier clears the months from its submission on, never the
 * months before it. A licence of a dossier on file whose last day of validity lies before the
 * month's last day fails the report at its /month: `lapsed` when it expired before the month began
 * (the whole month without it), `lapsed_in_month` when within it. The report has no dates for most
 * of what it states, and its calling days are the vendor's own word, so a lapse within the month is
 * never passed for want of a calling day after it: the message counts the listed ones. One finding
 * per report, for the licence that lapsed first (the message counts the others). A report whose
 * vendor has no dossier in the run (nor in --history) is tmcheck/report-no-dossier's.
 */
export const licenceInForceInMonth: CrossDocumentCheck<Record<string, never>> = {
  name: 'licenceInForceInMonth',
  description: {
    zh: '月报所属月份内，其资质档案中的证照均须有效',
    en: "every licence of the vendor's dossier on file is in force through the report's month",
  },
  reads: 'MonthlyReport',
  paramsSchema: { type: 'object', additionalProperties: false, properties: {} },
  outcomes: ['lapsed', 'lapsed_in_month'],
  messageValues: ['vendor', 'credit_code', 'month', 'kind', 'number', 'expires', 'dossier', 'submitted', 'days_after', 'others'],
  evaluate(batch) {
    const hits: CrossDocumentHit[] = [];
    for (const report of batch.reports) {
      if (!batch.judged(report)) continue;
      const dossiers = batch.agreements.get(report.creditCode);
      const hit = dossiers && judge(report, dossiers);
      if (hit) hits.push(hit);
    }
    return hits;
  },
};

/** The dossiers on file at the end of `monthEnd`'s month (see licenceInForceInMonth). */
export function dossiersOnFile(dossiers: readonly DossierAgreement[], monthEnd: string): readonly DossierAgreement[] {
  let latest: string | undefined;
  for (const d of dossiers) if (d.submitted !== undefined && compareText(d.submitted, monthEnd) <= 0 && (latest === undefined || compareText(d.submitted, latest) > 0)) latest = d.submitted;
  return latest === undefined ? dossiers : dossiers.filter((d) => d.submitted === latest);
}

function judge(report: ReportFacts, dossiers: readonly DossierAgreement[]): CrossDocumentHit | undefined {
  const month = parseMonth(report.month);
  if (!month) return undefined;
  const monthEnd = formatDate(lastDayOfMonth(month.year, month.month));
  const lapses: Lapse[] = [];
  for (const dossier of dossiersOnFile(dossiers, monthEnd)) {
    for (const licence of dossier.agreement.licences) if (compareText(licence.expires, monthEnd) < 0) lapses.push({ licence, dossier });
  }
  if (lapses.length === 0) return undefined;
  // The first to lapse, then by dossier name: the same finding whatever order the files came in.
  const first = lapses.reduce((a, b) => (compareText(b.licence.expires, a.licence.expires) || compareText(b.dossier.file, a.dossier.file)) < 0 ? b : a);
  const { licence, dossier } = first;
  // Each other licence once, however many dossiers on file list it.
  const name = (l: LicenceTerm) => `${l.kind}\u0000${l.number}`;
  const others = new Set(lapses.map((l) => name(l.licence))).size - 1;
  const after = (report.callingDays ?? []).filter((day) => compareText(day, licence.expires) > 0).length;
  const whole = compareText(licence.expires, `${report.month}-01`) < 0;
  return {
    outcome: whole ? 'lapsed' : 'lapsed_in_month',
    report,
    pointer: '/month',
    position: report.monthPosition,
    values: {
      vendor: report.vendorName,
      credit_code: report.creditCode,
      month: report.month,
      kind: licence.kind,
      number: licence.number,
      expires: licence.expires,
      dossier: dossier.file,
      submitted: dossier.submitted ?? '',
    },
    localized: {
      zh: {
        days_after: whole ? '' : after > 0 ? `；月报列有 ${after} 个在其过期之后的营销日` : '',
        others: others > 0 ? `；另有 ${others} 个证照在该月结束前过期` : '',
      },
      en: {
        days_after: whole ? '' : after > 0 ? `; the report lists ${after} calling day(s) after it expired` : '',
        others: others > 0 ? `; ${others} other licence(s) also lapse before the month ends` : '',
      },
    },
  };
}
