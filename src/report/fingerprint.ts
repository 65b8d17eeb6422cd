import { sha256 } from '../util/hash.js';
import type { FileResult, Finding } from './model.js';

/**
 * A finding's place across edits: rule, vendor, file and JSON Pointer (or table row field),
 * never line numbers, so an edit elsewhere in the file keeps old findings recognisable. Baseline
 * entries store it (with the scope and item beside it, src/controls/baseline.ts); it names no
 * period, so it is not a finding's identity on its own (see findingIdentity).
 */
export function fingerprint(finding: Finding): string {
  const where = finding.location.path ?? `${finding.location.field ?? ''}#${finding.location.row ?? ''}`;
  return sha256([finding.ruleId, finding.vendor ?? '', finding.location.file, where].join('\u0000')).slice(0, 32);
}

/**
 * The period a finding is about, from the documents' own fields: the month (YYYY-MM) of the
 * monthly report or of the call-log calls it concerns, or the `submitted` date of the dossier it
 * lies in. A report or dossier kept under the same name next month, or re-submitted, is another
 * period's, and its breaches are new (baselines, SARIF fingerprints).
 */
export interface FindingScope {
  month?: string;
  submitted?: string;
}

/**
 * A finding's scope from the run's file results: a call-log finding's own month, else the month of
 * the monthly report or the `submitted` date of the dossier it lies in.
 */
export function findingScopes(files: readonly FileResult[]): (finding: Finding) => FindingScope {
  const byFile = new Map<string, FileResult>();
  for (const file of files) if (file.month !== undefined || file.submitted !== undefined) byFile.set(file.file, file);
  return (finding) => {
    const file = byFile.get(finding.location.file);
    return { month: finding.month ?? file?.month, submitted: file?.submitted };
  };
}

/**
 * What a finding lies in, by its identity rather than the place the vendor gave it: a document's
 * list item (`A002`), or the day or agent of a call-log finding (`2026-10-09`, `agent A002`), whose
 * row the vendor orders.
 */
export const itemOf = (finding: Finding): string | undefined => finding.location.item?.id ?? finding.subject;

/**
 * A finding's identity across runs (SARIF `partialFingerprints["tmcheckFinding/v2"]`): its place
 * (fingerprint), the item it lies in and its period. October's breach and November's at the same
 * pointer of a report kept under one name are two findings; the same report checked again (another
 * job count, shard or a warm cache) gives the same identities.
 */
export function findingIdentity(finding: Finding, scope: FindingScope): string {
  return scopedHash([fingerprint(finding), itemOf(finding), scope.month, scope.submitted]);
}

/** A file that could not be checked, at the place of its problem, in its period (when the file names one). */
export function inputErrorIdentity(ruleId: string, file: Pick<FileResult, 'file' | 'month' | 'submitted'>, where: string): string {
  return scopedHash([ruleId, file.file, where, file.month, file.submitted]);
}

/** A part left out (undefined) is not the empty string: JSON keeps the two apart. */
function scopedHash(parts: Array<string | undefined>): string {
  return sha256(JSON.stringify(parts.map((part) => part ?? null))).slice(0, 32);
}
