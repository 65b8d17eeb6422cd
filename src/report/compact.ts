import type { Bilingual } from '../util/i18n.js';
import type { InputError } from '../read/input-error.js';
import type { FileResult, Finding } from './model.js';
import { sharedOutcomes } from './check-document.js';
import { sharedAgreement } from '../ranking/agreement.js';
import { SharedRecords } from '../util/shared-records.js';

/**
 * The empty list of problems every file without one shares. Frozen: a list is replaced, never
 * pushed to, once its file is kept (see FileResult.errors).
 */
export const NO_PROBLEMS = Object.freeze([]) as unknown as InputError[];

/** Most distinct texts one run shares: a bound, whatever the rules and documents. */
const MAX_SHARED_TEXTS = 4096;

/**
 * What a run keeps of each checked file and finding until its report is written, made small. A
 * batch holds every file's result and every finding to the end (the report is sorted, controlled
 * and counted as a whole), so what each one costs is the batch's memory growth. A finding's
 * message and consequence come from its rule, and most findings of a batch say the same few
 * things: one shared object per distinct text instead of a copy per finding (and, from a worker
 * or the cache, a fresh copy per message). The same for a file's empty lists, its outcomes and a
 * dossier's agreement facts.
 */
export class KeptRecords {
  private readonly texts = new SharedRecords<Bilingual>(MAX_SHARED_TEXTS);

  /** The result to keep: empty lists and outcomes shared (the same object, changed in place). */
  result(result: FileResult): FileResult {
    if (result.errors.length === 0) result.errors = NO_PROBLEMS;
    if (result.warnings.length === 0) result.warnings = NO_PROBLEMS;
    // Shared records are frozen: one made by check-document or the worker pool is not keyed again.
    if (!Object.isFrozen(result.outcomes)) result.outcomes = sharedOutcomes(result.outcomes);
    // A dossier's agreement facts, the same: from a worker or the cache they come as a copy each.
    if (result.agreement && !Object.isFrozen(result.agreement)) result.agreement = sharedAgreement(result.agreement);
    return result;
  }

  /** The finding to keep: its message and consequence shared with every finding that says the same. */
  finding(finding: Finding): Finding {
    finding.message = this.text(finding.message);
    finding.consequence = this.text(finding.consequence);
    return finding;
  }

  private text(text: Bilingual): Bilingual {
    return this.texts.shared(`${text.zh}\u0000${text.en}`, () => ({ zh: text.zh, en: text.en })) ?? text;
  }
}
