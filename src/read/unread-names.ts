import path from 'node:path';
import { inputError, type InputError } from './input-error.js';
import { asLatinLetters, readingKey } from '../util/plain-text.js';

/**
 * Files a folder walk finds but does not read, whose names say they are inputs: each is an input
 * error on its path (exit 2), never a silent skip. An officer who sees `calls.csv` in the folder
 * believes it checked; a call log saved as .xls, named `calls.ｃｓｖ` or `calls.csv ` (a space
 * Windows Explorer does not show), or compressed, would otherwise leave its calls unjudged and the
 * run passing.
 */

/**
 * Spreadsheets tmcheck cannot read (Excel 97-2003, macro, binary and template workbooks; Excel's
 * SYLK and DIF "Save as" formats; LibreOffice, Numbers, WPS; tab-separated).
 */
export const UNREAD_SPREADSHEETS = ['.xls', '.xlt', '.xlsm', '.xlsb', '.xltx', '.xltm', '.slk', '.dif', '.ods', '.fods', '.numbers', '.et', '.ett', '.tsv'];

/**
 * Documents in a form tmcheck does not read: JSON with comments or trailing commas (JSONC, JSON5,
 * Hjson) and JSON Lines. A dossier saved as `dossier.jsonc` by an editor that keeps comments is a
 * document nobody judged.
 */
export const UNREAD_DOCUMENTS = ['.jsonc', '.json5', '.hjson', '.jsonl', '.ndjson'];

/**
 * Suffixes of backup copies (`calls.csv.bak`, `report.yaml~`, a merge tool's `.orig`). A copy beside
 * its original is an older version of a file the run checks: listed among the files not read. One
 * whose original is not beside it may be the only copy of the vendor's data: an input error.
 */
const BACKUP_SUFFIXES = ['.bak', '.orig', '.old', '.backup', '~'];

/** Compressed files: `calls.csv.gz` is a call log tmcheck does not open. */
const COMPRESSED = ['.gz', '.bz2', '.xz', '.zst', '.zip', '.7z', '.rar'];

/** Full stops other than `.` that a Chinese input method types in a name (。 and its half-width form, after NFKC). */
const IDEOGRAPHIC_STOPS = /[\u3002\uff61]/g;

/**
 * The error for a file found by a folder walk that the run does not read (its extension, lower
 * case, is not one of `extensions`), when its name says it is an input; undefined for any other
 * file. `tables`: the walk looks for call logs, so an unreadable spreadsheet is one.
 */
export function unreadInputError(name: string, extensions: readonly string[], tables: boolean): InputError | undefined {
  const plain = readName(name);
  const extension = path.extname(plain);
  if (tables && UNREAD_SPREADSHEETS.includes(extension)) return unreadSpreadsheet(extension);
  if (extensions.includes(extension)) return lookAlike(name, extension);
  if (extensions.includes('.json') && UNREAD_DOCUMENTS.includes(extension)) return unreadDocument(extension);
  if (COMPRESSED.includes(extension)) {
    const inner = path.extname(plain.slice(0, -extension.length));
    if (extensions.includes(inner) || (tables && UNREAD_SPREADSHEETS.includes(inner))) {
      return inputError(
        'compressed-input',
        `${inner} 文件被压缩为 ${extension}，未检查：请解压后再检查`,
        `a ${inner} file compressed as ${extension} is not checked: decompress it to have it checked`,
      );
    }
  }
  // Notepad's "Save as" with hidden extensions: `calls.csv.txt` shows as calls.csv.
  if (extension === '.txt') {
    const inner = path.extname(plain.slice(0, -extension.length));
    if (extensions.includes(inner)) {
      return inputError(
        'look-alike-name',
        `文件名在 ${inner} 之后还有 .txt（资源管理器隐藏扩展名时显示为 ${inner} 文件），未检查：请改名，使文件名以 ${inner} 结尾`,
        `the name has .txt after ${inner} (shown as a ${inner} file where extensions are hidden); not checked: rename the file so that its name ends in ${inner}`,
      );
    }
  }
  return undefined;
}

/**
 * The name as a reader takes it, for its extension: read as keys are (readingKey: NFKC for
 * full-width letters and dots, invisible characters and white space removed, look-alike capitals and
 * letters of other scripts as the Latin ones, lower case), ideographic full stops as `.`, and
 * trailing dots dropped (Windows drops them too). `x.JSOΝ` with a Greek Ν reads as x.json.
 */
export function readName(name: string): string {
  // NFKC turns the half-width stop into the ideographic one: the stops are made dots after it.
  return readingKey(name).replace(IDEOGRAPHIC_STOPS, '.').replace(/\.+$/, '');
}

/**
 * The name of the file a backup copy was made of (`calls.csv` for `calls.csv.bak`), when that name is
 * one the run reads or reports unread; undefined for any other name.
 */
export function backupOriginal(name: string, extensions: readonly string[], tables: boolean): string | undefined {
  const lower = name.toLowerCase();
  const suffix = BACKUP_SUFFIXES.find((s) => lower.endsWith(s) && lower.length > s.length);
  if (!suffix) return undefined;
  const original = name.slice(0, -suffix.length);
  const inner = path.extname(readName(original));
  return extensions.includes(inner) || unreadInputError(original, extensions, tables) ? original : undefined;
}

/** A backup copy whose original is not beside it: the copy may be the vendor's only one. */
export function loneBackupError(original: string): InputError {
  return inputError(
    'backup-input',
    `这是 ${original} 的备份副本，但旁边没有 ${original}，未检查：如这是要检查的文件，请改名为 ${original}；否则请将其移出被检查的文件夹`,
    `a backup copy of ${original}, with no ${original} beside it, is not checked: rename it to ${original} if it is the file to check, or move it out of the folder`,
  );
}

function unreadDocument(extension: string): InputError {
  return inputError(
    'unread-document',
    `无法读取 ${extension} 文件：tmcheck 只读取 YAML（.yaml、.yml）和 JSON（.json）文档；请另存为 .yaml 或 .json（每个文件一份文档，不含注释）再检查，或将其移出被检查的文件夹`,
    `a ${extension} file cannot be read: tmcheck reads YAML (.yaml, .yml) and JSON (.json) documents; save it as .yaml or .json (one document a file, no comments) to have it checked, or move it out of the checked folder`,
  );
}

function unreadSpreadsheet(extension: string): InputError {
  return inputError(
    'unread-spreadsheet',
    `无法读取 ${extension} 表格：通话记录请另存为 .xlsx 或 CSV（UTF-8 或 GB18030）再检查；不是通话记录的表格请移出被检查的文件夹`,
    `a ${extension} spreadsheet cannot be read: save a call log as .xlsx or CSV (UTF-8 or GB18030) to have it checked, and move any other spreadsheet out of the checked folder`,
  );
}

/** A name whose extension is one the run reads only once the reader's eye has normalised it. */
function lookAlike(name: string, extension: string): InputError {
  const zh: string[] = [];
  const en: string[] = [];
  const tail = name.slice(name.search(/[.\u3002\uff0e\uff61][^.\u3002\uff0e\uff61]*[\s.\u3002\uff0e\uff61\p{Cf}]*$/u));
  if (tail.normalize('NFKC') !== tail) (zh.push('全角字符'), en.push('full-width characters'));
  if (/[\u3002\uff61]/.test(tail)) (zh.push('中文句号'), en.push('a Chinese full stop'));
  if (asLatinLetters(tail) !== tail.toLowerCase()) (zh.push('形似拉丁字母的其他文字字母'), en.push('letters of another script that look Latin'));
  if (/[\p{Cf}\p{Default_Ignorable_Code_Point}]/u.test(tail)) (zh.push('不可见字符'), en.push('invisible characters'));
  if (/[\s\u2800]/u.test(tail) || /\.$/.test(name)) (zh.push('空格或多余的句点'), en.push('spaces or extra dots'));
  if (zh.length === 0) (zh.push('大小写或字符形式不同'), en.push('characters in another form'));
  return inputError(
    'look-alike-name',
    `文件名看似以 ${extension} 结尾，但含有${zh.join('、')}，未检查：请改名，使文件名以 ${extension} 结尾（半角字符，其后没有空格或句点）`,
    `the name looks like it ends in ${extension} but has ${en.join(', ')}; not checked: rename the file so that its name ends in exactly ${extension}`,
  );
}
