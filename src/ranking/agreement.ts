import { resolvePointer } from '../util/json-pointer.js';

/**
 * What cross-document checks keep of one valid VendorDossier: the vendor, its cooperation mode and
 * the dates of its approval trail's `agreement_signed` step (R10-1 / R10-3 end with it), never the
 * whole document.
 */
export interface DossierAgreement extends AgreementFacts {
  file: string;
  creditCode: string;
  /** The dossier's content hash (FileResult.sha256): what a `--shard` part records of the dossiers it saw (MonthlyBatch.dossierDigests). */
  sha256?: string;
}

export const AGREEMENT_STEP = 'agreement_signed';

/** A valid dossier's cooperation mode and `agreement_signed` dates, as its result carries them (FileResult.agreement). */
export interface AgreementFacts {
  /** /cooperation/mode: seat_outsourcing (R10-1) or business_cooperation (R10-3). */
  mode: string;
  /** Every `agreement_signed` step's date, in trail order: none when the trail lacks it (R10-x/steps-missing's finding). */
  signed: string[];
}

/** A valid dossier's agreement facts, or undefined when its data lacks a mode (never in a valid dossier). */
export function agreementOf(data: unknown): AgreementFacts | undefined {
  const mode = resolvePointer(data, '/cooperation/mode');
  const approvals = resolvePointer(data, '/cooperation/approvals');
  if (typeof mode !== 'string') return undefined;
  const signed = (Array.isArray(approvals) ? approvals : []).flatMap((step) => {
    const { step: name, date } = (step ?? {}) as { step?: unknown; date?: unknown };
    return name === AGREEMENT_STEP && typeof date === 'string' ? [date] : [];
  });
  return { mode, signed };
}
