import { inputError } from '../read/input-error.js';
import { CallLogInputError } from './errors.js';
import { decodeEscapes, decodeXmlText, escapeXml, rewriteElements } from './xlsx-strings.js';

/**
 * A worksheet's cells checked against their type before exceljs reads them, and given to it in the
 * form it reads as the file means. exceljs reads any cell that is not a string, boolean or error as
 * a number with parseFloat, and a boolean as "not 0": an ISO date cell (`t="d"`, `2026-10-09T09:00:00`)
 * was read as the number 2026, shown as a date in 1905; `<v>false</v>` in a TRUE/FALSE cell read as
 * TRUE (an unrecorded call as recorded); `<v>1x</v>` as 1; a shared string the table does not have,
 * an empty `<v/>` or a number beyond Excel's dates as an empty cell, so that a row of them vanished
 * as a blank row and its call went unseen. Here:
 * - an ISO date is written as the text tmcheck reads a date cell as (`2026-10-09 09:00:00`);
 * - a boolean `true`/`false` as `1`/`0`;
 * - a string value (`t="str"`) escaped once more, as exceljs decodes it twice (`A&amp;lt;1`, which
 *   Excel shows as `A&lt;1`, was read as `A<1`);
 * - a number, boolean, date or shared-string reference that is not one (or a type the format does
 *   not have) is an input error naming the worksheet and the cell (`xlsx-cell`): whatever else read
 *   it, Excel would not show it as tmcheck would.
 * Formula cells pass unchanged (read-xlsx.ts refuses them with their own error).
 */
export function withCellsChecked(chunks: AsyncIterable<string>, sheet: string, sharedStrings: number | undefined): AsyncGenerator<string> {
  return rewriteElements(chunks, 'c', (element) => checkedCell(element, sheet, sharedStrings));
}

const V_ELEMENT = /<v\b[^>]*?(?:\/>|>([\s\S]*?)<\/v>)/g;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?$/;

/** A cell of one plain value, the usual shape: its attributes and its value. */
const PLAIN_CELL = /^<c\b([^>]*)><v>([^<&\s]+)<\/v><\/c>$/;

/** One `<c …>…</c>` element, as exceljs should read it. */
export function checkedCell(element: string, sheet: string, sharedStrings: number | undefined): string {
  // Most cells are a number, a boolean or a shared string already as exceljs reads them: kept as they are.
  const plain = PLAIN_CELL.exec(element);
  if (plain !== null) {
    const value = plain[2]!;
    const type = attribute(T_ATTRIBUTE, plain[1]!) ?? 'n';
    if (type === 'n' ? NUMBER.test(value) && Number.isFinite(Number(value)) : type === 's' ? sharedStrings !== undefined && /^\d+$/.test(value) && Number(value) < sharedStrings : type === 'b' && (value === '0' || value === '1')) return element;
  }
  const tagEnd = element.indexOf('>');
  const tag = element.slice(0, tagEnd + 1);
  if (tag.endsWith('/>')) return element;
  const type = attribute(T_ATTRIBUTE, tag) ?? 'n';
  if (type === 'e') return element;
  const ref = attribute(R_ATTRIBUTE, tag) ?? '';
  const body = element.slice(tagEnd + 1);
  if (/<f\b/.test(body)) return element;
  const fail = (zh: string, en: string) => new CallLogInputError(cellError(sheet, ref, zh, en));
  const inlineString = /<is\b/.test(body);
  if (inlineString && type !== 'inlineStr') throw fail(`类型为 ${type} 的单元格带有内联文本`, `a cell of type t="${type}" holds an inline string`);
  const values = [...body.matchAll(V_ELEMENT)];
  if (values.length === 0) {
    if (/<v\b/.test(body)) throw fail('单元格的值无法读取', 'its value cannot be read');
    return element;
  }
  if (values.length + (inlineString ? 1 : 0) > 1) throw fail('单元格有多个值', 'it holds more than one value');
  const withValue = (text: string | undefined) => `${element.slice(0, tagEnd + 1 + values[0]!.index)}${text === undefined ? '' : `<v>${text}</v>`}${body.slice(values[0]!.index + values[0]![0].length)}`;
  const decoded = decodeXmlText(values[0]![1] ?? '');
  // exceljs decodes a string value's `&lt;`, `&amp;`… once more after the XML parser has (as for
  // inline strings, xlsx-strings.ts): written escaped twice, it comes out as Excel shows it.
  if (type === 'str' || type === 'inlineStr') return withValue(escapeXml(escapeXml(decodeEscapes(decoded))));
  const raw = decoded.trim();
  const shown = quoted(raw);
  // An empty value is an empty cell (exceljs read an empty boolean as TRUE).
  if (raw === '') return withValue(undefined);
  switch (type) {
    case 'n':
      if (!NUMBER.test(raw) || !Number.isFinite(Number(raw))) throw fail(`数值单元格的内容 ${shown} 不是数字`, `the number cell holds ${shown}, which is not a number`);
      return withValue(raw);
    case 'b':
      if (raw === '1' || raw === 'true') return withValue('1');
      if (raw === '0' || raw === 'false') return withValue('0');
      throw fail(`TRUE/FALSE 单元格的内容 ${shown} 既不是 TRUE 也不是 FALSE`, `the TRUE/FALSE cell holds ${shown}, which is neither`);
    case 's': {
      if (sharedStrings === undefined) throw fail('单元格引用共享字符串，但工作簿没有共享字符串表', 'it refers to a shared string, and the workbook has no shared-string table');
      if (!/^\d+$/.test(raw) || Number(raw) >= sharedStrings) {
        throw fail(`单元格引用的共享字符串 ${shown} 不在工作簿的共享字符串表中`, `it refers to shared string ${shown}, which is not in the workbook's shared-string table`);
      }
      return element;
    }
    case 'd': {
      const text = isoDateText(raw);
      if (text === undefined) {
        throw fail(
          `日期单元格的内容 ${shown} 不是本工具可读的日期时间（YYYY-MM-DD 或 YYYY-MM-DDThh:mm:ss，不带时区）`,
          `the date cell holds ${shown}, which is not a date and time tmcheck reads (YYYY-MM-DD or YYYY-MM-DDThh:mm:ss, without a time zone)`,
        );
      }
      // The text a date cell is read as; `s` (its number format) does not apply to an inline string.
      return `${tag.replace(/\st\s*=\s*["'][^"']*["']/, ' t="inlineStr"')}<is><t>${text}</t></is></c>`;
    }
    default:
      throw fail(`单元格类型 t="${type}" 不是 XLSX 格式中的类型`, `its type t="${type}" is not a cell type of the format`);
  }
}

/**
 * An ISO 8601 date (`2026-10-09`) or local date and time (`2026-10-09T09:00`, `…:00`, `…:00.5`) as
 * `YYYY-MM-DD HH:MM:SS`, to the nearest second as date cells are read. A time zone is refused: Excel
 * has none, so `…Z` or `…+08:00` would say two different wall-clock times depending on who reads it.
 */
export function isoDateText(iso: string): string | undefined {
  const m = ISO_DATE.exec(iso);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const fraction = m[7] === undefined ? 0 : Number(`0.${m[7]}`);
  if (year < 1900 || hour > 23 || minute > 59 || second > 59) return undefined;
  const time = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(time);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return dateTimeText(new Date(time + Math.round(fraction * 1000)));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A date as `YYYY-MM-DD HH:MM:SS` from its UTC fields, to the nearest second. */
export function dateTimeText(value: Date): string {
  const d = new Date(Math.round(value.getTime() / 1000) * 1000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** The input error for a cell tmcheck cannot read as Excel would show it. */
export function cellError(sheet: string, cell: string, zh: string, en: string) {
  const row = Number(/\d+$/.exec(cell)?.[0]);
  return inputError(
    'xlsx-cell',
    `工作表「${sheet}」的 ${cell} 单元格无法读取：${zh}；请在 Excel 中检查该单元格并另存后重新检查`,
    `cell ${cell} of worksheet "${sheet}" cannot be read: ${en}; check the cell in Excel, save the workbook again and check again`,
    Number.isInteger(row) && row > 0 ? { row } : {},
  );
}

const T_ATTRIBUTE = /\st\s*=\s*(?:"([^"]*)"|'([^']*)')/;
const R_ATTRIBUTE = /\sr\s*=\s*(?:"([^"]*)"|'([^']*)')/;

function attribute(pattern: RegExp, tag: string): string | undefined {
  const m = pattern.exec(tag);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** A vendor's value in a message: quoted, and cut short. */
function quoted(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
