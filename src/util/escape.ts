/**
 * Escaping for every place a vendor-controlled string can land. Each function handles every
 * occurrence (global replacement) and is unit-tested with hostile input.
 */

/**
 * Makes text safe to print on a terminal: C0/C1 control characters (ESC included), DEL and the
 * Unicode bidirectional overrides are shown as visible escapes instead of being emitted.
 * Tabs and newlines are escaped too, so one finding stays on its own lines.
 */
export function escapeTerminal(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (ch) => {
      if (ch === '\n') return '\\n';
      if (ch === '\r') return '\\r';
      if (ch === '\t') return '\\t';
      return visibleEscape(ch);
    },
  );
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
const HTML_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text for HTML element content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text
    .replace(HTML_UNSAFE, (ch) => {
      const code = ch.charCodeAt(0);
      return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    })
    .replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}
