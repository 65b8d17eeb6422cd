import { sha256 } from '../util/hash.js';
import type { Finding } from './model.js';

/**
 * A finding's identity across edits: rule, vendor, file and JSON Pointer (or table row field),
 * never line numbers, so an edit elsewhere in the file keeps old findings recognisable
 * (baselines, SARIF partialFingerprints).
 */
export function fingerprint(finding: Finding): string {
  const where = finding.location.path ?? `${finding.location.field ?? ''}#${finding.location.row ?? ''}`;
  return sha256([finding.ruleId, finding.vendor ?? '', finding.location.file, where].join('\u0000')).slice(0, 32);
}
