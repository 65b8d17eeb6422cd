/**
 * Escaping for every place a vendor-controlled string can land. Each function handles every
 * occurrence (global replacement) and is unit-tested with hostile input.
 */

/**
 * Characters that change how the text around them reads without being seen: the bidirectional
 * marks, embeddings, overrides and isolates (U+061C ARABIC LETTER MARK included), and the line and
 * paragraph separators U+2028/U+2029, a line break to some viewers and not to others. Every escaper
 * below shows them; this is their one list.
 */
export const INVISIBLE = '\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';

// C0 controls but LF and CR, DEL and C1 controls, and the invisible ones (Markdown drops them).
// eslint-disable-next-line no-control-regex
export const UNSHOWN = new RegExp(`[\\u0000-\\u0009\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f${INVISIBLE}]`, 'g');

/**
 * Plain text that keeps its line breaks (SARIF messages, GitHub annotations, chart labels): control
 * characters (ESC, tab…), bidirectional controls and line separators become visible escapes.
 */
export function showInvisible(text: string): string {
  return text.replace(UNSHOWN, visibleEscape);
}

/**
 * Makes text safe to print on a terminal, one finding per line: as showInvisible, and newlines,
 * carriage returns and tabs are shown as `\n`, `\r`, `\t`. A terminal in CI is a log that GitHub's
 * runner reads for workflow commands: `##[name]` anywhere in a line and `::name::` at its start
 * (after blanks). From a vendor's string, `##[add-mask]` would drop its own line (a finding) from the
 * log and mask words in every later line, and `stop-commands` would switch off the annotations that
 * follow; so the `[` of `##[` and the first `:` of a leading `::` are shown as escapes too.
 */
export function escapeTerminal(text: string): string {
  return showInvisible(text.replace(/[\n\r\t]/g, (ch) => (ch === '\n' ? '\\n' : ch === '\r' ? '\\r' : '\\t')))
    .replace(/##\[/g, '##\\x5b')
    .replace(/^(\s*):(?=:)/, '$1\\x3a');
}

/** A character as a visible `\xNN` (up to U+00FF) or `\uNNNN` escape. */
export function visibleEscape(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Characters HTML cannot carry or that would make a page lie: C0/C1 controls (NUL, ESC, CR…; tab
 * and newline are plain whitespace), bidirectional overrides that reverse how a vendor's name or a
 * value reads, and lone surrogates. They are shown as `\xNN` / `\uNNNN`, as in the terminal.
 */
// eslint-disable-next-line no-control-regex
const HTML_UNSAFE = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f${INVISIBLE}]|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]`, 'g');

/** Text for HTML element content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text
    .replace(HTML_UNSAFE, visibleEscape)
    .replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}
