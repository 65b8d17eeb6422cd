import { checkDocumentFile } from '../check/check-document.js';
import { discoverInputs, DOCUMENT_EXTENSIONS } from '../check/discover.js';
import type { ReadLimits } from '../read/limits.js';
import type { RuleSet } from '../rules/rule-set.js';
import type { MonthlyBatch } from './monthly-batch.js';

/**
 * `--history PATH`: monthly reports of earlier months, read as context for the ranking so that a
 * streak can continue from them. Only documents are read (call logs there are skipped); a file that
 * is also one of the run's inputs is the run's. Valid reports join the batch without their own
 * findings; a file that cannot be read is an input error of the run (the month it would have
 * ranked is otherwise unknowable). Read on the main thread, one file at a time: a year of a
 * province's reports is a few hundred small files.
 */
export async function readHistory(batch: MonthlyBatch, history: string[], run: { inputs: string[]; cwd: string; ruleSet: RuleSet; limits: ReadLimits }): Promise<void> {
  const inputs = new Set(discoverInputs(run.inputs, run.cwd).files.map((f) => f.absolute));
  const found = discoverInputs(history, run.cwd, DOCUMENT_EXTENSIONS);
  for (const { display, error } of found.problems) batch.observeUncheckedHistory({ file: display, status: 'invalid', errors: [error], warnings: [], outcomes: {} });
  for (const file of found.files) {
    if (inputs.has(file.absolute)) continue;
    const check = await checkDocumentFile(file, run.ruleSet, run.limits);
    if (check.checked) batch.observeHistory(check.checked);
    else batch.observeUncheckedHistory(check.result);
  }
}
