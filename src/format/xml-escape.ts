/**
 * XML 1.0 escaping for JUnit (and any other XML output). Every function replaces every occurrence,
 * so `]]>` twice, `<`, `&` and quotes are all handled; the characters XML 1.0 forbids (C0 controls
 * other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF) are never emitted: they become a visible
 * `\xNN` / `\uNNNN` so a reader still sees that something odd was in the input.
 */

import { INVISIBLE, visibleEscape } from '../util/escape.js';

// Tab, LF and CR are the only C0 characters XML 1.0 allows; lone surrogates cannot be encoded.
// Bidirectional controls and line separators are allowed but would make a dashboard lie: shown too;
// so are DEL and the C1 controls (NEL is a line break to XML 1.1, CSI a terminal escape), as in HTML.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = new RegExp(`[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\ufffe\\uffff${INVISIBLE}]|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]`, 'g');

/** Replaces each character XML 1.0 cannot carry, and each invisible one, with a visible escape. */
export function replaceXmlForbidden(text: string): string {
  return text.replace(FORBIDDEN, visibleEscape);
}

const TEXT_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  // `>` is escaped everywhere, which makes `]]>` impossible in the output however often it occurs.
  '>': '&gt;',
  // A literal CR would be normalised to LF by any XML parser; a reference keeps it.
  '\r': '&#13;',
};

/** Text for element content. */
export function escapeXmlText(text: string): string {
  return replaceXmlForbidden(text).replace(/[&<>\r]/g, (ch) => TEXT_ESCAPES[ch]!);
}

const ATTRIBUTE_ESCAPES: Record<string, string> = {
  ...TEXT_ESCAPES,
  '"': '&quot;',
  "'": '&apos;',
  // Attribute-value normalisation turns literal tab/LF/CR into spaces; references survive it.
  '\t': '&#9;',
  '\n': '&#10;',
};

/** Text for an attribute value in single or double quotes. */
export function escapeXmlAttribute(text: string): string {
  return replaceXmlForbidden(text).replace(/[&<>"'\t\n\r]/g, (ch) => ATTRIBUTE_ESCAPES[ch]!);
}
