import { inputError } from '../read/input-error.js';
import { CallLogInputError } from './errors.js';
import { escapeXml } from './xlsx-strings.js';

/**
 * A workbook part's XML with its SpreadsheetML elements unprefixed, as exceljs reads them. XML lets
 * a writer name the namespace with a prefix (`<x:worksheet xmlns:x="…/spreadsheetml/2006/main">`
 * and `<x:row>`, as the Open XML SDK can write): Excel reads such a part as any other, while exceljs
 * matches element names as written and saw no row at all. A sheet of calls written so read as
 * empty, and a clean sheet beside it was judged as the log; a `<x:sheet>` in the workbook's list was
 * not listed. Here every element whose prefix is bound to one of `namespaces` loses the prefix.
 *
 * Markup that is not data is also put in its plain form, which every later step (they find
 * elements by their tags in the text) and exceljs read as the XML parser means it: a CDATA section
 * becomes its text, escaped; comments and processing instructions (but the XML declaration) are
 * dropped; a document type declaration is refused (the format allows none, and its entities would
 * change the text). exceljs ignored a shared string written as CDATA (the cell read as empty), and
 * the steps before it took a `<rPh>` or `</t>` inside a CDATA section or a comment for a tag: a shared
 * string Excel shows as `X9` was read as the next one, `A001`, and a comment could name another
 * workbook part or date system than Excel reads. Bytes are decoded with one streaming decoder.
 */
export async function* withPrefixesDropped(chunks: AsyncIterable<Buffer | string>, namespaces: readonly string[] = SPREADSHEET_NAMESPACES): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  const scanner = new PrefixScanner(namespaces);
  for await (const chunk of chunks) {
    const out = scanner.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    if (out !== '') yield out;
  }
  const out = scanner.push(decoder.decode()) + scanner.end();
  if (out !== '') yield out;
}

/** SpreadsheetML's namespace, transitional and strict. */
export const SPREADSHEET_NAMESPACES = ['http://schemas.openxmlformats.org/spreadsheetml/2006/main', 'http://purl.oclc.org/ooxml/spreadsheetml/main'];
/** The namespace of a `.rels` part. */
export const RELATIONSHIP_NAMESPACES = ['http://schemas.openxmlformats.org/package/2006/relationships'];

/** Longest construct (tag, comment, CDATA section) kept whole while looking for its end. */
const MAX_PENDING_CHARS = 1 << 20;
const DECLARATION = /\sxmlns:([A-Za-z_][\w.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

class PrefixScanner {
  private readonly prefixes = new Set<string>();
  private pending = '';

  constructor(private readonly namespaces: readonly string[]) {}

  push(chunk: string): string {
    const text = this.pending + chunk;
    const out: string[] = [];
    let at = 0;
    for (;;) {
      const open = text.indexOf('<', at);
      if (open === -1) {
        out.push(text.slice(at));
        at = text.length;
        break;
      }
      out.push(text.slice(at, open));
      at = open;
      const end = constructEnd(text, open);
      if (end === -1) break;
      out.push(this.unprefixed(text.slice(open, end)));
      at = end;
    }
    this.pending = text.slice(at);
    if (this.pending.length > MAX_PENDING_CHARS) {
      throw new CallLogInputError(inputError('xlsx', `XLSX 中有超过 ${MAX_PENDING_CHARS} 个字符或未结束的标记`, `an XLSX tag is longer than ${MAX_PENDING_CHARS} characters or never ends`));
    }
    return out.join('');
  }

  end(): string {
    const rest = this.pending;
    this.pending = '';
    return rest;
  }

  /** A whole tag with its element's prefix dropped when it is bound to SpreadsheetML; other markup in its plain form. */
  private unprefixed(construct: string): string {
    const nameAt = construct.startsWith('</') ? 2 : 1;
    const first = construct.charCodeAt(nameAt);
    if (first === 0x21 /* ! */) {
      if (construct.startsWith('<![CDATA[')) return escapeXml(construct.slice(9, -3));
      if (construct.startsWith('<!--')) return '';
      throw new CallLogInputError(inputError('xlsx', 'XLSX 中有文档类型声明（<!DOCTYPE>），该格式不允许', 'an XLSX part has a document type declaration (<!DOCTYPE>), which the format does not allow'));
    }
    if (first === 0x3f /* ? */) return /^<\?xml\s/.test(construct) ? construct : '';
    if (construct.includes('xmlns:')) {
      for (const m of construct.matchAll(DECLARATION)) if (this.namespaces.includes(m[2] ?? m[3] ?? '')) this.prefixes.add(m[1]!);
    }
    if (this.prefixes.size === 0) return construct;
    const colon = construct.indexOf(':', nameAt);
    if (colon === -1) return construct;
    const prefix = construct.slice(nameAt, colon);
    return this.prefixes.has(prefix) ? construct.slice(0, nameAt) + construct.slice(colon + 1) : construct;
  }
}

/** Where the construct opening at `open` ends (one past it), or -1 when the text ends first. */
function constructEnd(text: string, open: number): number {
  if (text.startsWith('<![CDATA[', open)) return after(text, ']]>', open + 9);
  if (text.startsWith('<!--', open)) return after(text, '-->', open + 4);
  // A processing instruction ends at the first `?>`, quotes or not.
  if (text.startsWith('<?', open)) return after(text, '?>', open + 2);
  if (text.length - open < 9 && ('<![CDATA['.startsWith(text.slice(open)) || '<!--'.startsWith(text.slice(open)))) return -1;
  // A tag ends at the first `>` outside a quoted attribute value.
  let quote = 0;
  for (let i = open + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (quote !== 0) {
      if (code === quote) quote = 0;
    } else if (code === 0x22 || code === 0x27) quote = code;
    else if (code === 0x3e) return i + 1;
  }
  return -1;
}

function after(text: string, close: string, from: number): number {
  const at = text.indexOf(close, from);
  return at === -1 ? -1 : at + close.length;
}
