import { inputError } from '../read/input-error.js';
import { CallLogInputError } from './errors.js';

/** Bytes of the file's start that tell a workbook from what is often named like one. */
export const SIGNATURE_BYTES = 8;

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** An OLE2 compound file: Excel 97–2003's .xls, and also a password-protected .xlsx (its zip encrypted inside). */
const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/**
 * Throws when a file named .xlsx does not start as a workbook (a zip) does, saying what it is and
 * what to do. The zip parser's own words were "invalid signature: 0xe011cfd0", which tells an officer
 * nothing about a workbook saved as .xls and renamed, or one saved with a password.
 */
export function checkWorkbookSignature(head: Buffer): void {
  if (head.subarray(0, ZIP.length).equals(ZIP)) return;
  if (head.length === 0) throw notWorkbook('文件是空的', 'the file is empty');
  if (head.subarray(0, OLE2.length).equals(OLE2)) {
    throw notWorkbook(
      '它是 Excel 97-2003 工作簿（.xls）或设有打开密码的工作簿；请在 Excel 中另存为不设密码的 .xlsx 工作簿再检查',
      'it is an Excel 97-2003 workbook (.xls) or a workbook with a password to open; save it in Excel as an .xlsx workbook without a password and check again',
    );
  }
  throw notWorkbook('它不以 XLSX（zip）文件的开头开始；如果它是 CSV 文本，请把扩展名改为 .csv', 'it does not start as an XLSX (zip) file does; if it is CSV text, name it .csv');
}

/**
 * Throws when a file named .csv starts as a workbook does (an .xlsx or .xls renamed, or saved with the
 * wrong extension): the CSV reader would show its zip bytes as a wrong header row.
 */
export function checkNotWorkbook(head: Buffer): void {
  if (head.subarray(0, ZIP.length).equals(ZIP)) {
    throw notCsv('它是 XLSX 工作簿（zip 文件），不是 CSV 文本；请把扩展名改为 .xlsx，或在 Excel 中另存为 CSV', 'it is an XLSX workbook (a zip file), not CSV text; name it .xlsx, or save it from Excel as CSV');
  }
  if (head.subarray(0, OLE2.length).equals(OLE2)) {
    throw notCsv('它是 Excel 97-2003 工作簿（.xls）或设有打开密码的工作簿，不是 CSV 文本；请在 Excel 中另存为 CSV 或不设密码的 .xlsx', 'it is an Excel 97-2003 workbook (.xls) or a workbook with a password to open, not CSV text; save it from Excel as CSV or as an .xlsx workbook without a password');
  }
}

function notCsv(zh: string, en: string): CallLogInputError {
  return new CallLogInputError(inputError('encoding', `不是 CSV 文本：${zh}`, `not CSV text: ${en}`, { row: 1 }));
}

function notWorkbook(zh: string, en: string): CallLogInputError {
  return new CallLogInputError(inputError('xlsx', `不是 XLSX 工作簿：${zh}`, `not an XLSX workbook: ${en}`));
}
