import type { Bilingual } from '../util/i18n.js';

/** Why a file could not be checked, and where (pointer and position when known). */
export interface InputError {
  code: string;
  message: Bilingual;
  path?: string;
  line?: number;
  column?: number;
  /** 1-based row of a table (CSV/XLSX), the header being row 1. */
  row?: number;
  /** Column name of a table. */
  field?: string;
}

export function inputError(code: string, zh: string, en: string, where: Partial<InputError> = {}): InputError {
  return { code, message: { zh, en }, ...where };
}

/**
 * A system error met while reading an input (EACCES, ELOOP…) in words a reader understands, in both
 * languages ("permission denied", not "EACCES"): the one place an error code becomes a message.
 */
export function readError(error: unknown, notFound: Bilingual = { zh: '文件不存在', en: 'file not found' }): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return inputError('not-found', notFound.zh, notFound.en);
  if (code === 'EACCES' || code === 'EPERM') return inputError('unreadable', '没有读取权限', 'permission denied');
  if (code === 'ELOOP') return inputError('unreadable', '符号链接形成循环', 'symbolic link loop');
  if (code === 'EISDIR') return aFolder();
  return inputError('unreadable', `无法读取（${code ?? 'error'}）`, `cannot be read (${code ?? String(error)})`);
}

/** A folder where a file was to be read (standard input redirected from one, too). */
export function aFolder(): InputError {
  return inputError('not-a-file', '这是一个文件夹，不是文件', 'is a directory, not a file');
}

/** A path that is not a regular file (a FIFO, device or socket): documents and call logs say the same. */
export function notAFile(): InputError {
  return inputError('not-a-file', '不是普通文件（管道或设备），未读取', 'is not a regular file (a pipe or device); not read');
}
