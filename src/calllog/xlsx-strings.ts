import { inputError } from '../read/input-error.js';
import { CallLogInputError } from './errors.js';

/**
 * Strings as Excel shows them, before exceljs reads them. exceljs keeps only the last `<t>` of a
 * cell's inline string and of a plain shared string: an inline string in runs (`X9` then `A001`,
 * which Excel shows as `X9A001`) was read as `A001`, and a shared string with a phonetic guide
 * (`<rPh>`, which Chinese and Japanese Excel add above the text and do not show in the cell) was read
 * as the guide's text. Here phonetic guides are dropped from the shared strings, and an inline
 * string's runs are joined into one `<t>`.
 */

/**
 * The shared-string table without its phonetic guides (`<rPh>…</rPh>`), which Excel does not show in
 * cells, and with its `_xHHHH_` escapes decoded (see decodeEscapes).
 */
export function withoutPhoneticGuides(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  return rewriteElements(rewriteElements(decoded(chunks), 'rPh', () => ''), 't', decodeTextElement);
}

/** A `<t>` element of the shared strings with its text's `_xHHHH_` escapes decoded (exceljs decodes its text once). */
function decodeTextElement(element: string): string {
  const open = element.indexOf('>');
  if (element[open - 1] === '/' || !element.includes('_x')) return element;
  const text = decodeEscapes(decodeXmlText(element.slice(open + 1, element.length - '</t>'.length)));
  return `<t xml:space="preserve">${escapeXml(text)}</t>`;
}

/**
 * Text with the format's `_xHHHH_` escapes decoded, as Excel shows it: a cell's text may hold any
 * character as `_xHHHH_` (Excel writes a line break pasted into a cell as `_x000D_`, and a literal
 * `_x` as `_x005F_x`); exceljs's streaming reader left them as they are, so `A001_x000D_` named
 * another agent than the `A001` Excel shows, and `_x0058_9` was not the `X9` it shows. A character
 * XML cannot carry stays escaped.
 */
export function decodeEscapes(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (escape, hex: string) => {
    const code = parseInt(hex, 16);
    const xmlChar = code === 0x09 || code === 0x0a || code === 0x0d || (code >= 0x20 && code < 0xd800) || (code > 0xdfff && code < 0xfffe);
    return xmlChar ? String.fromCharCode(code) : escape;
  });
}

/** A worksheet's XML with each inline string (`<is>`) as one `<t>` holding the text Excel shows. */
export function withInlineStringsJoined(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  return rewriteElements(chunks, 'is', joinInlineString);
}

/**
 * `<is>` with its runs' texts (phonetic guides left out) in one `<t>`. exceljs decodes an inline
 * string's `&lt;`, `&amp;`… once more after the XML parser has (a cell showing `A&amp;1` was read as
 * `A&1`), so the text is written escaped twice, to come out as Excel shows it.
 */
export function joinInlineString(element: string): string {
  if (/^<is\b[^>]*\/>$/.test(element)) return element;
  const body = element.replace(/<rPh\b[^>]*\/>|<rPh\b[^>]*>[\s\S]*?<\/rPh>/g, '');
  let text = '';
  for (const match of body.matchAll(/<t\b[^>]*?(?:\/>|>([\s\S]*?)<\/t>)/g)) text += decodeEscapes(decodeXmlText(match[1] ?? ''));
  return `<is><t xml:space="preserve">${escapeXml(escapeXml(text))}</t></is>`;
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** An element's text content as written in the file: character references, the five named entities, CDATA. */
export function decodeXmlText(raw: string): string {
  return raw
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((piece) =>
      piece.startsWith('<![CDATA[')
        ? piece.slice(9, -3)
        : piece.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (entity, name: string) => {
            if (!name.startsWith('#')) return NAMED[name]!;
            const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
            return code <= 0x10ffff ? String.fromCodePoint(code) : entity;
          }),
    )
    .join('');
}

export const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Longest element kept whole while looking for its end: far above a cell's 32,767 characters. */
const MAX_ELEMENT_CHARS = 1 << 20;

/**
 * Replaces every `<name …>…</name>` (and `<name …/>`) element of a stream of XML text by
 * `rewrite(element)`. The elements do not nest; one cut by a chunk boundary waits for the next.
 */
export async function* rewriteElements(chunks: AsyncIterable<string>, name: string, rewrite: (element: string) => string): AsyncGenerator<string> {
  const open = new RegExp(`<${name}(?=[\\s>/])`, 'g');
  const close = `</${name}>`;
  let pending = '';
  for await (const chunk of chunks) {
    const text = pending + chunk;
    const out: string[] = [];
    let at = 0;
    pending = '';
    for (;;) {
      open.lastIndex = at;
      const found = open.exec(text);
      if (found === null) {
        // A tag name cut by the chunk's end (`<`, `<rP`, `<is`) waits for the next chunk.
        const keep = cutTagStart(text.slice(at), `<${name}`);
        out.push(text.slice(at, text.length - keep));
        pending = text.slice(text.length - keep);
        break;
      }
      const tagEnd = text.indexOf('>', found.index);
      const end = tagEnd === -1 ? -1 : text[tagEnd - 1] === '/' ? tagEnd + 1 : text.indexOf(close, tagEnd);
      if (end === -1) {
        out.push(text.slice(at, found.index));
        pending = text.slice(found.index);
        if (pending.length > MAX_ELEMENT_CHARS) throw tooLong(name);
        break;
      }
      const elementEnd = text[tagEnd - 1] === '/' ? end : end + close.length;
      out.push(text.slice(at, found.index), rewrite(text.slice(found.index, elementEnd)));
      at = elementEnd;
    }
    const joined = out.join('');
    if (joined !== '') yield joined;
  }
  if (pending.startsWith(`<${name}`) && pending.length > name.length + 1) throw tooLong(name);
  if (pending !== '') yield pending;
}

/** How many characters at the end of `text` could begin `tag` (or be all of it). */
function cutTagStart(text: string, tag: string): number {
  for (let keep = Math.min(tag.length, text.length); keep > 0; keep--) if (tag.startsWith(text.slice(text.length - keep))) return keep;
  return 0;
}

async function* decoded(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) yield typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  yield decoder.decode();
}

function tooLong(name: string): CallLogInputError {
  return new CallLogInputError(
    inputError('xlsx', `XLSX 中的 <${name}> 元素超过 ${MAX_ELEMENT_CHARS} 个字符或未结束`, `an XLSX <${name}> element is longer than ${MAX_ELEMENT_CHARS} characters or never ends`),
  );
}
