/**
 * Text for one cell of a GitHub-flavoured Markdown table: every `|` and backslash is escaped,
 * line breaks become spaces (a cell is one line), and `<`, `>` and `&` become entities so that a
 * string can never open HTML. Each replacement is global.
 */
export function escapeMarkdownCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r\n|[\r\n\u2028\u2029]/g, ' ');
}

/** An identifier or path as inline code when that is safe, as escaped text otherwise. */
export function markdownCode(text: string): string {
  return /^[\w./@-]+$/.test(text) ? `\`${text}\`` : escapeMarkdownCell(text);
}
