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

/**
 * Letters of other scripts drawn as Latin ones (Cyrillic, Greek), lower case: `сsv` with a Cyrillic
 * с reads as csv to every eye. NFKC does not map them.
 */
const LOOK_ALIKE_LETTERS: Readonly<Record<string, string>> = {
  'а': 'a', 'α': 'a', 'с': 'c', 'ϲ': 'c', 'ԁ': 'd', 'е': 'e', 'һ': 'h', 'і': 'i', 'ј': 'j', 'ӏ': 'l', 'о': 'o', 'ο': 'o',
  'р': 'p', 'ρ': 'p', 'ѕ': 's', 'ν': 'v', 'ѵ': 'v', 'х': 'x', 'χ': 'x', 'у': 'y',
};

/**
 * Capital letters of other scripts drawn as Latin capitals (Cyrillic, Greek): `ЈN-ІNS-О1` reads as
 * JN-INS-O1. Mapped before lower case, because several lower-case forms look like other letters
 * (Greek Ν is N, its ν looks like v).
 */
const LOOK_ALIKE_CAPITALS: Readonly<Record<string, string>> = {
  'А': 'A', 'В': 'B', 'Е': 'E', 'К': 'K', 'М': 'M', 'Н': 'H', 'О': 'O', 'Р': 'P', 'С': 'C', 'Т': 'T', 'Х': 'X', 'У': 'Y',
  'І': 'I', 'Ј': 'J', 'Ѕ': 'S', 'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Ζ': 'Z', 'Η': 'H', 'Ι': 'I', 'Κ': 'K', 'Μ': 'M', 'Ν': 'N',
  'Ο': 'O', 'Ρ': 'P', 'Τ': 'T', 'Υ': 'Y', 'Χ': 'X',
};

/**
 * Text with the look-alike capitals and letters of other scripts as the Latin ones, lower case:
 * `.ЈЅОΝ` (Cyrillic Ј Ѕ О, Greek Ν) reads as .json. Nothing else is changed (no NFKC, spacing kept).
 */
export function asLatinLetters(text: string): string {
  let capitals = '';
  for (const ch of text) capitals += LOOK_ALIKE_CAPITALS[ch] ?? ch;
  let out = '';
  for (const ch of capitals.toLowerCase()) out += LOOK_ALIKE_LETTERS[ch] ?? ch;
  return out;
}

/**
 * Text as a reader compares it, case aside: `withoutSpacing`, then look-alike capitals and letters
 * of other scripts as the Latin ones, lower case. `vendor_cаused` (Cyrillic а) and `ＶＥＮＤＯＲ_caused`
 * read as vendor_caused; `JN-INS-01` with a Cyrillic Н reads as jn-ins-01. One reading for keys,
 * values and file names (src/read/unread-names.ts readName).
 */
export function readingKey(text: string): string {
  return asLatinLetters(withoutSpacing(text));
}

/** Whether a reader cannot tell `text` from `reference`: the same once width, case, invisible characters and look-alike letters are set aside. */
export function readsAs(text: string, reference: string): boolean {
  return readingKey(text) === readingKey(reference);
}
