/**
 * Text as a person sees it, for matching what they wrote against a known spelling: NFKC
 * (full-width letters, compatibility ideographs), with everything a reader cannot see removed:
 * format characters (zero-width, bidi marks, BOM), all white space, and the other default-ignorable
 * code points, which render as nothing although they are letters or marks to Unicode (Hangul fillers
 * U+3164 and U+FFA0, the combining grapheme joiner, variation selectors), and the blank braille
 * pattern U+2800, which renders as a space. A record id of "\u3164" looks empty and is empty.
 */
export function withoutSpacing(text: string): string {
  return text.normalize('NFKC').replace(/[\p{Cf}\p{Default_Ignorable_Code_Point}\s\u2800]/gu, '');
}
