import type { CrossDocumentCheck, CrossDocumentHit } from './cross-document-check.js';
import type { ReportFacts } from './report-summary.js';
import type { DossierAgreement, LicenceTerm } from './agreement.js';
import { compareText } from '../util/compare.js';
import { formatDate, lastDayOfMonth, nextDay, parseDate, parseMonth } from '../util/dates.js';

/** A dossier on file on some day of a month: from `since` (its submission; undefined: the month's start) until `until` (the next dossier's submission; undefined: the month's end). */
interface OnFile {
  dossier: DossierAgreement;
  since?: string;
  until?: string;
}

/** A licence of a dossier on file that lapsed while it was, and the first day without it. */
interface Lapse extends OnFile {
  licence: LicenceTerm;
  from: string;
}

/**
 * R10-P5-2 "具备相关业务经营资格,资质证书齐全" is a condition of the cooperation, not only of its
 * signing: a licence must be in force in every month the vendor reports on. Each report of the run
 * is joined (by credit code as written) to the vendor's dossiers, each on file from its `submitted`
 * day until the next one's submission: those on file on some day of the month are judged. When none
 * was submitted by the month's end, every dossier of the vendor is, for the whole month (what they
 * state is all that is known of its licences then). A licence that lapses while its dossier is on
 * file in the month (a later dossier submitted before the day after its expiry renews it in time)
 * fails the report at its /month: `lapsed` when it expired before the month began, `lapsed_in_month`
 * when within it. A lapse within the month is never passed for want of a calling day after it: most
 * of a report is undated, and its calling days are the vendor's own word (the message counts the ones
 * listed in the gap). One finding per report, for the licence that lapsed first (the message counts
 * the others). A report whose vendor has no dossier in the run (nor in --history) is
 * tmcheck/report-no-dossier's.
 */
export const licenceInForceInMonth: CrossDocumentCheck<Record<string, never>> = {
  name: 'licenceInForceInMonth',
  description: {
    zh: '月报所属月份内，其资质档案中的证照均须有效',
    en: "every licence of the vendor's dossiers on file is in force through the report's month",
  },
  reads: 'MonthlyReport',
  paramsSchema: { type: 'object', additionalProperties: false, properties: {} },
  outcomes: ['lapsed', 'lapsed_in_month'],
  messageValues: ['vendor', 'credit_code', 'month', 'kind', 'number', 'expires', 'dossier', 'submitted', 'until', 'days_after', 'others'],
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

/**
 * The dossiers on file on some day from `start` to `end`, each until the next submission date (all
 * submitted on one day are on file together). None submitted by `end`: all of them, the whole month.
 * A dossier without a date (never a valid one) is on file the whole month.
 */
function onFile(dossiers: readonly DossierAgreement[], start: string, end: string): OnFile[] {
  const dates = [...new Set(dossiers.flatMap((d) => (d.submitted !== undefined && compareText(d.submitted, end) <= 0 ? [d.submitted] : [])))].sort(compareText);
  if (dates.length === 0) return dossiers.map((dossier) => ({ dossier }));
  const filed: OnFile[] = [];
  for (const dossier of dossiers) {
    if (dossier.submitted === undefined) {
      filed.push({ dossier });
      continue;
    }
    const at = dates.indexOf(dossier.submitted);
    if (at < 0) continue; // submitted after the month
    const until = dates[at + 1];
    // Replaced before the month began: never on file in it.
    if (until === undefined || compareText(until, start) > 0) filed.push({ dossier, since: dossier.submitted, ...(until !== undefined ? { until } : {}) });
  }
  return filed;
}

function judge(report: ReportFacts, dossiers: readonly DossierAgreement[]): CrossDocumentHit | undefined {
  const month = parseMonth(report.month);
  if (!month) return undefined;
  const start = `${report.month}-01`;
  const end = formatDate(lastDayOfMonth(month.year, month.month));
  const lapses: Lapse[] = [];
  for (const filed of onFile(dossiers, start, end)) {
    for (const licence of filed.dossier.agreement.licences) {
      const expires = parseDate(licence.expires);
      if (!expires || compareText(licence.expires, end) >= 0) continue;
      // The first day without it, after the dossier was submitted and the month began, before a later dossier was.
      const from = [formatDate(nextDay(expires)), start, filed.since ?? start].reduce((a, b) => (compareText(b, a) > 0 ? b : a));
      if (filed.until === undefined || compareText(from, filed.until) < 0) lapses.push({ ...filed, licence, from });
    }
  }
  if (lapses.length === 0) return undefined;
  // The first to lapse, then by dossier name: the same finding whatever order the files came in.
  const first = lapses.reduce((a, b) => ((compareText(b.licence.expires, a.licence.expires) || compareText(b.dossier.file, a.dossier.file)) < 0 ? b : a));
  const { licence, dossier, until, from } = first;
  // Each other licence once, however many dossiers on file list it.
  const others = new Set(lapses.map((l) => `${l.licence.kind}\u0000${l.licence.number}`)).size - 1;
  const gap = (report.callingDays ?? []).filter((day) => compareText(day, from) >= 0 && (until === undefined || compareText(day, until) < 0)).length;
  return {
    outcome: compareText(licence.expires, start) < 0 ? 'lapsed' : 'lapsed_in_month',
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
        until: until === undefined ? '' : `（至 ${until} 提交新档案为止）`,
        days_after: gap > 0 ? `；月报列有其间的 ${gap} 个营销日` : '',
        others: others > 0 ? `；另有 ${others} 个证照在该月失效` : '',
      },
      en: {
        until: until === undefined ? '' : ` (until a later dossier was submitted on ${until})`,
        days_after: gap > 0 ? `; the report lists ${gap} calling day(s) in that time` : '',
        others: others > 0 ? `; ${others} other licence(s) also lapse in the month` : '',
      },
    },
  };
}
