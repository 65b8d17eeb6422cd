import { resolvePointer } from '../util/json-pointer.js';
import { SharedRecords } from '../util/shared-records.js';

/**
 * What cross-document checks read of one valid VendorDossier: its file, content hash, submission
 * date, vendor and agreement facts, never the whole document. A run's dossier is its result itself (FileResult, which
 * the run keeps to its end anyway), not a copy: a copy per dossier was most of a batch's memory
 * growth from R10-1/R10-3 (docs/performance-history.md, "Peak memory a dossier back to ~1.1 KB").
 */
export interface DossierAgreement {
  readonly file: string;
  /** The dossier's content hash (FileResult.sha256): what a `--shard` part records of the dossiers it saw (MonthlyBatch.dossierDigests). */
  readonly sha256?: string;
  /** The dossier's /submitted (FileResult.submitted): which of a vendor's dossiers was on file in a report's month (R10-P5-2/license-in-force-in-month). */
  readonly submitted?: string;
  /** The credit code as written: what the dossier joins its vendor's reports by. */
  readonly vendor: { readonly creditCode: string };
  readonly agreement: AgreementFacts;
}

export const AGREEMENT_STEP = 'agreement_signed';

/**
 * What a valid dossier's vendor's reports are judged against, as its result carries them
 * (FileResult.agreement): its cooperation mode and `agreement_signed` dates (R10-1/R10-3), and the
 * terms of its licences (R10-P5-2 in each month of the cooperation). Shared and frozen once seen
 * (sharedAgreement): never changed in place.
 */
export interface AgreementFacts {
  /** /cooperation/mode: seat_outsourcing (R10-1) or business_cooperation (R10-3). */
  readonly mode: string;
  /** Every `agreement_signed` step's date, in trail order: none when the trail lacks it (R10-x/steps-missing's finding). */
  readonly signed: readonly string[];
  /** Every licence of /vendor/licenses with a last day of validity (`expires` null never lapses), in list order. */
  readonly licences: readonly LicenceTerm[];
}

/** A licence's kind, number and last day of validity, as the dossier states them. */
export interface LicenceTerm {
  readonly kind: string;
  readonly number: string;
  readonly expires: string;
}

/** A valid dossier's agreement facts (shared, see sharedAgreement), or undefined when its data lacks a mode (never in a valid dossier). */
export function agreementOf(data: unknown): AgreementFacts | undefined {
  const mode = resolvePointer(data, '/cooperation/mode');
  if (typeof mode !== 'string') return undefined;
  const approvals = resolvePointer(data, '/cooperation/approvals');
  const signed: string[] = [];
  if (Array.isArray(approvals)) {
    for (const step of approvals) {
      const { step: name, date } = (step ?? {}) as { step?: unknown; date?: unknown };
      if (name === AGREEMENT_STEP && typeof date === 'string') signed.push(date);
    }
  }
  return sharedAgreement({ mode, signed, licences: licenceTermsOf(resolvePointer(data, '/vendor/licenses')) });
}

/** The licences of the list that expire; an entry without a kind, number or date (not in a valid dossier) is passed over. */
function licenceTermsOf(licences: unknown): LicenceTerm[] {
  const terms: LicenceTerm[] = [];
  if (!Array.isArray(licences)) return terms;
  for (const licence of licences) {
    const { kind, number, expires } = (licence ?? {}) as { kind?: unknown; number?: unknown; expires?: unknown };
    if (typeof kind === 'string' && typeof number === 'string' && typeof expires === 'string') terms.push({ kind, number, expires });
  }
  return terms;
}

/** Most distinct agreement facts one process shares: a bound, whatever the dossiers. */
const sharedAgreements = new SharedRecords<AgreementFacts>(4096);

/**
 * The same facts as one frozen record shared by every dossier that states them. A run keeps each
 * valid dossier's result to its end, and its own facts (a record, a list and a date: about 260
 * bytes) were over a third of what the result held; a batch's dossiers state two modes, few
 * signing days and few licence terms. Past the bound, a record of the dossier's own, its lists no longer than what it states.
 */
export function sharedAgreement(facts: AgreementFacts): AgreementFacts {
  // Each text after its length: no two facts have one key, whatever their texts hold (JSON.stringify
  // did the same at four times the cost of the rest of agreementOf).
  let key = `${facts.mode.length}:${facts.mode}`;
  for (const date of facts.signed) key += `|${date.length}:${date}`;
  for (const { kind, number, expires } of facts.licences) key += `#${kind.length}:${kind}${number.length}:${number}${expires.length}:${expires}`;
  const licences = () => facts.licences.map(({ kind, number, expires }) => Object.freeze({ kind, number, expires }));
  return (
    sharedAgreements.shared(key, () => ({ mode: facts.mode, signed: Object.freeze([...facts.signed]), licences: Object.freeze(licences()) })) ??
    { mode: facts.mode, signed: [...facts.signed], licences: licences() }
  );
}
