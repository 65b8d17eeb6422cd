import { inputError, type InputError } from '../read/input-error.js';

/** The code of the error added to a --history file that cannot be read (SARIF: `input/history-file`). */
export const HISTORY_FILE_CODE = 'history-file';

/**
 * Added to the errors of a --history file that cannot be read: it was context, not an input. A merge
 * (src/merge/history-copies.ts) tells by it the reports' part's copy of a dossier another part checked.
 */
export function historyNote(): InputError {
  return inputError(
    HISTORY_FILE_CODE,
    '该文件由 --history 指定，仅作本次月报的参照（此前月份的月报用于排名，资质档案用于协议签订日及证照有效期），其本身的问题不在此报告；无法使用时须先修正',
    "named with --history: read only as context for the run's monthly reports (earlier months' reports for the ranking, dossiers for their agreement dates and licences; its own findings are not reported); it must be fixed to be used",
  );
}
