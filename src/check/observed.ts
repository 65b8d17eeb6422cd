import type { DocumentKind } from '../kinds/kinds.js';
import type { DocumentCheck } from '../report/check-document.js';

/** Kinds whose documents a batch check looks at, or 'all' when one looks at every kind. */
export type ObservedKinds = readonly DocumentKind[] | 'all';

/** Whether a batch check looks at this document: only then is it kept whole (data, source text) past its own check. */
export function observed(kinds: ObservedKinds, check: DocumentCheck): boolean {
  return kinds === 'all' || (check.checked !== undefined && kinds.includes(check.checked.kind));
}
