import type { Finding } from '../report/model.js';
import type { ReportFacts } from '../ranking/report-summary.js';
import { compareText } from '../util/compare.js';
import { toolFindingFields, type ToolRuleId } from '../report/tool-rules.js';

/**
 * Rule id of the finding on a monthly report whose vendor has no dossier in the run nor in --history:
 * made by tmcheck, not by a rule file, so never held back by a baseline or waived (isWaivable).
 */
export const NO_DOSSIER_RULE = 'tmcheck/report-no-dossier' satisfies ToolRuleId;

/** A rule in force that joins reports to their vendor's dossier (R10-1/R10-3 calling-before-agreement, R10-P5-2/license-in-force-in-month). */
interface AgreementRule {
  id: string;
  requirement: string;
  cross_document: { check: string };
}

/** What each check could not judge of a report without its vendor's dossier, per language. */
const UNCHECKED: Record<string, { zh: (month: string) => string; en: (month: string) => string }> = {
  callingBeforeAgreement: {
    zh: (month) => ` ${month} 月报的合作开始日及营销日是否早于协议签订日`,
    en: (month) => `its ${month} report's cooperation start and calling days precede the signing of its agreement`,
  },
  licenceInForceInMonth: {
    zh: (month) => `证照在 ${month} 是否均有效`,
    en: (month) => `its licences were in force through ${month}`,
  },
};

/**
 * R10-1/R10-3 (calling-before-agreement) and R10-P5-2 (license-in-force-in-month) join each monthly
 * report to its vendor's dossier in the same run or in --history. Without one, whether the vendor
 * called before its agreement was signed, or without a licence in force, could not be checked: what
 * could not be judged is never a pass, so each such report gets an error (exit 1, like
 * tmcheck/call-log-no-report on a log without its report) at its /vendor/credit_code, saying what was
 * not checked and how to have it judged. Filed under the first of the rules in force by id (R10-1,
 * else R10-3, else R10-P5-2), data quality. None when none of them is in force (`rules`).
 */
export function noDossierFindings(reports: readonly ReportFacts[], hasDossier: (creditCode: string) => boolean, rules: readonly AgreementRule[]): Finding[] {
  if (rules.length === 0) return [];
  const sorted = [...rules].sort((a, b) => compareText(a.id, b.id));
  const ids = sorted.map((rule) => rule.id);
  const requirement = sorted[0]!.requirement;
  const checks = [...new Set(sorted.map((rule) => rule.cross_document.check))].filter((check) => UNCHECKED[check] !== undefined);
  return reports.filter((report) => !hasDossier(report.creditCode)).map((report): Finding => ({
    ...toolFindingFields(NO_DOSSIER_RULE),
    requirement,
    message: {
      zh: `本次检查（包括 --history）中没有${report.vendorName}（${report.creditCode}）的资质档案，其${checks.map((check) => UNCHECKED[check]!.zh(report.month)).join('，以及')}未核对（${ids.join('、')}，第十条）`,
      en: `no dossier of ${report.vendorName} (${report.creditCode}) is in this run or in --history, so whether ${checks.map((check) => UNCHECKED[check]!.en(report.month)).join(', and whether ')}${checks.length > 1 ? ', were' : ' was'} not checked (${ids.join(', ')}, Article 10)`,
    },
    consequence: {
      zh: '未核对的不能视为合规：须将该合作方的资质档案与月报一并检查（同一次运行中指定两者），或用 --history 指定资质档案（例如 --history dossiers/）',
      en: "what was not checked cannot count as compliant: check the vendor's dossier together with the report (name both in one run), or name the dossiers with --history (e.g. --history dossiers/)",
    },
    location: { file: report.file, path: '/vendor/credit_code', ...report.creditCodePosition },
    vendor: report.creditCode,
  }));
}
