import { checkDocumentFile } from '../report/check-document.js';
import { discoverInputs, DOCUMENT_EXTENSIONS, type Discovery } from '../read/discover.js';
import { hasGlobMagic } from '../read/glob.js';
import type { ReadLimits } from '../read/limits.js';
import type { RunOwnFiles } from '../read/own-files.js';
import type { RuleSet } from '../engine/rule-set.js';
import type { MonthlyBatch } from './monthly-batch.js';

/**
 * `--history PATH`: documents read as context for the run's monthly reports. Monthly reports of
 * earlier months join the ranking so that a streak can continue from them; vendors' dossiers join
 * by their agreement dates and licences (R10-1/R10-3, R10-P5-2 by month: the reports' part of a sharded batch reads the dossiers the
 * other parts check, src/merge/shards.ts). Only documents are read (call logs there are skipped); a file that
 * is also one of the run's inputs is the run's. Valid reports join the batch without their own
 * findings; a file that cannot be read is an input error of the run (the month it would have
 * ranked is otherwise unknowable). Read on the main thread, one file at a time: a year of a
 * province's reports is a few hundred small files.
 */
export async function readHistory(batch: MonthlyBatch, history: string[], run: { inputs: string[]; cwd: string; ruleSet: RuleSet; limits: ReadLimits; runOwn?: RunOwnFiles }): Promise<void> {
  const inputs = new Set(discoverInputs(run.inputs, run.cwd).files.map((f) => f.absolute));
  const seen = new Set<string>();
  const found = history.map((arg) => discoverHistory(arg, run.cwd, run.limits, run.runOwn));
  for (const { display, error } of found.flatMap((d) => d.problems)) batch.observeUncheckedHistory({ file: display, status: 'invalid', errors: [error], warnings: [], outcomes: {} });
  for (const file of found.flatMap((d) => d.files)) {
    if (inputs.has(file.absolute) || seen.has(file.absolute)) continue;
    seen.add(file.absolute);
    const check = await checkDocumentFile(file, run.ruleSet, run.limits);
    if (check.checked?.kind === 'VendorDossier') batch.observeHistoryResult(check.result);
    else if (check.checked) batch.observeHistory(check.checked);
    else batch.observeUncheckedHistory(check.result);
  }
}

/** A quoted pattern may name folders (`'reports/2026-0[5-9]'`): then the reports under them are meant. */
function discoverHistory(arg: string, cwd: string, limits: ReadLimits, runOwn?: RunOwnFiles): Discovery {
  // The run's own files (an --assessments file kept with earlier reports) are set aside, as in the inputs.
  const direct = discoverInputs([arg], cwd, DOCUMENT_EXTENSIONS, limits, runOwn);
  if (direct.files.length > 0 || !hasGlobMagic(arg)) return direct;
  const below = discoverInputs([`${arg.replace(/\/+$/, '')}/**/*`], cwd, DOCUMENT_EXTENSIONS, limits, runOwn);
  return below.files.length > 0 ? below : direct;
}
