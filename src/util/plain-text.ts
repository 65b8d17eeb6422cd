/**
 * Text as a person sees it, for matching what they wrote against a known spelling: NFKC
 * (full-width letters, compatibility ideographs), with every invisible format character
 * (zero-width, bidi marks, BOM) and all white space removed.
 */
export function withoutSpacing(text: string): string {
  return text.normalize('NFKC').replace(/[\p{Cf}\s]/gu, '');
}
