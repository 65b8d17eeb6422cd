import type ExcelJSModule from 'exceljs';
import { inputError } from '../read/input-error.js';
import { CallLogInputError } from './errors.js';
import { openTableFile } from './open-file.js';
import type { TableRow, TableSource } from './table-source.js';
import { checkXlsxLimits, type XlsxLimits } from './xlsx-limits.js';
import { columnLetters, withCellRefs } from './xlsx-cell-refs.js';

/**
 * Streams the worksheet of an XLSX call log (the one sheet that holds data) with exceljs's WorkbookReader: rows arrive one by
 * one with their own row numbers. XLSX keeps repeated strings in one shared table that exceljs
 * holds in memory; that table grows with distinct strings (e.g. unique call ids stored as text),
 * which is the format's cost, not the rows'.
 */
export function xlsxSource(file: string, limits: XlsxLimits): TableSource {
  const opened = openTableFile(file, 0);
  return {
    async *batches(onBytes: (chunk: Buffer) => void): AsyncGenerator<TableRow[]> {
      try {
        // The same open file, read twice: first for its inflated size and shared strings, then by exceljs.
        await checkXlsxLimits(opened.stream({ keepOpen: true }), limits);
      } catch (error) {
        opened.stream().destroy();
        if (error instanceof CallLogInputError) throw error;
        const detail = error instanceof Error ? error.message : String(error);
        throw new CallLogInputError(inputError('xlsx', `无法读取 XLSX 文件：${detail}`, `cannot read the XLSX file: ${detail}`));
      }
      // exceljs (and its ~150 modules) loads only when an XLSX file is read: a dossier check never pays for it.
      const ExcelJS = ((await import('exceljs')) as unknown as { default: typeof ExcelJSModule }).default;
      const bytes = opened.stream();
      bytes.on('data', (chunk) => onBytes(chunk as Buffer));
      const workbook = new ExcelJS.stream.xlsx.WorkbookReader(bytes, {
        worksheets: 'emit',
        sharedStrings: 'cache',
        // Styles tell a date cell from a number; they are small.
        styles: 'cache',
        hyperlinks: 'ignore',
        entries: 'ignore',
      });
      readPartsAsTheFormatSays(workbook);
      try {
        // The log is the one worksheet that holds data. A second one is refused, not skipped: which
        // sheet is "first" depends on the zip's order, and a hidden clean sheet must not stand in
        // for the visible one the officer reads.
        let logSheet: string | undefined;
        let sheets = 0;
        for await (const worksheet of workbook) {
          sheets += 1;
          const name = sheetName(worksheet);
          for await (const row of worksheet) {
            const values = Array.isArray(row.values) ? (row.values as unknown[]) : [];
            const cells: string[] = [];
            for (let i = 1; i < values.length; i++) {
              if (isFormula(values[i])) throw new CallLogInputError(formulaError(name, `${columnLetters(i)}${row.number}`, row.number));
              cells.push(cellText(values[i]));
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
        }
        if (sheets === 0) throw new CallLogInputError(inputError('xlsx', '工作簿中没有工作表', 'the workbook has no worksheet', { row: 1 }));
      } catch (error) {
        if (error instanceof CallLogInputError) throw error;
        const detail = error instanceof Error ? error.message : String(error);
        throw new CallLogInputError(inputError('xlsx', `无法读取 XLSX 文件：${detail}`, `cannot read the XLSX file: ${detail}`));
      } finally {
        bytes.destroy();
      }
    },
  };
}

/** A worksheet's name as the workbook lists it (exceljs's streaming reader sets it once workbook.xml is read). */
function sheetName(worksheet: unknown): string {
  const sheet = worksheet as { name?: unknown; id?: unknown };
  return typeof sheet.name === 'string' ? sheet.name : `Sheet${String(sheet.id ?? '?')}`;
}

/** The WorkbookReader method (exceljs 4, not public API) that is handed each worksheet's XML. */
interface WorksheetParser {
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown>;
}

/**
 * Hands exceljs each worksheet with its optional `r` attributes filled in (xlsx-cell-refs.ts).
 * Done on this reader object only, so nothing global changes.
 */
function readPartsAsTheFormatSays(workbook: object): void {
  const reader = workbook as WorksheetParser;
  const parseWorksheet = reader._parseWorksheet.bind(reader);
  reader._parseWorksheet = (iterator, sheetNo) => parseWorksheet(withCellRefs(iterator), sheetNo);
}

const pad = (n: number) => String(n).padStart(2, '0');

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
 * FALSE as 1/0, rich text by its text. Formula cells never get here (isFormula).
 */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    const d = new Date(Math.round(value.getTime() / 1000) * 1000);
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  }
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  if (typeof value === 'object') {
    const cell = value as { richText?: Array<{ text?: unknown }>; text?: unknown; error?: unknown };
    if (Array.isArray(cell.richText)) return cell.richText.map((part) => String(part.text ?? '')).join('');
    if (typeof cell.text === 'string') return cell.text;
    if (typeof cell.error === 'string') return cell.error;
  }
  return '';
}
