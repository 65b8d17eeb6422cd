import { Readable } from 'node:stream';
import type ExcelJSModule from 'exceljs';
import { inputError } from '../read/input-error.js';
import { CallLogInputError } from './errors.js';
import { openTableFile, type OpenedTable, type TableInput } from './open-file.js';
import type { TableRow, TableSource } from './table-source.js';
import { checkXlsxLimits, type XlsxLimits } from './xlsx-limits.js';
import { columnLetters, withCellRefs } from './xlsx-cell-refs.js';
import { withInlineStringsJoined, withoutPhoneticGuides } from './xlsx-strings.js';
import { cellError, dateTimeText, withCellsChecked } from './xlsx-cells.js';
import { RELATIONSHIP_NAMESPACES, withPrefixesDropped } from './xlsx-prefixes.js';
import { checkCentralDirectory } from './xlsx-directory.js';
import { zipEntries } from './xlsx-zip-entries.js';
import { checkWorkbookSignature, SIGNATURE_BYTES } from './xlsx-signature.js';
import { checkEntryNames, listedWorksheets, readRelationships, unreadWorksheetError, WORKBOOK_PART, type ListedSheet, type Relationship, type WorksheetPart } from './xlsx-layout.js';

/**
 * Streams the worksheet of an XLSX call log (the one sheet that holds data) with exceljs's worksheet
 * reader: rows arrive one by one with their own row numbers. XLSX keeps repeated strings in one
 * shared table that exceljs holds in memory; that table grows with distinct strings (e.g. unique
 * call ids stored as text), which is the format's cost, not the rows'.
 *
 * The file is read in passes, with the zip's entries taken by the stream's own iterator each time:
 * first for the limits (xlsx-limits.ts), handing the workbook's small parts (relationships, sheet
 * list, styles) to exceljs on the way; then up to the shared-string table, once it is known to be
 * within its limit; then for the worksheets the workbook lists (xlsx-layout.ts). exceljs's own loop over the zip stopped at the zip parser's early 'end' event
 * and dropped the entries still waiting: a worksheet after one that waited for the shared strings
 * was never read, and a second sheet of calls passed unseen.
 */
export function xlsxSource(file: TableInput, limits: XlsxLimits): TableSource {
  const opened = openTableFile(file, SIGNATURE_BYTES);
  return {
    async *batches(onBytes: (chunk: Buffer) => void): AsyncGenerator<TableRow[]> {
      try {
        checkWorkbookSignature(opened.sample);
      } catch (error) {
        opened.stream().destroy();
        throw error;
      }
      // exceljs (and its ~150 modules) loads only when an XLSX file is read: a dossier check never pays for it.
      const ExcelJS = ((await import('exceljs')) as unknown as { default: typeof ExcelJSModule }).default;
      const unzipper = ((await import('unzipper')) as unknown as { default: typeof import('unzipper') }).default;
      const workbook = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([]), {
        worksheets: 'emit',
        sharedStrings: 'cache',
        // Styles tell a date cell from a number; they are small.
        styles: 'cache',
        hyperlinks: 'ignore',
        entries: 'ignore',
      });
      const reader = workbook as unknown as WorkbookInternals;
      let worksheets: Map<string, WorksheetPart>;
      try {
        // The same open file, read again for each pass: its inflated size, strings and layout, then the worksheets.
        let packageRels: Relationship[] | undefined;
        const entries = await checkXlsxLimits(opened.stream({ keepOpen: true }), limits, (part) => {
          if (part === '_rels/.rels') return async (bytes) => void (packageRels = readRelationships(await smallText(bytes, part)));
          if (part === 'xl/_rels/workbook.xml.rels') return (bytes) => reader._parseRels(Readable.from(withPrefixesDropped(bytes, RELATIONSHIP_NAMESPACES)));
          if (part === WORKBOOK_PART) return (bytes) => readWorkbookPart(reader, bytes);
          if (part === 'xl/styles.xml') return (bytes) => readStyles(reader, bytes);
          return undefined;
        });
        checkEntryNames(entries);
        await checkCentralDirectory((start, end) => readRange(opened, start, end), opened.size, entries);
        worksheets = listedWorksheets(packageRels, reader.workbookRels, reader.model?.sheets);
        // Only now that the table is known to be within --max-shared-strings does exceljs keep it.
        if (entries.includes(SHARED_STRINGS_PART)) await readSharedStrings(unzipper, opened.stream({ keepOpen: true }), reader);
      } catch (error) {
        opened.stream().destroy();
        if (error instanceof CallLogInputError) throw error;
        const detail = error instanceof Error ? error.message : String(error);
        throw new CallLogInputError(inputError('xlsx', `无法读取 XLSX 文件：${detail}`, `cannot read the XLSX file: ${detail}`));
      }
      const bytes = opened.stream();
      bytes.on('data', (chunk) => onBytes(chunk as Buffer));
      const zip = unzipper.Parse({ forceStream: true });
      bytes.on('error', (error) => zip.emit('error', error));
      bytes.pipe(zip);
      try {
        // The log is the one worksheet that holds data. A second one is refused, not skipped: which
        // sheet is "first" depends on the zip's order, and a hidden clean sheet must not stand in
        // for the visible one the officer reads.
        let logSheet: string | undefined;
        const read = new Set<string>();
        for await (const entry of zipEntries(zip)) {
          const part = entry.path.toLowerCase();
          const listed = worksheets.get(part);
          // A part the workbook does not list is not shown by Excel, and is not read.
          if (listed === undefined || read.has(part)) {
            entry.autodrain();
            continue;
          }
          read.add(part);
          const name = listed.name;
          const worksheet = worksheetOf(reader, entry, listed);
          for await (const row of worksheet) {
            const values = Array.isArray(row.values) ? (row.values as unknown[]) : [];
            const cells: string[] = [];
            for (let i = 1; i < values.length; i++) {
              if (isFormula(values[i])) throw new CallLogInputError(formulaError(name, `${columnLetters(i)}${row.number}`, row.number));
              const text = cellText(values[i]);
              // A cell with a value tmcheck cannot show is not an empty one: a row of them is no blank row.
              if (text === undefined) throw new CallLogInputError(cellError(name, `${columnLetters(i)}${row.number}`, '单元格的值无法按 Excel 的显示读取', 'its value cannot be read as Excel shows it'));
              cells.push(text);
            }
            if (logSheet === undefined && cells.some((cell) => cell !== '')) logSheet = name;
            if (logSheet === undefined) continue;
            if (logSheet !== name) {
              if (cells.every((cell) => cell === '')) continue;
              throw new CallLogInputError(
                inputError(
                  'xlsx-several-sheets',
                  `工作簿中有多个含数据的工作表（「${logSheet}」和「${name}」，隐藏的也算）：一个通话记录文件只能有一个工作表的数据，请把通话移到同一个工作表`,
                  `the workbook has more than one worksheet with data ("${logSheet}" and "${name}", hidden ones included): a call log is one worksheet; move the calls into one sheet`,
                ),
              );
            }
            // exceljs hands rows over one at a time; XLSX call logs are small next to CSV ones.
            yield [{ row: row.number, cells }];
          }
          entry.autodrain();
        }
        if (worksheets.size === 0) throw new CallLogInputError(inputError('xlsx', '工作簿中没有工作表', 'the workbook has no worksheet', { row: 1 }));
        // Every worksheet Excel shows has been read: none is judged compliant unseen.
        for (const [part, sheet] of worksheets) if (!read.has(part)) throw unreadWorksheetError(sheet, part);
      } catch (error) {
        if (error instanceof CallLogInputError) throw error;
        const detail = error instanceof Error ? error.message : String(error);
        throw new CallLogInputError(inputError('xlsx', `无法读取 XLSX 文件：${detail}`, `cannot read the XLSX file: ${detail}`));
      } finally {
        bytes.unpipe(zip);
        bytes.destroy();
      }
    },
  };
}

/** An entry of unzipper's streaming parser. */
interface ZipEntry extends AsyncIterable<Buffer> {
  path: string;
  autodrain(): unknown;
}

/** The WorkbookReader methods (exceljs 4, not public API) that read each part, and what they keep. */
interface WorkbookInternals {
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<{ eventType: string; value: unknown }>;
  workbookRels?: Relationship[];
  /** workbookPr, once the workbook part is read: `date1904` is what worksheets read dates by. */
  properties?: { model?: { date1904?: boolean } };
  model?: { sheets?: ListedSheet[] };
  /** The styles, once read: the number formats the workbook defines, by number. */
  styles?: { index?: { numFmt?: Record<number, string> } };
  /** The shared-string table, once read (absent when the workbook has none). */
  sharedStrings?: unknown[];
}

interface WorksheetRows extends AsyncIterable<{ number: number; values: unknown }> {
  id: unknown;
  name: unknown;
  state: unknown;
}

/**
 * exceljs's reader of one worksheet part, given the part's XML with its optional `r` attributes
 * filled in (xlsx-cell-refs.ts), its inline strings as Excel shows them (xlsx-strings.ts) and its
 * cells checked against their types (xlsx-cells.ts), and the name and state the workbook gives it (exceljs matches a
 * part to its sheet only by the usual part names).
 */
function worksheetOf(reader: WorkbookInternals, entry: ZipEntry, listed: WorksheetPart): WorksheetRows {
  const xml = withCellsChecked(withInlineStringsJoined(withCellRefs(withPrefixesDropped(entry), listed.name)), listed.name, reader.sharedStrings?.length);
  for (const { eventType, value } of reader._parseWorksheet(xml, String(listed.id))) {
    if (eventType !== 'worksheet') continue;
    const worksheet = value as WorksheetRows;
    worksheet.id = listed.id;
    worksheet.name = listed.name;
    worksheet.state = listed.state;
    return worksheet;
  }
  throw new Error('exceljs gave no worksheet reader');
}

const SHARED_STRINGS_PART = 'xl/sharedStrings.xml';

/**
 * Hands the shared-string table to exceljs, reading the file up to it. Excel stores the table after
 * the worksheets, whose cells it is needed for: reading it first spares keeping the worksheets aside.
 */
async function readSharedStrings(unzipper: typeof import('unzipper'), bytes: Readable, reader: WorkbookInternals): Promise<void> {
  const zip = unzipper.Parse({ forceStream: true });
  const forward = (error: Error) => zip.emit('error', error);
  bytes.on('error', forward);
  bytes.pipe(zip);
  try {
    for await (const entry of zipEntries(zip)) {
      if (entry.path !== SHARED_STRINGS_PART) {
        entry.autodrain();
        continue;
      }
      await drain(reader._parseSharedStrings(Readable.from(withoutPhoneticGuides(withPrefixesDropped(entry)))));
      break;
    }
  } finally {
    // Not destroyed: that would close the file, which is read again.
    bytes.unpipe(zip);
    bytes.pause();
    bytes.off('error', forward);
    bytes.on('error', () => {});
  }
}

/**
 * The workbook part (sheet list, date system) into exceljs. exceljs takes only `date1904="1"` for
 * the 1904 date system, but the schema's boolean may be written `true` (as LibreOffice does): every
 * date was then read 1,462 days early, October 2026 calls as October 2022 ones.
 */
async function readWorkbookPart(reader: WorkbookInternals, bytes: Readable): Promise<void> {
  let head = '';
  const xml = Readable.from(withPrefixesDropped(bytes));
  // exceljs starts listening at once; a second listener, added before any chunk flows, sees the same
  // chunks. workbookPr comes before the sheet list, near the part's start.
  const parsed = reader._parseWorkbook(xml);
  xml.on('data', (chunk: string) => {
    if (head.length < WORKBOOK_HEAD_CHARS) head += chunk;
  });
  await parsed;
  const model = reader.properties?.model;
  if (model && DATE_1904_TRUE.test(head)) model.date1904 = true;
}
const WORKBOOK_HEAD_CHARS = 64 * 1024;
const DATE_1904_TRUE = /<(?:[\w.-]+:)?workbookPr\b[^>]*?\sdate1904\s*=\s*["']\s*true\s*["']/;

/** Bytes [start, end) of the open file (fewer at its end). */
async function readRange(opened: OpenedTable, start: number, end: number): Promise<Buffer> {
  if (end <= start) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const chunk of opened.stream({ keepOpen: true, start, end }) as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * The styles into exceljs, with the built-in East Asian date and time formats (numbers 27–36 and
 * 50–58, which Excel names by number only, as Chinese Excel does for 2026年10月9日) known as dates:
 * exceljs knows them by locale and looked none up, so such a date cell was read as its serial number
 * (46304.375) and its call as a bad row. Every locale's form of these numbers is a date or a time;
 * the Chinese ones stand for them.
 */
async function readStyles(reader: WorkbookInternals, bytes: Readable): Promise<void> {
  await reader._parseStyles(Readable.from(withPrefixesDropped(bytes)));
  const defined = reader.styles?.index?.numFmt;
  if (!defined) return;
  for (const [id, format] of Object.entries(EAST_ASIAN_FORMATS)) defined[Number(id)] ??= format;
}
const [YM, MD, TIME, TIME_S, AMPM, AMPM_S] = ['yyyy"年"m"月"', 'm"月"d"日"', 'h"时"mm"分"', 'h"时"mm"分"ss"秒"', '上午/下午 h"时"mm"分"', '上午/下午 h"时"mm"分"ss"秒"'];
/** Excel's built-in formats 27–36 and 50–58 in Chinese (Simplified) Excel. */
const EAST_ASIAN_FORMATS: Record<number, string> = {
  27: YM, 28: MD, 29: MD, 30: 'm-d-yy', 31: 'yyyy"年"m"月"d"日"', 32: TIME, 33: TIME_S, 34: AMPM, 35: AMPM_S, 36: YM,
  50: YM, 51: MD, 52: YM, 53: MD, 54: MD, 55: AMPM, 56: AMPM_S, 57: YM, 58: MD,
};

/** Runs a generator to its end. */
async function drain(items: AsyncIterable<unknown>): Promise<void> {
  for await (const item of items) void item;
}

/** A small part's text (the package's relationships); a larger one is not a real workbook's. */
async function smallText(bytes: Readable, part: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of bytes as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > SMALL_PART_BYTES) throw new CallLogInputError(inputError('xlsx', `XLSX 的 ${part} 超过 ${SMALL_PART_BYTES} 字节`, `the XLSX part ${part} is larger than ${SMALL_PART_BYTES} bytes`));
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
const SMALL_PART_BYTES = 64 * 1024;

/**
 * A formula cell (exceljs gives `{ formula, result }`, or `{ sharedFormula, result }` for a cell of a
 * shared formula, whose `formula` may be empty). The file stores the result Excel last computed,
 * which any program writing the file may set to anything, while Excel shows the value it computes
 * again: the file reads two ways, so tmcheck does not read it (as with YAML 1.1).
 */
export function isFormula(value: unknown): boolean {
  return typeof value === 'object' && value !== null && ('formula' in value || 'sharedFormula' in value);
}

/** The input error for a formula cell, in any worksheet (a sheet that looks empty to tmcheck may show values in Excel). */
function formulaError(sheet: string, cell: string, row: number) {
  return inputError(
    'xlsx-formula',
    `工作表「${sheet}」的 ${cell} 单元格是公式：文件中保存的计算结果可能与 Excel 重新计算后显示的不同，本工具不读取公式；请把公式转为数值（复制后“选择性粘贴 → 数值”）后重新检查`,
    `cell ${cell} of worksheet "${sheet}" is a formula: the result saved in the file may differ from what Excel shows after computing it again, so tmcheck does not read formulas; turn formulas into values (copy, then Paste Special → Values) and check again`,
    { row },
  );
}

/**
 * A cell as text, the way it would appear in a CSV: a date cell as `YYYY-MM-DD HH:MM:SS` (exceljs
 * reads Excel's serial dates as UTC, so UTC fields give back the wall-clock time typed in), TRUE/
 * FALSE as 1/0, rich text by its text. Formula cells never get here (isFormula). Undefined for a
 * value that cannot be shown (a date beyond any calendar, a shared string exceljs did not resolve):
 * it is not an empty cell.
 */
export function cellText(value: unknown): string | undefined {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : dateTimeText(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  if (typeof value === 'object') {
    const cell = value as { richText?: Array<{ text?: unknown }>; text?: unknown; error?: unknown };
    if (Array.isArray(cell.richText)) return cell.richText.map((part) => String(part.text ?? '')).join('');
    if (typeof cell.text === 'string') return cell.text;
    if (typeof cell.error === 'string') return cell.error;
  }
  return undefined;
}
