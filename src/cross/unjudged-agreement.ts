import type { ReportNote } from '../report/model.js';
import type { ReportFacts } from '../ranking/report-summary.js';
import { compareText } from '../util/compare.js';

/**
 * R10-1/R10-3 (calling-before-agreement) join each monthly report to its vendor's dossier in the
 * same run or in --history; a report whose vendor has none there is not judged by them, and the
 * report would otherwise say nothing of it (its ✔ would read as a pass of these rules too). One note
 * for the run (level note: not judged is not a finding, the exit status is unchanged), on its first
 * such report, counting them and saying how to have them judged. `ruleIds`: the rules in force.
 */
export function unjudgedAgreementNote(reports: readonly ReportFacts[], hasDossier: (creditCode: string) => boolean, ruleIds: readonly string[]): ReportNote | undefined {
  if (ruleIds.length === 0) return undefined;
  const unjudged = reports.filter((r) => !hasDossier(r.creditCode)).map((r) => r.file).sort(compareText);
  if (unjudged.length === 0) return undefined;
  const rules = [...ruleIds].sort(compareText).join(', ');
  const n = unjudged.length;
  return {
    file: unjudged[0]!,
    level: 'note',
    message: {
      zh: `${n === 1 ? '此月报' : `此月报及另外 ${n - 1} 份月报`}未经 ${rules} 评判（营销早于协议签订）：本次运行中没有其外包合作方的资质档案。这不是通过：请把资质档案与月报一起检查，或用 --history 指定资质档案（例如 --history dossiers/）`,
      en: `${n === 1 ? 'this monthly report was' : `this monthly report and ${n - 1} other${n === 2 ? '' : 's'} were`} not judged by ${rules} (calling before the agreement was signed): no dossier of ${n === 1 ? 'its' : 'their'} vendor is in this run. That is not a pass: check the dossiers in the same run, or name them with --history (e.g. --history dossiers/)`,
    },
  };
}
